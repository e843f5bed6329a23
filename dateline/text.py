"""Sentences with character offsets, and a length-preserving fold for matching.

`split_sentences(text)` returns spans such that `text[s.start:s.end] == s.text`
for every sentence; paragraphs are lines (the cleaner keeps one article
paragraph per line, blank lines between).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache


@dataclass(slots=True)  # not frozen: made by the thousand, and a frozen __init__ costs 4x
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int  # index of the paragraph (line) holding the sentence
    index: int  # position of the sentence in the document


# Abbreviations after which a period does not end a sentence.
_ABBREV = frozenset(
    """mr mrs ms dr prof gen lt col maj capt sgt adm gov sen rep st mt ft no vs etc inc ltd co corp jr sr
    jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.u a.m p.m i.e e.g approx dept est fig
    op vol pp sec""".split()
)

# A candidate boundary: ., ! or ? (optionally followed by closing quotes/brackets), then spaces, then
# something that can open a sentence.
_BOUNDARY = re.compile(r"""[.!?]['"”’)\]]*(?=\s+['"“‘(\[]?[A-Z0-9•\u2022-])""")
_BULLET = re.compile(r"^\s*(?:[•\u2022\-*]|\d{1,2}[.)])\s+")


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the period at `dot` closes an abbreviation or an initial ("U.S.", "Gen.", "J.")."""
    if text[dot] != ".":
        return False
    j = dot
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "."):
        j -= 1
    word = text[j:dot].lower()
    if not word:
        return False
    if word in _ABBREV:
        return True
    if len(word) == 1 and text[j].isupper():  # an initial: "J. Smith"
        return True
    return "." in word and all(len(p) <= 2 for p in word.split("."))  # U.S, e.g, a.m


def _split_line(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    line = text[start:end]
    cursor = 0
    for m in _BOUNDARY.finditer(line):
        dot = start + m.start()
        if _is_abbreviation(text, dot):
            continue
        spans.append((start + cursor, start + m.end()))
        cursor = m.end()
    spans.append((start + cursor, end))
    return spans


def split_sentences(text: str) -> list[Sentence]:
    """Split a cleaned article into sentences, each with exact offsets into `text`."""
    out: list[Sentence] = []
    pos = 0
    paragraph = 0
    for raw_line in text.split("\n"):
        line_start, line_end = pos, pos + len(raw_line)
        pos = line_end + 1
        if not raw_line.strip():
            continue
        bullet = _BULLET.match(raw_line)
        body_start = line_start + (bullet.end() if bullet else 0)
        for s, e in _split_line(text, body_start, line_end):
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s:
                out.append(Sentence(s, e, text[s:e], paragraph, len(out)))
        paragraph += 1
    return out


def keep_whole(sentences: list[Sentence], text: str, spans: list[tuple[int, int]]) -> list[Sentence]:
    """Join sentences split inside one of `spans` (a name the lexicon knows: "Ma. Teresa X"), in order."""
    if not spans:
        return sentences
    out: list[Sentence] = []
    k = 0
    spans = sorted(spans)
    for sent in sentences:
        while k < len(spans) and spans[k][1] <= sent.start:
            k += 1
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.paragraph == sent.paragraph
            and any(a < prev.end and b > sent.start for a, b in spans[max(0, k - 1) : k + 1])
        ):
            out[-1] = Sentence(prev.start, sent.end, text[prev.start : sent.end], prev.paragraph, prev.index)
        else:
            out.append(Sentence(sent.start, sent.end, sent.text, sent.paragraph, len(out)))
    return out


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in range(0x00C0, 0x0250):
        ch = chr(cp)
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)).lower()
        if len(base) == 1 and base != ch:
            table[cp] = base
    for cp in range(ord("A"), ord("Z") + 1):
        table[cp] = chr(cp).lower()
    table.update({ord("’"): "'", ord("‘"): "'", ord("ʼ"): "'", ord("–"): "-", ord("—"): "-", ord("‐"): "-"})
    table.update({ord("ı"): "i", ord("ß"): "s", ord("đ"): "d", ord("Đ"): "d", ord("ł"): "l", ord("Ł"): "l"})
    return table


_NON_ASCII_RUN = re.compile(r"([^\x00-\x7f]+)")


def fold(text: str) -> str:
    """Lower-case, strip Latin accents, unify apostrophes and dashes: always the same length as `text`."""
    # On ASCII the table only lower-cases A-Z, as str.lower() does, and much faster than translate(),
    # so only the runs of other characters go through the table.
    if text.isascii():
        return text.lower()
    parts = _NON_ASCII_RUN.split(text)  # ascii, other, ascii, ..., ascii
    parts[0::2] = [p.lower() for p in parts[0::2]]
    table = _fold_table()
    parts[1::2] = [p.translate(table) for p in parts[1::2]]
    folded = "".join(parts)
    if len(folded) != len(text):  # pragma: no cover - the table maps one char to one char
        raise AssertionError("fold changed the text length")
    return folded
