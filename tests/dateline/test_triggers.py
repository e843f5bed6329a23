"""Trigger, cue and crosswalk data files: loaded, validated, compiled into one matcher."""

from __future__ import annotations

import dataclasses
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.lexicons import LEXICON_DIR, LexiconError
from dateline.text import fold
from dateline.triggers import (
    _SPACES,
    EVENT_KINDS,
    MEETING_KINDS,
    TriggerBook,
    _alternation,
    _cue_words,
    _openings,
    _phrase_regex,
    default_triggers,
    expand_pattern,
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
        ("Ortiz discussed the border with Lund by phone.", "talks"),
        ("Ortiz discussed the new border treaty draft with Lund.", "talks"),
        ("the talks that Ortiz held with Lund", "talks"),
        ("Ortiz and Lund recalled their last meeting.", "meet"),
        ("Ortiz and Lund recalled their talks.", "meet"),
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


@pytest.mark.parametrize(
    ("pattern", "phrases"),
    [
        ("met", ["met"]),
        ("hosted/hosting", ["hosted", "hosting"]),
        ("held/holding … talks", ["held … talks", "holding … talks"]),
        ("spoke/spoken by phone/fax", ["spoke by phone", "spoke by fax", "spoken by phone", "spoken by fax"]),
    ],
)
def test_a_pattern_lists_the_forms_of_its_words(pattern: str, phrases: list[str]) -> None:
    assert expand_pattern(pattern) == phrases


@pytest.mark.parametrize(
    ("row", "message"),
    [("hosted//x\thost\tperson\n", "bad forms"), ("met/held talks\tmeet\tperson\n", "'held talks' is also on line")],
    ids=["empty form", "phrase listed twice"],
)
def test_bad_forms_name_file_and_line(tmp_path: Path, row: str, message: str) -> None:
    d = _copy_lexicon(tmp_path)
    with (d / "triggers.tsv").open("a") as f:
        f.write(row)
    with pytest.raises(LexiconError, match=rf"triggers\.tsv:\d+: {message}"):
        load_triggers(d)


@pytest.mark.parametrize(
    ("sentence", "kind", "argument"),
    [
        ("The ministers had spoken by phone.", "phone", "person"),
        ("She looked forward to hosting the king.", "host", "object"),
        ("He looks forward to welcoming the president.", "host", "object"),
        ("He will receive the envoy.", "host", "object"),
        ("They will hold a bilateral meeting.", "meet", "person"),
        ("They are holding formal talks.", "talks", "person"),
        ("The envoys conferred with the minister.", "talks", "person"),
        ("The minister called on the emir.", "visit_meet", "callee"),
        ("The premier is visiting Spain.", "visit", "place"),
        ("She will then travel on to Madrid.", "visit", "place"),
    ],
)
def test_verb_forms(sentence: str, kind: str, argument: str) -> None:
    folded = fold(sentence)
    assert (kind, argument) in [(t.kind, t.argument) for t in BOOK.find(folded, 0, len(folded))]


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



def _phrases_of_triggers() -> list[str]:
    rows = (LEXICON_DIR / "triggers.tsv").read_text(encoding="utf-8").splitlines()
    patterns = [row.split("\t")[0] for row in rows if row.strip() and not row.startswith(("#", "pattern\t"))]
    return sorted({phrase for pattern in patterns for phrase in expand_pattern(pattern)})


_WHITE = st.sampled_from([" ", "  ", " \t", "\t", "\n", "\n\n", "\u00a0", " \u2009", "\u3000"])
_EDGES = st.sampled_from(["", " ", "-", "'", "x", "a", ", ", "\n", " \u00a0"])


@st.composite
def _said(draw: st.DrawFn, phrases: list[str]) -> str:
    """Text made of phrases: each word of a phrase after some white space, a gap filled with 0-2 words,
    some words glued to a letter or a hyphen (no longer on a word boundary)."""
    out = []
    for phrase in draw(st.lists(st.sampled_from(phrases), max_size=6)):
        out.append(draw(_EDGES))
        for k, word in enumerate(phrase.split()):
            if k:
                out.append(draw(_WHITE))
            filler = st.lists(st.sampled_from(["the", "a", "x"]), max_size=2)
            out.append(" ".join(draw(filler)) if word == "…" else word)
        out.append(draw(_EDGES))
    return "".join(out)


def _found(book: TriggerBook, text: str, start: int, end: int) -> list[tuple[int, int, str, str, str]]:
    folded = fold(text)
    return [(t.start, t.end, t.kind, t.argument, t.text) for t in book.find(folded, start, end)]


@settings(max_examples=300)
@given(_said(_phrases_of_triggers()), st.integers(0, 12), st.integers(0, 12))
def test_openings_find_what_every_position_finds(text: str, cut_start: int, cut_end: int) -> None:
    """The book tries its patterns only where a phrase opens (an automaton): the triggers are those of trying
    every position (`openings=None`), whatever the white space between the words and the bounds searched."""
    start, end = min(cut_start, len(text)), max(min(cut_start, len(text)), len(text) - cut_end)
    assert BOOK.openings is not None
    assert _found(BOOK, text, start, end) == _found(dataclasses.replace(BOOK, openings=None), text, start, end)


_SOME_PHRASES = ["met", "a", "a …", "in", "held … talks", "talks", "met with", "a meeting with", "…"]


@settings(max_examples=300)
@given(st.data(), st.lists(st.sampled_from(_SOME_PHRASES), min_size=1, unique=True))
def test_openings_of_any_phrases(data: st.DataObject, phrases: list[str]) -> None:
    """`_openings` for lists of phrases with short words and gaps: the same matches as the pattern alone
    (`finditer`); a phrase that opens with a gap switches the automaton off."""
    pattern = _alternation(phrases)
    openings = _openings(phrases, [])
    if any(p.startswith("…") for p in phrases):
        assert openings is None
        return
    assert openings is not None
    book = dataclasses.replace(BOOK, meeting_re=pattern, event_re=re.compile("(?!)"), openings=openings)
    text = data.draw(_said(_SOME_PHRASES[:-1]))
    spans = [m.span() for m in book._phrase_matches(text, 0, len(text))]
    assert spans == [m.span() for m in pattern.finditer(text)]


def test_spaces_are_what_the_regex_engine_calls_white_space() -> None:
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    assert "".join(re.findall(r"\s", every)) == _SPACES


def _cue_phrases() -> dict[tuple[str, str], list[str]]:
    rows = (LEXICON_DIR / "cues.tsv").read_text(encoding="utf-8").splitlines()
    out: dict[tuple[str, str], list[str]] = {}
    for row in rows[1:]:
        if row.strip() and not row.startswith("#"):
            phrase, kind, where = row.split("\t")
            out.setdefault((kind, where), []).append(phrase)
    return out


_CUES = _cue_phrases()


@settings(max_examples=300)
@given(st.data(), st.sampled_from(sorted(_CUES)))
def test_cue_words_find_what_the_search_finds(data: st.DataObject, kind_where: tuple[str, str]) -> None:
    """A cue whose phrases hold few words is looked for only where one of them is: the cue found is the
    search's (`cue_words` empty), in windows made of its phrases and others."""
    kind, where = kind_where
    own = data.draw(_said(_CUES[kind_where]))
    window = fold(data.draw(_said(sorted({p for v in _CUES.values() for p in v}))) + own)
    plain = dataclasses.replace(BOOK, cue_words={})
    assert BOOK.cue_in(kind, where, window) == plain.cue_in(kind, where, window)


@pytest.mark.parametrize(
    ("phrases", "words"),
    [
        (["during the visit", "the visit", "this visit"], ("during", "visit")),
        (["will", "shall", "'ll", "upcoming"], None),
        (["… times"], ("times",)),
        (["…"], None),
    ],
    ids=["longest-word", "too-many", "gap", "only-a-gap"],
)
def test_cue_words(phrases: list[str], words: tuple[str, ...] | None) -> None:
    assert _cue_words(phrases) == words


@settings(max_examples=300)
@given(_said(_CUES["negated", "before"] + _CUES["hypothetical", "before"]), _said(sorted(_CUES["planned", "before"])))
def test_blocks_finds_a_negated_or_hypothetical_cue(window: str, other: str) -> None:
    """`blocks` searches the negated and hypothetical cues in one alternation: true just when `cue_in` finds
    either."""
    folded = fold(other + window)
    either = BOOK.cue_in("negated", "before", folded) or BOOK.cue_in("hypothetical", "before", folded)
    assert BOOK.blocks("before", folded) is bool(either)
    assert dataclasses.replace(BOOK, blocking={}).blocks("before", folded) is bool(either)


def test_a_long_gap_takes_up_to_eight_words() -> None:
    rx = re.compile(_phrase_regex("discussed …… with"))
    assert rx.fullmatch("discussed one two three four five six seven eight with")
    assert not rx.fullmatch("discussed one two three four five six seven eight nine with")
    assert expand_pattern("discussed/discusses …… with") == ["discussed …… with", "discusses …… with"]
