"""Trigger, cue and crosswalk data files: loaded, validated, compiled into one matcher."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.lexicons import LEXICON_DIR, LexiconError
from dateline.text import fold
from dateline.triggers import (
    EVENT_KINDS,
    MEETING_KINDS,
    _alternation,
    _phrase_regex,
    default_triggers,
    load_triggers,
)

BOOK = default_triggers()


def _kinds(sentence: str) -> list[tuple[str, str]]:
    folded = fold(sentence)
    return [(t.kind, t.text) for t in BOOK.find(folded, 0, len(folded))]


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Xi met with Putin.", "meet"),
        ("Modi held talks with Albanese in Delhi.", "talks"),
        ("Putin held small-scale and large-scale talks with Xi.", "talks"),
        ("The two leaders spoke by phone on Tuesday.", "phone"),
        ("They held a telephone conversation.", "phone"),
        ("Leaders joined a video call.", "video"),
        ("The king received the envoy.", "host"),
        ("She paid a state visit to France.", "visit"),
        ("He flew to Beijing.", "visit"),
        ("The G20 summit opened.", "summit"),
        ("The ministers signed a memorandum.", "sign"),
        ("A strong earthquake struck.", "disaster"),
        ("They laid a wreath at the memorial.", "commemorate"),
        ("China sent humanitarian aid.", "aid"),
    ],
)
def test_trigger_kinds(sentence: str, kind: str) -> None:
    assert kind in [k for k, _ in _kinds(sentence)]


@pytest.mark.parametrize("sentence", ["The so-called deal was a sign of weakness.", "Needs were met."])
def test_no_meeting_without_a_counterpart_word(sentence: str) -> None:
    # "met" is found as a trigger, but nothing here names a counterpart: the assembler decides that;
    # the matcher only must not invent other kinds
    assert all(k in MEETING_KINDS | EVENT_KINDS for k, _ in _kinds(sentence))


@pytest.mark.parametrize(
    ("kind", "where", "window", "found"),
    [
        ("planned", "before", "xi will", True),
        ("planned", "before", "is scheduled to", True),
        ("planned", "before", "xi", False),
        ("negated", "before", "did not", True),
        ("negated", "before", "nothing", False),
        ("hypothetical", "before", "could", True),
        ("context", "before", "during this visit, xi", True),
    ],
)
def test_cues(kind: str, where: str, window: str, found: bool) -> None:
    assert (BOOK.cue_in(kind, where, window) is not None) is found


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("https://www.gov.uk/government/news/pm-call", "GBR"),
        ("https://www.whitehouse.gov/briefing-room/x", "USA"),
        ("http://en.kremlin.ru/events/president/news/1", "RUS"),
        ("https://www.fmprc.gov.cn/eng/x.html", "CHN"),
        ("https://apnews.com/article/x", None),
        (None, None),
        ("not a url", None),
    ],
)
def test_home_country(url: str | None, code: str | None) -> None:
    assert BOOK.home_country(url) == code


def test_every_kind_has_a_crosswalk_row() -> None:
    for kind in MEETING_KINDS | EVENT_KINDS:
        assert BOOK.crosswalk[kind].event_type
    assert BOOK.crosswalk["phone"].cameo == "041"
    assert BOOK.crosswalk["visit"].cameo == "042"


def _copy_lexicon(tmp_path: Path) -> Path:
    for p in LEXICON_DIR.iterdir():
        if p.is_file():
            (tmp_path / p.name).write_bytes(p.read_bytes())
    return tmp_path


def test_bad_trigger_kind_names_file_and_line(tmp_path: Path) -> None:
    d = _copy_lexicon(tmp_path)
    with (d / "triggers.tsv").open("a") as f:
        f.write("zapped\tzap\tnone\n")
    with pytest.raises(LexiconError, match=r"triggers\.tsv:\d+: unknown kind"):
        load_triggers(d)


def test_wrong_column_count_is_reported(tmp_path: Path) -> None:
    d = _copy_lexicon(tmp_path)
    with (d / "cues.tsv").open("a") as f:
        f.write("only-one-column\n")
    with pytest.raises(LexiconError, match=r"cues\.tsv:\d+: expected 3 columns"):
        load_triggers(d)


def _ungrouped(phrases: list[str]) -> re.Pattern[str]:
    body = "|".join(_phrase_regex(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<![\w'-])(?:{body})(?![\w'-])")


@settings(max_examples=200)
@given(st.lists(st.sampled_from(["met", "meet", "met with", "held", "talks", "held … talks", "-", "'", "x", "  "]),
                max_size=12))
def test_grouped_alternation_finds_what_the_plain_one_finds(words: list[str]) -> None:
    phrases = ["met with", "met", "meet", "meeting", "held … talks", "held talks", "talks", "hosted"]
    text = " ".join(words)
    spans = [m.span() for m in _alternation(phrases).finditer(text)]
    assert spans == [m.span() for m in _ungrouped(phrases).finditer(text)]
