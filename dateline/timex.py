"""The temporal tagger: find temporal expressions in English news and normalise them (TIMEX3).

    find_timexes(text, dct)        -> [Timex], sorted by start, non-overlapping
    infer_publication_date(text)   -> (date, "text" | "inferred") | None
    run_jsonl(stdin, stdout, stderr) -> 0   (the body of `dateline timex`)

How it finds: one pass of a cheap ASCII tokenizer; only trigger tokens (month, weekday, unit,
digit, "today", "now", ...) are looked at; for each, the grammar (`timex_rules.GRAMMAR`) is
matched anchored (restricted to the alternatives that can begin with the character there)
at the leftmost plausible start among the few tokens before it; the name of
the alternative that matched picks a resolver (`timex_resolve`) that returns the value, or
rejects. The window always derives from the value (`timex_cal.window_of_value`), narrowed by
early/mid/late modifiers, so the two agree. No clock, no I/O: the DCT is passed in.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from typing import TextIO

from dateline.model import Timex, Window
from dateline.timex_cal import narrow, window_of_value
from dateline.timex_fiscal import is_focus_quarter
from dateline.timex_lex import MONTHS
from dateline.timex_resolve import RESOLVERS, Ctx
from dateline.timex_rules import (
    STARTER_TOKENS,
    TRIGGER_TOKENS,
    TRIGGERS_AFTER_GAP,
    fold_safe,
    folded_prefilter,
    grammar_for,
)
from dateline.timex_span import in_name, timeml_units, trim_determiner, trim_possessive

__all__ = ["find_timexes", "infer_publication_date", "run_jsonl"]

_TOKEN = re.compile(r"[A-Za-z]+|[0-9]+")
# A number starts an expression only as a year, a day/number before a month or a unit, a time or a range.
_DIGIT_OK = re.compile(
    r"(?:1[0-9]{3}|20[0-9]{2})(?![0-9])|[0-9]0'?s\b|[0-9]{1,4}(?:st|nd|rd|th)?\s*(?:[-/:.–]\s*[0-9]|(?:-|\s+and\s+a)?\s*"
    r"(?:a\.?m\b|p\.?m\b|am\b|pm\b|o'clock|seconds?|minutes?|hours?|days?|weeks?|months?|quarters?|years?|decades?|"
    r"centur|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|of\s|to\s|and\s|through|until|till|-))",
    re.IGNORECASE,
)
_LOOKBACK = 60  # characters before a trigger where its expression may start
_MAX_LEFT = 6  # tokens


def _candidate_starts(text: str, low: str, trig_start: int, floor: int) -> list[int]:
    lo = max(floor, trig_start - _LOOKBACK)
    # a word cut at `lo` is never a start (the isalnum test below drops it, or it is the oldest of >6)
    starts: list[int] = []
    if lo < trig_start - 1:  # else only the gap before the trigger: no token
        starts = [m.start() for m in STARTER_TOKENS.finditer(low, lo, trig_start)]
        starts = [p for p in starts[-_MAX_LEFT:] if p == 0 or not text[p - 1].isalnum()]
    if trig_start > floor and text[trig_start - 1] == "'":
        starts.append(trig_start - 1)
    starts.append(trig_start)
    return starts


_REF_VALUE = re.compile(r"^[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?$")
_QUARTER_VALUE = re.compile(r"^([0-9]{4})-Q([1-4])$")


@functools.lru_cache(maxsize=4096)
def _window_of(value: str, mod: str) -> Window | None:
    """The window of a value, narrowed by a modifier (pure, so cached: windows are immutable)."""
    base = window_of_value(value)
    return narrow(base, mod) if base is not None and mod else base


def _make(text: str, start: int, end: int, kind: str, dct: dt.date | None,
          anchor_quarter: tuple[int, int] | None, ref: str | None = None) -> Timex | None:
    try:
        res = RESOLVERS[kind](text[start:end], Ctx(dct, text, start, end, anchor_quarter, ref))
    except (OverflowError, ValueError):  # date arithmetic beyond year 1 or 9999: not resolvable
        return None
    if res is None or in_name(text, start, end):
        return None
    end = trim_possessive(text, start, end)
    start = trim_determiner(text, start, end)
    window: Window | None = None
    if res.type in ("DATE", "TIME"):
        window = res.window if res.window is not None else _window_of(res.value, res.mod)
    return Timex(start, end, text[start:end], res.type, res.value, window, res.relative)


def find_timexes(text: str, dct: dt.date | None) -> list[Timex]:
    """Every temporal expression in `text`, normalised against the document creation time `dct`.

    Sorted by start, non-overlapping; `start`/`end` are Python str offsets into `text`.
    Without a DCT, relative expressions keep unresolved values (XXXX-05-07, XXXX-WXX-2) and no window.
    """
    out: list[Timex] = []
    floor = 0
    anchor_quarter: tuple[int, int] | None = None
    ref: str | None = None  # the story's reference time (see Ctx.ref)
    digit_ok = _DIGIT_OK.match
    low = text.lower()
    if len(low) != len(text):  # a few non-ASCII letters change length when lower-cased
        low = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)
    folded = fold_safe(text)  # match the lower-case grammar on `low`, else the IGNORECASE one on `text`
    subject = low if folded else text
    # the starts before this one can only fail: they do not let the grammar consume all up to the trigger
    consumed_from = folded_prefilter().consumed_from if folded else None
    # the trigger tokens and numbers of `[a-z]+|[0-9]+`; of those after a letter or digit (skipped below
    # anyway: text[ts - 1] is alphanumeric), only the ones at the text's start are looked for
    token_starts = [0] if TRIGGER_TOKENS.match(low) else []
    token_starts += [m.start() + 1 for m in TRIGGERS_AFTER_GAP.finditer(low)]
    for ts in token_starts:
        if ts < floor:
            continue
        if low[ts] <= "9" and digit_ok(text, ts) is None:
            continue
        if ts and text[ts - 1].isalnum():
            continue
        lo = floor if consumed_from is None else max(floor, consumed_from(low, max(floor, ts - _LOOKBACK), ts))
        for p in _candidate_starts(text, low, ts, lo):
            grammar = grammar_for(low[p], folded)
            if grammar is None:
                continue
            m = grammar.match(subject, p)
            if m is None or m.end() <= ts:
                continue
            kind = m.lastgroup
            if kind is None:
                continue
            timex = _make(text, p, m.end(), kind, dct, anchor_quarter, ref)
            if timex is not None:
                if timex.type == "DATE" and _REF_VALUE.match(timex.value):
                    ref = timex.value
                if kind in ("quarter", "qcode"):
                    qm = _QUARTER_VALUE.match(timex.value)
                    if qm and is_focus_quarter(text, p, dct, int(qm.group(1)), int(qm.group(2))):
                        anchor_quarter = (int(qm.group(1)), int(qm.group(2)))
                out.append(timex)
                floor = m.end()
                break
    return out


# ------------------------------------------------------- publication date

_MON = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|" \
       r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DATELINE = re.compile(
    r"^[ \t]*[A-Z][A-Za-z .'-]{1,40}(?:\([^)\n]{1,30}\))?,\s*(?:[A-Z][A-Za-z .]{1,30},\s*)?"
    rf"(?P<md>(?:{_MON})\s+[0-9]{{1,2}}|[0-9]{{1,2}}\s+(?:{_MON}))(?:,?\s+(?P<y>[0-9]{{4}}))?"
    r"\s*(?:[./]?\s*/?[A-Z][A-Za-z-]{1,20}/?|\([A-Za-z ]{1,20}\))?\s*[-—–.:/]",
    re.IGNORECASE | re.MULTILINE,
)
_TITLE_DATE = re.compile(
    rf"^[^\n]{{0,200}}?\b(?P<d>(?:{_MON})\s+[0-9]{{1,2}},?\s+[0-9]{{4}}|[0-9]{{1,2}}\s+(?:{_MON}),?\s+[0-9]{{4}})"
    r"[^\n]{0,200}$",
    re.IGNORECASE,
)
_DAY_NUMBER = re.compile(r"(?<![0-9])[0-9]{1,2}(?![0-9])")  # "May 7-10, 2025", not "mid-September 2025"
_YEAR_ANY = re.compile(r"(?<![0-9])(19[0-9]{2}|20[0-9]{2})(?![0-9])")
# a year that is a target, not a year the story happens in: "by 2030", "until 2027"
_NOT_NOW = re.compile(r"(?:\b(?:by|until|till|through|before|beyond)\s+)$", re.IGNORECASE)


def _parse_md(md: str, year: int) -> dt.date | None:
    words = re.findall(r"[A-Za-z]+|[0-9]+", md)
    month = next((MONTHS[w.lower()] for w in words if w.lower() in MONTHS), None)
    day = next((int(w) for w in words if w.isdigit()), None)
    if month is None or day is None:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def infer_publication_date(text: str) -> tuple[dt.date, str] | None:
    """The publication date the text itself gives: a dateline ("MOSCOW, December 30. /TASS/",
    "WASHINGTON, Jan 8 (Reuters) -") or a dated title line -> basis "text"; else the latest explicit
    day-precision date with a year -> "inferred"; else None (years or months alone never count)."""
    head = text[:400]
    m = _DATELINE.search(head)
    if m:
        if m.group("y"):
            year: int | None = int(m.group("y"))
        else:
            # the story's latest year: targets ("double trade by 2030") and names ("the 2027 Cup") aside
            years = [
                int(y.group())
                for y in _YEAR_ANY.finditer(text)
                if not _NOT_NOW.search(text, max(0, y.start() - 10), y.start())
            ]
            year = max(years) if years else None
        if year is not None:
            d = _parse_md(m.group("md"), year)
            if d is not None:
                return d, "text"
    lines = text.lstrip().split("\n", 1)
    t = _TITLE_DATE.match(lines[0]) if len(lines) == 2 and len(lines[0]) <= 200 else None
    if t:
        found = [x for x in find_timexes(t.group("d"), None) if x.window and x.window.precision == "day"]
        if found and found[0].window is not None and found[0].window.start is not None:
            return found[0].window.start, "text"
    latest: dt.date | None = None
    for x in find_timexes(text, None):
        if x.relative or x.window is None or x.window.end is None or x.type not in ("DATE", "TIME"):
            continue
        day_range = x.window.precision == "range" and _DAY_NUMBER.search(x.text) is not None
        if (x.window.precision == "day" or day_range) and (latest is None or x.window.end > latest):
            latest = x.window.end
    return (latest, "inferred") if latest is not None else None


# ------------------------------------------------------------------ CLI body

def run_jsonl(stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    """`dateline timex`: JSON lines {"doc_id", "text", "dct"} in; one JSON line per expression out."""
    for n, line in enumerate(stdin, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            if not isinstance(obj, dict):
                raise ValueError("not a JSON object")
            doc_id, text, dct_s = obj.get("doc_id"), obj.get("text"), obj.get("dct")
            if not isinstance(text, str):
                raise ValueError('"text" must be a string')
            if doc_id is not None and not isinstance(doc_id, str | int):
                raise ValueError('"doc_id" must be a string')
            dct = dt.date.fromisoformat(dct_s[:10]) if isinstance(dct_s, str) and dct_s.strip() else None
            if dct_s is not None and not isinstance(dct_s, str):
                raise ValueError('"dct" must be "YYYY-MM-DD" or null')
        except ValueError as exc:  # json.JSONDecodeError is a ValueError
            stderr.write(f"dateline timex: line {n}: skipped: {exc}\n")
            continue
        for x in (u for t in find_timexes(text, dct) for u in timeml_units(t)):
            stdout.write(_JSON_OUT.encode({"doc_id": doc_id, "start": x.start, "end": x.end, "text": x.text,
                                           "type": x.type, "value": x.value}) + "\n")
    return 0


_JSON_OUT = json.JSONEncoder(ensure_ascii=False)  # json.dumps(..., ensure_ascii=False) makes one per call
