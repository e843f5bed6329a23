"""The grammar of the temporal tagger: one ordered alternation of named patterns.

`GRAMMAR` is matched (anchored, `re.match`) only at a few candidate starts around trigger
words, never scanned over the whole text (see `dateline.timex.find_timexes`). The name of
the alternative that matched (`m.lastgroup`) selects the resolver in `timex_resolve`.
Order matters: at one start, the first alternative that matches wins, so longer and more
specific shapes come first.
"""

from __future__ import annotations

import functools
import re
import re._constants as _C  # the parsed-pattern opcodes, for first-character dispatch
import re._parser as _P
from typing import Any

from dateline.timex_fold import foldable, lower_pattern, text_foldable
from dateline.timex_lex import (
    DAY,
    DAY_PARTS,
    DECADE_WORDS,
    HEDGE,
    MOD,
    MON,
    MON_FULL,
    MONTHS,
    NUMBER_WORDS,
    NUMW,
    PART,
    SEASON,
    SEASONS,
    SPELLED_YEAR,
    UNIT,
    WD,
    WEEKDAYS,
    YEAR4,
)
from dateline.timex_prefilter import Prefilter

_TO = r"\s*(?:-|–|—|to|through|thru|until|till|and)\s*"
_ORD = r"(?:first|second|third|fourth|1st|2nd|3rd|4th)"
_QPRE = (
    rf"(?:(?:{YEAR4}|its|their|the|this\s+year's|last\s+year's|next\s+year's|year-ago|year-earlier|"
    r"year\s+ago|year\s+earlier|comparable|same|fiscal|flat|latest|current|calendar|weak|strong|"
    r"disappointing|sluggish|robust|seasonally\s+weak|traditionally\s+strong)[\s-]+)*"
)
_DET_UNIT = (
    r"(?:this|last|next|the\s+current|the\s+previous|the\s+following|the\s+coming|the\s+same|the\s+prior|"
    r"the\s+past|the\s+last|the\s+next|the\s+full|the\s+latest|the\s+most\s+recent|that|the)"
)

_ONE_TO_FIVE = r"(?:[0-9]+|two|three|four|five|six|few)"
_CENTURY_ORD = (
    r"(?:[0-9]{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
    r"eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|"
    r"twentieth|twenty[\s-]first)"
)
_ZONE = r"(?:EDT|EST|CDT|CST|PDT|PST|GMT|UTC|local\s+time)"
_MOD3 = r"(?:(?:early|mid|late)[\s-]+)"

ALTERNATIVES: tuple[tuple[str, str], ...] = (
    ("iso", r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?![0-9])"),
    ("slash", r"[0-9]{1,2}/[0-9]{1,2}/(?:[0-9]{4}|[0-9]{2})(?![0-9/])"),
    ("rng_md", rf"(?:(?:from|between)\s+)?{MON}\s*{DAY}{_TO}(?:{MON}\s*)?{DAY}(?:,?\s*{YEAR4})?"),
    (
        "rng_dm",
        rf"(?:(?:from|between)\s+)?(?:the\s+)?{DAY}\s*(?:{MON}\s*)?{_TO}(?:the\s+)?{DAY}\s+"
        rf"(?:of\s+)?{MON}(?:,?\s*{YEAR4})?",
    ),
    # "1994-97" is one range; "between 1994 and 1997", "from 1991 to 1997" are two years (TimeML
    # annotates each end point of a range as its own TIMEX3; the year alternative takes them)
    ("rng_y", rf"{YEAR4}\s*[-–]\s*(?:{YEAR4}|[0-9]{{2}}(?![0-9]))"),
    ("week_of", rf"the\s+week\s+of\s+{MON}\s*{DAY}(?:,?\s*{YEAR4})?"),
    ("date_mdy", rf"(?:{WD},?\s+)?{MON}\s*{DAY}(?:,?\s*{YEAR4})?"),
    ("date_dmy", rf"(?:{WD},?\s+)?(?:the\s+)?{DAY}\s+(?:of\s+)?{MON}(?:,?\s*{YEAR4})?"),
    ("mon_year", rf"{MOD}?{MON}(?:\s+of)?,?\s*{YEAR4}"),
    ("spelled_year", rf"(?:(?:the\s+)?{SEASON}\s+of\s+|{MON_FULL},?\s*)?{SPELLED_YEAR}"),
    (
        "half",
        rf"(?:the\s+)?(?:first|second|last|latter)\s+half\s+(?:of\s+)?(?:(?:this|last|next|the)\s+"
        rf"(?:fiscal\s+)?year|(?:fiscal\s+)?{YEAR4})",
    ),
    (
        "quarter",
        rf"{_QPRE}{_ORD}[\s-]+(?:fiscal[\s-]+)?quarters?\b(?:\s+of\s+(?:fiscal\s+)?"
        rf"(?:{YEAR4}|this\s+year|last\s+year|next\s+year))?",
    ),
    ("qcode", rf"(?:Q[1-4]\s*{YEAR4}|{YEAR4}\s*Q[1-4]|Q[1-4])\b"),
    (
        "qref",
        r"(?:(?:the|this|that|last\s+year's)\s+(?:(?:latest|current|recent|most\s+recent|comparable|"
        rf"same|year-ago|year-earlier|year\s+ago|year\s+earlier|{YEAR4})[\s-]+)*(?:quarter|period)"
        r"(?:\s+a\s+year\s+(?:ago|earlier))?|the\s+(?:corresponding|same|comparable)\s+(?:period|quarter)\s+"
        rf"(?:last\s+year|a\s+year\s+(?:ago|earlier)|of\s+{YEAR4}))\b(?!-to-)",  # not "quarter-to-quarter"
    ),
    (
        "year_rel",
        r"(?:the\s+)?year[\s-](?:ago|earlier)\b(?!\s+(?:[a-z]+\s+)?months)"
        r"(?:\s+(?:period|quarter))?",
    ),
    ("decade", rf"(?:the\s+)?{_MOD3}?(?:1[0-9]{{2}}0|20[0-9]0|'[0-9]0)'?s\b"),
    ("decade_w", rf"(?:the\s+)?{_MOD3}?(?:" + "|".join(DECADE_WORDS) + r")\b"),
    ("century", rf"(?:the\s+)?{_MOD3}?{_CENTURY_ORD}[\s-]+century"),
    (
        "season",
        rf"{MOD}?(?:(?:this|last|next|the|this\s+past|the\s+past|this\s+coming|that|early|late|mid)"
        rf"[\s-]+)?{_MOD3}?{SEASON}\b(?:\s+(?:of\s+)?{YEAR4})?",
    ),
    (
        "time",
        r"(?:(?:[01]?[0-9]|2[0-3])(?:[:.][0-5][0-9])?\s*(?:a\.m\.|p\.m\.|a\.m\b|p\.m\b|am\b|pm\b)|"
        rf"noon|midday|midnight|[0-9]{{1,2}}\s+o'clock)(?:\s+{_ZONE})?"
        rf"(?:\s+(?:today|yesterday|tomorrow|{WD})|,?\s+{MON}\s*{DAY}(?:,?\s*{YEAR4})?)?",
    ),
    ("dayref", r"(?:(?:earlier|later)\s+)?that\s+(?:same\s+)?day\b"),
    (
        "dayrel",
        r"(?:(?:early|late)\s+)?(?:the\s+day\s+(?:before|after)\s+(?:yesterday|tomorrow)|today|"
        rf"yesterday|tomorrow|tonight)(?:'s)?(?:\s+{PART}\b)?|"
        rf"(?:this|last|tomorrow|yesterday)\s+{PART}\b|"
        # "mid-afternoon", "late morning yesterday": a part of the news day (not "early-morning raids")
        r"(?:mid[\s-]?(?:morning|afternoon|evening)\b(?!-)|"
        r"(?:early|late)\s+(?:morning|afternoon|evening)(?=\s+(?:today|yesterday|tomorrow)\b))"
        r"(?:\s+(?:today|yesterday|tomorrow)\b)?|"
        r"the\s+(?:next|following|previous|same)\s+(?:day|morning|evening|night)\b|the\s+day\s+before\b",
    ),
    (
        "weekday",
        r"(?:(?:last|next|this|this\s+coming|this\s+past|the\s+previous|the\s+following|early|late|"
        rf"midnight)\s+)?{WD}s?(?:'s)?(?:\s+{PART}s?\b)?",
    ),
    (
        "set",
        rf"(?:(?:every|each)\s+(?:other\s+)?(?:{_ONE_TO_FIVE}\s+)?(?:days?|weeks?|months?|years?|"
        rf"quarters?|mornings?|evenings?|nights?|weekends?|summers?|winters?|springs?|autumns?|{WD}|"
        rf"{MON_FULL})|"
        r"daily|weekly|monthly|annually|yearly|hourly|(?:once|twice|(?:[0-9]+|three|four|five)\s+times)\s+"
        r"(?:a|per|every)\s+(?:day|week|month|year))\b",
    ),
    (
        "ago",
        rf"{HEDGE}{NUMW}[\s-]+(?:{UNIT}(?:\s+or\s+so)?\s+(?:ago|from\s+now|hence)|"
        r"(?:years?|months?|quarters?)\s+earlier)\b",
    ),
    (
        "rel_unit",
        rf"{MOD}?(?:(?:earlier|later)\s+(?:in\s+)?)?{_DET_UNIT}\s+(?:fiscal\s+)?"
        r"(?:week|weekend|month|year|decade|century)(?:'s)?\b(?!-)",
    ),
    (
        "dur_det",
        r"(?:each\s+of\s+)?(?:the\s+)?(?:(?:past|last|next|coming|first|final|previous|following|"
        rf"latest|recent|preceding|ensuing|remaining|initial)\s+){HEDGE}(?:{NUMW}[\s-]+)?"
        rf"(?:(?:trading|business|working)\s+)?{UNIT}"
        r"(?:\s+or\s+so)?\b",
    ),
    (
        "dur",
        r"(?:the\s+)?(?:(?:year-earlier|year-ago|latest|comparable)\s+)?"
        rf"{HEDGE}{NUMW}(?:\s+and\s+a\s+half|\s+1/2)?[\s-]+"
        rf"(?:(?:more|additional|straight|consecutive|full|trading|business|working)\s+)?{UNIT}(?:\s+and\s+a\s+half)?"
        r"(?:[\s-]+(?:long|old))?\b(?!-(?:earlier|ago))",
    ),
    ("unit_long", r"(?:days?|weeks?|months?|years?|decades?|hours?|centur(?:y|ies))-long\b"),
    (
        "bare",
        r"(?:years|months|weeks|days|decades|hours|centuries)\b"
        r"(?!\s+(?:ago|of|earlier|later|before|after))",
    ),
    ("year_end", rf"(?:(?:{YEAR4}|year|this\s+year's|last\s+year's)[\s-]+end|year's\s+end)\b"),
    ("year", rf"{MOD}?(?:(?:fiscal(?:\s+year)?|calendar(?:\s+year)?|the\s+year|the\s+fiscal\s+year)\s+)?{YEAR4}\b"),
    (
        "month",
        rf"{MOD}?(?:(?:last|next|this|this\s+past|this\s+coming|early|late|mid)[\s-]+)?"
        rf"{MON_FULL}(?:\s+(?:of\s+)?(?:last|this|next)\s+year\b)?(?:'s)?",
    ),
    (
        "ref",
        r"(?:current(?!\s+(?:fiscal\s+|calendar\s+)?(?:year|quarter|period|month|week|term|half|season|"
        r"account|accounts|affairs|events|prices?|dollars?)\b)|now|currently|these\s+days|nowadays|at\s+present|recently|lately|"
        # not "the past three summers": a count of periods follows
        r"the\s+past(?!\s+(?:[0-9]+|two|three|four|five|six|seven|eight|nine|ten|few|several|many)\s)|"
        r"the\s+(?:near\s+|distant\s+)?future|the\s+(?:near|short)\s+term)\b(?![-'])",
    ),
    (
        "holiday",
        r"(?:(?:last|next|this|this\s+past|this\s+coming)\s+)?(?:christmas(?:\s+(?:day|eve))?|new\s+year's(?:\s+(?:day|eve))?|thanksgiving(?:\s+day)?|"
        r"independence\s+day|halloween|valentine's\s+day|labor\s+day|memorial\s+day|election\s+day)\b",
    ),
)

GRAMMAR = re.compile(
    "(?:" + "|".join(f"(?P<{name}>{pat})" for name, pat in ALTERNATIVES) + r")(?![A-Za-z0-9])",
    re.IGNORECASE,
)

_EXTRA_TRIGGERS = (
    "today yesterday tomorrow tonight overnight midday now currently recently lately nowadays present past future "
    "term daily weekly monthly annually yearly hourly every each christmas thanksgiving halloween noon "
    "midnight ago century centuries decade decades weekend weekends quarter quarters period q1 q2 q3 q4 "
    "half end election days hours minutes seconds weeks months years nineteen eighteen current"
)
TRIGGERS: frozenset[str] = frozenset(
    [
        *MONTHS,
        *WEEKDAYS,
        *(w + "s" for w in WEEKDAYS),
        *SEASONS,
        *DAY_PARTS,
        *DECADE_WORDS,
        "second",
        "minute",
        "hour",
        "day",
        "week",
        "month",
        "year",
        *_EXTRA_TRIGGERS.split(),
    ]
)
STARTERS: frozenset[str] = frozenset(
    [
        *NUMBER_WORDS,
        *MONTHS,
        *WEEKDAYS,
        *"""
    the this that last next past early late mid each every from between about around almost nearly roughly
    approximately some more less at over only just its their year earlier later fiscal calendar recent
    coming first second third fourth final previous following latest several few many couple dozen hundred
    these in per once twice times midnight comparable same corresponding christmas new independence labor
    memorial valentine election fewer up ensuing remaining initial prior tomorrow yesterday today q1 q2 q3 q4 weak
    strong flat disappointing sluggish robust seasonally traditionally preceding
    """.split(),
    ]
)


def _word_trie(words: frozenset[str]) -> str:
    """An alternation of the all-letter `words`, longest first, grouped by first letter (a word can
    only match where its first letter stands, so the grouping changes no match)."""
    by_first: dict[str, list[str]] = {}
    for w in sorted((w for w in words if re.fullmatch(r"[a-z]+", w)), key=lambda w: (-len(w), w)):
        by_first.setdefault(w[0], []).append(re.escape(w[1:]))
    return "|".join(f"{ch}(?:{'|'.join(rest)})" for ch, rest in sorted(by_first.items()))


def token_filter(words: frozenset[str]) -> re.Pattern[str]:
    """Finds, in lower-cased text, exactly the tokens of `[a-z]+|[0-9]+` (maximal runs) that are one of
    `words` or a number, in order: the tokenizer's filter run by the regex engine instead of Python."""
    return re.compile(rf"(?<![a-z])(?:{_word_trie(words)})(?![a-z])|(?<![0-9])[0-9]+")


def token_after_gap(words: frozenset[str]) -> re.Pattern[str]:
    """Like `token_filter`, for the tokens that follow a character other than [a-z0-9], which the match
    includes (the token starts at match.start() + 1). Starting with that character lets the engine skip
    the letters inside words quickly."""
    return re.compile(rf"[^a-z0-9](?:(?:{_word_trie(words)})(?![a-z])|[0-9]+)")


TRIGGER_TOKENS = token_filter(TRIGGERS)
TRIGGERS_AFTER_GAP = token_after_gap(TRIGGERS)
STARTER_TOKENS = token_filter(STARTERS)


# ------------------------------------------------ first-character dispatch
# Matching the whole alternation at a start costs ~9 µs; most alternatives cannot begin with the
# character at hand. `grammar_for(ch)` is the alternation restricted to the alternatives whose
# first character may be `ch` (computed from the parsed patterns), compiled once per character.


def _first_chars(seq: list[Any]) -> tuple[set[str] | None, bool]:
    """The characters a parsed regex sequence can start with (None: any) and whether it can be empty."""
    out: set[str] = set()
    for op, av in seq:
        first: set[str] | None
        nullable = False
        if op is _C.LITERAL:
            first = {chr(av).lower(), chr(av).upper()}
        elif op is _C.IN:
            first = set()
            for iop, iav in av:
                if iop is _C.LITERAL:
                    first |= {chr(iav).lower(), chr(iav).upper()}
                elif iop is _C.RANGE and iav[1] - iav[0] < 128:
                    chars = {chr(c) for c in range(iav[0], iav[1] + 1)}
                    first |= chars | {c.lower() for c in chars} | {c.upper() for c in chars}
                else:
                    return None, False
        elif op is _C.BRANCH:
            first = set()
            for sub in av[1]:
                f, n = _first_chars(list(sub))
                if f is None:
                    return None, False
                first |= f
                nullable = nullable or n
        elif op is _C.SUBPATTERN:
            first, nullable = _first_chars(list(av[3]))
        elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT):
            first, nullable = _first_chars(list(av[2]))
            nullable = nullable or av[0] == 0
        elif op in (_C.AT, _C.ASSERT, _C.ASSERT_NOT):
            first, nullable = set(), True
        else:
            return None, False
        if first is None:
            return None, False
        out |= first
        if not nullable:
            return out, False
    return out, True


@functools.cache
def _alternative_firsts() -> list[tuple[str, str, set[str] | None]]:
    rows = []
    for name, pat in ALTERNATIVES:
        try:
            first, nullable = _first_chars(list(_P.parse(pat, re.IGNORECASE)))
        except Exception:  # a private-API change in a future Python: fall back to "any character"
            first, nullable = None, True
        rows.append((name, pat, None if nullable else first))
    return rows


@functools.cache
def grammar_for(ch: str, folded: bool = False) -> re.Pattern[str] | None:
    """The grammar restricted to alternatives that can start with `ch` (None: none can). `folded`: the
    same grammar in lower case without IGNORECASE, to match on lower-cased text (twice as fast: the
    engine skips alternatives by their first literal); only when `FOLDED_OK`, see `fold_safe`."""
    alts = tuple((name, pat) for name, pat, first in _alternative_firsts() if first is None or ch in first)
    return _compile_alternatives(alts, folded) if alts else None


@functools.cache  # one pattern for the characters that start the same alternatives ("0", "5", ... "9")
def _compile_alternatives(alts: tuple[tuple[str, str], ...], folded: bool) -> re.Pattern[str]:
    if folded:
        return re.compile("(?:" + "|".join(f"(?P<{name}>{lower_pattern(pat)})" for name, pat in alts)
                          + r")(?![a-z0-9])")
    return re.compile(
        "(?:" + "|".join(f"(?P<{name}>{pat})" for name, pat in alts) + r")(?![A-Za-z0-9])", re.IGNORECASE
    )


FOLDED_OK = all(foldable(pat) for _, pat in ALTERNATIVES)


@functools.cache
def folded_prefilter() -> Prefilter:
    """What the folded grammar can consume (see `timex_prefilter`); a no-op filter unless `FOLDED_OK`."""
    return Prefilter(lower_pattern(pat) for _, pat in ALTERNATIVES) if FOLDED_OK else Prefilter(["."])


def compile_grammars() -> None:
    """Compile now, once per process, what the tagger would compile on first use (~0.7 s: the grammar of
    every character an expression can start with, in lower case when `FOLDED_OK`, and the pre-filter), so
    that a batch's time is extraction only. The IGNORECASE grammars for text that cannot be lower-cased
    character by character (rare) stay lazy."""
    folded_prefilter()
    starts = {ch.lower() for _, _, first in _alternative_firsts() for ch in (first or ())}
    for ch in sorted(starts):
        grammar_for(ch, FOLDED_OK)


def fold_safe(text: str) -> bool:
    """Does matching `grammar_for(ch, folded=True)` on `text` lower-cased (character by character)
    give the matches of `grammar_for(ch)` on `text`?"""
    return FOLDED_OK and text_foldable(text)
