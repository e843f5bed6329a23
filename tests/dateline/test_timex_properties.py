"""Property tests of the temporal tagger: never raises, offsets exact, windows well-formed and
agreeing with their values."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline import timex_base
from dateline.timex import find_timexes
from dateline.timex_cal import window_of_value
from dateline.timex_fold import FOLD_SPECIAL, FoldedPattern
from dateline.timex_rules import FOLDED_OK, STARTERS, TRIGGERS, fold_safe, folded_prefilter, grammar_for

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


CASED_WORDS = st.tuples(
    st.sampled_from([*WORDS, *sorted(TRIGGERS), *sorted(STARTERS), "EST", "o'clock", "p.m.", "Q4", "'s", "—"]),
    st.sampled_from([str.lower, str.upper, str.title, str]),
).map(lambda wc: wc[1](wc[0]))


@settings(max_examples=200, deadline=None)
@given(st.lists(CASED_WORDS, max_size=12).map(" ".join))
def test_folded_grammar_matches_like_the_ignorecase_one(text: str) -> None:
    assert fold_safe(text) == (not any(ch in text for ch in "\u0130\u0131\u017f\u212a"))
    low = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)
    for p in [p for p in range(len(text)) if not text[p].isspace()] if fold_safe(text) else []:
        grammar, folded = grammar_for(low[p]), grammar_for(low[p], folded=True)
        assert (grammar is None) == (folded is None)
        if grammar is not None and folded is not None:
            m, f = grammar.match(text, p), folded.match(low, p)
            assert (m and (m.span(), m.lastgroup)) == (f and (f.span(), f.lastgroup)), text[p:]


def test_fold_special_characters_are_all_there_are() -> None:
    letter = re.compile("[a-z]", re.IGNORECASE)
    cased = [c for c in map(chr, range(128, 0x110000)) if c.lower() != c.upper()]
    special = [c for c in cased if letter.fullmatch(c) or (len(c.lower()) == 1 and c.lower().isascii())]
    assert FOLDED_OK, "a grammar pattern cannot be folded (timex_fold.foldable): the finder runs unfolded"
    assert special == ["\u0130", "\u0131", "\u017f", "\u212a"]
    assert not any(fold_safe(f"May {c} 2025") for c in special) and "".join(special) == FOLD_SPECIAL


@settings(max_examples=200, deadline=None)
@given(st.lists(CASED_WORDS, max_size=12).map(" ".join))
def test_prefilter_never_skips_a_start_the_grammar_can_use(text: str) -> None:
    low, prefilter = text.lower(), folded_prefilter()
    assert prefilter.window is not None, "a pattern is beyond timex_prefilter's analysis: the finder runs unfiltered"
    starts = [p for p in range(len(low)) if low[p].isalnum() and (p == 0 or not low[p - 1].isalnum())]
    for p in starts if fold_safe(text) and len(low) == len(text) else []:
        grammar = grammar_for(low[p], folded=True)
        m = grammar.match(low, p) if grammar is not None else None
        for t in range(p + 1, m.end() if m else p):
            if low[t].isalnum() and not low[t - 1].isalnum():
                assert prefilter.consumed_from(low, p, t) == p, (low[p:t], m)


@pytest.mark.parametrize(
    ("text", "trigger", "first"),
    [
        ("talks said on last friday", "friday", " last "),  # "on" is no word of the grammar
        ("in the year 1998", "1998", "in the year "),
        ("(see 5 may)", "may", " 5 "),  # "(" is no character of it
        ("the company's 1998 results", "1998", "'s "),
    ],
)
def test_prefilter_finds_where_the_grammar_could_start(text: str, trigger: str, first: str) -> None:
    t = text.index(trigger)
    assert text[folded_prefilter().consumed_from(text, 0, t) : t] == first


FOLDED_CUES = [v for v in vars(timex_base).values() if isinstance(v, FoldedPattern)]
CUE_WORDS = ["will", "WON'T", "Said", "was", "had been", "Expected to", "until", "ended", "by", "'ll",
             "payable", "Is", "to be", "deal to sign", "meets", "ſ", "İ", "K", "ı", "ß", "é"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(CASED_WORDS, st.sampled_from(CUE_WORDS)), max_size=12).map(" ".join))
def test_folded_patterns_find_what_their_regex_finds(text: str) -> None:
    assert len(FOLDED_CUES) >= 9
    for cue in FOLDED_CUES:
        for folded, plain in ((cue.search(text), cue.regex.search(text)), (cue.match(text), cue.regex.match(text))):
            assert (folded and folded.span()) == (plain and plain.span()), (cue.regex.pattern, text)


def test_only_one_character_lower_cases_longer() -> None:
    assert [c for c in map(chr, range(0x110000)) if len(c.lower()) != 1] == ["\u0130"]
