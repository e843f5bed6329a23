"""Records -> Arrow tables, with the column types of CONTRACT.md (v1).

The Arrow schemas here are the single definition of the output columns: the
pandera models in `schemas/` and the Parquet writer in `store` use them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from operator import attrgetter, itemgetter
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


def _table(items: Iterable[Any], schema: pa.Schema, columns: dict[str, Callable[[Any], Any]]) -> pa.Table:
    """One Arrow table from records, column by column (`from_pydict`: no dict per row)."""
    rows = list(items)
    return pa.Table.from_pydict({name: [get(r) for r in rows] for name, get in columns.items()}, schema=schema)


def _attrs(*names: str) -> dict[str, Callable[[Any], Any]]:
    return {name: attrgetter(name) for name in names}


_DOCUMENT_COLUMNS = _attrs(
    "doc_id",
    "source",
    "title",
    "url",
    "publication_date",
    "publication_date_basis",
    "text",
    "content_sha256",
    "language",
    "encoding",
    "publisher",
)
# The window and the evidence: the same columns in events and meetings (the schema orders the columns).
_DATED_COLUMNS: dict[str, Callable[[Any], Any]] = {
    "date_start": attrgetter("window.start"),
    "date_end": attrgetter("window.end"),
    "date_precision": attrgetter("window.precision"),
    **_attrs("date_basis", "date_text", "location", "location_country", "sentence", "char_start", "char_end"),
}
_EVENT_COLUMNS: dict[str, Callable[[Any], Any]] = {
    **_attrs("event_id", "doc_id", "event_type", "status"),
    "countries": lambda e: list(e.countries),
    **_DATED_COLUMNS,
    **_attrs("plover_type", "cameo_code", "confidence", "trigger"),
}
_MEETING_COLUMNS: dict[str, Callable[[Any], Any]] = {
    **_attrs("meeting_id", "event_id", "doc_id"),
    **{f"actor{i}_{part}": attrgetter(f"actor{i}.{part}") for i in (1, 2) for part in ("name", "role", "country")},
    **_attrs("mode", "status"),
    **_DATED_COLUMNS,
    "confidence": attrgetter("confidence"),
}


def documents_table(docs: Iterable[Document]) -> pa.Table:
    return _table(docs, DOCUMENTS, _DOCUMENT_COLUMNS)


def events_table(events: Iterable[EventRecord]) -> pa.Table:
    return _table(events, EVENTS, _EVENT_COLUMNS)


def event_actors_table(events: Iterable[EventRecord]) -> pa.Table:
    pairs = [(e.event_id, i, a) for e in events for i, a in enumerate(e.actors, start=1)]
    columns: dict[str, Callable[[Any], Any]] = {
        "event_id": itemgetter(0),
        "position": itemgetter(1),
        "name": lambda p: p[2].name,
        "role": lambda p: p[2].role,
        "country": lambda p: p[2].country,
    }
    return _table(pairs, EVENT_ACTORS, columns)


def meetings_table(meetings: Iterable[MeetingRecord]) -> pa.Table:
    return _table(meetings, MEETINGS, _MEETING_COLUMNS)


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
