"""Resolvers for relative and other expressions: times of day, "today"/"yesterday", weekdays,
"N units ago", "last week", durations, sets and PRESENT/PAST/FUTURE_REF; plus the registry
`RESOLVERS` that maps a grammar alternative to its resolver."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from dateline.timex_base import (
    YEAR_RE,
    Ctx,
    Res,
    bad_month_word,
    duration_value,
    mod_of,
    month_in,
    number_of,
    shifted_value,
    unit_in,
    unresolved_value,
    words_of,
)
from dateline.timex_cal import (
    safe_date,
    weekday_by_tense,
)
from dateline.timex_fiscal import (
    quarter_focus,
    r_half,
    r_qcode,
    r_qref,
    r_quarter,
    r_year_rel,
    ref_quarter,
)
from dateline.timex_lex import (
    DAY_PARTS,
    WEEKDAYS,
)
from dateline.timex_resolve_cal import (
    date_by_tense,
    r_century,
    r_date,
    r_decade,
    r_decade_w,
    r_holiday,
    r_iso,
    r_mon_year,
    r_month,
    r_range,
    r_ref,
    r_rng_y,
    r_season,
    r_slash,
    r_spelled_year,
    r_week_of,
    r_year,
    r_year_end,
)
from dateline.timex_resolve_dur import (
    r_bare,
    r_dur,
    r_dur_det,
    r_set,
    r_unit_long,
)

_TIME = re.compile(r"([0-9]{1,2})(?:[:.]([0-9]{2}))?\s*(?:(a)|(p))?", re.IGNORECASE)


def r_time(s: str, c: Ctx) -> Res | None:
    low = s.lower()
    if low.startswith("noon") or low.startswith("midday"):
        hh, mm = 12, 0
    elif low.startswith("midnight"):
        hh, mm = 24, 0
    else:
        m = _TIME.match(low)
        if m is None:
            return None
        hh, mm = int(m.group(1)), int(m.group(2) or 0)
        if hh > 12 and (m.group(3) or m.group(4)) or mm > 59:
            return None
        if m.group(4) and hh < 12:
            hh += 12
        if m.group(3) and hh == 12:
            hh = 0
    clock = f"T{hh:02d}:{mm:02d}"
    words = words_of(low)
    if c.dct is None:
        return Res("TIME", "XXXX-XX-XX" + clock, relative=True)
    day = c.dct
    found = month_in(s)
    if found is not None and not bad_month_word(found[1]):  # "5 p.m. EST Nov. 9"
        nums = [int(w) for w in words if w.isdigit()]
        ym = YEAR_RE.search(s)
        d = None
        if ym and len(nums) >= 3:
            d = safe_date(int(ym.group(1)), found[0], nums[-2])
        elif len(nums) >= 2 and safe_date(2000, found[0], nums[-1]) is not None:
            d = date_by_tense(c, found[0], nums[-1])
        if d is None:
            return None
        return Res("TIME", d.isoformat() + clock, relative=ym is None)
    if "yesterday" in words:
        day -= dt.timedelta(days=1)
    elif "tomorrow" in words:
        day += dt.timedelta(days=1)
    else:
        wd = next((WEEKDAYS[w] for w in words if w in WEEKDAYS), None)
        later = _DAY_AFTER_TIME.match(c.right(40)) if wd is None else None
        if later is not None:  # the day named after the clock time
            word = later.group(1).lower()
            if word in WEEKDAYS:
                wd = WEEKDAYS[word]
            else:
                day += dt.timedelta(days={"yesterday": -1, "tomorrow": 1}.get(word, 0))
        if wd is not None:
            day = weekday_by_tense(c.dct, wd, c.future)
    return Res("TIME", day.isoformat() + clock, relative=True)


# "at 10:35 a.m. (0735 GMT) Friday", "at 10 a.m. on Wednesday": the day the clock time is on
_DAY_AFTER_TIME = re.compile(
    r"^\s*(?:\([^()\n]{1,25}\)\s*(?:on\s+)?|on\s+)(monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"today|yesterday|tomorrow)\b",
    re.IGNORECASE,
)


_REF_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
# "the day before the election", "the day after he arrived": anchored on an event, not on today
_EVENT_ANCHOR = re.compile(r"^\s+(?!(?:and|or|but|when|as|at|in|on|with|to|for|from|of|by)\b)[A-Za-z]")


def r_dayrel(s: str, c: Ctx) -> Res | None:
    low = s.lower()
    words = words_of(low)
    if words[-1] in ("before", "after") and _EVENT_ANCHOR.match(c.right(4)):
        return None
    if "before" in words and "yesterday" in words:
        k = -2
    elif "after" in words and "tomorrow" in words:
        k = 2
    elif "yesterday" in words or "previous" in words or "before" in words:
        k = -1
    elif "tomorrow" in words or "next" in words or "following" in words:
        k = 1
    elif "last" in words:  # last night
        k = -1
    else:
        k = 0
    part = next((DAY_PARTS[w] for w in words if w in DAY_PARTS), None)
    if words[0] == "the" and c.ref is not None and _REF_DAY.match(c.ref):
        # "the next day", "the following morning", "the day before": anaphora, counted from the
        # story's reference day (the last day it named), not from the DCT as "tomorrow" is
        base = (dt.date.fromisoformat(c.ref) + dt.timedelta(days=k)).isoformat()
    elif c.dct is None:
        base = "XXXX-XX-XX"
    else:
        base = (c.dct + dt.timedelta(days=k)).isoformat()
    if part:
        return Res("TIME", f"{base}T{part}", relative=True)
    return Res("DATE", base, relative=True)



def r_dayref(s: str, c: Ctx) -> Res | None:
    """ "that day", "later that day", "later in the day": the story's reference day (TimeML anaphora),
    else the DCT."""
    if c.ref is not None and _REF_DAY.match(c.ref):
        return Res("DATE", c.ref, relative=True)
    if c.dct is None:
        return Res("DATE", "XXXX-XX-XX", relative=True)
    return Res("DATE", c.dct.isoformat(), relative=True)


def r_weekday(s: str, c: Ctx) -> Res | None:
    low = s.lower()
    words = words_of(low)
    wdw = next(w for w in words if w.rstrip("s") in WEEKDAYS or w in WEEKDAYS)
    wd = WEEKDAYS[wdw if wdw in WEEKDAYS else wdw[:-1]]
    part = next((DAY_PARTS[w.rstrip("s")] for w in words if w.rstrip("s") in DAY_PARTS), None)
    suffix = f"T{part}" if part else ""
    if wdw not in WEEKDAYS or (part and words[-1].endswith("s")):  # "Fridays", "Tuesday nights": a set
        return Res("SET", f"XXXX-WXX-{wd}{suffix}")
    if "midnight" in words:
        suffix = "T24:00"
    if c.dct is None:
        return Res("TIME" if suffix else "DATE", f"XXXX-WXX-{wd}{suffix}", relative=True)
    if "previous" in words:
        day = weekday_by_tense(c.dct, wd, False, strict=True) - dt.timedelta(days=7)
    elif "last" in words or "past" in words:
        day = weekday_by_tense(c.dct, wd, False, strict=True)
    elif "next" in words or "following" in words:
        day = weekday_by_tense(c.dct, wd, True, strict=True)
    elif "this" in words or "coming" in words:
        day = weekday_by_tense(c.dct, wd, True)
    else:
        day = weekday_by_tense(c.dct, wd, c.future or c.scheduled)
    return Res("TIME" if suffix else "DATE", day.isoformat() + suffix, relative=True)


def r_ago(s: str, c: Ctx) -> Res | None:
    if re.search(r"[0-9][,.]$", c.left(2)):
        return None
    low = s.lower()
    words = words_of(low)
    unit = unit_in(words)
    if unit is None:
        return None
    back = any(w in ("ago", "earlier", "before") for w in words)
    num_words = [
        w
        for w in words
        if w
        not in (
            "about",
            "around",
            "almost",
            "nearly",
            "roughly",
            "some",
            "more",
            "than",
            "less",
            "at",
            "least",
            "over",
            "only",
            "just",
            "or",
            "so",
        )
    ]
    n = number_of(num_words[:-2])
    if n is None:
        return Res("DATE", "PAST_REF" if back else "FUTURE_REF")
    if c.dct is None:
        return Res("DATE", "PAST_REF" if back else "FUTURE_REF", relative=True)
    k = -n if back else n
    if unit == "Y" and n == 1 and quarter_focus(c):
        y, q = ref_quarter(c)
        return Res("DATE", f"{y - 1:04d}-Q{q}", relative=True)
    if unit == "DE":
        unit, k = "Y", 10 * k
    elif unit == "CE":
        unit, k = "Y", 100 * k
    elif unit == "WE":
        unit = "W"
    v = shifted_value(c.dct, unit, k)
    return Res("DATE", v, relative=True) if v else None


_SHIFT = {
    "this": 0,
    "current": 0,
    "full": 0,
    "same": 0,
    "the": 0,
    "that": 0,
    "last": -1,
    "previous": -1,
    "prior": -1,
    "past": -1,
    "next": 1,
    "following": 1,
    "coming": 1,
    "latest": -1,  # "the latest fiscal year": the last one completed
    "recent": -1,
}


def r_rel_unit(s: str, c: Ctx) -> Res | None:
    low = s.lower()
    words = words_of(low)
    unit = unit_in(words[-2:])
    if unit is None:
        return None
    mod = mod_of(low)
    det_words = [w for w in words if w in _SHIFT]
    det = det_words[-1] if det_words else "the"
    earlier = words[0] in ("earlier", "later") or (len(words) > 1 and words[1] in ("earlier", "later"))
    the_dur = re.search(r"\bthe\s+(?:past|last|next|coming)\s+(?:fiscal\s+)?\w+$", low) is not None
    if the_dur and not mod:
        if unit in ("Y", "DE") and det in ("past", "last") and c.dct is not None:
            v = shifted_value(c.dct, unit, -1)  # "the past year", "the last decade": TimeBank's DATE
            return Res("DATE", v, relative=True) if v else None
        return Res("DURATION", duration_value(1, unit))
    if unit == "WE" and det == "the" and c.dct is not None:
        k = 0 if c.dct.isoweekday() >= 6 else (1 if c.future else -1)
        return Res("DATE", shifted_value(c.dct, "WE", k) or "XXXX-WXX-WE", mod, relative=True)
    if unit == "Y" and det in ("the", "full") and not mod and not earlier:
        # "the year ended June 30", "the fiscal year": a reporting period (a year long);
        # "for the year", "the full year": the DCT's year
        if _YEAR_BAD_FOLLOW.match(c.right(12)) or "Year" in s:
            return None  # "the year before", "the year since ...", "Person of the Year"
        if "fiscal" in words or _PERIOD_ENDED.match(c.right(20)):
            return Res("DURATION", "P1Y")
        if c.dct is None:
            return Res("DATE", "XXXX", relative=True)
        return Res("DATE", f"{c.dct.year:04d}", relative=True)
    ref = _ref_shift(c, det, unit, earlier, mod)
    if ref is not None:
        return ref
    if det in ("the", "that") and not mod and not earlier:
        return None  # "the week", "that month": an anaphor, not the DCT's
    k = _SHIFT[det]
    if c.dct is None:
        return Res("DATE", unresolved_value(unit), mod, relative=True)
    v = shifted_value(c.dct, unit, k)
    return Res("DATE", v, mod, relative=True) if v else None


_PERIOD_ENDED = re.compile(r"\s+(?:that\s+)?(?:ended|ending|ends|to\s+(?:date|end))\b", re.IGNORECASE)
_YEAR_BAD_FOLLOW = re.compile(
    r"\s+(?:before|after|earlier|ago|later|since|when|in\s+which|that\s+(?!ended))\b", re.IGNORECASE
)
_REF_YM = re.compile(r"^([0-9]{4})(?:-([0-9]{2}))?")


def _ref_shift(c: Ctx, det: str, unit: str, earlier: bool, mod: str) -> Res | None:
    """Anaphoric years and months ("the following year", "later that year", "the previous month")
    anchor on the story's reference time (the last explicit date), not on the DCT (TimeML)."""
    if c.ref is None or unit not in ("Y", "M"):
        return None
    if det not in ("following", "previous", "prior", "that") and not (det == "same" and unit == "Y"):
        return None
    m = _REF_YM.match(c.ref)
    if m is None:
        return None
    k = {"following": 1, "previous": -1, "prior": -1}.get(det, 0)
    if det == "that" and not earlier and not mod and c.text[c.start : c.start + 4].lower() != "that":
        return None
    if unit == "Y":
        y = int(m.group(1)) + k
        return Res("DATE", f"{y:04d}", mod, relative=True) if 1 <= y <= 9998 else None
    if m.group(2) is None:
        return None
    n = int(m.group(1)) * 12 + int(m.group(2)) - 1 + k
    y = n // 12
    return Res("DATE", f"{y:04d}-{n % 12 + 1:02d}", mod, relative=True) if 1 <= y <= 9998 else None


RESOLVERS: dict[str, Callable[[str, Ctx], Res | None]] = {
    "iso": r_iso,
    "slash": r_slash,
    "rng_md": r_range,
    "rng_dm": r_range,
    "rng_y": r_rng_y,
    "date_mdy": r_date,
    "date_dmy": r_date,
    "week_of": r_week_of,
    "mon_year": r_mon_year,
    "half": r_half,
    "quarter": r_quarter,
    "qcode": r_qcode,
    "qref": r_qref,
    "year_rel": r_year_rel,
    "decade": r_decade,
    "decade_w": r_decade_w,
    "century": r_century,
    "season": r_season,
    "time": r_time,
    "dayrel": r_dayrel,
    "weekday": r_weekday,
    "set": r_set,
    "ago": r_ago,
    "rel_unit": r_rel_unit,
    "dur_det": r_dur_det,
    "dur": r_dur,
    "bare": r_bare,
    "year_end": r_year_end,
    "year": r_year,
    "month": r_month,
    "ref": r_ref,
    "holiday": r_holiday,
    "spelled_year": r_spelled_year,
    "dayref": r_dayref,
    "unit_long": r_unit_long,
}
