"""Records -> Arrow tables, with the column types of CONTRACT.md (v1).

The Arrow schemas here are the single definition of the output columns: the
pandera models in `schemas/` and the Parquet writer in `store` use them.
"""

from __future__ import annotations

from collections.abc import Iterable

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


def documents_table(docs: Iterable[Document]) -> pa.Table:
    rows = [
        {
            "doc_id": d.doc_id,
            "source": d.source,
            "title": d.title,
            "url": d.url,
            "publication_date": d.publication_date,
            "publication_date_basis": d.publication_date_basis,
            "text": d.text,
            "content_sha256": d.content_sha256,
            "language": d.language,
            "encoding": d.encoding,
            "publisher": d.publisher,
        }
        for d in docs
    ]
    return pa.Table.from_pylist(rows, schema=DOCUMENTS)


def events_table(events: Iterable[EventRecord]) -> pa.Table:
    rows = [
        {
            "event_id": e.event_id,
            "doc_id": e.doc_id,
            "event_type": e.event_type,
            "status": e.status,
            "countries": list(e.countries),
            "date_start": e.window.start,
            "date_end": e.window.end,
            "date_precision": e.window.precision,
            "date_basis": e.date_basis,
            "date_text": e.date_text,
            "location": e.location,
            "location_country": e.location_country,
            "sentence": e.sentence,
            "char_start": e.char_start,
            "char_end": e.char_end,
            "plover_type": e.plover_type,
            "cameo_code": e.cameo_code,
            "confidence": e.confidence,
            "trigger": e.trigger,
        }
        for e in events
    ]
    return pa.Table.from_pylist(rows, schema=EVENTS)


def event_actors_table(events: Iterable[EventRecord]) -> pa.Table:
    rows = [
        {"event_id": e.event_id, "position": i, "name": a.name, "role": a.role, "country": a.country}
        for e in events
        for i, a in enumerate(e.actors, start=1)
    ]
    return pa.Table.from_pylist(rows, schema=EVENT_ACTORS)


def meetings_table(meetings: Iterable[MeetingRecord]) -> pa.Table:
    rows = [
        {
            "meeting_id": m.meeting_id,
            "event_id": m.event_id,
            "doc_id": m.doc_id,
            "actor1_name": m.actor1.name,
            "actor1_role": m.actor1.role,
            "actor1_country": m.actor1.country,
            "actor2_name": m.actor2.name,
            "actor2_role": m.actor2.role,
            "actor2_country": m.actor2.country,
            "mode": m.mode,
            "status": m.status,
            "date_start": m.window.start,
            "date_end": m.window.end,
            "date_precision": m.window.precision,
            "date_basis": m.date_basis,
            "date_text": m.date_text,
            "location": m.location,
            "location_country": m.location_country,
            "sentence": m.sentence,
            "char_start": m.char_start,
            "char_end": m.char_end,
            "confidence": m.confidence,
        }
        for m in meetings
    ]
    return pa.Table.from_pylist(rows, schema=MEETINGS)


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
