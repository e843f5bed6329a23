"""Assemble one sentence's triggers, actors and temporal expressions into event candidates.

For each trigger: read the cues around it (planned, negated, hypothetical, counted), find
the side the sentence is about (the subject) and the other side(s), attach the sentence's
own date expression (a fronted one, "On Monday, …", scopes over every trigger; any other
attaches to the nearest trigger). Dating from the passage or the publication date, and
merging repeated reports, happen later for the whole article (dateline.context).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dateline.actors import ActorMention
from dateline.matcher import Mention
from dateline.model import Actor, Timex
from dateline.text import Sentence
from dateline.triggers import MEETING_KINDS, Trigger, TriggerBook

_DEADLINE = re.compile(r"(?:\b(?:by|until|till|since|through|from)\s+(?:the\s+)?(?:end\s+of\s+)?)$")
# Where a trigger's object ends (searched in the original text: a comma before a lower-case word ends it,
# "…, reiterating", but not a list of names "…, Cuba and Venezuela").
_CLAUSE_STOP = re.compile(
    r";|\s[-\u2013\u2014]\s|,\s+(?=[a-z])(?!the\b|and\b|as\s+well\b)|"
    r"(?i:\b(?:before|after|where|while|which|who|but|because|following)\b)"
)
_COUNTED = re.compile(
    r"^\s*(?:\S+\s+){0,3}?(?:\d+|two|three|four|five|six|seven|eight|nine|ten|dozens?\s+of|"
    r"several|many|multiple|numerous)\s+times\b"
)
_EVENT_NAME = re.compile(r"['\u2019]?s?\s+(?:summit|meeting|forum|conference|session|talks|games|congress)\b")
# "talks with Russia", "meetings with the leaders of Serbia, Cuba and Venezuela"
_DIRECT_OBJECT_GAP = re.compile(
    r"^\s*(?:(?:the\s+|his\s+|her\s+)?(?:leaders?|heads?\s+of\s+(?:state|government)|presidents?|prime\s+ministers?|"
    r"counterparts?|representatives?|delegations?|officials?|foreign\s+ministers?)\s+(?:of|from)\s+)?(?:the\s+)?$"
)
_UNRESOLVED_SUBJECT = re.compile(
    r"\b(?!(?:When|While|After|Before|During|In|On|At|The|A|An|Upon|Following|Also|Then|Later|Earlier|"
    r"Meanwhile|Separately|Today|Yesterday|It|This|That|There|They|We|I|You)\b)[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\s+$"
)
_FRONTED_CLAUSE = re.compile(
    r"^\s*(?:(?:when|while|after|before|during|in|on|at|upon|following)\b.*)?$", re.I | re.S
)
_LIST_GAP = re.compile(r"^\s*(?:,|and|,\s*and|as\s+well\s+as)\s*(?:the\s+)?$")
_MULTILATERAL = re.compile(r"\b(?:trilateral|multilateral|quadrilateral|three-way|four-way|multiparty)\b")
_VIDEO = re.compile(r"\b(?:video|virtual|videoconference|online)\b")
_PHONE = re.compile(r"\b(?:phone|telephone|call|called|phoned)\b")
# Cue words are lower case: "May" the month is not "may" the modal.
_CAPITALISED = re.compile(r"\b[A-Z][\w'\u2019-]*")
_LOCATION = re.compile(r"\b(?:in|at)\s+(?:the\s+)?$")


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


@dataclass(slots=True)
class SentenceResult:
    meetings: list[MeetingCandidate] = field(default_factory=list)
    events: list[EventCandidate] = field(default_factory=list)
    pairs: list[tuple[Actor, Actor]] = field(default_factory=list)
    anchors: list[tuple[frozenset[str], Timex]] = field(default_factory=list)  # dated meeting news, no pair


def _dated(timexes: list[Timex], folded: str) -> list[Timex]:
    """Expressions that can date an event: a calendar window, not a deadline ("by 2030")."""
    out: list[Timex] = []
    for t in timexes:
        if t.window is None or (t.window.start is None and t.window.end is None):
            continue
        if _DEADLINE.search(folded[max(0, t.start - 20) : t.start]):
            continue
        if out and t.start - out[-1].end <= 1 and out[-1].window is not None:
            # "March this year", "Wednesday morning": adjacent expressions of one date, keep the finer
            if _FINER[t.window.precision] < _FINER[out[-1].window.precision]:
                out[-1] = t
            continue
        out.append(t)
    return out


def _attach_timexes(triggers: list[Trigger], timexes: list[Timex], folded: str) -> dict[int, list[Timex]]:
    """Trigger index -> the expressions that date it."""
    out: dict[int, list[Timex]] = {i: [] for i in range(len(triggers))}
    if not triggers:
        return out
    first = min(t.start for t in triggers)
    for tx in timexes:
        fronted = tx.end <= first and folded[tx.end : tx.end + 2].startswith(",")
        if fronted:
            for i in out:
                out[i].append(tx)
            continue
        nearest = min(
            range(len(triggers)),
            key=lambda i: max(triggers[i].start - tx.end, tx.start - triggers[i].end, 0),
        )
        out[nearest].append(tx)
    return out


_FINER = {"day": 0, "range": 1, "week": 2, "month": 3, "season": 4, "quarter": 5, "year": 6, "unknown": 7}


def _nearest(timexes: list[Timex], pos: int) -> Timex | None:
    """The expression nearest to `pos`; of two about as near ("March" … "this year"), the finer."""
    if not timexes:
        return None
    return min(
        timexes,
        key=lambda t: (
            abs(t.start - pos) // 25,
            _FINER.get(t.window.precision if t.window else "unknown", 7),
            abs(t.start - pos),
        ),
    )


def _is_headline(sent: Sentence) -> bool:
    return not sent.text.rstrip("\"'\u201d\u2019").endswith((".", "!", "?"))


def _status(
    book: TriggerBook, text: str, folded: str, sent: Sentence, trig: Trigger, subject_end: int
) -> str | None:
    """planned/occurred, or None when the trigger does not report a meeting or event that happens."""
    lo = max(sent.start, subject_end, trig.start - 40)
    before = _CAPITALISED.sub(lambda m: "_" * len(m.group()), text[lo : trig.start]).lower()
    after = folded[trig.end : min(sent.end, trig.end + 40)]
    if book.cue_in("negated", "before", before) or book.cue_in("hypothetical", "before", before):
        return None
    if _COUNTED.match(after):
        return None
    if book.cue_in("planned", "before", before) or book.cue_in("planned", "after", after):
        return "planned"
    if (
        _is_headline(sent) and before.strip() == "to"
    ):  # a headline's infinitive: "Biden to meet Xi in San Francisco"
        return "planned"
    return "occurred"


def _location(
    text: str, folded: str, mentions: list[Mention], lo: int, hi: int, trig: Trigger, stop: int
) -> tuple[str | None, str | None]:
    """ "in/at <place>": in the trigger's own clause first, else the one nearest to the trigger."""
    places = [
        m
        for m in mentions
        if lo <= m.start < hi
        and m.kind in ("place", "country")
        and _LOCATION.search(folded[max(lo, m.start - 8) : m.start])
    ]
    # "traveling to Doha for talks with …": the destination just before the trigger
    for m in mentions:
        if m.kind in ("place", "country") and lo <= m.start and 0 <= trig.start - m.end <= 12:
            if re.search(r"\bto\s+(?:the\s+)?$", folded[max(lo, m.start - 8) : m.start]):
                return m.text, m.key
    if not places:
        return None, None
    own = [m for m in places if trig.end <= m.start < stop]
    best = own[0] if own else min(places, key=lambda m: min(abs(m.start - trig.end), abs(trig.start - m.end)))
    return best.text, best.key


def _mode(kind: str, book: TriggerBook, folded_sentence: str, title_says_call: bool) -> str:
    mode = book.crosswalk[kind].mode or "in_person"
    if kind in ("speak", "talks", "meet") and _VIDEO.search(folded_sentence):
        return "video"
    if kind == "speak" and (_PHONE.search(folded_sentence) or title_says_call):
        return "phone"
    if kind == "talks" and _PHONE.search(folded_sentence) and "phone" in folded_sentence:
        return "phone"
    return mode


def _subject(left: list[ActorMention], used: set[int]) -> ActorMention | None:
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


def _coordinated(
    left: list[ActorMention], used: set[int], folded: str, headline: bool = False
) -> list[Actor] | None:
    """The parties of "A and B <trigger>" (distinct countries, in order), else None."""
    for k, a in enumerate(left):
        if a.kind == "pair" and a.pair is not None and not a.governed:
            if not any(b.kind in ("person", "pronoun") and not b.governed for b in left[k + 1 :]):
                return list(a.pair)
    people = [a for a in left if a.kind in ("person", "group", "pronoun") and id(a) not in used]
    by_country: dict[str, Actor] = {}
    for a in sorted(people, key=lambda a: (a.kind != "person", a.start)):  # a name before "the Russian side"
        by_country.setdefault(a.actor.country, a.actor)
    if len(by_country) < 2:
        return None
    between = folded[people[0].end : people[-1].start]
    # "A and B met", or a headline's "A, B hold talks"
    if not re.search(r"\band\b", between) and not (len(people) == 2 and between.strip() == "," and headline):
        return None
    return list(by_country.values())


def assemble_sentence(
    text: str,
    folded: str,
    sent: Sentence,
    mentions: list[Mention],
    actors: list[ActorMention],
    timexes: list[Timex],
    book: TriggerBook,
    title_says_call: bool = False,
    last_subject: ActorMention | None = None,
    triggers: list[Trigger] | None = None,
) -> SentenceResult:
    """`triggers`: the sentence's triggers when the caller found them for the whole text at once."""
    result = SentenceResult()
    if triggers is None:
        triggers = list(book.find(folded, sent.start, sent.end))
    triggers = sorted(triggers, key=lambda t: t.start)
    if not triggers or not actors:
        return result
    dated = _dated(timexes, folded)
    # meeting triggers and other event triggers each take the expressions nearest to them
    attached: dict[int, list[Timex]] = {}
    for family in (MEETING_KINDS, None):
        idx = [i for i, t in enumerate(triggers) if (t.kind in MEETING_KINDS) == (family is not None)]
        got = _attach_timexes([triggers[i] for i in idx], dated, folded)
        attached.update({idx[k]: v for k, v in got.items()})
    context_cue = book.cue_in("context", "before", folded[sent.start : sent.end]) is not None
    # one event per kind and sentence ("signed a series of memorandums"): the first trigger takes all dates
    first_of_kind: dict[str, int] = {}
    for i, trig in enumerate(triggers):
        if trig.kind not in MEETING_KINDS and trig.kind != "visit":
            k = first_of_kind.setdefault(trig.kind, i)
            if k != i:
                attached[k] = attached[k] + attached.pop(i)
    used: set[int] = set()  # actors already taken as another trigger's counterpart
    fs = folded[sent.start : sent.end]
    for i, trig in enumerate(triggers):
        left = [a for a in actors if a.end <= trig.start]
        stop = _clause_stop(text, folded, trig, triggers, sent, fronted=not left)
        right = [a for a in actors if trig.end <= a.start < stop and id(a) not in used]
        if i not in attached:
            continue
        if trig.kind in MEETING_KINDS:
            _meetings(
                text,
                folded,
                sent,
                mentions,
                actors,
                left,
                right,
                trig,
                attached[i],
                used,
                book,
                title_says_call,
                fs,
                context_cue,
                stop,
                result,
                last_subject,
            )
        else:
            _event(
                text,
                folded,
                sent,
                mentions,
                actors,
                left,
                trig,
                attached[i],
                book,
                fs,
                context_cue,
                stop,
                result,
                used,
            )
    return result


def _clause_stop(
    text: str, folded: str, trig: Trigger, triggers: list[Trigger], sent: Sentence, fronted: bool
) -> int:
    stop = sent.end
    for other in triggers:
        if other.start >= trig.end:
            stop = min(stop, other.start)
            break
    m = _CLAUSE_STOP.search(text, trig.end, stop)
    if m:
        stop = m.start()
    if fronted:
        comma = folded.find(",", trig.end, stop)
        if comma != -1:
            stop = comma
    return stop


def _meetings(
    text: str,
    folded: str,
    sent: Sentence,
    mentions: list[Mention],
    actors: list[ActorMention],
    left: list[ActorMention],
    right: list[ActorMention],
    trig: Trigger,
    timexes: list[Timex],
    used: set[int],
    book: TriggerBook,
    title_says_call: bool,
    fs: str,
    context_cue: bool,
    stop: int,
    result: SentenceResult,
    last_subject: ActorMention | None,
) -> None:
    parties = (
        _coordinated(right, used, folded)
        if trig.argument == "pair"
        else _coordinated(left, used, folded, headline=_is_headline(sent))
    )
    counterparts: list[ActorMention] = []
    subject: ActorMention | None = None
    co_subjects: list[Actor] | None = None
    if parties is None or any(
        a.actor.country not in {p.country for p in parties} for a in right if a.kind == "person"
    ):
        # "He and Arafat meet separately with Albright": each coordinated subject meets the counterpart
        co_subjects = parties if parties is not None and trig.argument != "pair" else None
        parties = None
        subject = _subject(left, used)
        if subject is None:
            lead = text[sent.start : trig.start]
            if _UNRESOLVED_SUBJECT.search(lead):
                return  # "… after Clinton met …": a subject the lexicons do not know; do not guess another
            after = [a for a in actors if a.start >= stop and a.kind in ("person", "pronoun")]
            if after and _FRONTED_CLAUSE.match(lead):  # "When meeting with X, Y stressed …"
                subject = after[0]
            else:
                subject = last_subject
        if subject is None or subject.kind == "pair":
            return
        listed_end: int | None = None  # end of the last country taken as a direct object
        for a in right if trig.argument in ("person", "pair") else ():
            if a.kind in ("person", "group"):
                counterparts.append(a)
            elif a.kind in ("country", "org"):
                direct = _DIRECT_OBJECT_GAP.match(folded[trig.end : a.start]) or (
                    listed_end is not None and _LIST_GAP.match(folded[listed_end : a.start])
                )
                possessive = folded.startswith("'s", a.end)  # "meet NATO's standards"
                if direct and not possessive and not _EVENT_NAME.match(folded, a.end):  # "the BRICS summit"
                    counterparts.append(a)
                    listed_end = a.end
    if trig.kind == "joint" and parties is None:
        return
    status = _status(book, text, folded, sent, trig, subject.end if subject is not None else sent.start)
    if status is None:
        return
    mode = _mode(trig.kind, book, fs, title_says_call)
    loc, loc_country = _location(text, folded, mentions, sent.start, sent.end, trig, stop)
    if parties is not None:
        if len(parties) > 2 or _MULTILATERAL.search(fs):
            countries = tuple(sorted({p.country for p in parties}))
            result.events.append(
                EventCandidate(
                    "summit",
                    status,
                    countries,
                    tuple(parties),
                    sent,
                    trig,
                    _nearest(timexes, trig.start),
                    context_cue,
                    loc,
                    loc_country,
                )
            )
            return
        first, second = parties
        result.pairs.append((first, second))
        result.meetings.append(
            MeetingCandidate(
                first,
                second,
                (),
                trig.kind,
                mode,
                status,
                sent,
                trig,
                _nearest(timexes, trig.start),
                context_cue,
                loc,
                loc_country,
                weak=trig.kind == "joint",
            )
        )
        return
    assert subject is not None
    for me in co_subjects or [subject.actor]:
        _pair_up(
            me,
            counterparts,
            timexes,
            used,
            trig,
            status,
            mode,
            sent,
            context_cue,
            loc,
            loc_country,
            folded,
            stop,
            result,
        )


def _pair_up(
    me: Actor,
    counterparts: list[ActorMention],
    timexes: list[Timex],
    used: set[int],
    trig: Trigger,
    status: str,
    mode: str,
    sent: Sentence,
    context_cue: bool,
    loc: str | None,
    loc_country: str | None,
    folded: str,
    stop: int,
    result: SentenceResult,
) -> None:
    """One meeting per counterpart country of `me` (same-country people with their own times apart)."""
    by_country: dict[str, list[ActorMention]] = {}
    for c in counterparts:
        if c.actor.country != me.country:
            by_country.setdefault(c.actor.country, []).append(c)
    for group in by_country.values():  # a named person represents the side before "the Russian side"
        group.sort(key=lambda c: (c.kind != "person", c.start))
    if not by_country and status == "occurred" and timexes:
        result.anchors.append((frozenset({me.country}), _nearest(timexes, trig.start)))  # type: ignore[arg-type]
    for group in by_country.values():
        used.update(id(c) for c in group)
        # same-country people with their own time each ("the King on Wednesday and the PM later") meet apart
        split = [group[0]]
        for c in group[1:]:
            if any(split[-1].end <= t.start < c.start for t in timexes):
                split.append(c)
        for k, c in enumerate(split):
            members = group if len(split) == 1 else [c]
            nxt = split[k + 1].start if k + 1 < len(split) else stop
            own = [t for t in timexes if c.start <= t.start < nxt] or timexes
            tx = _nearest(own, c.end)
            others = tuple(x.actor for x in members[1:])
            result.pairs.append((me, c.actor))
            result.meetings.append(
                MeetingCandidate(
                    me,
                    c.actor,
                    others,
                    trig.kind,
                    mode,
                    status,
                    sent,
                    trig,
                    tx,
                    context_cue,
                    loc,
                    loc_country,
                    days_before=_days_before(folded, sent, trig),
                )
            )


def _event(
    text: str,
    folded: str,
    sent: Sentence,
    mentions: list[Mention],
    actors: list[ActorMention],
    left: list[ActorMention],
    trig: Trigger,
    timexes: list[Timex],
    book: TriggerBook,
    fs: str,
    context_cue: bool,
    stop: int,
    result: SentenceResult,
    used: set[int],
) -> None:
    status = _status(book, text, folded, sent, trig, sent.start)
    if status is None:
        return
    tx = _nearest(timexes, trig.start)
    loc, loc_country = _location(text, folded, mentions, sent.start, sent.end, trig, stop)
    participants: list[Actor] = []
    for a in actors:
        if a.kind == "pair" and a.pair is not None:
            participants.extend(a.pair)
        else:
            participants.append(a.actor)
    if trig.kind == "visit":
        inside = [a for a in actors if trig.start <= a.start and a.end <= trig.end and a.kind == "pronoun"]
        subject = _subject(left, used) or (inside[0] if inside else None)
        if subject is None or subject.kind == "pair":
            return
        visitor = subject.actor
        places = [m for m in mentions if trig.end <= m.start < stop and m.kind in ("place", "country")]
        if not places:
            return
        days = _days(folded, sent)
        hosts: dict[str, Mention] = {}
        for p in places:
            if p.key != visitor.country:
                hosts.setdefault(p.key, p)
        for code, place in hosts.items():
            pair = tuple(sorted({visitor.country, code}))
            result.events.append(
                EventCandidate(
                    "visit",
                    status,
                    pair,
                    (visitor,),
                    sent,
                    trig,
                    tx,
                    context_cue,
                    place.text,
                    code,
                    visitor=visitor.country,
                    host=code,
                    days=days,
                )
            )
        return
    countries: set[str] = {p.country for p in participants}
    if trig.kind == "summit" and loc_country:
        countries.add(loc_country)
    if trig.kind == "disaster" or not countries:
        countries |= {
            m.key for m in mentions if sent.start <= m.start < sent.end and m.kind in ("place", "country")
        }
    if not countries:
        return
    result.events.append(
        EventCandidate(
            trig.kind,
            status,
            tuple(sorted(countries)),
            tuple(dict.fromkeys(participants)),
            sent,
            trig,
            tx,
            context_cue,
            loc,
            loc_country,
        )
    )


_AFTER_DAYS = re.compile(r"\bafter\s+(\d{1,2}|a|one|two|three|four|five|six|seven)\s+days?\s+of\s+$")


def _days_before(folded: str, sent: Sentence, trig: Trigger) -> int | None:
    m = _AFTER_DAYS.search(folded, max(sent.start, trig.start - 40), trig.start)
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


def _days(folded: str, sent: Sentence) -> int | None:
    m = _DAYS.search(folded, sent.start, sent.end)
    if not m:
        return None
    word = m.group(1)
    return int(word) if word.isdigit() else _NUMBER_WORDS[word]
