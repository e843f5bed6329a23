"""What text the temporal grammar can consume: a sound pre-filter for the finder's candidate starts.

A start p before a trigger at t gives a match reaching past t only if the grammar consumes all of
text[p:t]: then every maximal run of letters there is a run that some string of the grammar holds
(`runs_of`) and every other character one that the grammar consumes. `consumed_from(low, lo, t)`
is the leftmost such p >= lo (found by matching the window reversed); the finder does not try the
starts before it, which could only fail. Derived from the parse trees of the folded (lower-case)
patterns that are matched on lower-cased text; a pattern beyond this analysis (`.`, a negated set,
an unbounded run of letters, ...) switches the filter off.
"""

from __future__ import annotations

import re
import re._constants as _C  # the parsed-pattern opcodes
import re._parser as _P
from collections.abc import Iterable
from typing import Any

_Shape = tuple[str, str | None]  # (letters before the first non-letter, after the last; None: no non-letter)
_EMPTY: frozenset[_Shape] = frozenset({("", None)})
_MAX_SHAPES = 100_000


class _Unsupported(Exception):
    pass


class _Runs:
    """Collects the letter runs and the other characters that strings of a pattern may hold."""

    def __init__(self) -> None:
        self.runs: set[str] = set()
        self.chars: set[str] = set()  # other characters, and the classes "\\s", "\\d"

    def concat(self, a: Iterable[_Shape], b: frozenset[_Shape]) -> set[_Shape]:
        out: set[_Shape] = set()
        for la, ra in a:
            for lb, rb in b:
                if ra is None:
                    out.add((la + lb, rb))
                elif rb is None:
                    out.add((la, ra + lb))
                else:
                    self.runs.add(ra + lb)  # a run with a non-letter on each side
                    out.add((la, rb))
        if len(out) > _MAX_SHAPES:
            raise _Unsupported("too many shapes")
        return out

    def char(self, code: int) -> _Shape:
        ch = chr(code)
        if ch.isascii() and ch.isalpha():
            return ch.lower(), None
        self.chars.add(ch)
        return "", ""

    def seq(self, items: Iterable[tuple[Any, Any]]) -> frozenset[_Shape]:
        shapes: set[_Shape] | frozenset[_Shape] = _EMPTY
        for op, av in items:
            shapes = self.concat(shapes, self.node(op, av))
        return frozenset(shapes)

    def node(self, op: Any, av: Any) -> frozenset[_Shape]:
        if op is _C.LITERAL:
            return frozenset({self.char(av)})
        if op is _C.IN:
            return frozenset(s for item in av for s in self.in_item(*item))
        if op in (_C.AT, _C.ASSERT, _C.ASSERT_NOT):
            return _EMPTY  # zero width
        if op is _C.SUBPATTERN:
            return self.seq(av[3])
        if op is _C.ATOMIC_GROUP:
            return self.seq(av)
        if op is _C.BRANCH:
            return frozenset(s for sub in av[1] for s in self.seq(sub))
        if op in (_C.MAX_REPEAT, _C.MIN_REPEAT, _C.POSSESSIVE_REPEAT):
            return self.repeat(av[0], av[1], self.seq(av[2]))
        raise _Unsupported(str(op))

    def in_item(self, op: Any, av: Any) -> list[_Shape]:
        if op is _C.LITERAL:
            return [self.char(av)]
        if op is _C.RANGE and av[1] - av[0] < 256:
            return [self.char(c) for c in range(av[0], av[1] + 1)]
        if op is _C.CATEGORY and av in (_C.CATEGORY_SPACE, _C.CATEGORY_DIGIT):
            self.chars.add(r"\s" if av is _C.CATEGORY_SPACE else r"\d")
            return [("", "")]
        raise _Unsupported(str(op))

    def repeat(self, lo: int, hi: int, item: frozenset[_Shape]) -> frozenset[_Shape]:
        level: set[_Shape] | frozenset[_Shape] = _EMPTY
        for _ in range(lo):
            level = self.concat(level, item)
        done, frontier, n = set(level), set(level), lo
        while frontier and n < hi:  # breadth first up to hi repetitions (or until nothing is new)
            frontier = self.concat(frontier, item) - done
            done |= frontier
            n += 1
            if n > 50 and frontier:
                raise _Unsupported("unbounded letters")
        return frozenset(done)


def runs_of(patterns: Iterable[str]) -> tuple[frozenset[str], frozenset[str]] | None:
    """The maximal letter runs ([a-z]) and the other characters that matches of `patterns`
    (case-sensitive, lower case) may hold; None if a pattern is beyond this analysis."""
    r = _Runs()
    try:
        for pat in patterns:
            for left, right in r.seq(_P.parse(pat, 0)):
                r.runs.update((left, right or ""))
    except (_Unsupported, RecursionError, re.error, AttributeError, TypeError, ValueError):
        return None
    r.runs.discard("")
    return frozenset(r.runs), frozenset(r.chars)


def _trie(words: Iterable[str]) -> str:
    """A regex matching exactly `words`: one branch per character, shared prefixes once."""
    root: dict[str, Any] = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        alts = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 and "" not in node else f"(?:{'|'.join(alts)})"
        return body + "?" if "" in node else body

    return emit(root)


def _reversed_window(runs: frozenset[str], chars: frozenset[str]) -> re.Pattern[str]:
    """Matches, from the start of a reversed window, the characters the grammar may consume: whole
    runs of `runs` (each reversed) and the characters of `chars`."""
    cls = "".join(c if c in (r"\s", r"\d") else re.escape(c) for c in sorted(chars))
    alts = [f"[{cls}]"] if cls else []
    alts += [f"(?:{_trie(w[::-1] for w in runs)})(?![a-z])"] if runs else []
    return re.compile(f"(?:{'|'.join(alts)})*" if alts else "")


class Prefilter:
    """`consumed_from` for one grammar (its folded patterns)."""

    def __init__(self, patterns: Iterable[str]) -> None:
        found = runs_of(patterns)
        self.window = None if found is None else _reversed_window(*found)

    def consumed_from(self, low: str, lo: int, end: int) -> int:
        """The leftmost p >= lo such that the grammar may consume all of low[p:end] (`low`: lower-cased
        text; low[end - 1] not a letter or digit); lo when unknown."""
        if self.window is None:
            return lo
        m = self.window.match(low[lo:end][::-1])
        return end - m.end() if m is not None else end
