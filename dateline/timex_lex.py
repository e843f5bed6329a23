"""Word tables and regex building blocks of the temporal tagger (`dateline.timex`).

Pure data: English month, weekday, number, unit and season words, plus the regex
fragments the grammar in `timex_rules` is assembled from. No I/O, nothing at import
but building constants.
"""

from __future__ import annotations

MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS: dict[str, int] = {
    "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6, "sunday": 7,
}
SEASONS: dict[str, str] = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
DAY_PARTS: dict[str, str] = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI", "tonight": "NI",
}
ORDINALS: dict[str, int] = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "fifth": 5, "5th": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
    "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
    "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
    "twenty-first": 21, "twenty first": 21, "last": 4, "final": 4,
}
NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "a hundred": 100, "a dozen": 12, "dozen": 12, "a couple of": 2, "a couple": 2,
    "couple of": 2, "both": 2,
}
VAGUE_NUMBERS = frozenset({"few", "a few", "several", "some", "many", "a number of", "the", "those", "these"})
DECADE_WORDS: dict[str, int] = {
    "twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
    "eighties": 8, "nineties": 9,
}
# TIMEX3 unit letters; D/W/M/Y/Q under P, H/MIN/S under PT.
UNITS: dict[str, str] = {
    "second": "S", "minute": "MIN", "hour": "H", "day": "D", "night": "D", "week": "W", "weekend": "WE",
    "month": "M", "quarter": "Q", "year": "Y", "decade": "DE", "century": "CE", "centurie": "CE",
}

# ---------------------------------------------------------------- regex pieces
_MONTH_FULL = "january|february|march|april|may|june|july|august|september|october|november|december"
MON = rf"(?:(?:{_MONTH_FULL})\b|(?:jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\b\.?)"
MON_FULL = rf"(?:{_MONTH_FULL})\b"
DAY = r"(?:3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?(?![0-9])"
YEAR4 = r"(?:1[0-9]{3}|20[0-9]{2})(?![0-9%]|,[0-9]|\.[0-9])"
WD = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
PART = r"(?:morning|afternoon|evening|night)"
SEASON = r"(?:spring|summer|fall|autumn|winter)"
_NUM_SMALL = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    "sixteen|seventeen|eighteen|nineteen"
)
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
NUMW = (
    rf"(?:[0-9]+(?:\.[0-9]+)?|(?:{_TENS})(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine)\b)?|"
    rf"(?:{_NUM_SMALL})\b|a\s+hundred|hundred|a\s+dozen|dozen|a\s+couple(?:\s+of)?|couple\s+of|"
    r"a\s+few|few|several|some|many|a|an)"
)
UNIT = r"(?:seconds?|minutes?|hours?|days?|weeks?|months?|quarters?|years?|decades?|centur(?:y|ies))"
# "about", "nearly", "more than" ... are TIMEX3 modifiers (mod=APPROX, ...) and inside the extent;
# the focus particles "only" and "just" ("only five hours") are not, nor is "right" in "right now".
HEDGE = (
    r"(?:(?:about|around|almost|nearly|roughly|approximately|some|more\s+than|less\s+than|at\s+least|"
    r"over|fewer\s+than|up\s+to)\s+)?"
)
MOD = r"(?:(?:early|late|mid|the\s+(?:beginning|start|middle|end|close)\s+of)(?:\s+|-))"

# Spelled-out years, as in broadcast transcripts: "nineteen ninety-six", "nineteen oh five",
# "the year two thousand" (the resolver wants "the year" before "two thousand": "two thousand people").
_W_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_W_TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_W_TENS_UNITS = rf"(?:{_TENS})(?:[\s-](?:{_W_UNITS})\b)?"
SPELLED_YEAR = (
    rf"(?:(?:the\s+year\s+)?(?:eighteen|nineteen|twenty)[\s-]+(?:{_W_TENS_UNITS}|(?:{_W_TEENS})\b|"
    rf"oh[\s-](?:{_W_UNITS})\b)|the\s+year\s+two\s+thousand(?:\s+and)?(?:\s+(?:{_W_TEENS}|{_W_UNITS})\b)?)"
)
SPELLED_NUM: dict[str, int] = {
    w: i + 1 for i, w in enumerate(_W_UNITS.split("|"))
} | {w: i + 10 for i, w in enumerate(_W_TEENS.split("|"))} | {
    w: 20 + 10 * i for i, w in enumerate(_TENS.split("|"))
} | {"oh": 0, "hundred": 0}


def spelled_year(s: str) -> int | None:
    """The year a spelled-out year names ("nineteen ninety-four" -> 1994), or None."""
    words = [w for w in s.lower().replace("-", " ").split() if w not in ("the", "year", "and", "of")]
    words = [w for w in words if w in SPELLED_NUM or w == "thousand"]
    if len(words) >= 2 and words[1] == "thousand":
        return 1000 * SPELLED_NUM.get(words[0], 0) + sum(SPELLED_NUM[w] for w in words[2:])
    if len(words) >= 2 and words[0] in ("eighteen", "nineteen", "twenty"):
        return 100 * SPELLED_NUM[words[0]] + sum(SPELLED_NUM[w] for w in words[1:])
    return None
