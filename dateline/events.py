"""Assemble one sentence's triggers, actors and temporal expressions into event candidates.

match (dateline.matcher, dateline.triggers) -> resolve (dateline.actors) -> assemble (here:
events; dateline.dyads: meetings). Dating from the passage or the publication date, and
merging repeated reports, happen later for the whole article (dateline.context).
"""

from __future__ import annotations

import operator
import re

from dateline.actors import ActorMention
from dateline.candidates import (
    EventCandidate,
    MeetingCandidate,
    SentenceResult,
    attach_timexes,
    clause_end,
    dating_timexes,
    find_location,
    located_places,
    nearest_timex,
    pick_subject,
    read_status,
    visit_days,
)
from dateline.dyads import assemble_meetings
from dateline.matcher import Mention
from dateline.model import Actor, Timex
from dateline.text import Sentence
from dateline.triggers import MEETING_KINDS, Trigger, TriggerBook

__all__ = ["EventCandidate", "MeetingCandidate", "SentenceResult", "assemble_sentence"]

_START = operator.attrgetter("start")


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
    triggers = sorted(triggers, key=_START)
    if not triggers or (not actors and not any(t.kind == "summit" for t in triggers)):
        return result  # (a summit may name its parties only in its name: "the Russian-Indian summit")
    dated = dating_timexes(timexes, folded) if timexes else []
    lefts = [[a for a in actors if a.end <= trig.start] for trig in triggers]
    stops = [
        clause_end(text, folded, trig, triggers, sent, fronted=not left)
        for trig, left in zip(triggers, lefts, strict=True)
    ]
    # meeting triggers and other event triggers each take the expressions nearest to them; a visit
    # trigger with no place in its clause makes no event, so it takes none ("arrived in Kuala Lumpur
    # later Tuesday for a three-day visit": "Tuesday" dates the arrival, not the bare noun "visit")
    attached: dict[int, list[Timex]] = {i: [] for i in range(len(triggers))}
    for family in (MEETING_KINDS, None) if dated else ():  # (no expression to attach: each trigger gets none)
        idx = [
            i
            for i, t in enumerate(triggers)
            if (t.kind in MEETING_KINDS) == (family is not None)
            and (
                t.kind != "visit"
                or _has_place(mentions, t.end, stops[i])
                or _stay_place(folded, mentions, sent.start, t) is not None
            )
        ]
        family_dated = dated
        if any(folded.endswith("the ", 0, t.start) for t in dated):
            # "met X ahead of the July summit": a date that premodifies a noun dates that noun only
            heads = [triggers[i].start for i in idx]
            family_dated = [t for t in dated if not _premodifies(folded, t) or any(_heads(folded, t, h) for h in heads)]
        got = attach_timexes([triggers[i] for i in idx], family_dated, folded, text)
        attached.update({idx[k]: v for k, v in got.items()})
    fs = folded[sent.start : sent.end]
    context_cue = book.cue_in("context", "before", fs) is not None
    # one event per kind and sentence ("signed a series of memorandums"): the first trigger takes all dates
    first_of_kind: dict[str, int] = {}
    for i, trig in enumerate(triggers):
        if trig.kind not in MEETING_KINDS and trig.kind != "visit":
            k = first_of_kind.setdefault(trig.kind, i)
            if k != i:
                attached[k] = attached[k] + attached.pop(i)
    used: set[int] = set()  # actors already taken as another trigger's counterpart
    places = located_places(folded, mentions, sent.start, sent.end)
    for i, trig in enumerate(triggers):
        left, stop = lefts[i], stops[i]
        right = [a for a in actors if trig.end <= a.start < stop and id(a) not in used]
        if i not in attached:
            continue
        if trig.kind in MEETING_KINDS:
            assemble_meetings(
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
                places,
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
                places,
            )
    return result


# "Ahead of the summit, …", "on the sidelines of the EU-China summit", "after the summit": the summit of another
# report, which this sentence refers to, not a new one (searched only before a summit trigger)
_SUMMIT_REFERENCE = re.compile(
    r"\b(?:ahead\s+of|on\s+the\s+eve\s+of|after|following|sidelines\s+of|margins\s+of|preparations?\s+for|"
    r"prepare|preparing)\s+(?:the|this|that|today's|yesterday's)\s+(?P<named>(?:[\w-]+\s+){0,3})$"
)


_NOUN_AFTER = re.compile(r" (?!(?:and|or|to|in|on|at|of|for|with|by|from|as|when|while|after|before)\b)[a-z]")


def _premodifies(folded: str, t: Timex) -> bool:
    """ "the July summit", "the 2024 election", "the March European Council": the date stands between "the"
    and the noun it describes."""
    return folded.endswith("the ", 0, t.start) and _NOUN_AFTER.match(folded, t.end) is not None


def _heads(folded: str, t: Timex, trigger_start: int) -> bool:
    """The trigger is the noun the date premodifies: up to three words after it, no punctuation between."""
    gap = folded[t.end : trigger_start]
    return trigger_start >= t.end and len(gap) <= 40 and gap.count(" ") <= 4 and not any(c in gap for c in ",.;:")


# "…, who is in Russia on an official visit": the place stands before the noun (searched after the place)
_ON_A_VISIT = re.compile(r"\s+on\s+(?:a|an|his|her|their)\s+(?:[\w-]+\s+){0,2}$")
_STAYING_IN = re.compile(r"(?:,\s+who\s+(?:is|was|has\s+been)\s+(?:currently\s+|now\s+)?)?\bin\s+(?:the\s+)?$")


def _stay_place(folded: str, mentions: list[Mention], lo: int, trig: Trigger) -> tuple[Mention, bool] | None:
    """The place of "in <place> on a (state) visit", and whether a relative clause ("X, who is in …") holds it."""
    if trig.text != "visit" or folded.find(" on ", lo, trig.start) == -1:
        return None
    for m in mentions:
        if lo <= m.start and m.end <= trig.start and m.kind in ("place", "country"):
            if _ON_A_VISIT.fullmatch(folded, m.end, trig.start):
                stay = _STAYING_IN.search(folded, max(lo, m.start - 40), m.start)
                if stay is not None:
                    return m, stay.group().startswith(",")
    return None


def _named_parties(folded: str, mentions: list[Mention], end: int) -> set[str]:
    """The parties a summit's name joins right before it: "the EU-India summit", "Russian-Indian", "BRICS"."""
    out: set[str] = set()
    pos = end - 1 if end > 0 and folded[end - 1] == " " else end
    for m in reversed(mentions):
        if m.end > pos:
            continue
        if m.end != pos or m.kind not in ("country", "demonym", "org"):
            break
        out.add(m.key)
        if m.start == 0 or folded[m.start - 1] != "-":
            break
        pos = m.start - 1
    return out


def _has_place(mentions: list[Mention], lo: int, hi: int) -> bool:
    return any(lo <= m.start < hi and m.kind in ("place", "country") for m in mentions)


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
    places: list[Mention],
) -> None:
    status = read_status(book, text, folded, sent, trig, sent.start)
    if status is None:
        return
    tx = nearest_timex(timexes, trig.start)
    loc, loc_country = find_location(text, folded, mentions, sent.start, sent.end, trig, stop, places)
    participants: list[Actor] = []
    for a in actors:
        if a.kind == "pair" and a.pair is not None:
            participants.extend(a.pair)
        else:
            participants.append(a.actor)
    if trig.kind == "visit":
        places = [m for m in mentions if trig.end <= m.start < stop and m.kind in ("place", "country")]
        stay = None if places else _stay_place(folded, mentions, sent.start, trig)
        inside = [a for a in actors if trig.start <= a.start and a.end <= trig.end and a.kind == "pronoun"]
        subject = pick_subject(left, used) or (inside[0] if inside else None)
        if stay is not None:
            places = [stay[0]]
            if stay[1]:  # "X, who is in Russia on a visit": X, whatever else the clause did with X
                who = [a for a in left if a.end <= stay[0].start and a.kind == "person"]
                subject = who[-1] if who else subject
        if subject is None or subject.kind == "pair" or not places:
            return
        visitor = subject.actor
        days = visit_days(folded, sent)
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
    ref = None
    if trig.kind == "summit":
        ref = _SUMMIT_REFERENCE.search(folded, max(sent.start, trig.start - 60), trig.start)
        countries |= _named_parties(folded, mentions, trig.start)
        if loc_country:
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
            reference=ref is not None,
            anaphoric=ref is not None and not ref.group("named"),
        )
    )
