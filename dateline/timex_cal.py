"""Calendar arithmetic for the temporal tagger: TIMEX3 values <-> date windows.

`window_of_value` is the single place that turns a TIMEX3 value into a `Window`, so a
Timex's value and window agree by construction; `narrow` applies early/mid/late-style
modifiers inside a window.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from dateline.model import Window

_MIN_YEAR, _MAX_YEAR = 1, 9998
SEASON_MONTHS: dict[str, tuple[int, int]] = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}

_VALUE_RE = re.compile(
    r"^(?:(?P<y>[0-9]{4})(?:-(?:(?P<m>[0-9]{2})(?:-(?P<d>[0-9]{2}))?|Q(?P<q>[1-4])|H(?P<h>[12])"
    r"|(?P<s>SP|SU|FA|WI)|W(?P<w>[0-9]{2})))?|(?P<dec>[0-9]{3})|(?P<cen>[0-9]{2}))(?:T.*|-WE)?$"
)


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    n = year * 12 + (month - 1) + delta
    return n // 12, n % 12 + 1


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    if not (_MIN_YEAR <= year <= _MAX_YEAR):
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def week_value(day: dt.date) -> str:
    y, w, _ = day.isocalendar()
    return f"{y}-W{w:02d}"


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def window_of_value(value: str) -> Window | None:
    """The calendar window a resolved TIMEX3 date value denotes, or None (XXXX, P3D, PAST_REF ...)."""
    m = _VALUE_RE.match(value)
    if not m:
        return None
    try:
        if m["dec"]:
            y0 = int(m["dec"]) * 10
            return Window(dt.date(max(y0, 1), 1, 1), dt.date(y0 + 9, 12, 31), "range")
        if m["cen"]:
            y0 = int(m["cen"]) * 100
            return Window(dt.date(max(y0, 1), 1, 1), dt.date(y0 + 99, 12, 31), "range")
        y = int(m["y"])
        if not (_MIN_YEAR <= y <= _MAX_YEAR):
            return None
        if m["d"]:
            day = dt.date(y, int(m["m"]), int(m["d"]))
            return Window(day, day, "day")
        if m["m"]:
            mo = int(m["m"])
            return Window(dt.date(y, mo, 1), month_end(y, mo), "month")
        if m["q"]:
            q = int(m["q"])
            return Window(dt.date(y, 3 * q - 2, 1), month_end(y, 3 * q), "quarter")
        if m["h"]:
            h = int(m["h"])
            return Window(dt.date(y, 6 * h - 5, 1), month_end(y, 6 * h), "range")
        if m["s"]:
            first, last = SEASON_MONTHS[m["s"]]
            ly, lm = add_months(y, first, last - first)
            return Window(dt.date(y, first, 1), month_end(ly, lm), "season")
        if m["w"]:
            w = int(m["w"])
            start = dt.date.fromisocalendar(y, w, 1)
            if value.endswith("-WE"):
                return Window(start + dt.timedelta(days=5), start + dt.timedelta(days=6), "range")
            return Window(start, start + dt.timedelta(days=6), "week")
        return Window(dt.date(y, 1, 1), dt.date(y, 12, 31), "year")
    except (ValueError, OverflowError):
        return None


def narrow(window: Window, mod: str) -> Window:
    """Apply a modifier (START/MID/END, H1/H2) inside a window; a month splits 1-10/11-20/21-end."""
    if window.start is None or window.end is None or mod == "":
        return window
    start, end = window.start, window.end
    if window.precision == "month":
        if mod == "START":
            return Window(start, start.replace(day=10), "range")
        if mod == "MID":
            return Window(start.replace(day=11), start.replace(day=20), "range")
        if mod == "END":
            return Window(start.replace(day=21), end, "range")
        return window
    if window.precision == "year":
        y = start.year
        if mod == "START":
            return Window(start, dt.date(y, 4, 30), "range")
        if mod == "MID":
            return Window(dt.date(y, 5, 1), dt.date(y, 8, 31), "range")
        if mod == "END":
            return Window(dt.date(y, 9, 1), end, "range")
    years = end.year - start.year + 1
    if years in (10, 100) and start.month == 1 and start.day == 1:  # a decade or century: by years
        third = years * 3 // 10
        if mod == "START":
            return Window(start, dt.date(start.year + third, 12, 31), "range")
        if mod == "MID":
            return Window(dt.date(start.year + third, 1, 1), dt.date(end.year - third, 12, 31), "range")
        if mod == "END":
            return Window(dt.date(end.year - third + 1, 1, 1), end, "range")
    span = (end - start).days + 1
    if span < 3:
        return window
    if mod in ("H1", "H2"):
        half = span // 2
        if mod == "H1":
            return Window(start, start + dt.timedelta(days=half - 1), "range")
        return Window(start + dt.timedelta(days=half), end, "range")
    third = span // 3
    if mod == "START":
        return Window(start, start + dt.timedelta(days=third - 1), "range")
    if mod == "MID":
        return Window(start + dt.timedelta(days=third), end - dt.timedelta(days=third), "range")
    if mod == "END":
        return Window(end - dt.timedelta(days=third - 1), end, "range")
    return window


def nearest_date(dct: dt.date, month: int, day: int) -> dt.date | None:
    """The date with this month/day nearest to the DCT (within half a year either side)."""
    best: dt.date | None = None
    for y in (dct.year - 1, dct.year, dct.year + 1):
        cand = safe_date(y, month, day)
        if cand is not None and (best is None or abs((cand - dct).days) < abs((best - dct).days)):
            best = cand
    return best


def month_by_tense(dct: dt.date, month: int, future: bool) -> int:
    """The year of the month `month` said in a text of date `dct`: the latest such month on or
    before the DCT's month, or the first on or after it when the tense says it is ahead (within
    nine months: "sales this year through August" in October is the August just past). Never
    eleven months back: the month after the DCT's is the coming one ("talks resume in November"
    in late October), whatever the tense cues say."""
    ahead = (month - dct.month) % 12  # months from the DCT's month forward to `month`
    if ahead == 1 or (future and ahead <= 9):
        return dct.year if month >= dct.month else dct.year + 1
    return dct.year if month <= dct.month else dct.year - 1


def weekday_by_tense(dct: dt.date, weekday: int, future: bool, strict: bool = False) -> dt.date:
    """The day with ISO weekday `weekday`: the latest on or before the DCT, or the first on or
    after it when the tense says it is ahead (strictly after / before with `strict`)."""
    if future:
        delta = (weekday - dct.isoweekday()) % 7
        if strict and delta == 0:
            delta = 7
        return dct + dt.timedelta(days=delta)
    delta = (dct.isoweekday() - weekday) % 7
    if strict and delta == 0:
        delta = 7
    return dct - dt.timedelta(days=delta)
