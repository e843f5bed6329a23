"""Actor resolution: lexicon mentions in a sentence -> participants with countries and roles.

match (dateline.matcher) -> resolve (this module) -> assemble (dateline.events).

Patterns resolved here, all generic:
  "<country|demonym>['s] <role> <Name>"   "Kenya's President William Ruto", "Polish Prime Minister Tusk"
  "<role> of <country>, <Name>"           "the President of France, Emmanuel Macron"
  "<role> <Name>"                          the country from the leaders lexicon at the event date
  "<country>'s <role>" / "<role>"          the name from the leaders lexicon ("Qatar's emir")
  "<Name>"                                 a leader variant ("Erdogan") or a name met earlier in the article
  "<demonym> [and <demonym>] leaders"      country-level participants ("Turkish and Greek leaders")
  "he"/"she", "the two leaders", "both sides"  the article's last subject / last pair
  "him"                                    never a person of its own clause (its subject met *him*)
  "the Secretary"                          the person last named with a title headed by that word
  "EAM met …", "Prime Minister conveyed …" in a government's readout: its own official
  "…, spokesman X told reporters"          a quoted source, no participant
"""

from __future__ import annotations

import bisect
import datetime as dt
import operator
import re
from dataclasses import dataclass, field
from functools import lru_cache

from dateline.lexicons import Lexicon
from dateline.matcher import Mention
from dateline.model import Actor
from dateline.references import BARE_TITLE, object_referent, title_heads, without_sources
from dateline.text import fold

_NAME_PARTICLES = r"(?:bin|bint|ibn|al|el|de|da|di|do|dos|das|van|von|der|den|la|le|du|del|y)"
_NAME_TOKEN = r"(?:[A-Z][\w'’.\-]*[\w.]|[A-Z])"
_NAME = re.compile(rf"\s+((?:{_NAME_TOKEN})(?:\s+(?:{_NAME_TOKEN}|{_NAME_PARTICLES}(?=\s+[A-Z])))*)")
# between a country and its role: party words, and the institution a spokesman or aide speaks for
# ("Chinese foreign ministry spokesperson X", "Chilean government spokesman Y")
_MODIFIER_GAP = re.compile(
    r"^(?:['’]s)?(?:\s+(?:[A-Z][\w.\-]*|of|the|and|former|new|then|acting|"
    r"government|presidential|foreign|ministry|defen[cs]e|military|embassy|cabinet))*\s*$"
)
_OF_COUNTRY = re.compile(r"^\s+of\s+(?:the\s+)?$")
_APPOSITIVE = re.compile(r",\s+")
_GROUP_NOUN = re.compile(
    r"\s+(?:leaders?|officials?|counterparts?|side|delegations?|governments?|authorities|"
    r"presidents?|ministers?|diplomats?)\b"
)
_DEMONYM_CHAIN = re.compile(r"^\s*(?:,|and|,\s*and)\s*$")
_LOCATIVE = re.compile(
    r"(?:\b(?:in|to|from|at|into|across|within|towards?|near|outside|inside|via)\s+(?:the\s+)?)$"
)
# _PRONOUN, _CAPITAL_WORD: `\b(?:he|she|He|She|him)\b`, `\b[A-Z][\w\-]+(?:['\u2019](?!s\b)[A-Z][\w\-]+)?` with the
# first letter before the boundary test (a look-behind): the engine skips ahead to it, not trying every position.
_PRONOUN = re.compile(r"(?:h(?<!\wh)(?:e|im)|s(?<!\ws)he|H(?<!\wH)e|S(?<!\wS)he)\b")
# The folded text of every match of _PRONOUN matches this one too (which takes "Him" or "HE" as well): a sentence
# without a match in its folded text has no pronoun. Its literal first letter the engine finds fast.
_PRONOUN_FOLDED = re.compile(r"h(?:(?<!\wh)(?:e|im)|(?<=sh)(?<!\wsh)e)\b")
# "the two leaders", "both sides", "the two foreign ministers" (up to two words before the noun)
# "the Presidents had a call" (not "the presidents of …"); "the two agreed" (a verb right after "the two")
_PAIR_REF = re.compile(
    r"\b(?:(?:the\s+two|both)\s+(?:[\w\-]+\s+){0,2}?"
    r"(?:leaders|sides|presidents|heads\s+of\s+state|countries|nations|ministers|counterparts|premiers|diplomats)|"
    r"the\s+(?:leaders|presidents|(?:prime\s+|foreign\s+)?ministers|parties)(?!\s+of\b)|"
    r"the\s+two(?=\s+(?:also\s+|then\s+|later\s+|last\s+|first\s+)?"
    r"(?:(?!hundred\b)[a-z]+ed|met|meet|spoke|speak|held|hold|had|have|has|will|would|are|were|sat|took|shook|signed|made|"
    r"gave|saw|exchanged|agreed|discussed)\b)|"
    r"they)\b",
    re.IGNORECASE,
)
# Every match of _PAIR_REF holds one of these in the folded text (the case-insensitive letters of the pattern
# are only their ASCII cases and "ſ", which fold to the lower case): a sentence without them has no match.
_PAIR_REF_WORDS = ("both", "they", "two", "leaders", "presidents", "ministers", "parties")
_POSSESSIVE_GAP = re.compile(r"['’]s\s+")
_GOVERNING = (
    "with by to from for of and met meets meet received hosted welcomed congratulated called thanked"
    " updated briefed informed told assured"
)
_GOVERNED = re.compile(rf"\b(?:{'|'.join(_GOVERNING.split())})\s+(?:the\s+)?$", re.IGNORECASE)
# The same test read backwards: `_GOVERNED.search(s)` finds a match iff `_GOVERNED_REVERSED.match(s[::-1])`
# does (one anchored attempt instead of one at every position of `s`).
_GOVERNED_REVERSED = re.compile(
    rf"\s+(?:eht\s+)?(?:{'|'.join(w[::-1] for w in _GOVERNING.split())})\b", re.IGNORECASE
)
_CAPITAL_WORD = re.compile(r"[A-Z](?<!\w[A-Z])[\w\-]+(?:['\u2019](?!s\b)[A-Z][\w\-]+)?")
# Forms of address before a name: stripped from a captured name, skipped by the governed test ("with His
# Highness Sheikh X" is governed by "with") and allowed between a title and its holder ("President of the UAE,
# His Highness Sheikh X"). ("Sheikh" is also a role: a mention of its own when it is matched as one.)
_HONORIFICS = (
    r"H\.\s?E\.|H\.\s?H\.|H\.\s?M\.|H\.\s?R\.\s?H\.|"
    r"(?:His|Her)\s+(?:(?:Royal\s+)?Highness|Majesty|Excellency|Holiness)|"
    r"Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Shri|Smt\.?|Sri|Prof\.?|Sheikh|Sheikha|Shaikh|Sayyid|Sayyida"
)
_HONORIFIC = re.compile(rf"^(?:(?:{_HONORIFICS})(?:\s+|$))+")
# the honorifics that end right before a name (searched in a short window, `$` at the name)
_HONORIFICS_BEFORE = re.compile(rf"(?<![\w.])(?:(?:{_HONORIFICS})\s+)+$")
# the last character of every honorific: a name whose preceding word ends otherwise has none before it
_HONORIFIC_ENDS = frozenset(".sydhafrit")
# "President of the UAE, His Highness Sheikh X": a title, a comma, forms of address, then its holder
_HONORIFIC_GAP = re.compile(rf",?\s+(?:(?:{_HONORIFICS})\s+)+")
_APPOSITION_GAP = re.compile(rf",\s+(?:(?:{_HONORIFICS})\s+)*")
_IN_LONGER_NAME = re.compile(r"\s+[A-Z][a-z]")
_DEFINITE = re.compile(r"\bthe\s+$", re.IGNORECASE)
_NAME_STOP = frozenset(
    fold(w)
    for w in """On In At As The A An And But For From With By Of During After Before When While Since
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July
    August September October November December Today Yesterday Tomorrow He She They It This That""".split()
)


_START = operator.attrgetter("start")


@dataclass(slots=True)  # not frozen: made by the thousand, and a frozen __init__ costs 4x
class ActorMention:
    start: int
    end: int
    actor: Actor
    kind: str  # person | country | group | org | pronoun | pair
    pair: tuple[Actor, Actor] | None = None
    governed: bool = False  # the object of a preposition or verb ("with X", "by X"): not a subject


@dataclass(slots=True)
class ArticleState:
    """What earlier sentences of the article tell the resolver."""

    on: dt.date | None = None  # the date roles are checked at
    home_country: str | None = None  # the publishing government's country, when known
    people: dict[str, Actor] = field(default_factory=dict)  # folded name or surname -> actor
    last_subject: Actor | None = None
    last_pair: tuple[Actor, Actor] | None = None
    # the last pair of heads of state or government: "the two leaders" after a pair of their ministers
    leader_pair: tuple[Actor, Actor] | None = None
    by_role: list[tuple[str, Actor]] = field(default_factory=list)  # people named with a role, in order
    # the last word of a title that is no role alone ("Secretary of State", "Treasury Secretary": "secretary")
    # -> the last person named with it: "the Secretary" later
    titles: dict[str, Actor] = field(default_factory=dict)
    shared: set[str] = field(default_factory=set)  # short forms of two people's names: neither's

    def named_with_role(self, role: str) -> Actor | None:
        """The last person named with `role` ("president" also finds a "commission president")."""
        for held, actor in reversed(self.by_role):
            if held == role or held.endswith(" " + role):
                return actor
        return None

    def name_title(self, head: str, actor: Actor) -> None:
        """`actor` was named with a title headed by `head`; in a government's readout "the Secretary" stays
        its own ("the Secretary met Philippine Secretary of Foreign Affairs X. The Secretary …")."""
        held = self.titles.get(head)
        if held is None or held.country != self.home_country or actor.country == self.home_country:
            self.titles[head] = actor

    def remember(self, actor: Actor) -> None:
        if actor.role and is_named(actor):
            self.by_role.append((actor.role, actor))
        key, surname, given = _name_keys(actor.name, actor.country)
        self.people.setdefault(key, actor)
        if surname is not None:
            self.people.setdefault(surname, actor)  # the surname, as news repeats it
        if given is not None and given not in self.shared:
            # "Lee" after "Lee Jae-myung", "Prince Faisal" after "Faisal bin Farhan": a short form two people
            # of the article share names neither
            known = self.people.setdefault(given, actor)
            if known.name != actor.name:
                self.shared.add(given)
                del self.people[given]


# Countries whose people's names are written family name first in English ("Li Qiang", "Lee Jae-myung")
_FAMILY_FIRST = frozenset({"CHN", "TWN", "HKG", "MAC", "KOR", "PRK"})
_VOWEL_GROUP = re.compile(r"[aeiouy]+")
_PATRONYMIC = frozenset({"bin", "ibn", "bint"})


def _one_syllable(word: str) -> bool:
    return word.isalpha() and len(word) <= 6 and len(_VOWEL_GROUP.findall(word)) == 1


@lru_cache(maxsize=4096)
def _name_keys(name: str, country: str | None = None) -> tuple[str, str | None, str | None]:
    """The folded name; its surname when a later mention may use it alone; and the short form news uses for
    a name that does not end in its surname: the family name written first ("Lee" of "Lee Jae-myung", "Li"
    of "Li Qiang": a name of 2-3 words from a family-name-first country whose first word is one syllable and
    whose last is hyphenated or one syllable, or any two-word name there), the given name before "bin"/"ibn"
    ("Faisal" of "Faisal bin Farhan Al Saud")."""
    key = fold(name)
    tokens = key.split()
    surname = None
    if len(tokens) > 1 and len(tokens[-1]) > 2 and tokens[-1] not in _NAME_STOP:
        surname = tokens[-1]
    given = None
    if (
        country in _FAMILY_FIRST
        and 2 <= len(tokens) <= 3
        and _one_syllable(tokens[0])
        and (len(tokens) == 2 or "-" in tokens[-1] or _one_syllable(tokens[-1]))
    ):
        given = tokens[0]
    else:
        cut = next((k for k, t in enumerate(tokens) if t in _PATRONYMIC), 0)
        if 1 <= cut <= 2 and all(t.isalpha() for t in tokens[:cut]):
            given = " ".join(tokens[:cut])
    if given is not None and (len(given) < 2 or given in _NAME_STOP or given in (key, surname)):
        given = None
    return key, surname, given


# Memo per lexicon object (the entry keeps the lexicon alive, so its id is never reused meanwhile):
# (lexicon, answers, bounds). A surface's answer depends on the date only through which of its terms are
# in office, which changes only at its terms' bounds: the answers are keyed on the era between two bounds.
_LeaderMemo = dict[tuple[str, int | None, str | None], Actor | None]
_LEADER_CACHE: dict[int, tuple[Lexicon, _LeaderMemo, dict[str, tuple[dt.date, ...]]]] = {}
_MEMO_LIMIT = 200_000


def _term_bounds(lex: Lexicon, surface: str) -> tuple[dt.date, ...]:
    """The days on which a term named `surface` begins or has ended (Leader.in_office is inclusive)."""
    bounds: set[dt.date] = set()
    for t in lex.leaders_named(surface):
        bounds.add(t.start)
        if t.end is not None and t.end < dt.date.max:
            bounds.add(t.end + dt.timedelta(days=1))
    return tuple(sorted(bounds))


def _person_from_leader(lex: Lexicon, surface: str, on: dt.date | None, country: str | None) -> Actor | None:
    """The leader `surface` names, in office on `on` if one is (else the latest term); memoised."""
    entry = _LEADER_CACHE.get(id(lex))
    if entry is None or entry[0] is not lex:
        if len(_LEADER_CACHE) > 8:
            _LEADER_CACHE.clear()
        entry = _LEADER_CACHE[id(lex)] = (lex, {}, {})
    memo, eras = entry[1], entry[2]
    bounds = eras.get(surface)
    if bounds is None:
        if len(eras) > _MEMO_LIMIT:
            eras.clear()
        bounds = eras[surface] = _term_bounds(lex, surface)
    key = (surface, None if on is None else bisect.bisect_right(bounds, on), country)
    if key not in memo:
        leader = lex.leader_at(surface, on, country) or (
            lex.leader_at(surface, None, country) if on else None
        )
        if len(memo) > _MEMO_LIMIT:
            memo.clear()
        memo[key] = None if leader is None else Actor(leader.name, leader.country, leader.role)
    return memo[key]


def _holder(lex: Lexicon, country: str, role: str, on: dt.date | None) -> Actor | None:
    holders = lex.holders(country, role, on)
    if len({h.name for h in holders}) == 1:
        return Actor(holders[0].name, country, role)
    return None


def _capture_name(text: str, pos: int, limit: int) -> tuple[str, int] | None:
    m = _NAME.match(text, pos, limit)
    if not m:
        return None
    tokens = m.group(1).split()
    while tokens and fold(tokens[0]) in _NAME_STOP:
        return None
    while tokens and (tokens[-1][0].islower()):
        tokens.pop()
    if not tokens:
        return None
    name = " ".join(tokens)
    end = m.start(1) + len(name)
    name = _HONORIFIC.sub("", name).strip()
    if not name:
        return None
    return name.rstrip(".,"), end


def _before_honorifics(text: str, lo: int, pos: int) -> int:
    """Where the forms of address right before `pos` begin ("His Highness Sheikh " before a name), else `pos`."""
    if pos - lo < 3 or not text[pos - 1].isspace():
        return pos
    if text[pos - 2] not in _HONORIFIC_ENDS and not text[pos - 2].isspace():
        return pos
    m = _HONORIFICS_BEFORE.search(text, max(lo, pos - 48), pos)
    return pos if m is None else m.start()


_OPENING_QUOTES = " \t\"'“‘«(["


def _is_title_acronym(text: str, start: int, m: Mention) -> bool:
    """A role written as an acronym ("EAM", "PM"), not a time ("at 3 PM")."""
    return m.text.isupper() and not text[max(start, m.start - 3) : m.start].rstrip()[-1:].isdigit()


def _country_of(mention: Mention) -> str | None:
    return mention.key if mention.kind in ("country", "demonym", "org") else None


def resolve_actors(
    text: str,
    start: int,
    end: int,
    mentions: list[Mention],
    lex: Lexicon,
    state: ArticleState,
    folded: str | None = None,
) -> list[ActorMention]:
    """Participants mentioned in text[start:end], in text order. Updates `state` with what it learns.

    `folded`: `fold(text)`, when the caller has it (saves folding the sentence's words again)."""
    out: list[ActorMention] = []
    titles: list[tuple[str, Actor]] = []  # learnt here, known to the sentences after this one
    if state.last_pair is not None and state.last_pair is not state.leader_pair and _leads(lex, state.last_pair):
        state.leader_pair = state.last_pair
    ms = [m for m in mentions if start <= m.start and m.end <= end] if mentions else []
    used = {i for i, m in enumerate(ms) if m.kind == "place"} if ms else set()  # places are not participants

    for i, m in enumerate(ms):
        if m.kind != "role" or i in used:
            continue
        used.add(i)
        country: str | None = None
        role = m.key
        # "Deputy Secretary of State", "Under-Secretary-General": an office of its own below the principal's
        title_start = _rank_start(text, start, m.start)
        if title_start < m.start:
            role = " ".join(text[title_start : m.start].lower().replace("-", " ").split()) + " " + m.key
        span_start = title_start
        # left modifier: "<country|demonym>['s] [Party words] <role>"
        if i > 0 and (i - 1) not in used and _country_of(ms[i - 1]):
            gap = text[ms[i - 1].end : title_start]
            if len(gap) <= 40 and _MODIFIER_GAP.match(gap):
                country = _country_of(ms[i - 1])
                span_start = ms[i - 1].start
                used.add(i - 1)
        cursor = m.end
        # right: "<role> of [the] <country>"
        if country is None and i + 1 < len(ms) and _country_of(ms[i + 1]):
            if _OF_COUNTRY.match(text[m.end : ms[i + 1].start]):
                country = _country_of(ms[i + 1])
                used.add(i + 1)
                cursor = ms[i + 1].end
        name: str | None = None
        actor: Actor | None = None
        name_end = cursor
        nxt = i + 1 if (i + 1) not in used else i + 2
        if (
            nxt < len(ms)
            and ms[nxt].kind == "role"
            and ms[nxt].key in _STYLES
            and nxt not in used
            and not text[cursor : ms[nxt].start].strip()
        ):
            # "Energy Minister Prince X", "Foreign Minister Sheikh Y": a style of the holder, not a title of its own
            used.add(nxt)
            cursor = ms[nxt].end
            nxt += 1
        if nxt < len(ms) and ms[nxt].kind == "leader" and nxt not in used:
            gap = text[cursor : ms[nxt].start]
            if gap.strip() == "" or _APPOSITIVE.match(gap) and len(gap) <= 3 or _HONORIFIC_GAP.fullmatch(gap):
                actor = _person_from_leader(lex, ms[nxt].key, state.on, country)
                if actor is None:
                    actor = _person_from_leader(lex, ms[nxt].key, state.on, None)
                used.add(nxt)
                name_end = ms[nxt].end
        if actor is None:
            limit = next((x.start for x in ms if x.start >= cursor and x.kind != "leader"), end)
            pos = cursor + 1 if cursor > m.end and text.startswith(", ", cursor) else cursor
            captured = _capture_name(text, pos, limit)
            if captured:
                name, name_end = captured
                if country is None:  # "<role> <Name> of <country>": "President X of Kenya"
                    after = next((j for j in range(i + 1, len(ms)) if ms[j].start >= name_end), None)
                    if (
                        after is not None
                        and after not in used
                        and _country_of(ms[after])
                        and _OF_COUNTRY.match(text[name_end : ms[after].start])
                    ):
                        country = _country_of(ms[after])
                        used.add(after)
                        name_end = ms[after].end
                known = state.people.get(fold(name)) or _person_from_leader(lex, name, state.on, country)
                if known and (country is None or known.country == country):
                    actor = Actor(known.name, known.country, role)
                elif country:
                    actor = Actor(name, country, role)
                else:
                    # "visited Mongolia, where he met President X": the place the sentence is in (not a country
                    # another title took: "President of the UAE Y …, Kremlin spokesman Z")
                    host = next(
                        (
                            ms[j]
                            for j in range(i - 1, -1, -1)
                            if ms[j].kind == "place" or ms[j].kind == "country" and j not in used
                        ),
                        None,
                    )
                    if host is not None and host.key != (
                        state.last_subject.country if state.last_subject else None
                    ):
                        actor = Actor(name, host.key, role)
            if (
                actor is None
                and country is None
                and role == m.key
                and _DEFINITE.search(text[max(start, m.start - 4) : m.start])
            ):
                # "The President also met …": the president this article named last
                actor = state.named_with_role(m.key)
                if actor is not None and state.home_country not in (None, actor.country):
                    # in a government's readout, "The Prime Minister spoke to the Prime Minister of Denmark,
                    # Mette Frederiksen": the foreign holder named in the same sentence is the other party
                    words = fold(text[start:end]) if folded is None else folded[start:end]
                    surname = fold(actor.name.split()[-1]) if actor.name else ""
                    if (
                        any(x.key == actor.country and x.kind in ("country", "demonym") for x in ms)
                        or (surname and surname in words)
                        or any(x.kind == "leader" and _is_leader(lex, x.key, actor, state.on) for x in ms)
                    ):
                        actor = None
            if actor is None and country is None and state.home_country is not None:
                # in a government's readout its own official: "The Prime Minister spoke …", "EAM met …",
                # "Prime Minister conveyed …" (a bare title opening the sentence)
                if (
                    text[max(start, title_start - 4) : title_start].lower().endswith("the ")
                    or _is_title_acronym(text, start, m)
                    or text[title_start].isupper()
                    and (
                        not text[start:title_start].strip(_OPENING_QUOTES)
                        or _opening_adverbial(text, start, title_start, ms[:i])
                    )
                ):
                    country = state.home_country
            if actor is None and country:
                # the person the text names, else the office's holder (never a deputy's principal)
                actor = (
                    (Actor(name, country, role) if name else None)
                    or (_holder(lex, country, role, state.on) if role == m.key else None)
                    or Actor(f"{_country_name(lex, country)} {role}", country, role)
                )
        if actor is not None:
            if actor.role is None:
                actor = Actor(actor.name, actor.country, role)
            out.append(ActorMention(span_start, max(name_end, m.end), actor, "person"))
            if is_named(actor):
                state.by_role.append((role, actor))  # "President … von der Leyen": "the President" later
                titles.extend(title_heads(lex, actor, text[m.start : m.end], actor.role))

    for i, m in enumerate(ms):
        if i in used:
            continue
        if m.kind == "leader":
            left = ms[i - 1] if i > 0 else None
            country = None
            span_start = m.start
            if left is not None and (i - 1) not in used and _country_of(left):
                gap = text[left.end : m.start]
                if _POSSESSIVE_GAP.fullmatch(gap):
                    country = _country_of(left)
                    used.add(i - 1)
                    span_start = left.start
            actor = _person_from_leader(lex, m.key, state.on, country) or _person_from_leader(
                lex, m.key, state.on, None
            )
            used.add(i)
            if actor:
                out.append(ActorMention(span_start, m.end, actor, "person"))
                titles.extend(title_heads(lex, actor, actor.role))

    # demonym groups: "Turkish and Greek leaders", "the Myanmar side"
    i = 0
    while i < len(ms):
        m = ms[i]
        if i in used or m.kind not in ("demonym", "country"):
            i += 1
            continue
        chain = [i]
        j = i
        while j + 1 < len(ms) and ms[j + 1].kind in ("demonym", "country") and (j + 1) not in used:
            if not _DEMONYM_CHAIN.match(text[ms[j].end : ms[j + 1].start]):
                break
            j += 1
            chain.append(j)
        if _GROUP_NOUN.match(text, ms[j].end) and ms[j].end < end:
            for k in chain:
                used.add(k)
                code = ms[k].key
                out.append(
                    ActorMention(
                        ms[k].start, ms[k].end, Actor(f"{_country_name(lex, code)} side", code), "group"
                    )
                )
        i = j + 1

    for i, m in enumerate(ms):
        if i in used or m.kind not in ("country", "demonym", "org"):
            continue
        before = text[max(start, m.start - 25) : m.start]
        if m.kind == "country" and _LOCATIVE.search(before):
            continue  # a place, not a participant
        if m.kind == "demonym":
            continue  # "Chinese projects": an attribute, not a participant
        out.append(ActorMention(m.start, m.end, Actor(_country_name(lex, m.key), m.key), m.kind))

    # names met earlier in the article ("Wadephul" after "Foreign Minister Johann Wadephul")
    if state.people and _may_name_known(text, folded, start, end, state.people):
        covered: list[tuple[int, int]] | None = None  # the spans taken so far, once a capital word is a known name
        for w in _CAPITAL_WORD.finditer(text, start, end):
            known = state.people.get(fold(w.group()) if folded is None else folded[w.start() : w.end()])
            if known is None:
                continue
            if covered is None:
                covered = [(a.start, a.end) for a in out] + [(ms[k].start, ms[k].end) for k in used]
            if not any(a <= w.start() < b for a, b in covered):
                if _IN_LONGER_NAME.match(text, w.end()):  # "Jong" of "Kim Jong Il" is not "Kim Jong Un"
                    continue
                out.append(ActorMention(w.start(), w.end(), known, "person"))

    # "the Secretary" (no role phrase alone): the person this article last named with a title headed by that word
    if state.titles and _may_name_known(text, folded, start, end, state.titles):
        for w in BARE_TITLE.finditer(text, start, end):
            titled = state.titles.get(w.group(1).lower())
            pos = w.start(1)
            if titled is not None and not any(a.start <= pos < a.end for a in out + ms):
                out.append(ActorMention(pos, w.end(1), titled, "person"))
    for title_head, holder in titles:
        state.name_title(title_head, holder)

    if out:
        out = without_sources(text, start, out, state)

    governed: dict[int, bool] = {}  # actor start -> preceded by a preposition or verb

    def is_governed(pos: int) -> bool:
        if pos not in governed:  # (the reversed window must open with white space: no slice when it cannot)
            at = _before_honorifics(text, start, pos)  # "with His Highness Sheikh X": governed by "with"
            governed[pos] = (
                at > start
                and text[at - 1].isspace()
                and _GOVERNED_REVERSED.match(text[max(start, at - 30) : at][::-1]) is not None
            )
        return governed[pos]

    may_hold_pronoun = folded is None or _PRONOUN_FOLDED.search(folded, start, end) is not None
    for p in _PRONOUN.finditer(text, start, end) if may_hold_pronoun else ():
        if text.startswith("him", p.start()):
            referent = object_referent(text, start, p.start(), out, is_governed, state)
        else:
            # "The President of Russia will travel to Kazan, where he …": the sentence's own subject first
            earlier = [a for a in out if a.kind == "person" and a.end <= p.start() and not is_governed(a.start)]
            referent = earlier[0].actor if earlier else state.last_subject
        if referent is not None:
            out.append(ActorMention(p.start(), p.end(), referent, "pronoun"))
    if state.last_pair is not None and _may_refer_to_pair(text, folded, start, end):
        # "the two leaders", "both sides": the pair named last
        for p in _PAIR_REF.finditer(text, start, end):
            pair = state.last_pair
            if (
                state.leader_pair is not None
                and pair is not state.leader_pair
                and _LEADER_NOUN.search(p.group())
                and not _leads(lex, pair)
            ):
                pair = state.leader_pair  # "the two leaders" after their foreign ministers met
            out.append(ActorMention(p.start(), p.end(), pair[0], "pair", pair=pair))

    out.sort(key=_START)
    head: ActorMention | None = None
    for mention in out:  # all made above, none shared yet: marked in place
        if is_governed(mention.start) or (
            # an apposition is governed as its head is: "with the Foreign Minister of X, His Highness Prince Y"
            head is not None
            and head.governed
            and head.actor.name == mention.actor.name
            and _APPOSITION_GAP.fullmatch(text, head.end, mention.start) is not None
        ):
            mention.governed = True
        head = mention
    _learn(out, state)
    return out


# "Deputy ", "Under-", "Principal Deputy Assistant ": the ranks below an office, written before its title
_RANK_BEFORE = re.compile(
    r"(?<![\w\-])(?:(?:Principal|First|Senior)[\s\-]+)?(?:(?:Deputy|Under|Assistant|Associate)[\s\-]+)+$",
    re.IGNORECASE,
)
_RANK_ENDS = frozenset("ytrTRY")  # the last letters of the rank words


def _rank_start(text: str, start: int, pos: int) -> int:
    """Where the rank words right before the title at `pos` begin, else `pos`."""
    if pos - start < 6 or text[pos - 1] not in " -" or text[pos - 2] not in _RANK_ENDS:
        return pos
    m = _RANK_BEFORE.search(text, max(start, pos - 40), pos)
    return pos if m is None else m.start()


# "On 3 July, ", "Later, ", "During the visit, ": one phrase and its comma opening the sentence
_OPENING_ADVERBIAL = re.compile(r"[A-Z][^,;:\"“”()]{0,48},\s+")


def _opening_adverbial(text: str, start: int, pos: int, before: list[Mention]) -> bool:
    """text[start:pos] is an opening phrase ending in a comma that names no person or title."""
    lo = start
    while lo < pos and text[lo] in _OPENING_QUOTES:
        lo += 1
    return (
        pos - lo <= 52
        and _OPENING_ADVERBIAL.fullmatch(text, lo, pos) is not None
        and not any(x.kind in ("role", "leader") and x.start >= start for x in before)
    )


_STYLES = frozenset({"prince", "princess", "sheikh"})
_LEADER_NOUN = re.compile(r"(?:leaders|presidents|heads\s+of\s+state|premiers)$", re.IGNORECASE)
_LEADING = frozenset({"head_of_state", "head_of_government"})


def _leads(lex: Lexicon, pair: tuple[Actor, Actor]) -> bool:
    """Both members hold a head of state's or government's role."""
    return all(a.role is not None and lex.role_kind(a.role) in _LEADING for a in pair)


def _is_leader(lex: Lexicon, key: str, actor: Actor, on: dt.date | None) -> bool:
    person = _person_from_leader(lex, key, on, None)
    return person is not None and person.name == actor.name


def _may_name_known(text: str, folded: str | None, start: int, end: int, people: dict[str, Actor]) -> bool:
    """False when no capital word of the sentence can be a known name: none of the names (folded) is in the
    folded sentence (a capital word's folded text is a part of it: `fold` maps character by character)."""
    w = fold(text[start:end]) if folded is None else folded[start:end]
    for name in people:
        if name in w:
            return True
    return False


def _may_refer_to_pair(text: str, folded: str | None, start: int, end: int) -> bool:
    """False when _PAIR_REF cannot match in the sentence (none of _PAIR_REF_WORDS in it)."""
    w = fold(text[start:end]) if folded is None else folded[start:end]
    return any(word in w for word in _PAIR_REF_WORDS)


def _learn(actors: list[ActorMention], state: ArticleState) -> None:
    """Remember the people named; the first person or pronoun that is not governed is the last subject."""
    subject: Actor | None = None
    for a in actors:
        if a.kind == "person":
            state.remember(a.actor)
        elif a.kind != "pronoun":
            continue
        if subject is None and not a.governed:
            subject = a.actor
    if subject is not None:
        state.last_subject = subject


def is_named(actor: Actor) -> bool:
    """A participant the text names, not one the resolver described ("Jordan king", "Qatar side")."""
    return not (
        actor.name.endswith(" side") or (actor.role is not None and actor.name.endswith(" " + actor.role))
    )


def _country_name(lex: Lexicon, code: str) -> str:
    if code in lex.countries:
        return lex.countries[code].name
    if code in lex.organisations:
        return lex.organisations[code].name
    return code
