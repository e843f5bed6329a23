"""Actor resolution helpers: the governed test read backwards, leader answers memoised by era."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dateline.actors import _GOVERNED, _GOVERNED_REVERSED, _person_from_leader
from dateline.lexicons import load_lexicon

_WORDS = ["with", "WITH", "by", "met", "meets", "the", "The", "thanked", "x", "_", "é", " ", "  ", "\n", ",", "'"]


@given(st.lists(st.sampled_from(_WORDS), max_size=10).map("".join))
def test_governed_reversed_agrees_with_governed(window: str) -> None:
    assert (_GOVERNED.search(window) is not None) == (_GOVERNED_REVERSED.match(window[::-1]) is not None)


@pytest.mark.parametrize(
    ("window", "governed"),
    [("met with ", True), ("talks with the ", True), ("with", False), ("withthe ", False), ("said ", False)],
    ids=["with", "with-the", "no-space", "glued", "other-verb"],
)
def test_governed_examples(window: str, governed: bool) -> None:
    assert (_GOVERNED_REVERSED.match(window[::-1]) is not None) is governed
    assert (_GOVERNED.search(window) is not None) is governed


def _as_tuple(actor: object) -> tuple[str, str, str | None] | None:
    return None if actor is None else (actor.name, actor.country, actor.role)  # type: ignore[attr-defined]


def test_leader_memo_gives_what_leader_at_gives() -> None:
    """Answers memoised per era between term bounds equal fresh lexicon look-ups around every bound."""
    lex = load_lexicon()
    for leader in [t for t in lex.leaders if t.end is not None][:20]:
        assert leader.end is not None
        surface = re.sub(r"\s+", " ", leader.name.lower())
        days = [b + dt.timedelta(days=k) for b in (leader.start, leader.end) for k in (-2, -1, 0, 1, 2)]
        for on in [*days, None]:
            fresh = lex.leader_at(surface, on, None) or (lex.leader_at(surface, None, None) if on else None)
            assert _as_tuple(_person_from_leader(lex, surface, on, None)) == _as_tuple(fresh)
