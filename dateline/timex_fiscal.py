"""Resolvers for reporting periods: quarters ("the third quarter", "Q3 2025", "the latest period"),
halves ("the first half of 1998") and year-ago comparisons ("a year earlier" in an earnings story).

Earnings stories name their reporting quarter in the lead and then refer back to it
("the latest period", "the year-earlier period", "a year ago"): TIMEX3 gives those the
quarter's value (1998-Q3, 1997-Q3), so the resolvers take the story's focus quarter
(`Ctx.anchor_quarter`) when one was named."""

from __future__ import annotations

import datetime as dt
import re

from dateline.timex_base import (
    YEAR_RE,
    Ctx,
    Res,
    words_of,
)
from dateline.timex_cal import quarter_of
from dateline.timex_lex import ORDINALS


def year_of(low: str, c: Ctx) -> tuple[int | None, bool]:
    """An explicit or DCT-relative year named in a quarter/half phrase: (year, relative)."""
    ym = YEAR_RE.search(low)
    if ym:
        return int(ym.group(1)), False
    if c.dct is None:
        return None, True
    if re.search(r"last\s+year|year[\s-](?:ago|earlier)", low):
        return c.dct.year - 1, True
    if "next year" in low:
        return c.dct.year + 1, True
    if "this year" in low:
        return c.dct.year, True
    return None, True


def r_half(s: str, c: Ctx) -> Res | None:
    low = s.lower()
    h = 1 if "first" in low else 2
    y, rel = year_of(low, c)
    if y is None and c.dct is not None:
        y = c.dct.year
    return Res("DATE", f"{y:04d}-H{h}" if y else f"XXXX-H{h}", relative=rel)


def r_quarter(s: str, c: Ctx) -> Res | None:
    low = s.lower()
    q = next((ORDINALS[w] for w in words_of(low) if w in ORDINALS and ORDINALS[w] <= 4), None)
    if q is None:
        return None
    y, rel = year_of(low, c)
    if y is None:
        if c.dct is None:
            return Res("DATE", f"XXXX-Q{q}", relative=True)
        cq = quarter_of(c.dct)
        y = c.dct.year if q <= cq or c.future else c.dct.year - 1
    return Res("DATE", f"{y:04d}-Q{q}", relative=rel)


def r_qcode(s: str, c: Ctx) -> Res | None:
    q = int(re.search(r"[qQ]([1-4])", s).group(1))  # type: ignore[union-attr]
    return r_quarter(f"{ORDINALS_BY_NUM[q]} quarter {s[2:] if s[:1] in 'qQ' else s[:4]}", c)


ORDINALS_BY_NUM = {1: "first", 2: "second", 3: "third", 4: "fourth"}


def last_quarter(dct: dt.date) -> tuple[int, int]:
    q = quarter_of(dct) - 1
    return (dct.year, q) if q else (dct.year - 1, 4)


def ref_quarter(c: Ctx) -> tuple[int, int]:
    """The quarter a report talks about: the story's focus quarter (`Ctx.anchor_quarter`), else the
    last completed one. A fiscal quarter may be labelled ahead of the calendar ("its fiscal fourth
    quarter ended Sept. 30" in an October story), so any named quarter up to the DCT's own counts."""
    assert c.dct is not None
    if c.anchor_quarter is not None and c.anchor_quarter <= (c.dct.year, quarter_of(c.dct)):
        return c.anchor_quarter
    return last_quarter(c.dct)


# What the nearest reporting period before an expression is: a quarter ("the third quarter",
# "the three months") or a longer one ("the first nine months", "the first half", "the fiscal year").
_PERIOD_TALK = re.compile(
    r"\b(?:(?P<q>quarter|three\s+months)|(?:six|nine|twelve)\s+months|half|fiscal\s+year|full\s+year|"
    r"year\s+to\s+date|(?:last|this)\s+year)\b",
    re.IGNORECASE,
)


_INDEFINITE_LEFT = re.compile(
    r"\b(?:an?|one|each|every|any|another)\s+(?:(?!(?:in|of|for|at|on|to|from|by|the|its|their)\b)[a-z]+[\s-]+){0,2}$",
    re.IGNORECASE,
)
_CLAUSE_CUT = re.compile(r"[.;:!?\n]")
_REPORTED = re.compile(
    r"\b(?:reported|posted|earned|had|said|was|were|rose|fell|jumped|declined|dropped|climbed|gained|"
    r"increased|decreased|soared|slumped|totaled|[a-z]+ed\s+(?:in|for|during))\b",
    re.IGNORECASE,
)


def is_focus_quarter(text: str, start: int, dct: dt.date | None, year: int, q: int) -> bool:
    """Does an explicitly named quarter become the story's reporting quarter (the anchor of "the
    latest period", "a year earlier")? Not "a fourth-quarter charge" (indefinite), not a quarter
    more than a year before the DCT (history), and a quarter not yet over on the calendar only when
    the clause reports it in the past tense (a fiscal quarter: "reported fourth-quarter earnings")."""
    left = text[max(0, start - 120) : start]
    if _INDEFINITE_LEFT.search(left):
        return False
    if dct is None:
        return True
    if (year, q) < (dct.year - 1, quarter_of(dct)):
        return False
    if (year, q) >= (dct.year, quarter_of(dct)):
        cut = max((m.end() for m in _CLAUSE_CUT.finditer(left)), default=0)
        return _REPORTED.search(left[cut:]) is not None
    return True


def quarter_focus(c: Ctx, n: int = 1000) -> bool:
    """Is the nearest reporting period named before the expression a quarter? Then "a year ago",
    "the year-earlier period", "the 1988 period" compare quarters (1988-Q3), else years (1988)."""
    found = [m.group("q") for m in _PERIOD_TALK.finditer(c.left(n))]
    return bool(found) and found[-1] is not None


def r_qref(s: str, c: Ctx) -> Res | None:
    low = s.lower()
    ym = YEAR_RE.search(low)
    if "period" in low and not re.search(r"latest|recent|year|comparable|corresponding|same", low) and not ym:
        return None
    if re.search(r"\bsame\s+(?:period|quarter)$", low):
        return None
    if c.dct is None:
        return Res("DATE", "XXXX" if ym is None else ym.group(1), relative=True)
    y, q = ref_quarter(c)
    if re.search(r"current|this", low):
        y, q = c.dct.year, quarter_of(c.dct)
    if ym:
        return Res("DATE", f"{ym.group(1)}-Q{q}" if "quarter" in low or quarter_focus(c) else ym.group(1))
    if re.search(r"year[\s-](?:ago|earlier)|last\s+year", low):
        y -= 1
    return Res("DATE", f"{y:04d}-Q{q}", relative=True)


def r_year_rel(s: str, c: Ctx) -> Res | None:
    if c.dct is None:
        return Res("DATE", "XXXX", relative=True)
    if re.search(r"period|quarter", s, re.IGNORECASE) or quarter_focus(c):
        y, q = ref_quarter(c)
        return Res("DATE", f"{y - 1:04d}-Q{q}", relative=True)
    return Res("DATE", f"{c.dct.year - 1:04d}", relative=True)
