"""The timeline's choice of lanes and rows, made in Arrow on the light columns."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pyarrow as pa
import pytest

from dateline.timeline import EVENT_COLUMNS, MEETING_COLUMNS, TYPES, Plan, plan_timeline

D1, D2, D3 = dt.date(2025, 1, 1), dt.date(2025, 2, 1), dt.date(2025, 3, 1)


def _table(columns: list[str], rows: list[tuple[Any, ...]]) -> pa.Table:
    return pa.table({c: pa.array([r[i] for r in rows], TYPES[c]) for i, c in enumerate(columns)})


def _plan(meetings: list[tuple[Any, ...]], events: list[tuple[Any, ...]], rows: int = 6) -> Plan:
    light = _table(MEETING_COLUMNS, meetings), _table(EVENT_COLUMNS, events)
    return plan_timeline(*light, lanes=2, rows=rows, listed=1)


def test_lanes_count_each_item_once_and_skip_events_shown_through_meetings() -> None:
    plan = _plan(
        [("ev-m", "SRB", "SRB", D1, D1), ("ev-n", "CHN", "", None, D2)],
        [("ev-m", "MEET", ["SRB"], D1, D1), ("e1", "AID", ["CHN", "CHN", None, ""], D3, None)],
    )
    assert plan.events == [1]  # the event of the first meeting is drawn through it
    assert [(code, n) for code, n, _ in plan.lanes] == [("CHN", 2), ("SRB", 1)]
    assert plan.countries == 2 and plan.kinds == ["AID", "meeting"] and plan.days == (D1, D3)


@pytest.mark.parametrize(
    ("rows", "drawn"),
    [(6, [1, 0, 3, 2]), (2, [1, 0])],
    ids=["meetings-first-then-day-kind-and-read-order", "first-rows-only"],
)
def test_rows_of_a_lane(rows: int, drawn: list[int]) -> None:
    events = [("a", "OTHER", ["SRB"], D2, None), ("b", "AID", ["SRB"], D2, D2)]
    plan = _plan([("m1", "SRB", "CHN", D3, D3), ("m2", "SRB", "CHN", None, D1)], events, rows)
    assert plan.lanes[0] == ("SRB", 4, drawn)


def test_undated_items_are_counted_and_the_first_listed() -> None:
    plan = _plan([("m1", "SRB", "CHN", None, None)], [("e1", "AID", ["SRB"], None, None)])
    assert (plan.undated, plan.listed, plan.lanes, plan.days) == (2, [0], [], None)
