"""The lexicons compiled once into one Aho-Corasick automaton: match, then resolve overlaps.

`compile_matcher(lexicon)` builds the automaton over every surface form (country names
and aliases, demonyms, capitals and cities, organisations, role phrases, leader names);
`Matcher.find(text, folded)` returns the leftmost-longest mentions on word boundaries.
Matching runs on `dateline.text.fold(text)`, which keeps offsets identical to `text`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from dateline.lexicons import Lexicon, load_lexicon
from dateline.text import fold

# When two surface forms of the same length overlap, the lower number wins.
PRIORITY = {"leader": 0, "org": 1, "country": 2, "demonym": 3, "place": 4, "role": 5}
# Kinds whose surface must start with a capital letter in the text ("China", not "china").
_CAPITALISED = frozenset({"leader", "org", "country", "demonym", "place"})


@dataclass(slots=True)  # not frozen: made by the thousand, and a frozen __init__ costs 4x
class Mention:
    start: int
    end: int
    kind: str  # leader | org | country | demonym | place | role
    key: str  # leader surface (folded), organisation/country code, or canonical role
    text: str


@dataclass(frozen=True, slots=True)
class _Entry:
    kind: str
    key: str
    exact: str | None  # the surface, when it must match case-exactly (acronyms such as "US")
    capital: bool  # the text must start with a capital ("China"), unless the lexicon form does not ("von der")
    priority: int  # PRIORITY[kind]


class Matcher:
    def __init__(self, automaton: ahocorasick.Automaton) -> None:
        self._automaton = automaton

    def find(self, text: str, folded: str | None = None) -> list[Mention]:
        """All lexicon mentions in `text`, resolved to the leftmost-longest on word boundaries."""
        if folded is None:
            folded = fold(text)
        candidates: list[_Candidate] = []
        append = candidates.append
        n = len(text)
        for end_index, (length, entries, any_exact, any_capital) in self._automaton.iter(folded):
            end = end_index + 1
            start = end - length
            if start > 0:
                ch = folded[start - 1]
                if ch.isalnum() or ch == "_":  # inside a word: a letter, digit or _ before it
                    continue
            if end < n:
                ch = folded[end]
                if ch.isalnum() or ch == "_":  # or after it
                    continue
            # the surface and its first letter only for the entries that look at them
            surface = text[start:end] if any_exact else None
            capital = any_capital and (text[start].isupper() or text[start].isdigit())
            for entry in entries:
                if entry.exact is not None and surface != entry.exact:
                    continue
                if entry.capital and not capital:
                    continue
                append((start - end, entry.priority, start, len(candidates), end, entry))
        return _resolve_overlaps(text, candidates)


# (-length, priority, start, arrival, end, entry): sorting the tuples orders the candidates longest first, then by
# priority, then leftmost; `arrival` (unique) keeps ties in the order found and is never passed.
_Candidate = tuple[int, int, int, int, int, _Entry]


def _resolve_overlaps(text: str, candidates: list[_Candidate]) -> list[Mention]:
    """Keep the longest candidate at each position (then the higher priority); drop overlapping ones."""
    candidates.sort()
    taken = bytearray(len(text) + 1)  # 1 at character positions already covered by a longer mention
    chosen: list[tuple[int, Mention]] = []
    for _length, _prio, start, _arrival, end, entry in candidates:
        if start < end and taken.find(1, start, end) != -1:
            continue
        taken[start:end] = b"\x01" * (end - start)
        chosen.append((start, Mention(start, end, entry.kind, entry.key, text[start:end])))
    chosen.sort()  # chosen mentions do not overlap: their starts differ, the mentions are never compared
    return [m for _start, m in chosen]


def _surfaces(lexicon: Lexicon) -> list[tuple[str, str, str]]:
    """(surface, kind, key) for every form the matcher knows."""
    out: list[tuple[str, str, str]] = []
    for c in lexicon.countries.values():
        for name in (c.name, *c.aliases):
            out.append((name, "country", c.code))
        for demonym in c.demonyms:
            out.append((demonym, "demonym", c.code))
        for place in (*filter(None, [c.capital]), *c.cities):
            out.append((place, "place", c.code))
    for o in lexicon.organisations.values():
        for name in (o.name, *o.aliases, o.code):
            out.append((name, "org", o.code))
    for r in lexicon.roles:
        out.append((r.phrase, "role", r.role))
    for leader in lexicon.leaders:
        for name in (leader.name, *leader.variants):
            out.append((name, "leader", fold(name)))
    return out


def _needs_exact_case(surface: str) -> bool:
    letters = [ch for ch in surface if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters) and len(letters) <= 5


def compile_matcher(lexicon: Lexicon) -> Matcher:
    table: dict[str, dict[tuple[str, str], _Entry]] = {}
    for surface, kind, key in _surfaces(lexicon):
        surface = surface.strip()
        if not surface:
            continue
        folded = fold(surface)
        exact = surface if _needs_exact_case(surface) else None
        capital = kind in _CAPITALISED and surface[0].isupper()
        old = table.setdefault(folded, {}).get((kind, key))
        if old is None or (old.capital and not capital):
            table[folded][(kind, key)] = _Entry(kind, key, exact, capital, PRIORITY[kind])
    automaton = ahocorasick.Automaton()
    for folded, entries in table.items():
        values = tuple(entries.values())
        any_exact = any(e.exact is not None for e in values)
        automaton.add_word(folded, (len(folded), values, any_exact, any(e.capital for e in values)))
    automaton.make_automaton()
    return Matcher(automaton)


@lru_cache(maxsize=1)
def default_matcher() -> Matcher:
    return compile_matcher(load_lexicon())
