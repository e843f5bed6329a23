"""Bilateral meetings of one sentence: the subject, its counterparts, one dyad per counterpart country.

"X met Y", "X met Y and Z respectively" (two dyads), "A and B held talks" (one dyad),
"A, B and C met" or a trilateral meeting (a SUMMIT event, not a dyad), "When meeting
with X, Y said" (fronted clause), "He and A met separately with B" (two dyads).
"""

from __future__ import annotations

import re

from dateline.actors import ActorMention
from dateline.candidates import (
    EventCandidate,
    MeetingCandidate,
    SentenceResult,
    coordinated_parties,
    days_before,
    find_location,
    is_headline,
    meeting_mode,
    nearest_timex,
    pick_subject,
    read_status,
)
from dateline.matcher import Mention
from dateline.model import Actor, Timex
from dateline.text import Sentence
from dateline.triggers import Trigger, TriggerBook

_EVENT_NAME = re.compile(r"['\u2019]?s?\s+(?:summit|meeting|forum|conference|session|talks|games|congress)\b")

# "talks with Russia", "held talks with Russia", "meetings with the leaders of Serbia, Cuba and Venezuela"
_DIRECT_OBJECT_GAP = re.compile(
    r"^\s*(?:with\s+)?(?:(?:the\s+|his\s+|her\s+)?(?:leaders?|heads?\s+of\s+(?:state|government)|presidents?|prime\s+ministers?|"
    r"counterparts?|representatives?|delegations?|officials?|foreign\s+ministers?)\s+(?:of|from)\s+)?(?:the\s+)?$"
)

_UNRESOLVED_SUBJECT = re.compile(
    r"\b(?!(?:When|While|After|Before|During|In|On|At|The|A|An|Upon|Following|Also|Then|Later|Earlier|"
    r"Meanwhile|Separately|Today|Yesterday|It|This|That|There|They|We|I|You)\b)"
    r"(?:[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?|[A-Z]{2,6})\s+$"  # "Clinton", "EAM" (a title the lexicons did not resolve)
)

_FRONTED_CLAUSE = re.compile(
    r"^\s*(?:(?:when|while|after|before|during|in|on|at|upon|following)\b.*)?$", re.I | re.S
)

_LIST_GAP = re.compile(r"^\s*(?:,|and|,\s*and|as\s+well\s+as)\s*(?:the\s+)?$")

_COUNTERPART_ARGUMENTS = ("person", "object", "callee", "pair")

# Host verbs take a thing as often as a person ("welcomed the agreement", "received the report"): their
# counterpart is the direct object, right after the verb (or the one before it, by "and" or a comma). Between
# them only capitalised words (titles, honorifics, demonyms, names) and these lower-case words may stand.
_OBJECT_VERB_KINDS = frozenset({"host"})  # not the passive "was welcomed to Hanoi with pomp by X" (visit_meet)
_OBJECT_GAP_WORDS = frozenset(
    "the a an his her their its this visiting visitors visitor counterpart counterparts and as well by of , ( ) "
    "delegation delegations led headed side president vice prime premier minister ministers foreign "
    "deputy secretary state chancellor king queen emir crown prince princess sheikh chairman chairwoman "
    "speaker envoy special ambassador governor mr mrs ms dr h.e. excellency".split()
)
_GAP_TOKEN = re.compile(r"[\w'\u2019.-]+|[^\w\s]")

# "called on X to end the war": an infinitive right after the person (after the rest of the name or title,
# "President X of China"), a lower-case verb, not "to the"
_TOLD_TO_ACT = re.compile(
    r"(?:\s+(?:[A-Z][\w'\u2019.-]*|of|from|the|al|bin|ibn|von|van|der|de|da))*\s*,?\s+to\s+"
    r"(?!(?:the|a|an|his|her|him|its|their|them|this|that|these|those|our|each|all|both)\b)[a-z]"
)

_MULTILATERAL = re.compile(r"\b(?:trilateral|multilateral|quadrilateral|three-way|four-way|multiparty)\b")
_MULTILATERAL_BEFORE = re.compile(_MULTILATERAL.pattern + r"\s+$")  # "a trilateral meeting with"
# "held a joint meeting with A and B", "met A and B together", "talks with A, B and C in the E3 format": one
# session of all (unless the sentence says the meetings were one by one: _ONE_BY_ONE)
_TOGETHER = re.compile(r"\b(?:joint\s+(?:meeting|talks|session)|together|in\s+(?:the|a|an)\s+(?:\S+\s+){0,3}?format)\b")

# "met the leaders of A, B and C": a plural role noun names the counterparts of one session together
_PLURAL_ROLE = re.compile(
    r"\b(?:leaders|heads\s+of\s+(?:state|government)|presidents|prime\s+ministers|foreign\s+ministers|"
    r"ministers|counterparts|delegations)\b"
)
# … unless the sentence says the meetings were one by one
_ONE_BY_ONE = re.compile(r"\b(?:bilateral|separate|separately|respectively|individually|each|one-on-one|in\s+turn)\b")


def assemble_meetings(
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
    places: list[Mention] | None = None,
) -> None:
    """`places`: `located_places` of the sentence (see `find_location`)."""
    parties = (
        coordinated_parties(right, used, folded)
        if trig.argument == "pair"
        else coordinated_parties(left, used, folded, headline=is_headline(sent))
    )
    if trig.text.startswith("their"):  # "A and B recalled their last meeting": the pair before it, else none
        parties = parties or coordinated_parties(left, used, folded)
        if parties is None:
            return
    counterparts: list[ActorMention] = []
    subject: ActorMention | None = None
    co_subjects: list[Actor] | None = None
    if parties is None or any(
        a.actor.country not in {p.country for p in parties} for a in right if a.kind == "person"
    ):
        # "He and Arafat meet separately with Albright": each coordinated subject meets the counterpart
        co_subjects = parties if parties is not None and trig.argument != "pair" else None
        parties = None
        subject = pick_subject(left, used)
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
        object_end = trig.end if trig.kind in _OBJECT_VERB_KINDS and trig.argument != "person" else None
        for a in right if trig.argument in _COUNTERPART_ARGUMENTS else ():
            if (
                a.kind in ("person", "group") or a.kind == "pronoun" and folded.startswith("him", a.start)
            ) and not folded.startswith("'s ", a.end):  # not "Kim's father"; "met him" (references.object_referent)
                if object_end is not None:
                    if not _object_gap(text, object_end, a.start):
                        break  # "welcomed the outcome of the talks that X held": no direct object, no meeting
                    object_end = a.end
                counterparts.append(a)
            elif a.kind in ("country", "org") and trig.argument != "callee":  # "called on Russia to …"
                direct = _DIRECT_OBJECT_GAP.match(folded[trig.end : a.start]) or (
                    listed_end is not None and _LIST_GAP.match(folded[listed_end : a.start])
                )
                possessive = folded.startswith("'s", a.end)  # "meet NATO's standards"
                if direct and not possessive and not _EVENT_NAME.match(folded, a.end):  # "the BRICS summit"
                    counterparts.append(a)
                    listed_end = a.end
    if trig.kind == "joint" and parties is None:
        return
    if parties is not None and trig.argument in ("object", "callee"):
        return  # "the two leaders welcomed progress": a verb with an object names no meeting of its subjects
    if trig.argument == "callee" and not _called_on_person(text, trig, counterparts, timexes):
        return
    status = read_status(book, text, folded, sent, trig, subject.end if subject is not None else sent.start)
    if status is None:
        return
    # the trigger's own clause says how they met: not "… days after the two discussed it by phone"
    mode = meeting_mode(trig.kind, book, folded[sent.start : max(stop, trig.end)], title_says_call)
    loc, loc_country = find_location(text, folded, mentions, sent.start, sent.end, trig, stop, places)
    if parties is not None:
        if len(parties) > 2 or _MULTILATERAL.search(fs):
            _summit(result, status, tuple(parties), sent, trig, timexes, context_cue, loc, loc_country)
            return
        first, second = parties
        result.pairs.append((first, second))
        # "this is their second meeting this year, following their meeting in Astana in June": a pair's
        # meeting noun is dated by the expression after it in its clause ("their last meeting in X in May")
        own = [t for t in timexes if trig.end <= t.start < stop] if trig.text.startswith("their") else []
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
                own[0] if own else nearest_timex(timexes, trig.start),
                context_cue,
                loc,
                loc_country,
                weak=trig.kind == "joint",
            )
        )
        return
    assert subject is not None
    sides = co_subjects or [subject.actor]
    if _joint_session(folded, sent, trig, counterparts, {me.country for me in sides}):
        used.update([id(c) for c in counterparts])
        people = tuple(dict.fromkeys([*sides, *(c.actor for c in counterparts)]))
        _summit(result, status, people, sent, trig, timexes, context_cue, loc, loc_country)
        return
    for me in sides:
        pair_up(
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


def pair_up(
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
        result.anchors.append((frozenset({me.country}), nearest_timex(timexes, trig.start)))  # type: ignore[arg-type]
    before = days_before(folded, sent, trig) if by_country else None
    for group in by_country.values():
        used.update([id(c) for c in group])
        # same-country people with their own time each ("the King on Wednesday and the PM later") meet apart
        split = [group[0]]
        for c in group[1:]:
            if any(split[-1].end <= t.start < c.start for t in timexes):
                split.append(c)
        for k, c in enumerate(split):
            members = group if len(split) == 1 else [c]
            nxt = split[k + 1].start if k + 1 < len(split) else stop
            own = [t for t in timexes if c.start <= t.start < nxt] or timexes
            tx = nearest_timex(own, c.end)
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
                    days_before=before,
                )
            )


def _object_gap(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] may stand between a host verb and its object (or two of its objects)."""
    return all(
        tok[0].isupper() or tok.lower().rstrip(".") in _OBJECT_GAP_WORDS or tok.lower() in _OBJECT_GAP_WORDS
        for tok in _GAP_TOKEN.findall(text, start, end)
    )


def _called_on_person(text: str, trig: Trigger, counterparts: list[ActorMention], timexes: list[Timex]) -> bool:
    """Whether "called on" is a courtesy call on a named person: not "called on Monday" (a date right after
    "on"), not "called on X to end the war" (X told to act: an appeal)."""
    for t in timexes:
        if t.start < trig.end < t.end or (t.start >= trig.end and not text[trig.end : t.start].strip()):
            return False
    return not any(_TOLD_TO_ACT.match(text, c.end) for c in counterparts)


def _joint_session(
    folded: str, sent: Sentence, trig: Trigger, counterparts: list[ActorMention], own: set[str]
) -> bool:
    """Whether the subject met its counterparts together, one meeting of three or more parties (a SUMMIT, no
    dyads): "held a trilateral meeting with A and B", or "met the Presidents of A, B and C" (a plural role noun
    before three or more countries; with two, "the leaders of A and B" is as often two meetings)."""
    countries = {c.actor.country for c in counterparts} - own
    if len(countries) < 2:
        return False
    first = min(c.start for c in counterparts)
    lead = folded[max(sent.start, trig.start - 16) : trig.start]
    if _MULTILATERAL.search(folded, trig.start, first) or _MULTILATERAL_BEFORE.search(lead):
        return True
    together = "joint" in folded[trig.start : trig.end] or _TOGETHER.search(folded, trig.start, sent.end)
    if together and not _ONE_BY_ONE.search(folded, sent.start, sent.end):
        return True
    if len(countries) < 3 or not _PLURAL_ROLE.search(folded, trig.end, first):
        return False
    plural_trigger = trig.text.endswith(("meetings", "meetings with"))  # "held meetings with": one by one
    return not plural_trigger and not _ONE_BY_ONE.search(folded, sent.start, sent.end)


def _summit(
    result: SentenceResult,
    status: str,
    people: tuple[Actor, ...],
    sent: Sentence,
    trig: Trigger,
    timexes: list[Timex],
    context_cue: bool,
    loc: str | None,
    loc_country: str | None,
) -> None:
    """A meeting of more than two parties: one SUMMIT event with all of them, no dyads."""
    result.events.append(
        EventCandidate(
            "summit",
            status,
            tuple(sorted({a.country for a in people})),
            people,
            sent,
            trig,
            nearest_timex(timexes, trig.start),
            context_cue,
            loc,
            loc_country,
        )
    )
