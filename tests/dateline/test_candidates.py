"""Candidate helpers: the substring prefilters in front of whole-sentence searches."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.candidates import (
    _AFTER_DAYS,
    _CAPITALISED,
    _CLAUSE_STOP,
    _CLAUSE_WORD,
    _CLAUSE_WORD_PIECES,
    _COUNTED,
    _DAYS,
    _DEADLINE,
    _DEADLINE_PIECES,
    _PHONE,
    _PHONE_WORDS,
    _VIDEO,
    _VIDEO_WORDS,
    _blank,
    _search_words,
    attach_timexes,
    clause_stop,
)
from dateline.model import Timex
from dateline.text import fold
from dateline.triggers import Trigger


@pytest.mark.parametrize(("pattern", "words"), [(_VIDEO, _VIDEO_WORDS), (_PHONE, _PHONE_WORDS)], ids=["video", "phone"])
def test_every_alternative_holds_a_prefilter_word(pattern: re.Pattern[str], words: tuple[str, ...]) -> None:
    body = re.fullmatch(r"\\b\(\?:(.*)\)\\b", pattern.pattern)
    assert body is not None
    for alternative in body.group(1).split("|"):
        assert any(w in alternative for w in words), alternative


@pytest.mark.parametrize(
    "text",
    ["held a video call", "virtual summit", "talks online", "phoned him", "the telephone", "recalled", "nothing"],
)
def test_search_words_agrees_with_search(text: str) -> None:
    for pattern, words in ((_VIDEO, _VIDEO_WORDS), (_PHONE, _PHONE_WORDS)):
        assert _search_words(pattern, words, text) == (pattern.search(text) is not None)


_AFTER_WORDS = ["times", "time", "TIMES", "two", "3", "dozens of", "several", "x", " ", "  ", "\n", "-", "timesheet"]


@given(st.lists(st.sampled_from(_AFTER_WORDS), max_size=10).map("".join))
def test_counted_matches_only_where_times_is(after: str) -> None:
    """read_status looks for "times" before trying _COUNTED: every match holds it."""
    if "times" not in after:
        assert _COUNTED.match(after) is None


_BEFORE_WORDS = ["May", "may", "will", "Will", "É", "é", "ß", "ǅ", "x", "X", " ", "'", "\u2019", "-", "1"]


@given(st.lists(st.sampled_from(_BEFORE_WORDS), max_size=10).map("".join))
def test_a_window_without_upper_case_has_no_capitalised_word(window: str) -> None:
    """read_status blanks capitalised words only in a window that is not all lower case: in the others,
    blanking changes nothing."""
    if window.islower():
        assert _CAPITALISED.sub(_blank, window) == window


_CLAUSE_PIECES = ["which", "Which", "WHO", "who", "whose", "but", "BUT", "becauſe", "before", "following", "x", "É",
                  ";", " - ", " \u2013 ", ",", ", the", ", and", ", as well", ", met", " ", "\n", "-", "'"]


@settings(max_examples=500)
@given(st.data(), st.lists(st.sampled_from(_CLAUSE_PIECES), max_size=10))
def test_clause_stop_is_where_the_one_pattern_stops(data: st.DataObject, pieces: list[str]) -> None:
    """clause_stop searches _CLAUSE_STOP's punctuation, then its words only before that and where the folded
    text holds a piece of one: the stop is that of the one pattern."""
    text = data.draw(st.sampled_from([" ", ""])).join(pieces)
    lo = data.draw(st.sampled_from([0, 1]) | st.integers(0, len(text)))
    hi = data.draw(st.sampled_from([len(text), len(text) - 1]) | st.integers(0, len(text)))
    m = _CLAUSE_STOP.search(text, lo, hi)
    assert clause_stop(text, fold(text), lo, hi) == (m.start() if m else hi)


def test_clause_word_pieces() -> None:
    """Every clause word holds a piece, and every character the case-insensitive pattern takes for a letter
    of a piece folds to that letter."""
    body = re.search(r"\(\?:([a-z|]+)\)", _CLAUSE_WORD.pattern)
    assert body is not None
    words = body.group(1).split("|")
    assert all(any(p in w for p in _CLAUSE_WORD_PIECES) for w in words), words
    letters = "".join(sorted(set("".join(_CLAUSE_WORD_PIECES))))
    every = "".join(chr(code) for code in range(0x110000) if not 0xD800 <= code < 0xE000)
    for ch in set(re.findall(f"[{letters}]", every, re.IGNORECASE)):  # one pass, then the few found
        for letter in letters:
            if re.fullmatch(letter, ch, re.IGNORECASE):
                assert fold(ch) == letter, (letter, ch)


_DAY_PIECES = ["after", "two", "a", "12", "days", "day", "of", "-day", "-", "state", "visit", "trip", " ", "x"]


@settings(max_examples=300)
@given(st.lists(st.sampled_from(_DAY_PIECES), max_size=10).map("".join), st.integers(0, 30), st.integers(0, 60))
def test_day_counts_match_only_where_their_word_is(folded: str, lo: int, hi: int) -> None:
    """days_before and visit_days search only where "after" / "-day" is in the window: every match holds it."""
    if folded.find("after", lo, hi) == -1:
        assert _AFTER_DAYS.search(folded, lo, hi) is None
    if folded.find("-day", lo, hi) == -1:
        assert _DAYS.search(folded, lo, hi) is None


_DEADLINE_WORDS = ["by", "until", "till", "since", "through", "from", "the", "end", "of", "bye", " ", "  ", "\n", "x"]


@given(st.lists(st.sampled_from(_DEADLINE_WORDS), max_size=8).map("".join))
def test_deadline_matches_only_where_a_piece_is(before: str) -> None:
    """dating_timexes searches _DEADLINE only where the window holds one of _DEADLINE_PIECES."""
    if not any(w in before for w in _DEADLINE_PIECES):
        assert _DEADLINE.search(before) is None


@given(st.integers(0, 60), st.lists(st.tuples(st.integers(0, 60), st.integers(1, 10)), max_size=5))
def test_one_trigger_takes_every_expression(at: int, spans: list[tuple[int, int]]) -> None:
    """Fronted or not, near or far: the one trigger of a family is dated by all of its expressions, in order."""
    folded = "x, " * 40
    trig = Trigger(at, at + 3, "meet", "person", "met")
    timexes = [Timex(s, s + n, "x" * n, "DATE", "2025") for s, n in sorted(spans)]
    assert attach_timexes([trig], timexes, folded) == {0: timexes}
