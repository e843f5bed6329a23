"""Which meetings and events the HTML report's timeline draws, chosen in Arrow on a few light columns.

The page draws a few lanes of a few rows, yet a large dataset has tens of thousands of items. Choosing
lanes and rows on ids, countries, dates and kinds in Arrow makes no Python object per row; only the rows
drawn or listed are then read in full (sentences, names) by `html_report`. Pure: tables in, a plan out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

MEETING_COLUMNS = "event_id actor1_country actor2_country date_start date_end".split()
EVENT_COLUMNS = "event_id event_type countries date_start date_end".split()
TYPES = {c: pa.string() for c in MEETING_COLUMNS + EVENT_COLUMNS}
TYPES |= {"countries": pa.list_(pa.string()), "date_start": pa.date32(), "date_end": pa.date32()}


@dataclass(frozen=True, slots=True)
class Plan:
    """What the timeline shows. Items are numbered: every meeting (its row), then every event not already
    shown through one of these meetings (`events`: their rows). A lane: country, its items, items drawn."""

    events: list[int]
    lanes: list[tuple[str, int, list[int]]]
    countries: int  # lanes in all
    kinds: list[str]  # of every dated item (legend and gradients)
    days: tuple[dt.date, dt.date] | None  # first and last day of every dated item
    undated: int
    listed: list[int]  # the first undated items


def item_countries(meetings: pa.Table, events: pa.Table) -> pa.Table:
    """(item, code) once per item and country, meetings numbered first and `events` (the events kept)
    after them; no null or empty codes (a Python truth test drops them too)."""
    n, countries = meetings.num_rows, events["countries"].combine_chunks()
    numbers = pc.indices_nonzero(pa.repeat(True, n)).cast(pa.int64())
    item = pa.chunked_array([numbers, numbers, pc.add(pc.list_parent_indices(countries), n)], pa.int64())
    codes = [*meetings["actor1_country"].chunks, *meetings["actor2_country"].chunks, pc.list_flatten(countries)]
    pairs = pa.table({"item": item, "code": pa.chunked_array(codes, pa.string())})
    pairs = pairs.filter(pc.fill_null(pc.not_equal(pairs["code"], ""), False))
    return pairs.group_by(["item", "code"], use_threads=False).aggregate([])


def first_rows(pairs: pa.Table, kind: pa.ChunkedArray, day: pa.ChunkedArray, order: list[str]) -> pa.ChunkedArray:
    """The items of the lanes `order`, lane by lane in code order, each lane sorted as the page draws it:
    meetings first, then by first day, kind and item number (the order the items were read in)."""
    drawn = pairs.filter(pc.is_in(pairs["code"], value_set=pa.array(order, pa.string())))
    kinds = pc.take(kind, drawn["item"])
    ranked = pa.table(
        [drawn["code"], pc.not_equal(kinds, "meeting"), pc.take(day, drawn["item"]), kinds, drawn["item"]],
        names=["code", "event", "day", "kind", "item"],
    )
    return ranked.sort_by([(c, "ascending") for c in ranked.column_names])["item"]


def plan_timeline(meetings: pa.Table, events: pa.Table, *, lanes: int, rows: int, listed: int) -> Plan:
    """The `lanes` countries with most dated items (then by code), the first `rows` items of each, and the
    first `listed` undated items, from the light columns (MEETING_COLUMNS, EVENT_COLUMNS, typed as TYPES)."""
    n = meetings.num_rows
    kept = pc.indices_nonzero(pc.invert(pc.is_in(events["event_id"], value_set=meetings["event_id"].combine_chunks())))
    ev = events.take(kept)
    kind = pa.chunked_array([pa.repeat("meeting", n), *pc.fill_null(ev["event_type"], "None").chunks], pa.string())
    start, end = (pa.chunked_array(meetings[c].chunks + ev[c].chunks, pa.date32()) for c in ("date_start", "date_end"))
    dated = pc.or_(pc.is_valid(start), pc.is_valid(end)).combine_chunks()
    pairs = item_countries(meetings, ev)
    pairs = pairs.filter(pc.take(dated, pairs["item"]))
    counts = pc.value_counts(pairs["code"])
    sizes = dict(zip(counts.field("values").to_pylist(), counts.field("counts").to_pylist(), strict=True))
    order = sorted(sizes, key=lambda c: (-sizes[c], c))[:lanes]
    ranked, shown, offset = first_rows(pairs, kind, pc.coalesce(start, end), order), {}, 0
    for code in sorted(order):  # as Arrow sorts them: UTF-8 byte order is code point order
        shown[code] = ranked.slice(offset, min(sizes[code], rows)).to_pylist()
        offset += sizes[code]
    span = pc.min_max(pa.chunked_array(start.chunks + end.chunks, pa.date32())).as_py()
    undated = pc.indices_nonzero(pc.invert(dated))
    return Plan(
        events=kept.to_pylist(),
        lanes=[(c, sizes[c], shown[c]) for c in order],
        countries=len(sizes),
        kinds=sorted(pc.unique(pc.filter(kind, dated)).to_pylist()),
        days=None if span["min"] is None else (span["min"], span["max"]),
        undated=len(undated),
        listed=undated.slice(0, listed).to_pylist(),
    )
