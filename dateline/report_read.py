"""Reading a dataset for the HTML report in bounded memory: the light columns of a table's latest rows,
texts read back by place for the few rows shown, meeting pairs and row counts (Parquet metadata).

At 100k articles, reading the events and meetings tables whole with their texts took ~700 MB and was the
run's peak; batch by batch, light columns only, it is ~100-200 MB."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as pads

from dateline import timeline

_ROW = "__row"  # a row's place in the dataset: breaks ties between equal start dates (the first one wins)


def open_dataset(directory: Path) -> pads.Dataset | None:
    if not directory.is_dir():
        return None
    try:
        return pads.dataset(directory, format="parquet", partitioning="hive")
    except (OSError, pa.ArrowException):
        return None


@dataclass(frozen=True, slots=True)
class Latest:
    """A table of the timeline: the light columns (those that choose lanes and rows) of its latest
    `limit` rows by date_start (all rows of a smaller table, in the dataset's order), each
    row's place in the dataset, and the total row count. Texts are read for the rows shown only."""

    dataset: pads.Dataset | None
    columns: list[str]  # every column asked for that the table has
    table: pa.Table  # light columns + _ROW
    total: int

    @property
    def shown(self) -> int:
        return self.table.num_rows

    def light(self, names: Sequence[str]) -> pa.Table:
        """The typed light columns (all null when absent): the choice is made in Arrow, so no Python
        object is made per row."""
        have, size = self.table.column_names, self.table.num_rows
        return pa.table([self.table[n] if n in have else pa.nulls(size, timeline.TYPES[n]) for n in names], names)

    def records(self, rows: Sequence[int]) -> list[dict[str, Any]]:
        """Every column of a few rows (numbers in `table`), read from the dataset by place."""
        if not rows or self.dataset is None:
            return []
        places = self.table[_ROW].take(pa.array(rows, pa.int64()))
        order = pc.sort_indices(places)  # read in the dataset's order, then put back in the order asked
        read = self.dataset.take(places.take(order), columns=self.columns)
        return read.take(pc.sort_indices(order)).to_pylist()


def read_latest(out: Path, name: str, columns: Sequence[str], light: Sequence[str], limit: int) -> Latest:
    """The table `name`: its latest rows' `light` columns and their places; empty when it is missing or
    unreadable. Read batch by batch, light columns only, keeping at most 2 x limit rows:
    memory stays bounded whatever the dataset's size (read whole with its texts, a 100k-article dataset
    took ~700 MB). A larger table keeps its latest rows by (date_start descending, place), latest first."""
    dataset = open_dataset(out / name)
    if dataset is None:
        return Latest(None, [], pa.table({_ROW: pa.array([], pa.int64())}), 0)
    present = [c for c in columns if c in dataset.schema.names]
    reading = [c for c in light if c in present]
    kept: pa.Table | None = None
    total = 0
    try:
        for batch in dataset.to_batches(columns=reading, batch_readahead=1, fragment_readahead=1):
            places = pa.array(range(total, total + batch.num_rows), pa.int64())
            chunk = pa.Table.from_batches([batch]).append_column(_ROW, places)
            total += batch.num_rows
            kept = chunk if kept is None else pa.concat_tables([kept, chunk])
            if kept.num_rows > 2 * limit:
                kept = _latest_rows(kept, limit)
    except (OSError, pa.ArrowException):
        return Latest(None, [], pa.table({_ROW: pa.array([], pa.int64())}), 0)
    if kept is None:
        empty = dataset.schema.empty_table().select(reading)
        return Latest(dataset, present, empty.append_column(_ROW, pa.array([], pa.int64())), 0)
    if total > limit:
        kept = _latest_rows(kept, limit)
    return Latest(dataset, present, kept.combine_chunks(), total)


def _latest_rows(table: pa.Table, limit: int) -> pa.Table:
    """The `limit` latest rows of `table`, latest first: by date_start when it has one (nulls
    last), else by place; ties by place. A total order, so that keeping the latest of each batch's
    running rows gives the rows of the whole table."""
    keys = [("date_start", "descending"), (_ROW, "ascending")] if "date_start" in table.column_names else [
        (_ROW, "ascending")
    ]
    return table.take(pc.select_k_unstable(table, k=limit, sort_keys=keys))


def meeting_edges(meetings: Iterable[dict[str, Any]], weight: str | None = None) -> Counter[tuple[str, str]]:
    """Number of meetings per unordered pair of country codes (`weight`: a column of counts)."""
    edges: Counter[tuple[str, str]] = Counter()
    for m in meetings:
        a, b = m.get("actor1_country"), m.get("actor2_country")
        if a and b:
            edges[(min(a, b), max(a, b))] += m[weight] if weight else 1
    return edges


def pair_counts(out: Path) -> Counter[tuple[str, str]]:
    """Meetings per unordered pair of countries over the whole meetings table: its two columns read batch
    by batch, each batch grouped by pair in Arrow, the groups counted by `meeting_edges`."""
    pair = ["actor1_country", "actor2_country"]
    dataset = open_dataset(out / "meetings")
    if dataset is None or not set(pair) <= set(dataset.schema.names):
        return Counter()
    edges: Counter[tuple[str, str]] = Counter()
    for batch in dataset.to_batches(columns=pair):
        grouped = pa.table(batch).group_by(pair, use_threads=False).aggregate([([], "count_all")])
        edges.update(meeting_edges(grouped.to_pylist(), weight="count_all"))
    return edges


def num_rows(directory: Path) -> int | None:
    dataset = open_dataset(directory)
    return None if dataset is None else dataset.count_rows()
