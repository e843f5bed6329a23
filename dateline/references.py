"""What a reference in a sentence stands for, beside the names and titles dateline.actors resolves.

"him"                               never a person of its own clause: its subject met or hosted *him*
"the Secretary"                     the person the article last named with a title headed by that word
"…, spokesman X told reporters"     a quoted source: no party to the meeting the sentence reports
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from dateline.lexicons import Lexicon
from dateline.model import Actor
from dateline.text import fold

if TYPE_CHECKING:  # (dateline.actors imports this module)
    from dateline.actors import ActorMention, ArticleState

# where a clause of its own begins: "…, where X welcomed him", "…; Y met him"
_CLAUSE_OPENING = re.compile(r"[,;]\s+(?:and|but|where|when|while|after|before|as|then|whereupon)\b|;")
# "the Secretary", not "the Secretary of Defense", "the Secretary General", "the Secretary-designate"
BARE_TITLE = re.compile(r"\b[Tt]he\s+([A-Z][a-z]+)\b(?!-|\s+(?:of\b|[A-Z]))")
# A quoted source: ", [Kremlin] spokesman X told reporters", "according to X"
_REPORTING = r"said|says|told|tells|added|noted|stressed|stated|announced|explained|emphasi[sz]ed|confirmed"
_REPORTING_AFTER = re.compile(rf"\s+(?:also\s+|later\s+)?(?:{_REPORTING})\b")
_ATTRIBUTION = re.compile(r",\s+(?:[\w.\-]+\s+){0,3}$")
_ACCORDING_TO = re.compile(r"\b[Aa]ccording\s+to\s+(?:[\w.\-]+\s+){0,3}$")


def _title_head(title: str, role_words: frozenset[str]) -> str | None:
    """The word "the <Word>" may use for a person named with `title` when that word is no role phrase of its
    own (a role phrase is a mention: "the President"): "Secretary of State", "Treasury Secretary": "secretary"."""
    words = fold(title).split(" of ")[0].split()
    head = words[-1] if words else ""
    return head if head.isalpha() and head not in role_words else None


# per lexicon object: (lexicon, its role phrases of one word ("president", "minister"), title -> _title_head memo)
_ROLE_WORDS: dict[int, tuple[Lexicon, frozenset[str], dict[str, str | None]]] = {}
_HEADS_LIMIT = 50_000


def _heads_memo(lex: Lexicon) -> tuple[frozenset[str], dict[str, str | None]]:
    """The role phrases of one word, and the memo of _title_head's answers, per lexicon object."""
    entry = _ROLE_WORDS.get(id(lex))
    if entry is None or entry[0] is not lex:
        if len(_ROLE_WORDS) > 8:
            _ROLE_WORDS.clear()
        words = frozenset(r.phrase for r in lex.roles if " " not in r.phrase)
        entry = _ROLE_WORDS[id(lex)] = (lex, words, {})
    return entry[1], entry[2]


def title_heads(lex: Lexicon, actor: Actor, *titles: str | None) -> list[tuple[str, Actor]]:
    """(head, actor) for "the Secretary" later (see ArticleState.name_title)."""
    role_words, memo = _heads_memo(lex)
    out = []
    for title in titles:
        if not title:
            continue
        head = memo.get(title, "")
        if head == "":  # ("" is never an answer: _title_head gives a word or None)
            if len(memo) > _HEADS_LIMIT:
                memo.clear()
            head = memo[title] = _title_head(title, role_words)
        if head is not None:
            out.append((head, actor))
    return out


def without_sources(text: str, start: int, out: list[ActorMention], state: ArticleState) -> list[ActorMention]:
    """The actors but the people a sentence quotes: "…, Chilean government spokesman X told reporters",
    "…, according to Y" report the meeting, they are no party to it (remembered as people, never a subject)."""
    quoted: list[tuple[int, int]] = []  # the spans of the attributions
    for a in out:
        if a.kind in ("person", "group"):
            opening = _attribution_start(text, start, a)
            if opening is not None:
                quoted.append((opening, a.end))
    if not quoted:
        return out
    kept = []
    for a in out:
        if any(lo <= a.start and a.end <= hi for lo, hi in quoted):
            if a.kind == "person":
                state.remember(a.actor)
        else:
            kept.append(a)
    return kept


def _attribution_start(text: str, start: int, a: ActorMention) -> int | None:
    """Where the attribution `a` ends begins: the comma of ", … spokesman X said", the "according to"."""
    lo = max(start, a.start - 48)
    if _REPORTING_AFTER.match(text, a.end):
        m = _ATTRIBUTION.search(text, lo, a.start)
    elif text.find("ccording to", lo, a.start) != -1:
        m = _ACCORDING_TO.search(text, lo, a.start)
    else:
        return None
    return None if m is None else m.start()


def object_referent(
    text: str, start: int, pos: int, out: list[ActorMention], is_governed: Callable[[int], bool], state: ArticleState
) -> Actor | None:
    """Whom "him" at `pos` names: never a person of its own clause (its clause's subject met or hosted *him*).

    "A flew to Abuja, where B welcomed him": the subject of the clause before; "C will meet him"
    (the guest named in the sentence before): the article's last subject or the other member of the last pair
    (the one from abroad first). A clause with no subject of its own ("…, who will meet him"; "X met Y and
    thanked him") takes nobody the sentence names before it."""
    earlier = [a for a in out if a.kind in ("person", "pronoun") and a.end <= pos]
    cut = start
    for opening in _CLAUSE_OPENING.finditer(text, start, pos):
        cut = opening.end()
    own = [a for a in earlier if a.start >= cut]
    if any(not is_governed(a.start) for a in own):
        taken = {a.actor.name for a in own}
        main = [a for a in earlier if a.end <= cut and not is_governed(a.start) and a.actor.name not in taken]
        if main:
            return main[0].actor
    else:
        taken = {a.actor.name for a in earlier}
    last = state.last_subject
    options = [last] if last is not None and last.name not in taken else []
    if state.last_pair is not None:  # the other member of the pair its subject or the last subject is in
        first, second = state.last_pair
        for member, other in ((first, second), (second, first)):
            if member.name not in taken and (other.name in taken or last is not None and other.name == last.name):
                options.append(member)
    # "President A hosted Prime Minister B. Vice President C met him": one from abroad before a compatriot of
    # the clause's own people
    homes = {a.actor.country for a in own}
    return next((a for a in options if a.country not in homes), options[0] if options else None)
