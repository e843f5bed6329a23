"""The value objects that flow through the pipeline.

raw file -> Document -> sentences -> Timex -> actors -> EventRecord/MeetingRecord -> Arrow tables.
Every record carries its evidence (document id, sentence, character offsets into Document.text).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

PRECISIONS = ("day", "range", "week", "month", "season", "quarter", "year", "unknown")
DATE_BASES = ("explicit", "relative", "context", "publication", "none")
PUBLICATION_BASES = ("metadata", "text", "inferred", "unknown")
EVENT_TYPES = ("MEET", "VISIT", "SUMMIT", "AGREE", "COMMEMORATE", "AID", "DISASTER", "OTHER")
STATUSES = ("occurred", "planned")
MODES = ("in_person", "phone", "video")


@dataclass(frozen=True, slots=True)
class Window:
    """A date window: the tightest [start, end] the text supports (both inclusive)."""

    start: dt.date | None
    end: dt.date | None
    precision: str = "unknown"  # one of PRECISIONS


@dataclass(frozen=True, slots=True)
class Timex:
    """One temporal expression found in a text (TIMEX3-style), with its resolved window.

    `start`/`end` are character offsets into the text the tagger was given.
    `window` is None for expressions that do not denote a calendar window
    (durations, sets, PRESENT_REF/PAST_REF/FUTURE_REF, times without a date).
    `relative` is True when the value needed the document creation time (DCT)
    to be resolved ("on Tuesday", "last year", "this autumn").
    """

    start: int
    end: int
    text: str
    type: str  # DATE, TIME, DURATION, SET
    value: str  # TIMEX3 value: 2025-05-07, 2025-05, 2025-SU, P3D, PAST_REF, XXXX-05-07 ...
    window: Window | None = None
    relative: bool = False


@dataclass(frozen=True, slots=True)
class Document:
    """One ingested article. `text` is the cleaned text every offset points into."""

    doc_id: str
    source: str
    text: str
    content_sha256: str
    title: str | None = None
    url: str | None = None
    publication_date: dt.date | None = None
    publication_date_basis: str = "unknown"  # one of PUBLICATION_BASES
    language: str | None = None
    encoding: str | None = None  # how the raw bytes were decoded (utf-8, utf-16, cp1252, ...)
    publisher: str | None = None  # who published it (metadata `source`: "Associated Press", "TASS", ...)


@dataclass(frozen=True, slots=True)
class Rejection:
    """An input that did not become a document, with the reason a person can act on."""

    source: str
    reason: str  # short machine-friendly code: empty, binary, undecodable, too_large, malformed_json, ...
    detail: str  # one line for people
    size_bytes: int | None = None


@dataclass(frozen=True, slots=True)
class Actor:
    name: str
    country: str  # ISO3 or organisation code
    role: str | None = None


@dataclass(frozen=True, slots=True)
class EventRecord:
    event_id: str
    doc_id: str
    event_type: str
    status: str
    countries: tuple[str, ...]
    window: Window
    date_basis: str
    date_text: str | None
    location: str | None
    location_country: str | None
    sentence: str
    char_start: int
    char_end: int
    plover_type: str | None
    cameo_code: str | None
    confidence: float
    actors: tuple[Actor, ...] = ()
    trigger: str | None = None


@dataclass(frozen=True, slots=True)
class MeetingRecord:
    meeting_id: str
    event_id: str
    doc_id: str
    actor1: Actor
    actor2: Actor
    mode: str
    status: str
    window: Window
    date_basis: str
    date_text: str | None
    location: str | None
    location_country: str | None
    sentence: str
    char_start: int
    char_end: int
    confidence: float


@dataclass(slots=True)
class Extraction:
    """What the core extracts from a batch of documents."""

    documents: list[Document] = field(default_factory=list)
    events: list[EventRecord] = field(default_factory=list)
    meetings: list[MeetingRecord] = field(default_factory=list)
