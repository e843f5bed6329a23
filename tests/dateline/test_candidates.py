"""Candidate helpers: the substring prefilters in front of whole-sentence searches."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dateline.candidates import (
    _CAPITALISED,
    _COUNTED,
    _PHONE,
    _PHONE_WORDS,
    _VIDEO,
    _VIDEO_WORDS,
    _blank,
    _search_words,
)


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
