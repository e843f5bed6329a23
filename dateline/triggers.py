"""Trigger phrases, cue words and the CAMEO/PLOVER crosswalk: data files compiled into matchers.

The files live in `dateline/lexicon/` (`triggers.tsv`, `cues.tsv`, `crosswalk.tsv`,
`domains.tsv`). Each is validated on load; a bad row raises `LexiconError` naming file and line.
All trigger phrases are compiled into ONE regular expression per family (meeting-like
and other events), matched on the folded text.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import ahocorasick

from dateline.lexicons import LEXICON_DIR, LexiconError

MEETING_KINDS = frozenset({"meet", "talks", "host", "visit_meet", "phone", "video", "speak", "joint"})
EVENT_KINDS = frozenset({"visit", "summit", "sign", "agree", "commemorate", "aid", "disaster", "other"})
ARGUMENTS = frozenset({"person", "object", "callee", "pair", "place", "none"})
CUE_KINDS = frozenset({"planned", "negated", "hypothetical", "counted", "context"})
# where a cue is read: the clause before the trigger, the words right after it, or the predicate of a noun
# trigger ("a meeting between A and B *was called off*"; see candidates.read_status)
CUE_PLACES = ("before", "after", "predicate")
_GAP = "\u2026"
_LONG_GAP = _GAP * 2  # "……": a gap of up to eight words, for a verb whose object is a topic of any length
_GAPS = {_GAP: r"(?:\S+\s+){0,4}?", _LONG_GAP: r"(?:\S+\s+){0,8}?"}
_WITH = re.compile(r"\s+with(?![\w'-])")  # "their talks with X": see TriggerBook.find
_NO_CUES: dict[str, re.Pattern[str]] = {}  # never changed: read by `cue_in` for a kind with no cues
_NO_WORDS: dict[str, tuple[str, ...]] = {}
_MAX_CUE_WORDS = 3  # more substring tests than this cost about what the search costs
# The characters `\s` matches in a str pattern (str.isspace(); all in the Basic Multilingual Plane):
# tests/dateline/test_triggers.py checks this against the regex engine over every code point.
_SPACES = "".join(ch for ch in map(chr, range(0x10000)) if ch.isspace())


@dataclass(slots=True)  # not frozen: made by the thousand, and a frozen __init__ costs 4x
class Trigger:
    start: int
    end: int
    kind: str
    argument: str  # one of ARGUMENTS (see triggers.tsv)
    text: str


@dataclass(frozen=True, slots=True)
class Crosswalk:
    event_type: str
    cameo: str | None
    plover: str | None
    mode: str | None


@dataclass(frozen=True)
class TriggerBook:
    meeting_re: re.Pattern[str]
    event_re: re.Pattern[str]
    kinds: dict[str, tuple[str, str]]  # normalised phrase -> (kind, argument)
    gapped: tuple[tuple[re.Pattern[str], str, str], ...]
    cues: dict[str, dict[str, re.Pattern[str]]]  # kind -> where -> one alternation of the phrases
    crosswalk: dict[str, Crosswalk]
    domains: tuple[tuple[str, str], ...]
    openings: ahocorasick.Automaton | None = None  # see `_openings`; None: every position is tried
    # kind -> where -> words one of which every match of the cue holds (see `_cue_words`), when that is cheaper
    cue_words: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    # where -> one alternation of the negated and hypothetical cues (see `blocks`)
    blocking: dict[str, re.Pattern[str]] = field(default_factory=dict)

    def find(self, folded: str, start: int, end: int) -> Iterator[Trigger]:
        """Meeting-like and event triggers in folded[start:end] (the two families may overlap)."""
        for m in self._phrase_matches(folded, start, end):
            phrase = " ".join(m.group().split())
            kind_arg = self.kinds.get(phrase)
            if kind_arg is None:
                kind_arg = next(((k, a) for rx, k, a in self.gapped if rx.fullmatch(m.group())), None)
            if kind_arg is not None and kind_arg[1] == "pair" and phrase.startswith("their "):
                if _after_comma(folded, m.start()):
                    continue  # "X held talks with Y on Sunday, their first meeting since …": the same meeting again
                w = _WITH.match(folded, m.end(), end)
                if w is not None:  # "following their talks with X": the noun's own "talks with" row, if any
                    noun = phrase.rsplit(" ", 1)[1]
                    kind_arg = self.kinds.get(noun + " with")
                    if kind_arg is not None:
                        noun_start = m.end() - len(noun)
                        yield Trigger(noun_start, w.end(), kind_arg[0], kind_arg[1], folded[noun_start : w.end()])
                    continue
            if kind_arg is not None:
                yield Trigger(m.start(), m.end(), kind_arg[0], kind_arg[1], m.group())

    def _phrase_matches(self, folded: str, start: int, end: int) -> list[re.Match[str]]:
        """`meeting_re.finditer(folded, start, end)`, then `event_re`'s: the same matches, but each pattern is
        tried only where one of its phrases opens (found by the `openings` automaton in one pass)."""
        if self.openings is None:
            return [m for p in (self.meeting_re, self.event_re) for m in p.finditer(folded, start, end)]
        meeting: list[int] = []
        event: list[int] = []
        for last, (length, families) in self.openings.iter(folded, start, end):
            if families & 1:
                meeting.append(last + 1 - length)
            if families & 2:
                event.append(last + 1 - length)
        out: list[re.Match[str]] = []
        for pattern, firsts in ((self.meeting_re, meeting), (self.event_re, event)):
            cursor = start  # finditer's next search starts at the end of its last match
            for pos in sorted(set(firsts)):
                if pos >= cursor:
                    m = pattern.match(folded, pos, end)
                    if m is not None:
                        out.append(m)
                        cursor = m.end()
        return out

    def cue_in(self, kind: str, where: str, window: str) -> str | None:
        """The first cue of `kind` found on word boundaries in `window` (folded text), if any."""
        pattern = self.cues.get(kind, _NO_CUES).get(where)
        if pattern is None:
            return None
        words = self.cue_words.get(kind, _NO_WORDS).get(where)
        if words is not None and not any(w in window for w in words):
            return None  # a substring test first: the search tries the pattern at every position
        m = pattern.search(window)
        return m.group() if m else None

    def blocks(self, where: str, window: str) -> bool:
        """Whether a negated or a hypothetical cue is in `window` (folded text): one search of both
        alternations at once (a match of the one is a match of either)."""
        pattern = self.blocking.get(where)
        if pattern is None:
            return bool(self.cue_in("negated", where, window) or self.cue_in("hypothetical", where, window))
        return pattern.search(window) is not None

    def home_country(self, url: str | None) -> str | None:
        """The government whose official site published `url` (gov.uk -> GBR), if listed."""
        if not url:
            return None
        m = re.match(r"^(?:[a-z][a-z0-9+.-]*://)?([^/:?#]+)", url.strip().lower())
        host = m.group(1) if m else ""
        for suffix, code in self.domains:
            if host == suffix or host.endswith("." + suffix):
                return code
        return None


def _after_comma(folded: str, start: int) -> bool:
    """Whether a "their meeting" trigger at `start` is an apposition (right after a comma)."""
    return folded[max(0, start - 3) : start].rstrip().endswith(",")


def _read_tsv(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, list[str]]]:
    header_seen = False
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise LexiconError(path.name, None, f"cannot read: {exc}") from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if not header_seen:
            if tuple(cells) != columns:
                raise LexiconError(path.name, number, f"header must be {' | '.join(columns)}")
            header_seen = True
            continue
        if len(cells) != len(columns):
            raise LexiconError(path.name, number, f"expected {len(columns)} columns, got {len(cells)}")
        yield number, cells


def _phrase_regex(phrase: str) -> str:
    parts = [_GAPS.get(w) or re.escape(w) for w in phrase.split()]
    out = ""
    for part in parts:
        if not out:
            out = part
        elif out.endswith("?"):
            out += part
        else:
            out += r"\s+" + part
    return out


def _alternation(phrases: list[str]) -> re.Pattern[str]:
    """One regex for the phrases, longest first. The alternatives are grouped under their first character
    (the same matches: phrases that start with different characters never match at one position), so the
    engine tests one group at a word start instead of every phrase."""
    ordered = [" ".join(p.split()) for p in sorted(phrases, key=len, reverse=True)]
    if any(not p or p.startswith(_GAP) for p in ordered):
        body = "|".join(_phrase_regex(p) for p in ordered)
    else:
        groups: dict[str, list[str]] = {}
        for p in ordered:
            groups.setdefault(p[0], []).append(_phrase_regex(p)[len(re.escape(p[0])) :])
        body = "|".join(f"{re.escape(ch)}(?:{'|'.join(rest)})" for ch, rest in groups.items())
    return re.compile(rf"(?<![\w'-])(?:{body})(?![\w'-])")


def _openings(meeting_phrases: list[str], event_phrases: list[str]) -> ahocorasick.Automaton | None:
    """An automaton of how the phrases open -> (length, families: 1 meeting, 2 event, 3 both).

    Every match of `_alternation(phrases)` begins with one of its keys: the phrase itself when it is one
    word, else its first word and then how the run of `\\s+` after it opens: a space and the second word
    (nothing for a gap: its words are unknown), a space and another white-space character, or a white-space
    character other than the space. None when a phrase opens with a gap (it could start with any word)."""
    keys: dict[str, int] = {}
    for family, phrases in ((1, meeting_phrases), (2, event_phrases)):
        for phrase in phrases:
            words = phrase.split()
            if not words or words[0] in _GAPS:
                return None
            if len(words) == 1:
                opening = [words[0]]
            else:
                second = "" if words[1] in _GAPS else words[1]
                opening = [f"{words[0]} {second}"]
                opening += [words[0] + " " + ch for ch in _SPACES] + [words[0] + ch for ch in _SPACES if ch != " "]
            for key in opening:
                keys[key] = keys.get(key, 0) | family
    automaton = ahocorasick.Automaton()
    for key, families in keys.items():
        automaton.add_word(key, (len(key), families))
    automaton.make_automaton()
    return automaton


def _cue_words(phrases: list[str]) -> tuple[str, ...] | None:
    """The longest word of each phrase (every match of `_alternation(phrases)` holds one of them), when there
    are at most _MAX_CUE_WORDS of them; else None."""
    words: dict[str, None] = {}
    for phrase in phrases:
        known = [w for w in phrase.split() if w not in _GAPS]
        if not known:
            return None
        words[max(known, key=len)] = None
    return tuple(words) if len(words) <= _MAX_CUE_WORDS else None


def expand_pattern(pattern: str) -> list[str]:
    """The phrases of a triggers.tsv pattern: "hosted/hosting … talks" -> "hosted … talks", "hosting … talks"
    (a word "a/b" is any one of its forms). Raises ValueError on an empty form or a form of a gap."""
    slots = [word.split("/") for word in pattern.split()]
    if any(not form or (form in _GAPS and len(forms) > 1) for forms in slots for form in forms):
        raise ValueError(f"bad forms in {pattern!r}")
    return [" ".join(words) for words in itertools.product(*slots)]


def load_triggers(directory: Path = LEXICON_DIR) -> TriggerBook:
    kinds: dict[str, tuple[str, str]] = {}
    gapped: list[tuple[re.Pattern[str], str, str]] = []
    meeting_phrases: list[str] = []
    event_phrases: list[str] = []
    seen: dict[str, int] = {}  # phrase -> line
    for number, (pattern, kind, argument) in _read_tsv(
        directory / "triggers.tsv", ("pattern", "kind", "argument")
    ):
        if kind not in MEETING_KINDS | EVENT_KINDS:
            raise LexiconError("triggers.tsv", number, f"unknown kind {kind!r}")
        if argument not in ARGUMENTS:
            raise LexiconError("triggers.tsv", number, f"unknown argument {argument!r}")
        try:
            phrases = expand_pattern(pattern)
        except ValueError as exc:
            raise LexiconError("triggers.tsv", number, str(exc)) from exc
        for phrase in phrases:
            if phrase in seen:
                raise LexiconError("triggers.tsv", number, f"{phrase!r} is also on line {seen[phrase]}")
            seen[phrase] = number
            (meeting_phrases if kind in MEETING_KINDS else event_phrases).append(phrase)
            if _GAP in phrase:
                gapped.append((re.compile(_phrase_regex(phrase)), kind, argument))
            else:
                kinds[phrase] = (kind, argument)
    cues: dict[str, dict[str, list[str]]] = {}
    for number, (phrase, kind, where) in _read_tsv(directory / "cues.tsv", ("phrase", "kind", "where")):
        if kind not in CUE_KINDS or where not in CUE_PLACES:
            raise LexiconError("cues.tsv", number, f"unknown cue kind/where {kind!r}/{where!r}")
        cues.setdefault(kind, {}).setdefault(where, []).append(phrase)
    crosswalk: dict[str, Crosswalk] = {}
    cols = ("kind", "event_type", "cameo", "plover", "mode")
    for _number, (kind, event_type, cameo, plover, mode) in _read_tsv(directory / "crosswalk.tsv", cols):
        crosswalk[kind] = Crosswalk(
            event_type,
            None if cameo == "-" else cameo,
            None if plover == "-" else plover,
            None if mode == "-" else mode,
        )
    missing = (MEETING_KINDS | EVENT_KINDS) - set(crosswalk)
    if missing:
        raise LexiconError("crosswalk.tsv", None, f"no row for kinds {sorted(missing)}")
    domains = tuple(
        (suffix.lower(), code)
        for _n, (suffix, code) in _read_tsv(directory / "domains.tsv", ("suffix", "country"))
    )
    return TriggerBook(
        meeting_re=_alternation(meeting_phrases),
        event_re=_alternation(event_phrases),
        kinds=kinds,
        gapped=tuple(gapped),
        cues={k: {w: _alternation(v) for w, v in d.items()} for k, d in cues.items()},
        crosswalk=crosswalk,
        domains=tuple(sorted(domains, key=lambda d: -len(d[0]))),
        openings=_openings(meeting_phrases, event_phrases),
        blocking={
            w: _alternation(cues.get("negated", {}).get(w, []) + cues.get("hypothetical", {}).get(w, []))
            for w in CUE_PLACES
            if cues.get("negated", {}).get(w) or cues.get("hypothetical", {}).get(w)
        },
        cue_words={
            k: {w: words for w, v in d.items() if (words := _cue_words(v)) is not None} for k, d in cues.items()
        },
    )


@lru_cache(maxsize=1)
def default_triggers() -> TriggerBook:
    return load_triggers()
