"""Event and meeting candidates of one sentence, and the reading they share.

What a trigger's surroundings say: its date expressions (a fronted one, "On Monday, …",
scopes over every trigger; any other attaches to the nearest trigger), its status
(planned, negated, hypothetical, counted), where it happened, its mode, which actor is
the subject and whether the subject is a coordination ("A and B met").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dateline.actors import ActorMention
from dateline.matcher import Mention
from dateline.model import Actor, Timex
from dateline.text import Sentence
from dateline.triggers import Trigger, TriggerBook

_DEADLINE = re.compile(r"(?:\b(?:by|until|till|since|through|from)\s+(?:the\s+)?(?:end\s+of\s+)?)$")
_DEADLINE_PIECES = ("by", "til", "since", "through", "from")  # every match of _DEADLINE (folded) holds one

# Where a trigger's object ends (searched in the original text: a comma before a lower-case word ends it,
# "…, reiterating", but not a list of names "…, Cuba and Venezuela").
_CLAUSE_PUNCT = re.compile(r";|\s[-\u2013\u2014]\s|,\s+(?=[a-z])(?!the\b|and\b|as\s+well\b)")
_CLAUSE_WORD = re.compile(r"(?i:\b(?:before|after|where|while|which|who|but|because|following)\b)")
_CLAUSE_STOP = re.compile(f"{_CLAUSE_PUNCT.pattern}|{_CLAUSE_WORD.pattern}")
# clause_end searches the two parts: the words only before the first punctuation stop, and only where the
# folded text holds one of these pieces (each word holds one; their letters match no other character than
# their two ASCII cases case-insensitively, and fold makes those lower case)
_CLAUSE_WORD_PIECES = ("bef", "aft", "wh", "but", "bec", "fol")
# every match of _CLAUSE_PUNCT holds one of these characters: a span without them has no punctuation stop
_CLAUSE_MARKS = (",", ";", "-", "\u2013", "\u2014")

_COUNTED = re.compile(
    r"^\s*(?:\S+\s+){0,3}?(?:\d+|two|three|four|five|six|seven|eight|nine|ten|dozens?\s+of|"
    r"several|many|multiple|numerous)\s+times\b"
)

_VIDEO = re.compile(r"\b(?:video|virtual|videoconference|online)\b")
_VIDEO_WORDS = ("video", "virtual", "online")  # every match of _VIDEO holds one of them

_PHONE = re.compile(r"\b(?:phone|telephone|call|called|phoned)\b")
_PHONE_WORDS = ("phone", "call")  # every match of _PHONE holds one of them

# Cue words are lower case: "May" the month is not "may" the modal.
# (= r"\b[A-Z]…": a capital not after a word character; opening with the capital, the search skips to the
# next one instead of trying `\b` at every position)
_CAPITALISED = re.compile(r"[A-Z](?<!\w[A-Z])[\w'\u2019-]*")

_LOCATION = re.compile(r"\b(?:in|at)\s+(?:the\s+)?$")
_DESTINATION = re.compile(r"\bto\s+(?:the\s+)?$")
_AND = re.compile(r"\band\b")


def _search_words(pattern: re.Pattern[str], words: tuple[str, ...], text: str) -> bool:
    """Whether `pattern` matches in `text`, where every match holds one of `words`: a substring test first,
    much cheaper than a search that tries the pattern at every position."""
    return any(w in text for w in words) and pattern.search(text) is not None


@dataclass(slots=True)
class MeetingCandidate:
    actor1: Actor
    actor2: Actor
    others: tuple[Actor, ...]
    kind: str
    mode: str
    status: str
    sentence: Sentence
    trigger: Trigger
    timex: Timex | None
    context_cue: bool
    location: str | None
    location_country: str | None
    weak: bool = False
    days_before: int | None = None  # "After a day of talks with X, Y met Z": X came N days before the rest


@dataclass(slots=True)
class EventCandidate:
    kind: str
    status: str
    countries: tuple[str, ...]
    actors: tuple[Actor, ...]
    sentence: Sentence
    trigger: Trigger
    timex: Timex | None
    context_cue: bool
    location: str | None
    location_country: str | None
    visitor: str | None = None
    host: str | None = None
    days: int | None = None  # "a three-day visit"
    stay: int | None = None  # a tour's stop: days until the visitor reached the next one (context.until_next_stop)
    reference: bool = False  # "ahead of the (SCO) summit": a mention of an event another passage reports
    anaphoric: bool = False  # a reference to "the summit" itself, the one the article reports


@dataclass(slots=True)
class SentenceResult:
    meetings: list[MeetingCandidate] = field(default_factory=list)
    events: list[EventCandidate] = field(default_factory=list)
    pairs: list[tuple[Actor, Actor]] = field(default_factory=list)
    anchors: list[tuple[frozenset[str], Timex]] = field(default_factory=list)  # dated meeting news, no pair


def dating_timexes(timexes: list[Timex], folded: str) -> list[Timex]:
    """Expressions that can date an event: a calendar window, not a deadline ("by 2030")."""
    out: list[Timex] = []
    for t in timexes:
        if t.window is None or (t.window.start is None and t.window.end is None):
            continue
        if _search_words(_DEADLINE, _DEADLINE_PIECES, folded[max(0, t.start - 20) : t.start]):
            continue
        if out and t.start - out[-1].end <= 1 and out[-1].window is not None:
            # "March this year", "Wednesday morning": adjacent expressions of one date, keep the finer
            if _FINER[t.window.precision] < _FINER[out[-1].window.precision]:
                out[-1] = t
            continue
        out.append(t)
    return out


def attach_timexes(
    triggers: list[Trigger], timexes: list[Timex], folded: str, text: str | None = None
) -> dict[int, list[Timex]]:
    """Trigger index -> the expressions that date it. With `text`, a day after a trigger in the same
    clause, no other expression between, is that trigger's ("held talks with X on Tuesday and was received by
    Y the previous day"; "will meet X on Monday, days after the two spoke by phone"), else the nearest's."""
    out: dict[int, list[Timex]] = {i: [] for i in range(len(triggers))}
    if not triggers or not timexes:
        return out
    if len(triggers) == 1:  # fronted or not, every expression is the one trigger's
        out[0].extend(timexes)
        return out
    first = min(t.start for t in triggers)
    for tx in timexes:
        fronted = tx.end <= first and folded[tx.end : tx.end + 2].startswith(",")
        if fronted:
            for i in out:
                out[i].append(tx)
            continue
        if text is not None and tx.window is not None and tx.window.precision == "day":
            left = [
                i
                for i, t in enumerate(triggers)
                if t.end <= tx.start
                and clause_stop(text, folded, t.end, tx.start) == tx.start
                and not any(t.end <= o.start and o.end <= tx.start for o in timexes)
                and not any(o.start >= tx.end and _PREMODIFIER_GAP.fullmatch(text, tx.end, o.start) for o in triggers)
            ]
            if left:
                out[max(left, key=lambda i: triggers[i].end)].append(tx)
                continue
        nearest = min(
            range(len(triggers)),
            key=lambda i: max(triggers[i].start - tx.end, tx.start - triggers[i].end, 0),
        )
        out[nearest].append(tx)
    return out


# what may stand between a date and the trigger noun it premodifies ("the 'May 9' Victory Day celebration")
_PREMODIFIER_GAP = re.compile(r"[\s\"'\u201c\u201d]*(?:[A-Z][\w-]*\s+){0,2}")

_FINER = {"day": 0, "range": 1, "week": 2, "month": 3, "season": 4, "quarter": 5, "year": 6, "unknown": 7}


def nearest_timex(timexes: list[Timex], pos: int) -> Timex | None:
    """The expression nearest to `pos`; of two about as near ("March" … "this year"), the finer."""
    if len(timexes) < 2:
        return timexes[0] if timexes else None
    return min(
        timexes,
        key=lambda t: (
            abs(t.start - pos) // 25,
            _FINER.get(t.window.precision if t.window else "unknown", 7),
            abs(t.start - pos),
        ),
    )


def is_headline(sent: Sentence) -> bool:
    return not sent.text.rstrip("\"'\u201d\u2019").endswith((".", "!", "?"))


def _blank(m: re.Match[str]) -> str:
    return "_" * len(m.group())


_RELATIVE_BEFORE = re.compile(r",\s+(?:who|which)\b[^,;]*(?P<close>,)\s*(?:[a-z]+\s+)?$")


def read_status(
    book: TriggerBook, text: str, folded: str, sent: Sentence, trig: Trigger, subject_end: int
) -> str | None:
    """planned/occurred, or None when the trigger does not report a meeting or event that happens."""
    lo = max(sent.start, subject_end, trig.start - 40)
    clause = max(sent.start, subject_end)
    if clause < lo and clause_stop(text, folded, clause, trig.start) == trig.start:
        # nothing ends the clause between the subject and the trigger: its verb group is the trigger's
        # ("X is expected to visit Y later this month for talks with Z")
        lo = clause
    elif "wh" in folded[clause : trig.start]:
        # "The two presidents, who plan to meet later this year, held talks": the relative clause between the
        # subject and its verb is not the trigger's
        m = _RELATIVE_BEFORE.search(folded, clause, trig.start)
        if m:
            lo = max(lo, m.end("close"))
    reach = max(sent.start, trig.start - 90)
    if folded.find("plan", reach, trig.start) != -1:
        # "there are no plans for X to meet Y": denied before the subject, in the trigger's clause
        m = _NO_PLANS.search(folded, reach, trig.start)
        if m is not None and clause_stop(text, folded, m.end(), trig.start) == trig.start:
            return None
    window = text[lo : trig.start]
    reported = False
    if window.endswith(" ") and "would" in window:
        # "X said he would meet Y soon": the future of reported speech is a plan, not a hypothesis
        w = _WOULD_END.search(folded, lo, trig.start)
        if w is not None and _REPORTING.search(folded, sent.start, lo) is not None:
            reported = True
            window = text[lo : w.start()]
    # no upper-case letter (often: the window starts after the subject), no capitalised word to blank
    before = window.lower() if window.islower() else _CAPITALISED.sub(_blank, window).lower()
    after = folded[trig.end : min(sent.end, trig.end + 40)]
    if book.blocks("before", before):  # a negated or hypothetical cue
        return None
    if reported:
        return "planned"
    if "times" in after and _COUNTED.match(after):  # every match of _COUNTED holds "times"
        return None
    predicate = noun_predicate(text, folded, sent, trig)
    if predicate is not None and book.blocks("predicate", predicate):
        return None
    if book.cue_in("planned", "before", before) or _ahead_after(book, text, folded, trig, after):
        return "planned"
    if predicate is not None and book.cue_in("planned", "predicate", predicate):
        return "planned"
    if (
        is_headline(sent) and before.strip() == "to"
    ):  # a headline's infinitive: "Scholz to meet Modi in Berlin"
        return "planned"
    return "occurred"


_NO_PLANS = re.compile(r"\bno\s+(?:immediate\s+|current\s+|concrete\s+|firm\s+)?plans?\s+(?:for|to)\b")
_WOULD_END = re.compile(r"\bwould\s+(?:again\s+|also\s+|soon\s+)?$")
_REPORTING = re.compile(
    r"\b(?:said|says|told|tells|announced|added|stated|confirmed|promised|pledged|indicated|signall?ed)\b"
)
# A past-tense verb (not a participle that plans: "the summit scheduled for next month")
_PAST_FORM = re.compile(
    r"\b(?!(?:scheduled|expected|planned|proposed|slated|united|related|based|dedicated|need|speed|indeed)\b)"
    r"(?:[a-z]{2,}ed|said|was|were|had|did|met|held|began|came|went|took|left|made|spoke|told|gave|sent|saw|paid|"
    r"flew|led|won|lost|sat|ate)\b"
)


def _ahead_after(book: TriggerBook, text: str, folded: str, trig: Trigger, after: str) -> bool:
    """A planned cue right after the trigger that is its own ("X is to meet Y next week", "the summit that India
    hosts later this year"): not after a past-tense trigger or verb, nor across a clause stop ("X met Y, and the
    two will meet again next week")."""
    cue = book.cue_in("planned", "after", after)
    if cue is None:
        return False
    at = trig.end + after.find(cue)
    return _PAST_FORM.search(folded, trig.start, at) is None and clause_stop(text, folded, trig.end, at) == at


# A trigger that is a noun phrase of its own: its first word is a noun or a noun's modifier.
_NOUN_HEADS = frozenset(
    "meeting meetings talks summit summits call conversation phone telephone video videoconference virtual "
    "visit trip tour discussions consultations negotiations bilateral state official working".split()
)
# The noun phrase is a clause's subject ("a telephone conversation between A and B was not on the agenda",
# "the president's visit to Delhi has been postponed", "He said the planned talks will take place"): it opens the
# sentence or follows a comma or a verb of saying, with a determiner and names or a few adjectives before it.
_SUBJECT_NOUN = re.compile(
    r"(?:^|[,;:]\s*|\b(?i:that|said|says|announced|noted|added|confirmed|stated|reported|stressed)\s+)"
    r"(?:(?i:a|an|the|this|that|these|those|their|his|her|its|our|any|no|another)\s+)?"
    r"(?:(?!(?i:when|while|after|before|since|if|although|though|as|upon|during|following|on|in|at|for|by)\b)"
    r"(?:[A-Z][\w'\u2019.-]*|[\w.-]+['\u2019]s|\w+-[\w-]+|informal|bilateral|trilateral|planned|proposed|"
    r"possible|potential|upcoming|expected|next|first|second|third|annual|official|new|further|direct)\s+){0,4}$"
)
# What may stand between the noun and its auxiliary: nothing, or a complement opening with a preposition or
# "that" ("… between A and B was", "the visit to Delhi has been", "the talks that were held"); the object of a
# trigger that ends in a preposition ("talks with A and B will"). Not a verb ("the visit signals that … may").
_COMPLEMENT = re.compile(r"\s*(?:(?:between|with|of|to|in|at|by|on|for|from|among|via|that)\b|$)")
# Its predicate opens at its first auxiliary, searched in the original text in lower case only ("May" the
# month is not "may" the modal); an infinitive ("the summit to be held in May") is the noun's wherever it stands.
_AUXILIARY = re.compile(
    r"\b(?:is|are|was|were|will|would|could|may|might|can|has|have|had|shall|should|did|does|do|"
    r"(?P<infinitive>to\s+(?:be|take)))\b"
)
_OBJECT_END = re.compile(r"\b(?:that|to\s+[a-z]+)\b")
_PREPOSITIONS = (" between", " with", " to", " of", " in")  # how a trigger that takes its object ends
_SUBJECT_REACH = 60  # characters before a noun trigger that hold its determiner and modifiers
_NOUN_REACH = 100  # characters from the noun trigger to its predicate (its complement: "between A and B")
_PREDICATE_REACH = 40


def _is_subject(text: str, sent: Sentence, trig: Trigger) -> bool:
    """Whether the noun trigger opens its clause's subject (_SUBJECT_NOUN in the characters before it)."""
    lead = trig.start - _SUBJECT_REACH
    if lead <= sent.start:  # the sentence's start is in reach: "^" is where it starts
        return _SUBJECT_NOUN.search(text[sent.start : trig.start]) is not None
    return _SUBJECT_NOUN.search(text, lead, trig.start) is not None  # "^" matches at no position but 0 < lead


def noun_predicate(text: str, folded: str, sent: Sentence, trig: Trigger) -> str | None:
    """The predicate of a noun trigger, folded with capitalised words blanked, up to the end of its clause or
    a coordinated one ("… was not on the agenda this week, but could be arranged" -> "was not on the agenda
    this week"); None for a verb trigger or when no auxiliary follows in the trigger's clause."""
    if trig.text.partition(" ")[0] not in _NOUN_HEADS:
        return None
    aux = _AUXILIARY.search(text, trig.end, min(sent.end, trig.end + _NOUN_REACH))
    if aux is None:
        return None
    if trig.text.endswith(_PREPOSITIONS):  # its object, not another noun's clause ("… to finish talks that were")
        if _OBJECT_END.search(folded, trig.end, aux.start()):
            return None
    elif not _COMPLEMENT.match(folded, trig.end, aux.start()):
        return None
    if aux.group("infinitive") is None and not _is_subject(text, sent, trig):
        return None
    if clause_stop(text, folded, trig.end, aux.start()) < aux.start():
        return None
    end = clause_stop(text, folded, aux.start(), min(sent.end, aux.start() + _PREDICATE_REACH))
    window = text[aux.start() : end]
    cut = window.find(" and ")
    if cut != -1:
        window = window[:cut]
    return _CAPITALISED.sub(_blank, window).lower()


def located_places(folded: str, mentions: list[Mention], lo: int, hi: int) -> list[Mention]:
    """The places and countries in folded[lo:hi] said with "in/at" (where something happens)."""
    return [
        m
        for m in mentions
        if m.kind in ("place", "country")
        and lo <= m.start < hi
        and _LOCATION.search(folded[max(lo, m.start - 8) : m.start])
    ]


def find_location(
    text: str,
    folded: str,
    mentions: list[Mention],
    lo: int,
    hi: int,
    trig: Trigger,
    stop: int,
    places: list[Mention] | None = None,
) -> tuple[str | None, str | None]:
    """ "in/at <place>": in the trigger's own clause first, else the one nearest to the trigger.

    `places`: `located_places(folded, mentions, lo, hi)`, when the caller has it (one sentence, many triggers)."""
    if places is None:
        places = located_places(folded, mentions, lo, hi)
    # "traveling to Doha for talks with …": the destination just before the trigger
    for m in mentions:
        if m.kind in ("place", "country") and lo <= m.start and 0 <= trig.start - m.end <= 12:
            if _DESTINATION.search(folded[max(lo, m.start - 8) : m.start]):
                return m.text, m.key
    if not places:
        return None, None
    own = [m for m in places if trig.end <= m.start < stop]
    best = own[0] if own else min(places, key=lambda m: min(abs(m.start - trig.end), abs(trig.start - m.end)))
    return best.text, best.key


def meeting_mode(kind: str, book: TriggerBook, folded_sentence: str, title_says_call: bool) -> str:
    mode = book.crosswalk[kind].mode or "in_person"
    if kind in ("speak", "talks", "meet") and _search_words(_VIDEO, _VIDEO_WORDS, folded_sentence):
        return "video"
    if kind == "speak" and (_search_words(_PHONE, _PHONE_WORDS, folded_sentence) or title_says_call):
        return "phone"
    if kind == "talks" and "phone" in folded_sentence and _PHONE.search(folded_sentence):
        return "phone"
    return mode


def pick_subject(left: list[ActorMention], used: set[int]) -> ActorMention | None:
    for governed in (False, True):
        for a in reversed(left):
            if id(a) in used or a.governed != governed:
                continue
            if a.kind in ("person", "pronoun", "pair", "group"):
                return a
    for a in reversed(left):
        if id(a) not in used and a.kind in ("country", "org") and not a.governed:
            return a
    return None


def coordinated_parties(
    left: list[ActorMention], used: set[int], folded: str, headline: bool = False
) -> list[Actor] | None:
    """The parties of "A and B <trigger>" (distinct countries, in order), else None."""
    for k, a in enumerate(left):
        if a.kind == "pair" and a.pair is not None and not a.governed:
            if not any(b.kind in ("person", "pronoun") and not b.governed for b in left[k + 1 :]):
                return list(a.pair)
    people = [a for a in left if a.kind in ("person", "group", "pronoun") and id(a) not in used]
    if len(people) < 2:
        return None  # fewer than two countries
    by_country: dict[str, Actor] = {}
    for a in sorted(people, key=lambda a: (a.kind != "person", a.start)):  # a name before "the Russian side"
        by_country.setdefault(a.actor.country, a.actor)
    if len(by_country) < 2:
        return None
    between = folded[people[0].end : people[-1].start]
    # "A and B met", or a headline's "A, B hold talks"
    if not _AND.search(between) and not (len(people) == 2 and between.strip() == "," and headline):
        return None
    return list(by_country.values())


def clause_stop(text: str, folded: str, lo: int, hi: int) -> int:
    """Where _CLAUSE_STOP first matches in text[lo:hi], else hi: the same, in two searches."""
    # the search tries its `\s` at every space: it starts where the first mark (or the space before it) is
    first = hi
    for mark in _CLAUSE_MARKS:
        at = text.find(mark, lo, first)
        if at != -1:
            first = at
    if first < hi:
        m = _CLAUSE_PUNCT.search(text, max(lo, first - 1), hi)
        if m:
            hi = m.start()
    between = folded[lo:hi]
    if "wh" in between or "bef" in between or "aft" in between or "but" in between or "bec" in between or (
        "fol" in between
    ):  # (_CLAUSE_WORD_PIECES)
        m = _CLAUSE_WORD.search(text, lo, hi)
        if m:
            hi = m.start()
    return hi


def clause_end(
    text: str, folded: str, trig: Trigger, triggers: list[Trigger], sent: Sentence, fronted: bool
) -> int:
    stop = sent.end
    for other in triggers:
        if other.start >= trig.end:
            stop = min(stop, other.start)
            break
    stop = clause_stop(text, folded, trig.end, stop)
    if fronted:
        comma = folded.find(",", trig.end, stop)
        if comma != -1:
            stop = comma
    return stop


# (days_before and visit_days search only where the folded text holds "after", "-day": every match does)
_AFTER_DAYS = re.compile(r"\bafter\s+(\d{1,2}|a|one|two|three|four|five|six|seven)\s+days?\s+of\s+$")


def days_before(folded: str, sent: Sentence, trig: Trigger) -> int | None:
    lo = max(sent.start, trig.start - 40)
    m = _AFTER_DAYS.search(folded, lo, trig.start) if folded.find("after", lo, trig.start) != -1 else None
    if not m:
        return None
    word = m.group(1)
    return int(word) if word.isdigit() else 1 if word == "a" else _NUMBER_WORDS[word]


_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}

_DAYS = re.compile(
    r"\b(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)-day\s+(?:state\s+|official\s+)?"
    r"(?:visit|trip|tour|stay)\b"
)


def visit_days(folded: str, sent: Sentence) -> int | None:
    m = _DAYS.search(folded, sent.start, sent.end) if folded.find("-day", sent.start, sent.end) != -1 else None
    if not m:
        return None
    word = m.group(1)
    return int(word) if word.isdigit() else _NUMBER_WORDS[word]
