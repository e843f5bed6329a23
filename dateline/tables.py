"""Records -> Arrow tables, with the column types of CONTRACT.md (v1).

The Arrow schemas here are the single definition of the output columns: the
pandera models in `schemas/` and the Parquet writer in `store` use them.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import accumulate, chain, repeat
from operator import add, attrgetter
from typing import Any

import pyarrow as pa

from dateline.model import Document, EventRecord, MeetingRecord

_s = pa.string()
_d = pa.date32()

DOCUMENTS = pa.schema(
    [
        ("doc_id", _s),
        ("source", _s),
        ("title", _s),
        ("url", _s),
        ("publication_date", _d),
        ("publication_date_basis", _s),
        ("text", _s),
        ("content_sha256", _s),
        ("language", _s),
        ("encoding", _s),
        ("publisher", _s),
    ]
)

EVENTS = pa.schema(
    [
        ("event_id", _s),
        ("doc_id", _s),
        ("event_type", _s),
        ("status", _s),
        ("countries", pa.list_(_s)),
        ("date_start", _d),
        ("date_end", _d),
        ("date_precision", _s),
        ("date_basis", _s),
        ("date_text", _s),
        ("location", _s),
        ("location_country", _s),
        ("sentence", _s),
        ("char_start", pa.int64()),
        ("char_end", pa.int64()),
        ("plover_type", _s),
        ("cameo_code", _s),
        ("confidence", pa.float64()),
        ("trigger", _s),
    ]
)

EVENT_ACTORS = pa.schema(
    [
        ("event_id", _s),
        ("position", pa.int32()),
        ("name", _s),
        ("role", _s),
        ("country", _s),
    ]
)

MEETINGS = pa.schema(
    [
        ("meeting_id", _s),
        ("event_id", _s),
        ("doc_id", _s),
        ("actor1_name", _s),
        ("actor1_role", _s),
        ("actor1_country", _s),
        ("actor2_name", _s),
        ("actor2_role", _s),
        ("actor2_country", _s),
        ("mode", _s),
        ("status", _s),
        ("date_start", _d),
        ("date_end", _d),
        ("date_precision", _s),
        ("date_basis", _s),
        ("date_text", _s),
        ("location", _s),
        ("location_country", _s),
        ("sentence", _s),
        ("char_start", pa.int64()),
        ("char_end", pa.int64()),
        ("confidence", pa.float64()),
    ]
)

TABLES: dict[str, pa.Schema] = {
    "documents": DOCUMENTS,
    "events": EVENTS,
    "event_actors": EVENT_ACTORS,
    "meetings": MEETINGS,
}


# Columns whose value is not the record's attribute of the same name: a dotted path into a nested value
# object, read by `operator.attrgetter` in C. Every other column is the attribute named like it.
_PATHS: dict[str, str] = {
    "date_start": "window.start",
    "date_end": "window.end",
    "date_precision": "window.precision",
    **{f"actor{i}_{part}": f"actor{i}.{part}" for i in (1, 2) for part in ("name", "role", "country")},
}


def _values(rows: list[Any], path: str) -> list[Any]:
    """One column's values: `map` with an attrgetter runs in C, with no Python frame per cell."""
    return list(map(attrgetter(path), rows))


def _array(values: list[Any], type_: pa.DataType) -> pa.Array:
    """A typed Arrow array. A list column (tuples, never None) is built from its flattened items and
    their offsets: pyarrow then converts one flat sequence instead of one Python sequence per row."""
    if pa.types.is_list(type_):
        offsets = pa.array([0, *accumulate(map(len, values))], pa.int32())
        items = pa.array(list(chain.from_iterable(values)), type_.value_type)
        return pa.ListArray.from_arrays(offsets, items, type=type_)
    return pa.array(values, type_)


def _from_columns(columns: list[list[Any]], schema: pa.Schema) -> pa.Table:
    """The table from its columns' values, in the schema's order."""
    return pa.Table.from_arrays([_array(v, f.type) for v, f in zip(columns, schema, strict=True)], schema=schema)


def _table(items: Iterable[Any], schema: pa.Schema) -> pa.Table:
    """One Arrow table from records, column by column (no dict or tuple per row): each column is the
    record's attribute of the same name or its `_PATHS` path."""
    rows = list(items)
    return _from_columns([_values(rows, _PATHS.get(name, name)) for name in schema.names], schema)


def documents_table(docs: Iterable[Document]) -> pa.Table:
    return _table(docs, DOCUMENTS)


def events_table(events: Iterable[EventRecord]) -> pa.Table:
    return _table(events, EVENTS)


def event_actors_table(events: Iterable[EventRecord]) -> pa.Table:
    """One row per actor of an event, numbered from 1; the event's id repeated per actor (all in C)."""
    events = list(events)
    actors = _values(events, "actors")
    counts = list(map(len, actors))
    flat = list(chain.from_iterable(actors))
    event_ids = list(chain.from_iterable(map(repeat, _values(events, "event_id"), counts)))
    positions = list(chain.from_iterable(map(range, repeat(1), map(add, counts, repeat(1)))))
    columns = [event_ids, positions, *(_values(flat, name) for name in ("name", "role", "country"))]
    return _from_columns(columns, EVENT_ACTORS)


def meetings_table(meetings: Iterable[MeetingRecord]) -> pa.Table:
    return _table(meetings, MEETINGS)


def extraction_tables(
    documents: Iterable[Document], events: Iterable[EventRecord], meetings: Iterable[MeetingRecord]
) -> dict[str, pa.Table]:
    events = list(events)
    return {
        "documents": documents_table(documents),
        "events": events_table(events),
        "event_actors": event_actors_table(events),
        "meetings": meetings_table(meetings),
    }
