"""Span policy of the temporal tagger: what a TIMEX3 extent includes, and matches that are part
of a name rather than a temporal expression.

* The possessive marker is not part of the extent: "last year's results" -> "last year"
  (TimeML TIMEX3 guidelines: the extent is the temporal noun phrase, not its possessive form).
* A temporal word inside a proper name or title is not a temporal expression: "People's Daily",
  "USA Today", ABC's "This Week", "60 Minutes", "High Noon", "the Communist Party daily Granma".
  Words that are always capitalised (months, weekdays, holidays) are not evidence of a name, and
  a headline set in title case is not a name either.
* A determiner or adjective before a hyphenated temporal adjective belongs to the noun it
  modifies, not to the TIMEX3: "a 16-hour flight", "the 14-day period", "its third-quarter loss",
  "robust third-quarter results", "the year-ago quarter" -> "16-hour", "14-day", "third-quarter";
  so does a possessive determiner: "its fourth quarter" -> "fourth quarter". ("the fourth
  quarter" keeps its article: a temporal noun phrase.)
* A range of days joined by a word ("from Aug. 26 to Oct. 20", "April 24 and 25") is one
  expression for the tagger (its window dates an event), but two TIMEX3s in TimeML, one for each
  end: `timeml_units` splits it for the TimeML output of `dateline timex`.
"""

from __future__ import annotations

import dataclasses
import re

from dateline.model import Timex, Window
from dateline.timex_lex import MONTHS, WEEKDAYS

_WORD = re.compile(r"[A-Za-z]+")
# words written with a capital letter wherever they stand: months, weekdays, holidays, time zones
_ALWAYS_CAPITAL = frozenset(
    [
        *MONTHS,
        *WEEKDAYS,
        *(w + "s" for w in WEEKDAYS),
        *"""christmas eve day new year years thanksgiving halloween independence valentine labor memorial
        election easter ramadan passover q""".split(),
    ]
)
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n(\[]|[.!?:;\n(\[][\"'`]+|^[\"'`]+|\s[\"'`]+|--)\s*$")
# "the daily Granma", "the Communist Party daily Rossiyskaya Gazeta": a newspaper, not a SET
_PAPER_NOUN = re.compile(r"^\s+[A-Z][a-z]")


def trim_possessive(text: str, start: int, end: int) -> int:
    """The end of the extent without a trailing possessive "'s" ("Friday's" -> "Friday")."""
    if end - start > 2 and text[end - 2 : end].lower() in ("'s", "\u2019s"):
        return end - 2
    return end


# the words before a hyphenated temporal adjective that ends the match ("the 23-year", "its third-quarter")
_BEFORE_ADJ = re.compile(
    r"(?:(?:the|a|an|its|their|his|her|our|robust|weak|strong|flat|disappointing|sluggish|latest|comparable|"
    r"same|year-ago|year-earlier)\s+)+(?=[0-9A-Za-z]+-(?:years?|months?|days?|weeks?|hours?|minutes?|decades?|"
    r"quarters?|century|ago|earlier)$)",
    re.IGNORECASE,
)
_POSSESSIVE_DET = re.compile(r"(?:its|their|his|her|our)\s+", re.IGNORECASE)


def trim_determiner(text: str, start: int, end: int) -> int:
    """The start of the extent without the determiners and adjectives that belong to the noun a
    hyphenated temporal adjective modifies, or a leading possessive determiner."""
    m = _BEFORE_ADJ.match(text, start, end) or _POSSESSIVE_DET.match(text, start, end)
    return m.end() if m and m.end() < end else start


def _is_headline(text: str, start: int) -> bool:
    """Is the line holding `start` a title-case headline ("Talks Resume Next Week")?"""
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", start)
    line = text[a : b if b >= 0 else len(text)]
    words = [w for w in _WORD.findall(line) if len(w) > 3]
    if not words or len(words) > 25 or line.rstrip().endswith((".", "?", "!")):
        return False
    return sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def in_name(text: str, start: int, end: int) -> bool:
    """Is the match text[start:end] part of a proper name or a title rather than a temporal expression?"""
    for m in _WORD.finditer(text, start, end):
        w = m.group()
        if not w[0].isupper() or w.lower() in _ALWAYS_CAPITAL or (len(w) > 1 and w.isupper()):
            continue
        if m.start() == start and _SENTENCE_START.search(text[max(0, start - 6) : start]):
            continue  # an ordinary capital at the start of a sentence: "Now, ...", "This week ..."
        return not _is_headline(text, start)
    low = text[start:end].lower()
    if low in ("daily", "weekly") and _PAPER_NOUN.match(text[end : end + 4]):
        return True
    return False


# "from Aug. 26 to Oct. 20", "between the 7th and the 10th of May", "April 24 and 25": the first end
# stops at a day number; a hyphen ("May 7-10") joins one token and is not split
_RANGE_ENDS = re.compile(
    r"^(?:(?:from|between)\s+)?(?P<a>.*?[0-9](?:st|nd|rd|th)?)\s+(?:to|through|thru|until|till|and)\s+(?P<b>.+)$",
    re.IGNORECASE,
)


def timeml_units(t: Timex) -> list[Timex]:
    """The TIMEX3s of one expression the tagger found: a range of days joined by a word gives one
    per end (TimeML annotates each end point of a range); anything else is itself."""
    w = t.window
    if t.type != "DATE" or w is None or w.precision != "range" or w.start is None or w.end is None:
        return [t]
    m = _RANGE_ENDS.match(t.text)
    if m is None:
        return [t]
    out = []
    for part, day in (("a", w.start), ("b", w.end)):
        start, end = t.start + m.start(part), t.start + m.end(part)
        out.append(dataclasses.replace(t, start=start, end=end, text=m.group(part), value=day.isoformat(),
                                       window=Window(day, day, "day")))
    return out
