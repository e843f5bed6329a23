"""Case folding for the temporal tagger's regexes: an IGNORECASE pattern runs 2-3x faster as its
lower-case twin without IGNORECASE on lower-cased text, where the regex engine skips alternatives
by their first literal. The two find the same spans unless the text holds one of `FOLD_SPECIAL`.

Why: IGNORECASE matches an ASCII letter exactly to the characters that lower-case to it, but for
four (all of Unicode, Python 3.11): "İ" and "ı" (i), "ſ" (s) and the Kelvin sign (k). And "İ" is
the only character whose lower case is longer than one character. Lower-casing keeps whitespace,
digits and word characters what they are, so "\\s", "\\d", "\\b" find the same.
"""

from __future__ import annotations

import re

FOLD_SPECIAL = "\u0130\u0131\u017f\u212a"

# Lower-casing a pattern keeps its meaning under IGNORECASE but for escapes that name characters by
# number, inline flags (a case-sensitive part) and back references: patterns with those stay unfolded.
_FOLD_UNSAFE = re.compile(r"\\[xuUN0-9]|\(\?[aiLmsux-]|\(\?P=")
_PATTERN_PIECE = re.compile(r"\(\?P<\w+>|\\.|[^\\(]+|\(", re.DOTALL)


def foldable(pattern: str) -> bool:
    """Does `lower_pattern(pattern)` on lower-cased text match like `pattern` with IGNORECASE?"""
    return _FOLD_UNSAFE.search(pattern) is None


def lower_pattern(pattern: str) -> str:
    """`pattern` with its letters in lower case, but for escapes (\\S, \\b) and group names."""
    return _PATTERN_PIECE.sub(lambda m: m[0] if m[0].startswith(("\\", "(?P")) else m[0].lower(), pattern)


def text_foldable(text: str) -> bool:
    """May `text` be matched lower-cased (`text.lower()`, same length) by folded patterns?"""
    return text.isascii() or not any(ch in text for ch in FOLD_SPECIAL)


class FoldedPattern:
    """A regex used for whether and where it matches (`search`, `match`): with IGNORECASE it runs
    as its folded twin on the lower-cased string where that is safe. Then the match is one over the
    lower-cased string: its spans are those of the text, its groups are in lower case."""

    __slots__ = ("regex", "_folded")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.regex = re.compile(pattern, flags)
        self._folded = (
            re.compile(lower_pattern(pattern), flags & ~re.IGNORECASE)
            if flags & re.IGNORECASE and foldable(pattern) else None
        )

    def search(self, string: str) -> re.Match[str] | None:
        if self._folded is not None and text_foldable(string):
            return self._folded.search(string.lower())
        return self.regex.search(string)

    def match(self, string: str) -> re.Match[str] | None:
        if self._folded is not None and text_foldable(string):
            return self._folded.match(string.lower())
        return self.regex.match(string)
