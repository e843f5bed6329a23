"""Documents in, dated events and meetings out: the core's one entry point.

Per article: publication date (metadata, else inferred from the text) -> temporal
expressions -> sentences -> lexicon mentions -> actors -> candidates (dateline.events)
-> dates from the passage or the publication bound (dateline.context) -> one row per
meeting -> records with stable ids.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import re
from collections.abc import Sequence
from functools import lru_cache

from dateline.actors import ActorMention, ArticleState, is_named, resolve_actors
from dateline.candidates import EventCandidate, MeetingCandidate, is_headline
from dateline.context import (
    ArticleContext,
    Dating,
    build_context,
    date_candidate,
    reanchor_timexes,
    until_next_stop,
    without_echoes,
)
from dateline.events import assemble_sentence
from dateline.ids import stable_id
from dateline.lexicons import Lexicon, load_lexicon
from dateline.matcher import Matcher, compile_matcher, default_matcher
from dateline.model import Actor, Document, EventRecord, Extraction, MeetingRecord, Timex, Window
from dateline.text import Sentence, fold, keep_whole, split_sentences
from dateline.timex import find_timexes, infer_publication_date
from dateline.triggers import Trigger, TriggerBook, default_triggers, load_triggers

_CALL = re.compile(r"\b(?:call|calls|phone|telephone|phoned)\b")


@dataclasses.dataclass(frozen=True)
class Rules:
    lexicon: Lexicon
    matcher: Matcher
    triggers: TriggerBook

    @property
    def version(self) -> str:
        return self.lexicon.rules_version


def default_rules() -> Rules:
    return Rules(load_lexicon(), default_matcher(), default_triggers())


def load_rules(directory: str | None = None) -> Rules:
    if directory is None:
        return default_rules()
    from pathlib import Path

    lex = load_lexicon(Path(directory))
    return Rules(lex, compile_matcher(lex), load_triggers(Path(directory)))


def extract_documents(docs: Sequence[Document], rules: Rules | None = None) -> Extraction:
    """Extract every document of a batch; a document's result never depends on the others."""
    rules = rules or default_rules()
    out = Extraction()
    for doc in docs:
        d, events, meetings = extract_document(doc, rules)
        out.documents.append(d)
        out.events.extend(events)
        out.meetings.extend(meetings)
    return out


def with_publication_date(doc: Document) -> Document:
    if doc.publication_date is not None:
        return doc
    inferred = infer_publication_date(doc.text)
    if inferred is None:
        return dataclasses.replace(doc, publication_date_basis="unknown")
    day, basis = inferred
    return dataclasses.replace(doc, publication_date=day, publication_date_basis=basis)


def extract_document(doc: Document, rules: Rules) -> tuple[Document, list[EventRecord], list[MeetingRecord]]:
    doc = with_publication_date(doc)
    text = doc.text
    published = doc.publication_date
    folded = fold(text)
    timexes = reanchor_timexes(find_timexes(text, published))
    tx_starts = [t.start for t in timexes]
    mentions = rules.matcher.find(text, folded)
    m_starts = [m.start for m in mentions]
    state = ArticleState(on=published, home_country=rules.triggers.home_country(doc.url))
    title = doc.title or text.split("\n", 1)[0]
    title_says_call = bool(_CALL.search(fold(title)))

    meetings: list[MeetingCandidate] = []
    events: list[EventCandidate] = []
    anchors: list[tuple[int, frozenset[str], Timex]] = []
    settings: list[tuple[int, str]] = []  # (sentence index, country) of each town named
    body_at: int | None = None  # the first sentence that is not a headline
    triggers = sorted(rules.triggers.find(folded, 0, len(folded)), key=lambda t: t.start)
    t_starts = [t.start for t in triggers]
    # a name the lexicon knows is never split ("Ma." in "Ma. Teresa X"); few names hold a period
    dotted = [(m.start, m.end) for m in mentions if "." in m.text]
    for sent in keep_whole(split_sentences(text), text, dotted):
        # (most sentences hold no trigger and no expression: no comprehension for them)
        lo, hi = bisect.bisect_left(t_starts, sent.start), bisect.bisect_left(t_starts, sent.end)
        sent_triggers = [t for t in triggers[lo:hi] if t.end <= sent.end] if lo < hi else []
        lo, hi = bisect.bisect_left(m_starts, sent.start), bisect.bisect_left(m_starts, sent.end)
        sm = mentions[lo:hi]
        settings.extend((sent.index, m.key) for m in sm if m.kind == "place")
        if body_at is None and not is_headline(sent):
            body_at = sent.index
        a, b = bisect.bisect_left(tx_starts, sent.start), bisect.bisect_left(tx_starts, sent.end)
        st = [t for t in timexes[a:b] if t.end <= sent.end] if a < b else []
        previous = state.last_subject
        # roles are checked at the event's date: the sentence's own date when it gives one
        state.on = published
        for t in st:
            if t.window and t.window.start:
                state.on = t.window.start
                break
        actors = resolve_actors(text, sent.start, sent.end, sm, rules.lexicon, state, folded)
        pairs: list[tuple[Actor, Actor]] = []
        # else assemble_sentence has nothing to assemble (a summit may name its parties only in its name)
        if sent_triggers and (actors or any(t.kind == "summit" for t in sent_triggers)):
            subject = ActorMention(sent.start, sent.start, previous, "pronoun") if previous is not None else None
            res = assemble_sentence(
                text, folded, sent, sm, actors, st, rules.triggers, title_says_call, subject, sent_triggers
            )
            meetings.extend(res.meetings)
            events.extend(res.events)
            anchors.extend((sent.index, c, t) for c, t in res.anchors)
            pairs = res.pairs
        if pairs:
            state.last_pair = pairs[-1]
        elif actors:
            people = {x.actor.country: x.actor for x in actors if x.kind == "person"}
            if len(people) == 2:
                first, second = people.values()
                state.last_pair = (first, second)

    events = until_next_stop(without_echoes(events))
    ctx = build_context(meetings, events, published, anchors, settings, body_at or 0)
    dated_meetings = _date_meetings(ctx, meetings)
    meeting_rows = _meeting_records(doc, dated_meetings, rules)
    event_rows = _event_records(doc, events, ctx, rules, _talks_at(dated_meetings)) + [r for r, _ in meeting_rows]
    return doc, _dedupe_events(event_rows), [m for _, m in meeting_rows]


def _date_meeting(ctx: ArticleContext, m: MeetingCandidate) -> Dating:
    return date_candidate(
        ctx,
        {m.actor1.country, m.actor2.country},
        m.sentence.index,
        m.status,
        m.timex,
        m.context_cue,
        m.location,
    )


def _date_meetings(
    ctx: ArticleContext, cands: list[MeetingCandidate]
) -> list[tuple[MeetingCandidate, Dating]]:
    dated = [(m, _date_meeting(ctx, m)) for m in cands]
    out = []
    for m, d in dated:
        if m.days_before and d.quality < 3:
            # "After a day of talks with X, Y met Z": the talks filled the day(s) before the meeting with Z
            ref = next(
                (
                    rd
                    for rm, rd in dated
                    if rm.sentence is m.sentence
                    and not rm.days_before
                    and rd.window.start is not None
                    and rd.window.start == rd.window.end
                ),
                None,
            )
            if ref is not None and ref.window.start is not None:
                start = ref.window.start - dt.timedelta(days=m.days_before)
                end = ref.window.start - dt.timedelta(days=1)
                d = Dating(Window(start, end, "day" if start == end else "range"), "context", ref.text)
        out.append((m, d))
    return out


_RECENT = dt.timedelta(days=7)  # a dated report this close to publication is the news an undated one repeats


def _same_meeting(
    a: tuple[MeetingCandidate, Dating], b: tuple[MeetingCandidate, Dating], published: dt.date | None = None
) -> bool:
    (ma, da), (mb, db) = a, b
    if mb.weak:
        return True
    people_a = {x.name for x in (ma.actor1, ma.actor2, *ma.others) if is_named(x)}
    people_b = {x.name for x in (mb.actor1, mb.actor2, *mb.others) if is_named(x)}
    if len(people_a) >= 2 and len(people_b) >= 2 and people_a - people_b and people_b - people_a:
        return False  # each report names someone the other does not: two meetings ("the King, then the PM")
    if da.window == db.window:
        return True
    if db.quality < 3:  # b is dated only by its passage or not at all: a report of a dated meeting
        disjoint = db.quality == 2 and not _overlap(da.window, db.window)  # its passage says another time
        if db.quality < 2 and published is not None and da.window.end is not None:
            # "A held talks with B. Their previous meeting took place on December 12": an
            # undated report is not the meeting the article dates to weeks before it was published
            disjoint = disjoint or da.window.end < published - _RECENT
        return not disjoint and (ma.mode == mb.mode or mb.kind in ("speak", "joint"))
    return False


def _overlap(a: Window, b: Window) -> bool:
    lo = [x for x in (a.start, b.start) if x is not None]
    hi = [x for x in (a.end, b.end) if x is not None]
    return not lo or not hi or max(lo) <= min(hi)


def _merge_meetings(
    dated: list[tuple[MeetingCandidate, Dating]], published: dt.date | None = None
) -> list[tuple[MeetingCandidate, Dating]]:
    """The same meeting reported twice in one article is one row: keep the best-dated report."""
    groups: dict[tuple[frozenset[str], str], list[tuple[MeetingCandidate, Dating]]] = {}
    for item in dated:
        m = item[0]
        groups.setdefault((frozenset({m.actor1.country, m.actor2.country}), m.status), []).append(item)
    kept: list[tuple[MeetingCandidate, Dating]] = []
    for items in groups.values():
        items.sort(key=lambda it: (it[0].weak, -it[1].quality, it[0].sentence.index))
        group_kept: list[tuple[MeetingCandidate, Dating]] = []
        for it in items:
            if it[0].weak and group_kept:
                continue
            same = next((k for k in group_kept if _same_meeting(k, it, published)), None)
            if same is not None:
                if same[0].location is None and it[0].location is not None:  # another report says where
                    same[0].location, same[0].location_country = it[0].location, it[0].location_country
                continue
            group_kept.append(it)
        kept.extend(group_kept)
    kept.sort(key=lambda it: (it[0].sentence.index, it[0].trigger.start))
    return kept


_BASE_CONFIDENCE = {3: 0.9, 2: 0.75, 1: 0.6, 0: 0.5}


@lru_cache(maxsize=256)
def _confidence(kind: str, quality: int, weak: bool = False) -> float:
    """Memoised: round() is slow, and there are a few dozen (kind, quality, weak) in all."""
    base = _BASE_CONFIDENCE[quality]
    if weak:
        base -= 0.3
    if kind == "speak":
        base -= 0.1
    return round(max(0.05, base), 2)


@lru_cache(maxsize=256)
def _event_confidence(kind: str, quality: int) -> float:
    return round(max(_confidence(kind, quality) - (0.3 if kind == "other" else 0.0), 0.05), 2)


def _meeting_records(
    doc: Document, dated: list[tuple[MeetingCandidate, Dating]], rules: Rules
) -> list[tuple[EventRecord, MeetingRecord]]:
    out = []
    for m, d in _merge_meetings(dated, doc.publication_date):
        kind = m.kind
        if m.status == "planned":
            kind_for_code = "planned_meet"
        elif m.mode == "phone" or m.mode == "video":
            kind_for_code = "phone"
        else:
            kind_for_code = kind
        cw = rules.triggers.crosswalk[kind_for_code]
        countries = tuple(sorted({m.actor1.country, m.actor2.country}))
        conf = _confidence(kind, d.quality, m.weak)
        loc, loc_country = _where(m.location, m.location_country, d)
        event = _event_record(
            doc,
            "MEET",
            m.status,
            countries,
            d,
            loc,
            loc_country,
            m.sentence,
            m.trigger,
            cw.plover,
            cw.cameo,
            conf,
            (m.actor1, m.actor2, *m.others),
        )
        sent = m.sentence
        meeting = MeetingRecord(
            stable_id(doc.doc_id, "meeting", event.event_id),
            event.event_id,
            doc.doc_id,
            m.actor1,
            m.actor2,
            m.mode,
            m.status,
            d.window,
            d.basis,
            d.text,
            loc,
            loc_country,
            sent.text,
            sent.start,
            sent.end,
            conf,
        )
        out.append((event, meeting))
    return out


def _where(location: str | None, country: str | None, d: Dating) -> tuple[str | None, str | None]:
    """The sentence's own place, else the place of the passage that dated it."""
    if location:
        return location, country
    return d.place, d.place_country


def _event_record(
    doc: Document,
    event_type: str,
    status: str,
    countries: tuple[str, ...],
    d: Dating,
    location: str | None,
    location_country: str | None,
    sent: Sentence,
    trigger: Trigger,
    plover: str | None,
    cameo: str | None,
    confidence: float,
    actors: tuple[Actor, ...],
) -> EventRecord:
    # the participants' names too: one sentence can report two meetings of one pair ("the King, then the PM")
    names = tuple(a.name for a in actors)
    event_id = stable_id(
        doc.doc_id, event_type, countries, status, _window_text(d.window), sent.start, trigger.start, names
    )
    return EventRecord(
        event_id,
        doc.doc_id,
        event_type,
        status,
        countries,
        d.window,
        d.basis,
        d.text,
        location,
        location_country,
        sent.text,
        sent.start,
        sent.end,
        plover,
        cameo,
        confidence,
        actors=actors,
        trigger=trigger.text,
    )


@lru_cache(maxsize=4096)
def _window_text(window: Window) -> str:
    """`str(window)`, the window's part of an event id, memoised: a dataclass repr is slow, and windows repeat."""
    return str(window)


def _talks_at(dated: list[tuple[MeetingCandidate, Dating]]) -> dict[tuple[int, frozenset[str]], Dating]:
    """(sentence, the two sides) -> the dating of a meeting that sentence reports, where one dates it."""
    out: dict[tuple[int, frozenset[str]], Dating] = {}
    for m, d in dated:
        if m.status == "occurred" and d.quality >= 2:
            out.setdefault((m.sentence.index, frozenset({m.actor1.country, m.actor2.country})), d)
    return out


def _event_records(
    doc: Document,
    cands: list[EventCandidate],
    ctx: ArticleContext,
    rules: Rules,
    talks: dict[tuple[int, frozenset[str]], Dating],
) -> list[EventRecord]:
    out = []
    for e in cands:
        d = date_candidate(
            ctx,
            set(e.countries),
            e.sentence.index,
            e.status,
            e.timex,
            e.context_cue,
            e.location,
            e.days or e.stay,
            ongoing=e.kind == "visit",
        )
        if e.kind == "visit" and e.status == "occurred" and d.quality < 3:
            # "… before traveling to Doha for talks with the Emir": the talks there date the visit
            t = talks.get((e.sentence.index, frozenset(e.countries)))
            if t is not None:
                d = Dating(t.window, "context", t.text, t.place, t.place_country)
        cw = rules.triggers.crosswalk[e.kind]
        conf = _event_confidence(e.kind, d.quality)
        loc, loc_country = _where(e.location, e.location_country, d)
        actors = e.actors or tuple(Actor(c, c) for c in e.countries)
        out.append(
            _event_record(
                doc,
                cw.event_type,
                e.status,
                e.countries,
                d,
                loc,
                loc_country,
                e.sentence,
                e.trigger,
                cw.plover,
                cw.cameo,
                conf,
                actors,
            )
        )
    return out


def _dedupe_events(events: list[EventRecord]) -> list[EventRecord]:
    """One row per (type, status, countries, window): repeated reports of one event keep the first."""
    seen: set[tuple[object, ...]] = set()
    out = []
    for e in events:
        key = (
            e.event_type,
            e.status,
            e.countries,
            e.window.start,
            e.window.end,
            e.sentence if e.event_type == "MEET" else None,
        )
        if e.event_type != "MEET" and key in seen:
            continue
        seen.add(key)
        out.append(e)
    return out
