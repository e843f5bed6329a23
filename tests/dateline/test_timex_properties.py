"""Property tests of the temporal tagger: never raises, offsets exact, windows well-formed and
agreeing with their values."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.timex import find_timexes
from dateline.timex_cal import window_of_value

WORDS = [
    "May", "7", "2025", "March", "Tuesday", "last", "next", "year", "week", "the", "third", "quarter", "ago",
    "two", "days", "early", "mid-", "late", "1990s", "from", "to", "-", ",", ".", "said", "will", "meet",
    "on", "now", "recently", "summer", "this", "10", "a.m.", "every", "12/03/2024", "25/03/2024", "İ", "ß",
    "\u00a0", "\n", "31", "Feb.", "29", "1999", "between", "and", "'80s", "fiscal", "today", "morning",
    "2025", "Christmas", "the weekend", "Fridays", "midnight", "Q3",
]
texts = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(WORDS), max_size=25).map(" ".join),
)
dcts = st.one_of(st.none(), st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)))


@settings(max_examples=300, deadline=None)
@given(texts, dcts)
def test_never_raises_and_offsets_are_exact(text: str, dct: dt.date | None) -> None:
    found = find_timexes(text, dct)
    last_end = 0
    for t in found:
        assert text[t.start:t.end] == t.text
        assert last_end <= t.start < t.end
        last_end = t.end
        assert t.type in ("DATE", "TIME", "DURATION", "SET")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=25).map(" ".join), dcts)
def test_windows_are_ordered_and_agree_with_values(text: str, dct: dt.date | None) -> None:
    for t in find_timexes(text, dct):
        if t.window is None:
            continue
        assert t.window.start is not None and t.window.end is not None
        assert t.window.start <= t.window.end
        implied = window_of_value(t.value)
        assert implied is not None, t
        assert implied.start is not None and implied.end is not None
        if t.window.precision != "range":
            assert t.window == implied, t
        elif implied.start <= t.window.start and t.window.end <= implied.end:
            pass  # narrowed by early/mid/late, or a range inside its month/year/decade/century
        else:  # a range across centuries carries its start year
            assert implied.start <= t.window.start <= implied.end, t


@given(st.integers(1, 9998), st.integers(1, 12))
def test_month_value_means_the_whole_month(year: int, month: int) -> None:
    w = window_of_value(f"{year:04d}-{month:02d}")
    assert w is not None and w.start == dt.date(year, month, 1) and w.precision == "month"
    assert w.end is not None and (w.end + dt.timedelta(days=1)).day == 1
