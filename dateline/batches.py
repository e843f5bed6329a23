"""Streaming, incremental runs: documents in batches, each batch's Parquet parts written as it completes.

A run writes, in its staging directory, for every batch N the part `part-N.parquet` of each table, of
each quarantine table and of the index `_index` (doc_id, source, fingerprint). Parts with the same N
hold the rows of the same documents, so a later run can carry the rows of unchanged documents over
part by part (copying a whole part when every document in it is unchanged) without re-extracting
them and without reading the whole dataset into memory.

The index also records each `.txt` article's `input_key` (hash of its path, raw bytes and sidecar bytes
and the rules version, see `dateline.sources`) and the size of its cleaned text: a re-run recognises an
unchanged article from its bytes alone (`sources.Unchanged`) without decoding and cleaning it again.

A document's `fingerprint` hashes the extractor's `rules_version` with everything the extraction reads
(doc_id, source, content_sha256, metadata): an unchanged article with unchanged rules is reused; a
changed one is re-extracted (its old rows are not carried over); a removed one is dropped; a rules
change re-extracts everything.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import shutil
import stat
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from dateline.duplicates import Held, duplicate_rejection
from dateline.ids import stable_id
from dateline.ingest import IngestWarning
from dateline.model import Document, Rejection
from dateline.sources import DEFAULT_MAX_BYTES, Known, RawArticle, Unchanged, parse_raw_article
from dateline.store import QUARANTINE, TABLE_NAMES, part_name, write_part
from dateline.validate import MAX_EXAMPLES, TABLE_ORDER, ValidationResult

INDEX = "_index"
INDEX_SCHEMA = pa.schema(
    [
        ("doc_id", pa.string()),
        ("source", pa.string()),
        ("fingerprint", pa.string()),
        ("input_key", pa.string()),  # null for inputs the pre-check does not cover (.html, .jsonl)
        ("text_bytes", pa.int64()),
    ]
)
DATASET_DIRS = [*TABLE_NAMES, QUARANTINE, INDEX]  # what a run swaps into OUT
ID_COLUMNS = {
    "documents": ("doc_id",),
    "events": ("event_id",),
    "event_actors": ("event_id", "position"),
    "meetings": ("meeting_id",),
}


class DuplicateIdError(Exception):
    """Ids repeat across batches: the run is not committed."""


def fingerprint(doc: Document, rules_version: str | None) -> str:
    """What decides whether a document must be extracted again."""
    return stable_id(
        rules_version,
        doc.doc_id,
        doc.source,
        doc.content_sha256,
        doc.title,
        doc.url,
        doc.publication_date,
        doc.publication_date_basis,
        doc.language,
        doc.encoding,
        length=32,
    )


def number_inputs(
    items: Iterable[Document | Rejection | Unchanged | RawArticle], rejections: list[tuple[int, Rejection]]
) -> Iterator[tuple[int, Document | Unchanged | RawArticle]]:
    """The scan's items with their place in it, streamed; rejections go to `rejections` with theirs.

    A Document or Unchanged whose doc_id came earlier becomes a `duplicate` here (first seen wins, as
    `sources.dedupe_documents`); a RawArticle's doc_id is known only once parsed (`process_batch`,
    `dateline.duplicates`). Only the ids are remembered."""
    first: dict[str, str] = {}
    for seq, item in enumerate(items):
        if isinstance(item, Rejection):
            rejections.append((seq, item))
        elif isinstance(item, RawArticle):
            yield seq, item
        elif item.doc_id in first:
            size = item.text_bytes if isinstance(item, Unchanged) else len(item.text.encode("utf-8"))
            rejections.append((seq, duplicate_rejection(item.source, item.doc_id, first[item.doc_id], size)))
        else:
            first[item.doc_id] = item.source
            yield seq, item


@dataclass(slots=True)
class PreviousIndex:
    """The index of the dataset committed under OUT: by doc_id (fingerprint, part) and by source."""

    parts: dict[str, tuple[str, int]] = field(default_factory=dict)
    sources: dict[str, Known] = field(default_factory=dict)


def read_index(out: Path) -> PreviousIndex:
    """The index of the dataset committed under OUT; empty if it has none (older indexes: no `sources`)."""
    directory = out / INDEX
    found = PreviousIndex()
    if not directory.is_dir():
        return found
    for path in sorted(directory.glob("part-*.parquet")):
        part = int(path.stem.removeprefix("part-"))
        table = pq.read_table(path)
        doc_ids = table.column("doc_id").to_pylist()
        for doc_id, fp in zip(doc_ids, table.column("fingerprint").to_pylist(), strict=True):
            found.parts[doc_id] = (fp, part)
        if "input_key" not in table.column_names:
            continue
        for doc_id, source, key, size in zip(
            doc_ids,
            table.column("source").to_pylist(),
            table.column("input_key").to_pylist(),
            table.column("text_bytes").to_pylist(),
            strict=True,
        ):
            if key is not None:
                found.sources[source] = Known(key, doc_id, size)
    return found


@dataclass(slots=True)
class BatchResult:
    """What a batch (or a carried-over part) added: documents, rows per table, and the failed checks."""

    documents: int = 0
    parts: int = 0
    rows_valid: dict[str, int] = field(default_factory=dict)
    rows_quarantined: dict[str, int] = field(default_factory=dict)
    failures: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    held: list[Held] = field(default_factory=list)  # the documents a batch wrote (for `settle_duplicates`)
    rejections: list[tuple[int, Rejection]] = field(default_factory=list)  # (scan position, rejection)
    warnings: list[IngestWarning] = field(default_factory=list)


def _count(result: BatchResult, valid: Mapping[str, pa.Table], quarantined: Mapping[str, pa.Table]) -> None:
    for name in TABLE_ORDER:
        result.rows_valid[name] = result.rows_valid.get(name, 0) + valid[name].num_rows
        result.rows_quarantined[name] = result.rows_quarantined.get(name, 0) + quarantined[name].num_rows


def write_batch(
    staging: Path, part: int, result: ValidationResult, index: pa.Table, documents: int
) -> BatchResult:
    """Write one validated batch as part `part` of every table, quarantine table and the index."""
    for name, t in result.tables.items():
        write_part(staging / name, t.valid, part)
        write_part(staging / QUARANTINE / name, t.quarantined, part)
    write_part(staging / INDEX, index, part)
    out = BatchResult(documents=documents, parts=1)
    _count(out, result.valid_tables, result.quarantine_tables)
    out.failures = {name: result.tables[name].as_dict()["failures"] for name in TABLE_ORDER}
    return out


def index_table(
    docs: Sequence[Document], rules_version: str | None, keys: Sequence[str | None] | None = None
) -> pa.Table:
    return pa.table(
        {
            "doc_id": [d.doc_id for d in docs],
            "source": [d.source for d in docs],
            "fingerprint": [fingerprint(d, rules_version) for d in docs],
            "input_key": list(keys) if keys is not None else [None] * len(docs),
            "text_bytes": [len(d.text.encode("utf-8")) for d in docs],
        },
        schema=INDEX_SCHEMA,
    )


def _copy(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(src, dst)  # parts are never written in place: sharing the inode is safe
    except OSError:
        shutil.copyfile(src, dst)


def _filter(table: pa.Table, column: str, keep: pa.Array) -> pa.Table:
    return table.filter(pc.is_in(table.column(column), value_set=keep))


PART_DIRS = [*TABLE_NAMES, *(f"{QUARANTINE}/{t}" for t in TABLE_NAMES)]


def _rows_of(tables: Mapping[str, pa.Table], docs: pa.Array | pa.ChunkedArray) -> dict[str, pa.Table]:
    """The rows of the documents `docs` in one part's tables (event_actors follow their events)."""
    kept = {d: _filter(t, "doc_id", docs) for d, t in tables.items() if not d.endswith("event_actors")}
    events = pa.concat_arrays(
        [
            kept["events"].column("event_id").combine_chunks(),
            kept[f"{QUARANTINE}/events"].column("event_id").combine_chunks(),
        ]
    )
    for d in ("event_actors", f"{QUARANTINE}/event_actors"):
        kept[d] = _filter(tables[d], "event_id", events)
    return kept


def drop_documents(staging: Path, part: int, doc_ids: set[str], result: BatchResult) -> None:
    """Rewrite staged part `part` without the documents `doc_ids`; take their rows off `result`'s counts."""
    name = part_name(part)
    index = pq.read_table(staging / INDEX / name)
    keep = pc.invert(pc.is_in(index.column("doc_id"), value_set=pa.array(sorted(doc_ids), pa.string())))
    kept_index = index.filter(keep)
    tables = {d: pq.read_table(staging / d / name) for d in PART_DIRS}
    kept = _rows_of(tables, kept_index.column("doc_id"))
    for d, table in kept.items():
        write_part(staging / d, table, part)
        counts = result.rows_quarantined if d.startswith(f"{QUARANTINE}/") else result.rows_valid
        table_name = d.removeprefix(f"{QUARANTINE}/")
        counts[table_name] = counts.get(table_name, 0) - (tables[d].num_rows - table.num_rows)
    write_part(staging / INDEX, kept_index, part)
    result.documents -= index.num_rows - kept_index.num_rows


def carry_over(
    out: Path, staging: Path, keep: set[str], parts: Sequence[int], first_part: int
) -> BatchResult:
    """Copy the rows of the documents `keep` from the committed parts `parts` of OUT into staging.

    A part whose documents are all kept is copied (hard-linked) whole; otherwise its rows are filtered.
    New part numbers start at `first_part`; empty results are skipped.
    """
    result = BatchResult()
    keep_ids = pa.array(sorted(keep), pa.string())
    number = first_part
    for part in parts:
        name = part_name(part)
        index = pq.read_table(out / INDEX / name)
        kept_index = _filter(index, "doc_id", keep_ids)
        if kept_index.num_rows == 0:
            continue
        tables = {d: pq.read_table(out / d / name) for d in PART_DIRS}
        if kept_index.num_rows < index.num_rows:
            tables = _rows_of(tables, kept_index.column("doc_id"))
            for d, table in tables.items():
                write_part(staging / d, table, number)
            write_part(staging / INDEX, kept_index, number)
        else:
            for d in [*PART_DIRS, INDEX]:
                _copy(out / d / name, staging / d / part_name(number))
        _count(
            result,
            {t: tables[t] for t in TABLE_NAMES},
            {t: tables[f"{QUARANTINE}/{t}"] for t in TABLE_NAMES},
        )
        result.documents += kept_index.num_rows
        result.parts += 1
        number += 1
    return result


def check_unique_ids(staging: Path) -> None:
    """Raise DuplicateIdError if an id repeats across the staged parts of a table (valid rows)."""
    problems = []
    for name, columns in ID_COLUMNS.items():
        directory = staging / name
        paths = sorted(directory.glob("part-*.parquet")) if directory.is_dir() else []
        if not paths:
            continue
        keys = pa.concat_tables(pq.read_table(p, columns=list(columns)) for p in paths)
        if len(columns) > 1:
            values = pc.binary_join_element_wise(
                *(pc.cast(keys.column(c), pa.string()) for c in columns), "\x1f"
            )
        else:
            values = keys.column(columns[0])
        distinct = pc.count_distinct(values).as_py()
        if distinct != keys.num_rows:
            problems.append(f"{name}: {keys.num_rows - distinct} repeated {'/'.join(columns)}")
    if problems:
        raise DuplicateIdError("ids repeat across batches, not committed: " + "; ".join(problems))


def merge_results(results: Iterable[BatchResult]) -> BatchResult:
    """Sum the counts; merge the failed checks by (check, column), keeping a few examples."""
    total = BatchResult()
    merged: dict[str, dict[tuple[str, str | None], dict[str, Any]]] = {n: {} for n in TABLE_ORDER}
    for r in results:
        total.documents += r.documents
        total.parts += r.parts
        total.rejections.extend(r.rejections)
        total.warnings.extend(r.warnings)
        for name in TABLE_ORDER:
            total.rows_valid[name] = total.rows_valid.get(name, 0) + r.rows_valid.get(name, 0)
            total.rows_quarantined[name] = total.rows_quarantined.get(name, 0) + r.rows_quarantined.get(
                name, 0
            )
            for f in r.failures.get(name, []):
                key = (f["check"], f["column"])
                seen = merged[name].setdefault(key, {**f, "rows": 0, "examples": []})
                seen["rows"] += f["rows"]
                seen["examples"] = (seen["examples"] + list(f["examples"]))[:MAX_EXAMPLES]
    total.failures = {name: list(merged[name].values()) for name in TABLE_ORDER}
    return total


def report_tables(total: BatchResult) -> dict[str, dict[str, Any]]:
    """The `tables` section of a run report (`dateline.report`) from merged batch results."""
    return {
        name: {
            "rows_in": total.rows_valid.get(name, 0) + total.rows_quarantined.get(name, 0),
            "rows_valid": total.rows_valid.get(name, 0),
            "rows_quarantined": total.rows_quarantined.get(name, 0),
            "failures": total.failures.get(name, []),
        }
        for name in TABLE_ORDER
    }


def estimate_inputs(raw: Path, suffixes: Sequence[str] = (".txt", ".html", ".htm")) -> int:
    """About how many articles are under `raw`, to size the batches: cheap, reads no file.

    An article file counts one; a `.jsonl` (a regular file, not a link) counts one per ~1 KB.
    """
    count = 0
    for folder, _dirs, files in os.walk(raw):
        for name in files:
            lower = name.lower()
            if lower.endswith(tuple(suffixes)):
                count += 1
            elif lower.endswith(".jsonl"):
                try:
                    info = os.lstat(os.path.join(folder, name))
                except OSError:
                    continue
                if stat.S_ISREG(info.st_mode):
                    count += info.st_size // 1000 + 1
    return count


def prepare_batches() -> None:
    """Load the rules, compile the tagger's grammars and build the table schemas once per process: fixed
    costs of a run (~0.7 s here), paid by the flow before its first batch (local Dask workers, forked after it,
    inherit them) or by a spawned Dask worker while it starts (`flows.worker_preload`), not inside a batch.

    Then, once per process, everything alive so far (rules, imported modules: ~150k objects in a plain
    process, ~220k under Prefect) is moved out of the garbage collector's sight (`gc.freeze`): extraction
    allocates many short-lived objects, and each full collection would walk all of them again. Measured
    on 4,000 articles inside a Prefect flow: 0.37 s of collection without, 0.07 s with. No collection
    first: it found 10 unreachable objects there and cost 0.1 s (frozen garbage is only kept, never
    wrong). It also keeps forked workers from copying those pages (CPython docs)."""
    from dateline.extract import default_rules
    from dateline.timex_rules import compile_grammars
    from dateline.validate import build_schemas

    default_rules()
    compile_grammars()
    build_schemas()
    global _FROZEN
    if not _FROZEN:
        gc.freeze()
        _FROZEN = True


_FROZEN = False  # start-up objects frozen in this process (a forked child inherits them frozen, and this)


def process_batch(
    items: Sequence[Document | RawArticle],
    staging: Path,
    part: int,
    rules_version: str | None,
    keys: Sequence[str | None] | None = None,
    *,
    seqs: Sequence[int] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    today: dt.date | None = None,
) -> BatchResult:
    """Parse (`RawArticle`s), extract, tabulate and validate one batch, then write it as part `part`.

    `keys`: the items' `input_key`s (None where there is none; a RawArticle carries its own), recorded
    in the index. `seqs`: the items' places in the scan (default: their order), by which rejections,
    warnings and the documents written are reported. A second copy of an article within the batch is
    a `duplicate` (copies across batches: `dateline.duplicates`)."""
    from dateline.extract import extract_documents
    from dateline.tables import extraction_tables
    from dateline.validate import validate_tables

    docs: list[Document] = []
    doc_keys: list[str | None] = []
    held: list[Held] = []
    rejections: list[tuple[int, Rejection]] = []
    warnings: list[IngestWarning] = []
    first: dict[str, str] = {}
    for i, item in enumerate(items):
        seq = seqs[i] if seqs is not None else i
        key = keys[i] if keys is not None else None
        if isinstance(item, RawArticle):
            key = item.input_key
            parsed = parse_raw_article(item, max_bytes=max_bytes, today=today, warnings=warnings)
            if isinstance(parsed, Rejection):
                rejections.append((seq, parsed))
                continue
            item = parsed
        size = len(item.text.encode("utf-8"))
        if item.doc_id in first:
            rejections.append((seq, duplicate_rejection(item.source, item.doc_id, first[item.doc_id], size)))
            continue
        first[item.doc_id] = item.source
        docs.append(item)
        doc_keys.append(key)
        held.append(Held(seq, item.doc_id, item.source, size, part))
    extraction = extract_documents(docs)
    tables = extraction_tables(extraction.documents, extraction.events, extraction.meetings)
    result = write_batch(
        staging, part, validate_tables(tables), index_table(docs, rules_version, doc_keys), len(docs)
    )
    result.held, result.rejections, result.warnings = held, rejections, warnings
    return result
