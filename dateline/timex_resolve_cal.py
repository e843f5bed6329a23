"""Resolvers for calendar expressions: explicit and partial dates, ranges, months, years, decades,
centuries, quarters, halves, seasons, holidays. Each returns a `Res` or None to reject the match."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from dateline.model import Window
from dateline.timex_base import (
    DIGITS_RE,
    WORD_RE,
    YEAR_RE,
    Ctx,
    Res,
    bad_month_word,
    common_value,
    mod_of,
    month_in,
    words_of,
    year2,
)
from dateline.timex_cal import (
    month_by_tense,
    nearest_date,
    safe_date,
    week_value,
)
from dateline.timex_lex import (
    DECADE_WORDS,
    MONTHS,
    ORDINALS,
    SEASONS,
    spelled_year,
)

# ------------------------------------------------------------------ resolvers


def r_iso(s: str, c: Ctx) -> Res | None:
    d = safe_date(int(s[:4]), int(s[5:7]), int(s[8:10]))
    return Res("DATE", d.isoformat()) if d else None


def r_slash(s: str, c: Ctx) -> Res | None:
    a, b, y = (int(x) for x in s.split("/"))
    if y < 100:
        y += 2000 if y < 50 else 1900
    if a > 12 >= b:
        a, b = b, a
    elif not (b > 12 >= a or a == b):
        return None  # 03/04/2024: month-first or day-first? never guess
    d = safe_date(y, a, b)
    return Res("DATE", d.isoformat()) if d else None


def r_range(s: str, c: Ctx) -> Res | None:
    months = [(MONTHS[w.lower()], w) for w in WORD_RE.findall(s) if w.lower() in MONTHS]
    if any(bad_month_word(w) for _, w in months):
        return None
    body = YEAR_RE.sub(" ", s)
    days = [int(x) for x in DIGITS_RE.findall(body)]
    ym = YEAR_RE.search(s)
    if len(days) != 2 or not months:
        return None
    m1, m2 = months[0][0], months[-1][0]
    if ym:
        y1 = int(ym.group(1))
    elif c.dct is not None:
        near = nearest_date(c.dct, m1, days[0])
        if near is None:
            return None
        y1 = near.year
    else:
        return Res("DATE", f"XXXX-{m1:02d}", relative=True) if m1 == m2 else None
    a = safe_date(y1, m1, days[0])
    b = safe_date(y1 + (1 if m2 < m1 else 0), m2, days[1])
    if a is None or b is None or b <= a:
        return None
    return Res("DATE", common_value(a, b), relative=not ym, window=Window(a, b, "range"))


def r_rng_y(s: str, c: Ctx) -> Res | None:
    nums = DIGITS_RE.findall(s)
    y1 = int(nums[0])
    y2 = year2(nums[1], y1)
    if not (y1 < y2 <= y1 + 100) or y2 > 9998:
        return None
    a, b = dt.date(y1, 1, 1), dt.date(y2, 12, 31)
    return Res("DATE", common_value(a, b), window=Window(a, b, "range"))


def r_date(s: str, c: Ctx) -> Res | None:
    found = month_in(s)
    if found is None:
        return None
    month, word = found
    if bad_month_word(word):
        return None
    body = YEAR_RE.sub(" ", s) if YEAR_RE.search(s) else s
    days = DIGITS_RE.findall(body)
    if not days:
        return None
    day = int(days[0])
    ym = YEAR_RE.search(s)
    if ym:
        d = safe_date(int(ym.group(1)), month, day)
        return Res("DATE", d.isoformat()) if d else None
    if safe_date(2000, month, day) is None:
        return None
    if c.dct is None:
        return Res("DATE", f"XXXX-{month:02d}-{day:02d}", relative=True)
    near = date_by_tense(c, month, day)
    return Res("DATE", near.isoformat(), relative=True) if near else None


def r_week_of(s: str, c: Ctx) -> Res | None:
    """ "the week of March 6": the ISO week holding that day."""
    res = r_date(s, c)
    if res is None or res.value.startswith("X"):
        return Res("DATE", "XXXX-WXX", relative=True) if res is not None else None
    return Res("DATE", week_value(dt.date.fromisoformat(res.value)), relative=res.relative)


def date_by_tense(c: Ctx, month: int, day: int) -> dt.date | None:
    """A month/day without a year: ahead when the tense says so, else the latest such day
    not more than 45 days after the DCT (news mostly reports the past)."""
    assert c.dct is not None
    if c.future:
        cand = safe_date(c.dct.year, month, day)
        if cand is not None and cand < c.dct - dt.timedelta(days=7):
            cand = safe_date(c.dct.year + 1, month, day)
        return cand
    if c.future_broad:
        return nearest_date(c.dct, month, day)
    cand = safe_date(c.dct.year, month, day)
    if cand is not None and cand > c.dct + dt.timedelta(days=45):
        cand = safe_date(c.dct.year - 1, month, day)
    return cand


def r_mon_year(s: str, c: Ctx) -> Res | None:
    found = month_in(s)
    ym = YEAR_RE.search(s)
    if found is None or ym is None or bad_month_word(found[1]):
        return None
    return Res("DATE", f"{ym.group(1)}-{found[0]:02d}", mod_of(s.lower()))


def r_decade(s: str, c: Ctx) -> Res | None:
    low = s.lower()
    m = re.search(r"([0-9]{4})|'([0-9])0", low)
    if m is None:
        return None
    dec = int(m.group(1)) // 10 if m.group(1) else 190 + int(m.group(2))
    return Res("DATE", f"{dec:03d}", mod_of(low.replace("'", " ")))


def r_decade_w(s: str, c: Ctx) -> Res | None:
    low = s.lower()
    d = next(DECADE_WORDS[w] for w in words_of(low) if w in DECADE_WORDS)
    return Res("DATE", f"19{d}", mod_of(low))


_CENT_WORDS = {w: n for w, n in ORDINALS.items() if w not in ("last", "final")}


def r_century(s: str, c: Ctx) -> Res | None:
    low = s.lower().replace("-", " ")
    m = re.search(r"([0-9]{1,2})(?:st|nd|rd|th)", low)
    if m:
        n = int(m.group(1))
    else:
        n = next((v for k, v in sorted(_CENT_WORDS.items(), key=lambda kv: -len(kv[0])) if k in low), 0)
    if not 1 <= n <= 21:
        return None
    return Res("DATE", f"{n - 1:02d}", mod_of(low))


_SEASON_IDX = {"SP": 0, "SU": 1, "FA": 2, "WI": 3}


def _season_now(d: dt.date) -> int:
    """Index (year*4 + season) of the season containing d; winter Dec-Feb counts to Dec's year."""
    m = d.month
    if m in (1, 2):
        return (d.year - 1) * 4 + 3
    return d.year * 4 + (0 if m <= 5 else 1 if m <= 8 else 2 if m <= 11 else 3)


_SEASON_NAME = re.compile(r"\b(?:Spring|Summer|Fall|Autumn|Winter)\b")
_NAME_RIGHT = re.compile(r"^\s+(?!(?:of|in|and|or|the|[0-9])\b)[A-Z][a-z]")
_NAME_LEFT = re.compile(
    r"(?<![.!?]\s)\b(?!(?:The|This|Last|Next|That|In|By|Since|Until|Early|Late|Mid|During|"
    r"Every|Each|Through|From|For|On|Of|A|An|And|Or|But)\b)[A-Z][a-z]+\s+$"
)


def r_season(s: str, c: Ctx) -> Res | None:
    low = s.lower()
    words = words_of(low)
    word = next(w for w in words if w in SEASONS)
    code = SEASONS[word]
    mod = mod_of(low)
    ym = YEAR_RE.search(low)
    if ym:
        return Res("DATE", f"{ym.group(1)}-{code}", mod)
    if word in ("fall", "spring") and len(words) == 1:
        return None  # "prices fall", "a spring": need a determiner or a year
    if _SEASON_NAME.search(s) and (_NAME_RIGHT.match(c.right(20)) or _NAME_LEFT.search(c.left(20))):
        return None  # "the Winter Olympics", "the Summer Palace", "Spring Festival", "the Arab Spring"
    if c.dct is None:
        return Res("DATE", f"XXXX-{code}", mod, relative=True)
    now = _season_now(c.dct)
    k = _SEASON_IDX[code]
    below = max(n for n in range(now - 4, now + 1) if n % 4 == k)
    above = min(n for n in range(now, now + 5) if n % 4 == k)
    if "last" in words or "past" in words:
        n = below if below < now else below - 4
    elif "next" in words or "coming" in words:
        n = above if above > now else above + 4
    elif "this" in words:
        n = c.dct.year * 4 + k if code != "WI" else now if now % 4 == 3 else c.dct.year * 4 + 3
    else:
        n = above if c.future_broad else below
    return Res("DATE", f"{n // 4:04d}-{code}", mod, relative=True)


def r_spelled_year(s: str, c: Ctx) -> Res | None:
    """ "nineteen ninety-six", "January nineteen ninety-seven", "the winter of nineteen ninety-four"."""
    y = spelled_year(s)
    if y is None or not 1600 <= y <= 2099:
        return None
    low = s.lower()
    if "thousand" in low and "year" not in low:
        return None  # "two thousand people"
    found = month_in(s)
    if found is not None and not bad_month_word(found[1]):
        return Res("DATE", f"{y:04d}-{found[0]:02d}")
    season = next((SEASONS[w] for w in words_of(low) if w in SEASONS), None)
    if season:
        return Res("DATE", f"{y:04d}-{season}")
    return Res("DATE", f"{y:04d}")


def r_year_end(s: str, c: Ctx) -> Res | None:
    ym = YEAR_RE.search(s)
    if ym:
        return Res("DATE", ym.group(1), "END")
    if c.dct is None:
        return Res("DATE", "XXXX", "END", relative=True)
    y = c.dct.year - (1 if "last" in s.lower() else 0)
    return Res("DATE", f"{y:04d}", "END", relative=True)


_YEAR_BAD_LEFT = re.compile(r"(?:\$|#|[0-9][,./]|no\.\s*|number\s+|[A-Za-z]-)$", re.IGNORECASE)
_YEAR_BAD_RIGHT = re.compile(
    r"^(?:\s*(?:%|percent|per|shares|people|troops|feet|foot|meters|metres|miles|km|kilometers|tons|tonnes|"
    r"barrels|units|cars|workers|employees|dollars|yen|pounds|marks|francs|points|acres|hectares|pages|"
    r"students|members|jobs|seats|votes|residents|soldiers|rooms|square|cubic|mph|lbs?|kg|mm|cm)\b|[-/][0-9])",
    re.IGNORECASE,
)


def r_year(s: str, c: Ctx) -> Res | None:
    ym = YEAR_RE.search(s)
    if ym is None:
        return None
    y = int(ym.group(1))
    if not 1600 <= y <= 2099:
        return None
    if _YEAR_BAD_LEFT.search(c.left(10)) or _YEAR_BAD_RIGHT.search(c.right(16)):
        return None
    return Res("DATE", f"{y:04d}", mod_of(s.lower()[: ym.start()]))


_NOT_MONTH_RIGHT = re.compile(
    r"^\s+(?:be|have|has|not|also|well|still|never|soon|need|want|take|make|become|seem|face|lose|find|get|go|"
    r"come|include|result|cause|help|prove|affect|reach|require|decide|allow|add|continue|try|do|say|see|"
    r"use|give|keep|mean|only|even|already|choose|apply|happen|fall|rise|increase|decline|look)\b",
    re.IGNORECASE,
)
_EVENT_NAME_LEFT = re.compile(r"\b(?:the|a|an|annual|this\s+year's|last\s+year's)\s*[`'\"]*$", re.IGNORECASE)
_EVENT_NAME_RIGHT = re.compile(r"^\s+(?:for|of|on|to)\s+(?:the\s+)?[A-Z]")
_NAME_MONTHS = ("may", "june", "april", "august")
_PREP = frozenset(
    "in on by since until till during last next this early late mid from to of for before "
    "after through between and or the".split()
)


def r_month(s: str, c: Ctx) -> Res | None:
    found = month_in(s)
    if found is None:
        return None
    month, word = found
    if not word[0].isupper():
        return None
    if _EVENT_NAME_LEFT.search(c.left(12)) and _EVENT_NAME_RIGHT.match(c.right(20)):
        return None  # "the annual March for Life", "a March on Washington": an event's name
    if word.lower() in _NAME_MONTHS and s.startswith(word):  # not "last June": a name never has "last"
        if _NOT_MONTH_RIGHT.search(c.right(14)):
            return None
        prev = re.search(r"([A-Za-z]+)\W{0,2}$", c.left(20))
        if prev and prev.group(1)[0].isupper() and prev.group(1).lower() not in _PREP:
            return None  # "Theresa May", "Secretary May"
    low = s.lower()
    mod = mod_of(low)
    words = words_of(low)
    if c.dct is None:
        return Res("DATE", f"XXXX-{month:02d}", mod, relative=True)
    if "year" in words:  # "March this year", "June last year"
        y = c.dct.year + {"last": -1, "next": 1}.get(words[-2] if words[-1] == "year" else words[-3], 0)
    elif "last" in words or "past" in words:
        y = c.dct.year if month < c.dct.month else c.dct.year - 1
    elif "next" in words or "coming" in words:
        y = c.dct.year if month > c.dct.month else c.dct.year + 1
    elif "this" in words:
        y = c.dct.year
    else:
        y = month_by_tense(c.dct, month, c.future_broad)
    return Res("DATE", f"{y:04d}-{month:02d}", mod, relative=True)


def r_ref(s: str, c: Ctx) -> Res | None:
    low = s.lower()
    if low.endswith("past"):
        return Res("DATE", "PAST_REF")
    if low in ("recently", "lately"):
        return Res("DATE", "PAST_REF")
    if "future" in low or "term" in low:
        return Res("DATE", "FUTURE_REF")
    return Res("DATE", "PRESENT_REF")


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    first = dt.date(year, month, 1)
    day = first + dt.timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (n - 1))
    while day.month != month:
        day -= dt.timedelta(days=7)
    return day


_HOLIDAYS: dict[str, Callable[[int], dt.date]] = {
    "christmas eve": lambda y: dt.date(y, 12, 24),
    "christmas": lambda y: dt.date(y, 12, 25),
    "new year's eve": lambda y: dt.date(y, 12, 31),
    "new year's": lambda y: dt.date(y, 1, 1),
    "thanksgiving": lambda y: _nth_weekday(y, 11, 4, 4),
    "independence day": lambda y: dt.date(y, 7, 4),
    "halloween": lambda y: dt.date(y, 10, 31),
    "valentine's day": lambda y: dt.date(y, 2, 14),
    "labor day": lambda y: _nth_weekday(y, 9, 1, 1),
    "memorial day": lambda y: _nth_weekday(y, 5, 1, 5),
    "election day": lambda y: (
        _nth_weekday(y, 11, 1, 1) + dt.timedelta(days=1)
    ),  # US: Tuesday after 1st Monday
}


def r_holiday(s: str, c: Ctx) -> Res | None:
    low = re.sub(r"\s+", " ", s.lower())
    det = re.match(r"(?:last|next|this past|this coming|this) ", low)
    if det:
        low = low[det.end():]
    key = next(k for k in _HOLIDAYS if low.startswith(k))
    if c.dct is None:
        d = _HOLIDAYS[key](2000)
        return Res("DATE", f"XXXX-{d.month:02d}-{d.day:02d}", relative=True)
    if not 2 <= c.dct.year <= 9997:
        return None
    cands = [_HOLIDAYS[key](y) for y in (c.dct.year - 1, c.dct.year, c.dct.year + 1)]
    word = det.group().strip() if det else ""
    if word == "last" or word == "this past":  # "last Christmas": the latest one before the DCT
        d = max(x for x in cands if x < c.dct)
    elif word == "next":
        d = min(x for x in cands if x > c.dct)
    elif word == "this coming" or c.future or c.future_broad or re.search(r"\bto\s+$", c.left(4)):
        d = min(x for x in cands if x >= c.dct)
    else:
        d = max(x for x in cands if x <= c.dct)
    return Res("DATE", d.isoformat(), relative=True)
