"""Shared pieces of the temporal tagger's resolvers: the result type `Res`, the context `Ctx`
(DCT, tense cues) and small word/number/unit helpers."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from dateline.model import Window
from dateline.timex_cal import (
    add_months,
    quarter_of,
    week_value,
)
from dateline.timex_fold import FoldedPattern
from dateline.timex_lex import (
    MONTHS,
    NUMBER_WORDS,
    UNITS,
)


@dataclass(frozen=True, slots=True)
class Res:
    type: str
    value: str
    mod: str = ""
    relative: bool = False
    window: Window | None = None


_FUTURE_CUE = FoldedPattern(
    r"(?:\b(?:will|won't|shall|is\s+to|are\s+to|scheduled|plans?\s+to|planning\s+to|expected\s+to|"
    r"set\s+to|going\s+to|upcoming|intends?\s+to|as\s+(?:soon|early)\s+as|planned|planning|until|till|"
    r"would\s+(?:be|leave|travel|arrive|meet|visit|hold|begin|start|return|open|close|resume))\b|'ll\b)",
    re.IGNORECASE,
)
_PAST_OVERRIDE = FoldedPattern(
    r"\b(?:(?:had\s+been|was|were|had)\s+(?:scheduled|planned|due|expected|supposed|set)|previously|originally)\b",
    re.IGNORECASE,
)
_PAST_NEAR = FoldedPattern(
    r"\b(?:said|says|told|announced|reported|added|stated|declared|was|were|had|did|met|held)\s+(?:on\s+)?$",
    re.IGNORECASE,
)


_FUTURE_BROAD = FoldedPattern(
    r"\b(?:would|expects?|expected|planned|planning|plans|to\s+be|intends?|aims?|hopes?|proposed|"
    r"deadline|due|will|shall|(?:agreement|agreed|agrees|decided|decision|deal|offer|proposal|ready|"
    r"set|pact)\s+to\s+[a-z]+)\b",
    re.IGNORECASE,
)
# "The March accession will enable ...": the verb after the expression puts it ahead
_FUTURE_RIGHT = re.compile(r"^(?:'s)?(?:\s+[a-z]+){0,2}?\s+(?:will|shall|is\s+to|are\s+to)\b")
# "Until Thursday, they had not ...", "a service planned for Saturday was canceled": the clause is past
# (not "... on Saturday and were planning to ...": a second predicate of the same subject)
_PAST_RIGHT = re.compile(r"^(?:'s)?,?(?!\s+and\b)(?:\s+[A-Za-z]+){0,2}?\s+(?:had|was|were)\b")
# A scheduled event in the present tense just before a weekday: "the two leaders meet Monday",
# "talks resume on Tuesday", "the deadline is Friday" (news uses the present for the schedule).
_SCHEDULE_LEFT = re.compile(
    r"\b(?:(?:meet|begin|start|open|close|hold|visit|travel|leave|arrive|return|resume|convene|vote|end|"
    r"expire)s|meet|begin|convene|resume|arrive|travel|takes\s+office|(?:is|are)(?:\s+due)?)"
    r"(?:\s+[a-z]+){0,2}?\s+(?:on\s+)?$"
)
# Present tense used for a scheduled event ("faces re-election in November", "the case is heard in May")
# when nothing in the clause is past tense.
_PRESENT_VERB = FoldedPattern(
    r"\b(?:faces|face|is|are|begins|begin|starts|start|opens|open|ends|expires|expire|meets|meet|heads|"
    r"returns|return|resumes|resume|takes\s+effect|comes\s+up|goes|go)\b", re.IGNORECASE)
# how far before the expression that present verb may stand: its own predicate ("the case is heard in May"),
# not a copula earlier in the clause ("this is the second meeting …, following their meeting in June")
_PRESENT_REACH = 40
_PAST_VERB = FoldedPattern(
    r"\b(?:[a-z]{2,}ed|said|was|were|had|did|met|held|began|came|went|took|left|made|fell|rose|told|"
    r"been|being|became|won|lost|saw|got|gave|sold|bought|paid|ago|last|since|earlier)\b", re.IGNORECASE)
# "the year ended March 31", "the quarter ending Sept. 30": a closed reporting period, in the past
_PAST_LEFT = FoldedPattern(r"\b(?:ended|ending|since)\s+(?:on\s+)?$", re.IGNORECASE)
_FUTURE_NEAR = FoldedPattern(
    r"\b(?:by|until|till|through|payable|effective|record|starting|beginning|before|no\s+later\s+than)\s+"
    r"(?:(?:on|in)\s+)?(?:(?:early|late|mid|the\s+(?:end|beginning|middle)\s+of)[\s-]+)?$",
    re.IGNORECASE,
)


# A sentence or clause boundary: "; ", a newline, or ". " after a word that is not an initial
# ("Daniel P. Davison") or a title ("Mr. Schwarz").
# (The dot is matched first and the look-behinds include it: tried only where there is a dot.)
_SENT_CUT = re.compile(
    r"[;\n]|\.(?<![A-Z]\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bDr\.)(?<!\bSt\.)(?<!\bJr\.)(?<!\bSr\.)(?<!\bCo\.)"
    r"(?<!\bInc\.)(?<!\bMrs\.)(?<!\bGen\.)(?<!\bGov\.)(?<!\bSen\.)(?<!\bRep\.)(?<!\bCorp\.)(?<!\bLtd\.)[\"']?\s"
)


# unambiguous future markers (not "planned", "scheduled": also past tense)
_FUTURE_STRONG = FoldedPattern(
    r"\b(?:will|shall|(?:is|are)\s+(?:to|due\s+to|scheduled\s+to|expected\s+to|set\s+to|going\s+to)|"
    r"plans?\s+to|intends?\s+to)\b|'ll\b",
    re.IGNORECASE,
)
# the left part of a clause that an expression opens: nothing, or a preposition ("On", "By", "Early")
_OPENER = re.compile(r"^[\s\"'`(]*(?:(?:on|by|from|starting|beginning|early|late|as\s+of)\s+)?$", re.IGNORECASE)


class Ctx:
    """What a resolver may look at: the DCT and the text around the match (tense cues)."""

    __slots__ = ("dct", "text", "start", "end", "anchor_quarter", "ref", "_future", "_future_broad", "_cut")

    def __init__(self, dct: dt.date | None, text: str, start: int, end: int,
                 anchor_quarter: tuple[int, int] | None = None, ref: str | None = None) -> None:
        self.dct = dct
        self.anchor_quarter = anchor_quarter  # the last quarter the text named explicitly, (year, q)
        # the story's reference time: the value of the last explicit (non-relative) date with a year,
        # e.g. "1998-06"; anaphoric expressions ("the following year", "later that year") anchor on it
        self.ref = ref
        self.text = text
        self.start = start
        self.end = end
        self._future: bool | None = None
        self._future_broad: bool | None = None
        self._cut: int | None = None  # where the clause holding the expression starts (within 110 chars)

    def left(self, n: int) -> str:
        return self.text[max(0, self.start - n):self.start]

    def right(self, n: int) -> str:
        return self.text[self.end:self.end + n]

    def _clause(self, n: int) -> str:
        """The part of the clause holding the expression that lies within n (<= 110) characters before it."""
        if self._cut is None:
            lo = max(0, self.start - 110)
            self._cut = max((m.end() for m in _SENT_CUT.finditer(self.text, lo, self.start)), default=lo)
        return self.text[max(self._cut, self.start - n) : self.start]

    @property
    def future(self) -> bool:
        """Does the sentence put the expression ahead of the DCT ("will meet on Tuesday")?
        Strict cues only: weekdays are mostly past in news ("said Friday")."""
        if self._future is None:
            left = self._clause(70)
            self._future = (
                bool(_FUTURE_CUE.search(left))
                and not _PAST_NEAR.search(left[-25:])
                and not _PAST_OVERRIDE.search(left)
                and not _PAST_RIGHT.match(self.right(30))
            ) or (_OPENER.match(left) is not None and self._future_after())
        return self._future

    def _future_after(self) -> bool:
        """For an expression that opens its sentence ("On Tuesday, the league plans to ..."): is the
        main verb after it a future one, before any past-tense verb?"""
        right = self.right(150)
        cut = _SENT_CUT.search(right)
        right = right[: cut.start()] if cut else right
        cue = _FUTURE_STRONG.search(right)
        if cue is None:
            return False
        past = _PAST_VERB.search(right)
        return past is None or past.start() >= cue.start()

    @property
    def scheduled(self) -> bool:
        """Is the expression the time of an event told in the present tense ("meet separately Monday")?
        Not in a headline (headlines tell past events in the present) nor in a clause with a past verb."""
        if not _SCHEDULE_LEFT.search(self.left(70)):
            return False
        left = self._clause(70)
        if not _SCHEDULE_LEFT.search(left) or _PAST_VERB.search(left):
            return False
        line_end = self.text.find("\n", self.end)
        line = self.text[self.end : line_end if line_end >= 0 else len(self.text)]
        return bool(re.search(r"[.!?][\"'`]*\s*$", line))

    @property
    def future_broad(self) -> bool:
        """Looser tense cues for months and dates ("would be paid in January", "payable Dec. 1", "by May")."""
        if self._future_broad is None:
            left = self._clause(110)
            if _PAST_LEFT.search(left[-20:]):
                self._future_broad = False
            else:
                self._future_broad = self.future or bool(_FUTURE_NEAR.search(left)) or (
                    bool(_FUTURE_BROAD.search(left)) and not _PAST_NEAR.search(left[-25:])) or bool(
                    _FUTURE_RIGHT.match(self.right(30))) or (
                    bool(_PRESENT_VERB.search(left[-_PRESENT_REACH:])) and not _PAST_VERB.search(left))
        return self._future_broad


QUARTER_TALK = re.compile(r"quarter|three\s+months", re.IGNORECASE)
WORD_RE = re.compile(r"[a-z]+|[0-9]+(?:\.[0-9]+)?", re.IGNORECASE)
YEAR_RE = re.compile(r"(?<![0-9])(1[0-9]{3}|20[0-9]{2})(?![0-9])")
DIGITS_RE = re.compile(r"[0-9]+")


def words_of(s: str) -> list[str]:
    return [w.lower() for w in WORD_RE.findall(s)]


def mod_of(low: str) -> str:
    if re.search(r"\b(?:early|beginning|start)\b", low):
        return "START"
    if re.search(r"\b(?:mid|middle)\b", low):
        return "MID"
    if re.search(r"\b(?:late|end|close)\b", low):
        return "END"
    return ""


def month_in(s: str) -> tuple[int, str] | None:
    for w in WORD_RE.findall(s):
        if w.lower() in MONTHS:
            return MONTHS[w.lower()], w
    return None


def bad_month_word(word: str) -> bool:
    """Lower-case "may"/"march"/"august" are verbs/adjectives, not months."""
    return word.islower() and word in ("may", "march", "mar", "august", "sat", "sun")


def number_of(words: list[str]) -> int | None:
    """The number in a duration phrase; None when vague ("several", "few")."""
    total = 0
    for i, w in enumerate(words):
        if w[0].isdigit():
            try:
                f = float(w)
            except ValueError:
                return None
            return int(f) if f == int(f) else None
        if w in ("few", "several", "some", "many"):
            return None
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if w in ("a", "an") and nxt in ("few", "couple", "hundred", "dozen"):
            continue
        if w == "couple":
            total += 2
        elif w == "hundred":
            total = total * 100 if total else 100
        elif w in NUMBER_WORDS:
            total += NUMBER_WORDS[w]
    return total or None


def unit_in(words: list[str]) -> str | None:
    for w in reversed(words):
        base = w[:-1] if w.endswith("s") and w[:-1] in UNITS else w
        if base == "centuries":
            base = "century"
        if w == "centuries":
            base = "century"
        if base in UNITS:
            return UNITS[base]
    return None


def duration_value(n: int | None, unit: str) -> str:
    num = "X" if n is None else str(n)
    if unit in ("H", "MIN", "S"):
        return f"PT{num}{'M' if unit == 'MIN' else unit}"
    if unit == "DE":
        return f"P{'X' if n is None else n * 10}Y" if n != 1 else "P10Y"
    if unit == "CE":
        return f"P{'X' if n is None else n * 100}Y"
    if unit == "WE":
        return f"P{'X' if n is None else 2 * n}D"
    return f"P{num}{unit}"


def unresolved_value(unit: str) -> str:
    return {"D": "XXXX-XX-XX", "W": "XXXX-WXX", "WE": "XXXX-WXX-WE", "M": "XXXX-XX", "Q": "XXXX-QX",
            "Y": "XXXX", "DE": "XXX", "CE": "XX"}.get(unit, "XXXX-XX-XX")


def shifted_value(dct: dt.date, unit: str, k: int) -> str | None:
    """The value of the calendar unit k units away from the DCT (k=0: the DCT's own)."""
    if unit in ("D", "H", "MIN", "S"):
        try:
            return (dct + dt.timedelta(days=k if unit == "D" else 0)).isoformat()
        except OverflowError:
            return None
    if unit in ("W", "WE"):
        try:
            v = week_value(dct + dt.timedelta(weeks=k))
        except OverflowError:
            return None
        return v + "-WE" if unit == "WE" else v
    if unit == "M":
        y, m = add_months(dct.year, dct.month, k)
        return f"{y:04d}-{m:02d}" if 1 <= y <= 9998 else None
    if unit == "Q":
        y, m = add_months(dct.year, 3 * quarter_of(dct) - 2, 3 * k)
        return f"{y:04d}-Q{(m - 1) // 3 + 1}" if 1 <= y <= 9998 else None
    y = dct.year + k * {"Y": 1, "DE": 10, "CE": 100}.get(unit, 1)
    if not 1 <= y <= 9998:
        return None
    if unit == "DE":
        return f"{y // 10:03d}"
    if unit == "CE":
        return f"{y // 100:02d}"
    return f"{y:04d}"


def year2(y2: str, y1: int) -> int:
    return (y1 // 100) * 100 + int(y2) if len(y2) == 2 else int(y2)


def common_value(a: dt.date, b: dt.date) -> str:
    """The TIMEX3 value of a range a..b: the smallest month/year/decade/century holding both ends;
    a range across centuries ("between 1998 and 2025") takes its start year."""
    if (a.year, a.month) == (b.year, b.month):
        return f"{a.year:04d}-{a.month:02d}"
    if a.year == b.year:
        return f"{a.year:04d}"
    if a.year // 10 == b.year // 10:
        return f"{a.year // 10:03d}"
    if a.year // 100 == b.year // 100:
        return f"{a.year // 100:02d}"
    return f"{a.year:04d}"


