"""Resolvers for durations and sets: "three years", "the past 18 months", "a day-long meeting",
"for years", "every Monday", "twice a week", "daily"."""

from __future__ import annotations

import re

from dateline.timex_base import (
    Ctx,
    Res,
    duration_value,
    number_of,
    unit_in,
    words_of,
)
from dateline.timex_lex import (
    DAY_PARTS,
    MONTHS,
    SEASONS,
    VAGUE_NUMBERS,
    WEEKDAYS,
)


def r_set(s: str, c: Ctx) -> Res | None:
    low = s.lower()
    words = words_of(low)
    fixed = {
        "daily": "P1D",
        "weekly": "P1W",
        "monthly": "P1M",
        "annually": "P1Y",
        "yearly": "P1Y",
        "hourly": "PT1H",
    }
    if words[0] in fixed:
        return Res("SET", fixed[words[0]])
    wd = next((WEEKDAYS[w.rstrip("s")] for w in words if w.rstrip("s") in WEEKDAYS), None)
    if wd is not None:
        return Res("SET", f"XXXX-WXX-{wd}")
    part = next((DAY_PARTS[w.rstrip("s")] for w in words if w.rstrip("s") in DAY_PARTS), None)
    if part:
        return Res("SET", f"T{part}")
    month = next((MONTHS[w] for w in words if w in MONTHS), None)
    if month is not None:
        return Res("SET", f"XXXX-{month:02d}")
    season = next((SEASONS[w.rstrip("s")] for w in words if w.rstrip("s") in SEASONS), None)
    if season:
        return Res("SET", f"XXXX-{season}")
    unit = unit_in(words)
    if unit is None:
        return None
    if "times" in words or words[0] in ("once", "twice"):
        return Res("SET", duration_value(1, unit))  # "three times a day": P1D (TimeML freq=3X)
    n = number_of([w for w in words if w not in ("a", "an", "every", "each", "per")])
    return Res("SET", duration_value(n or 1, unit))


_VERB_LEFT = re.compile(
    r"\b(?:will|would|could|can|may|might|to|should|must|did|does|do|not)\s+$", re.IGNORECASE
)


def r_dur_det(s: str, c: Ctx) -> Res | None:
    low = s.lower()
    words = words_of(low)
    unit = unit_in(words)
    if unit is None:
        return None
    if words[0] == "last" and _VERB_LEFT.search(c.left(12)):
        return None  # "it will last 72 hours": a verb, not "the last 72 hours"
    plural = re.search(r"(?:s|ies)(?:\s+or\s+so)?$", low) is not None
    n_words = [
        w
        for w in words
        if w
        not in (
            "the",
            "each",
            "of",
            "past",
            "last",
            "next",
            "coming",
            "first",
            "final",
            "previous",
            "following",
            "latest",
            "recent",
            "preceding",
            "ensuing",
            "remaining",
            "initial",
            "trading",
            "business",
            "working",
            "or",
            "so",
        )
    ]
    has_num = len(n_words) > 1
    if not has_num:
        if plural and ("recent" in words or "coming" in words):
            return Res("DURATION", duration_value(None, unit))  # "in recent years", "in the coming weeks": PXY
        if "recent" in words:
            return Res("DATE", "PAST_REF")
        if plural and "next" in words:
            return Res("DATE", "FUTURE_REF")
        if plural and ("past" in words or "last" in words):
            return Res("DURATION", duration_value(None, unit))
        if plural:
            return None
        return Res("DURATION", duration_value(1, unit))
    return Res("DURATION", duration_value(number_of(n_words[:-1]), unit))


_MODAL_LEFT = re.compile(r"\b(?:will|would|could|might|may|can|shall|should|must)\s+$", re.IGNORECASE)
_SET_LEFT = re.compile(r"\b(?:once|twice|thrice|times|per)\s+$", re.IGNORECASE)
# a rate: an amount, then "a year" / "a day" ("10,000 units a year", "$2 million a year", "four flights
# a week", "24 hours a day"): TimeML's SET of P1Y, not a one-year duration
_RATE_LEFT = re.compile(
    r"(?:[0-9]%?|\b(?:million|billion|trillion|thousand|hundreds?|dozens?|percent|cents?|pence|"
    r"two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|thirty|forty|fifty|sixty|seventy|eighty|"
    r"ninety))(?:\s+(?:of\s+)?[A-Za-z]+){0,2}\s+$",
    re.IGNORECASE,
)


def r_dur(s: str, c: Ctx) -> Res | None:
    if re.search(r"[0-9][,.]$|\$$", c.left(2)):
        return None
    low = s.lower()
    words = words_of(low)
    unit = unit_in(words)
    if unit is None:
        return None
    if "old" in words or re.match(r"^[\s-]*old\b", c.right(6)) or re.search(r"-quarters$", low):
        return None  # ages ("a 6-year-old") and fractions ("three-quarters") are not durations
    n_words = [w for w in words if w not in ("the", "long", "and", "half")]
    fraction = len(n_words) > 1 and n_words[-2] in ("a", "an", "one", "three")
    if unit == "Q" and fraction and re.match(r"\s+of\b", c.right(4)):
        return None  # "a quarter of the market", "three quarters of voters": a fraction
    if unit == "S" and n_words[0] in ("a", "an"):
        return None  # "a second term"
    if n_words == ["one", "day"] and _MODAL_LEFT.search(c.left(10)):
        return Res("DATE", "FUTURE_REF")  # "it will one day be": some day, not a one-day duration
    n = number_of(n_words[:-1])
    if n is None and not any(w in VAGUE_NUMBERS for w in n_words):
        return None
    if n == 1 and (_SET_LEFT.search(c.left(10)) or (n_words[0] in ("a", "an") and _RATE_LEFT.search(c.left(30)))):
        return Res("SET", duration_value(1, unit))
    frac = re.search(r"([0-9]+)\s+1/2", low)
    if frac:
        n = int(frac.group(1))
    if ("half" in words or frac) and n is not None:
        if unit == "Y":
            return Res("DURATION", f"P{n}Y6M")
        if unit == "H":
            return Res("DURATION", f"PT{n}H30M")
        if unit == "MIN":
            return Res("DURATION", f"PT{n}M30S")
        if unit == "D":
            return Res("DURATION", f"P{n}DT12H")
    return Res("DURATION", duration_value(n, unit))


_BARE_LEFT = re.compile(
    r"\b(?:for|within|over|took|take|takes|lasted|last|lasts|spent|spend|after|"
    # "the first time in years", "its lowest level in decades", "the worst drought in centuries"
    r"(?:time|level|high|low|[a-z]+est)\s+in)\s+$",
    re.IGNORECASE,
)


def r_unit_long(s: str, c: Ctx) -> Res | None:
    """ "a day-long meeting", "a decades-long battle": a duration (vague when the unit is plural)."""
    unit = unit_in(words_of(s.lower().replace("-long", "")))
    if unit is None:
        return None
    plural = re.search(r"(?:s|ies)-long$", s.lower()) is not None
    return Res("DURATION", duration_value(None if plural else 1, unit))


def r_bare(s: str, c: Ctx) -> Res | None:
    """A bare plural unit is a vague duration only after "for", "within", "took" ... ("for years")."""
    if not _BARE_LEFT.search(c.left(12)):
        return None
    unit = unit_in(words_of(s))
    return Res("DURATION", duration_value(None, unit)) if unit else None
