"""Candidate helpers: the substring prefilters in front of whole-sentence searches."""

from __future__ import annotations

import re

import pytest

from dateline.candidates import _PHONE, _PHONE_WORDS, _VIDEO, _VIDEO_WORDS, _search_words


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
