"""Dates for candidates the sentence does not date, and one row per meeting reported twice.

Order of evidence for a candidate (CONTRACT.md "Date conventions"):
  1. the sentence's own expression                           basis explicit / relative
  2. the passage: a visit the sentence refers to ("during this visit"), a dated event
     at the same place, a visit of one of the parties mentioned earlier, or the
     article's lead event sharing a party                      basis context
  3. the publication date as a bound                         basis publication
  4. nothing                                                 basis none
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from dateline.candidates import EventCandidate, MeetingCandidate
from dateline.model import Timex, Window
from dateline.text import fold


@dataclass(slots=True)  # not frozen: made by the thousand, and a frozen __init__ costs 4x
class Dating:
    window: Window
    basis: str
    text: str | None
    place: str | None = None  # where the passage that dates it happened (a visit's destination)
    place_country: str | None = None

    @property
    def quality(self) -> int:
        return _QUALITY.get(self.basis, 0)


_QUALITY = {"explicit": 3, "relative": 3, "context": 2, "publication": 1}


@dataclass(frozen=True, slots=True)
class Visit:
    visitor: str
    host: str
    window: Window
    first_sentence: int
    text: str | None
    location: str | None


def _from_timex(tx: Timex, days: int | None = None) -> Dating:
    assert tx.window is not None
    w = tx.window
    if days and days > 1 and w.start is not None and w.start == w.end:
        w = Window(w.start, w.start + dt.timedelta(days=days - 1), "range")
    return Dating(w, "relative" if tx.relative else "explicit", tx.text)


def publication_bound(status: str, published: dt.date | None) -> Dating:
    if published is None:
        return Dating(Window(None, None, "unknown"), "none", None)
    if status == "planned":
        return Dating(Window(published, None, "unknown"), "publication", None)
    return Dating(Window(None, published, "unknown"), "publication", None)


def _tighter(a: Window, b: Window) -> bool:
    """a lies inside b and is narrower."""
    if None in (a.start, a.end, b.start, b.end):
        return False
    return b.start <= a.start and a.end <= b.end and (a.start, a.end) != (b.start, b.end)  # type: ignore[operator]


_MAX_STOP_GAP = 3  # days from one stop of a tour to the next that still read as one continuous stay


def until_next_stop(events: list[EventCandidate]) -> list[EventCandidate]:
    """A tour's stop dated by its first day only lasts until the visitor reaches the next stop: "On Monday,
    he was welcomed to Hanoi … He arrived in Kuala Lumpur later Tuesday" puts the Hanoi visit on Monday to
    Tuesday. A stop with a stated length ("a three-day visit") keeps it."""
    starts = [
        (e.visitor, e.host, e.timex.window.start)
        for e in events
        if e.kind == "visit"
        and e.status == "occurred"
        and e.timex is not None
        and e.timex.window is not None
        and e.timex.window.start is not None
        and e.timex.window.start == e.timex.window.end
    ]
    if len(starts) < 2:
        return events
    out = []
    for e in events:
        w = e.timex.window if e.timex is not None else None
        first = w.start if w is not None and w.start == w.end else None
        if e.kind == "visit" and e.status == "occurred" and not e.days and first is not None:
            later = (d for visitor, host, d in starts if visitor == e.visitor and host != e.host and first < d)
            nxt = min(later, default=None)
            if nxt is not None and (nxt - first).days <= _MAX_STOP_GAP:
                e = replace(e, stay=(nxt - first).days + 1)
        out.append(e)
    return out


def without_echoes(events: list[EventCandidate]) -> list[EventCandidate]:
    """ "Ahead of the summit, A spoke with B" names a summit the article reports elsewhere: no second summit
    event (with A and B as its parties). Kept when the mention is the article's only report of a summit."""
    if not any(e.kind == "summit" and not e.reference for e in events):
        return events
    return [e for e in events if not e.anaphoric]


def collect_visits(events: list[EventCandidate]) -> list[Visit]:
    """Dated visits of the article that happened (a planned one dates nothing that did: "Egypt looks forward to
    its president's visit to China later this year. The two sides signed …"); mentions of one visit (same visitor and
    host) keep the tightest window."""
    visits: dict[tuple[str, str], Visit] = {}
    for e in events:
        if e.kind != "visit" or e.status != "occurred" or e.timex is None or e.visitor is None or e.host is None:
            continue
        d = _from_timex(e.timex, e.days or e.stay)
        key = (e.visitor, e.host)
        old = visits.get(key)
        if old is None:
            visits[key] = Visit(e.visitor, e.host, d.window, e.sentence.index, d.text, e.location)
        elif _tighter(d.window, old.window):
            visits[key] = Visit(
                e.visitor,
                e.host,
                d.window,
                min(old.first_sentence, e.sentence.index),
                d.text,
                old.location or e.location,
            )
    return list(visits.values())


def _best_visit(
    visits: list[Visit], parties: set[str], sentence: int, preceding: bool, here: str | None = None
) -> Visit | None:
    cands = [v for v in visits if v.visitor in parties or v.host in parties]
    if preceding:
        cands = [v for v in cands if v.first_sentence <= sentence]
    if not cands:
        return None
    if here is not None:  # the passage is set in one visit's country ("In Hanoi, …. He also paid respects …")
        there = [v for v in cands if v.host == here]
        if there:
            return max(there, key=lambda v: v.first_sentence)
    both = [v for v in cands if v.visitor in parties and v.host in parties]
    pool = both or cands
    before = [v for v in pool if v.first_sentence <= sentence]
    return max(before, key=lambda v: v.first_sentence) if before else pool[0]


@dataclass(frozen=True, slots=True)
class ArticleContext:
    visits: list[Visit]
    places: list[tuple[str, int, Dating]]  # folded place, sentence index, its dating
    lead: tuple[frozenset[str], Dating] | None
    published: dt.date | None
    settings: list[tuple[int, str]] = field(default_factory=list)  # (sentence index, country of a named town)
    summits: list[tuple[int, Dating]] = field(default_factory=list)  # (sentence index, dating) of dated summits
    lead_at: int = 0  # the sentence of the lead
    body_at: int = 0  # the first sentence after the headline

    def setting(self, sentence: int) -> str | None:
        """The country of the last town named up to `sentence`: where the passage is set ("In Hanoi, …")."""
        i = bisect.bisect_right(self.settings, (sentence, "\uffff"))
        return self.settings[i - 1][1] if i else None


def build_context(
    meetings: list[MeetingCandidate],
    events: list[EventCandidate],
    published: dt.date | None,
    anchors: Sequence[tuple[int, frozenset[str], Timex]] = (),
    settings: Sequence[tuple[int, str]] = (),
    body_at: int = 0,
) -> ArticleContext:
    """`settings`: (sentence index, country) of every town or city the text names, in text order; `body_at`:
    the first sentence after the headline."""
    visits = collect_visits(events)
    places: list[tuple[str, int, Dating]] = []
    lead: tuple[int, frozenset[str], Dating] | None = None
    summits: list[tuple[int, Dating]] = []
    for e in events:  # (only what happened is a passage for what happened: all dating here is for that)
        if e.timex is None or e.status != "occurred":
            continue
        if e.kind == "summit" and not e.reference:
            summits.append((e.sentence.index, _from_timex(e.timex)))
        if e.location:
            places.append((fold(e.location), e.sentence.index, _from_timex(e.timex, e.days)))
        if e.kind == "visit" and (lead is None or e.sentence.index < lead[0]):
            lead = (e.sentence.index, frozenset(e.countries), _from_timex(e.timex, e.days))
    for m in meetings:
        if m.timex is not None and m.status == "occurred":
            if m.location:
                places.append((fold(m.location), m.sentence.index, _from_timex(m.timex)))
            if lead is None or m.sentence.index < lead[0]:
                lead = (
                    m.sentence.index,
                    frozenset({m.actor1.country, m.actor2.country}),
                    _from_timex(m.timex),
                )
    for index, countries, tx in anchors:
        if lead is None or index < lead[0]:
            lead = (index, countries, _from_timex(tx))
    return ArticleContext(
        visits,
        places,
        (lead[1], lead[2]) if lead else None,
        published,
        list(settings),
        summits,  # (in text order, as the events are)
        lead[0] if lead else 0,
        body_at,
    )


def date_candidate(
    ctx: ArticleContext,
    parties: set[str],
    sentence: int,
    status: str,
    timex: Timex | None,
    context_cue: bool,
    location: str | None,
    days: int | None = None,
    ongoing: bool = False,
) -> Dating:
    """`ongoing`: the candidate is a stay (a visit), which may go on after publication."""
    if timex is not None:
        d = _agree_direction(_from_timex(timex, days), timex.text, status, ctx.published)
        # a stated length ("arrived on Tuesday for a three-day visit", "is in Russia on a visit from January 14
        # to 17") is the stay's own window, not clamped; what happened during it did happen by publication
        if ongoing and (days and days > 1 or d.window.precision == "range"):
            return d
        return _clamp(d, _SIDE.get(timex.text.partition(" ")[0].lower(), status), ctx.published)
    if status == "occurred":
        if context_cue:
            v = _best_visit(ctx.visits, parties, sentence, preceding=False) or (ctx.visits[0] if ctx.visits else None)
            summit = next((d for i, d in reversed(ctx.summits) if i <= sentence), None)
            if summit is not None and (v is None or not v.first_sentence <= sentence):
                # "On the sidelines of the summit, …": the summit the passage reported last
                return Dating(summit.window, "context", summit.text)
            if v is not None:
                return Dating(v.window, "context", v.text, v.location, v.host)
        if location:
            loc = fold(location)
            for place, idx, d in ctx.places:
                if place == loc and idx <= sentence:
                    return Dating(d.window, "context", d.text)
        options: list[Dating] = []
        v = _best_visit(ctx.visits, parties, sentence, preceding=True, here=ctx.setting(sentence))
        if v is not None:
            options.append(Dating(v.window, "context", v.text, v.location, v.host))
        # the lead dates what follows it, and the headline above it; not a report it follows
        follows = ctx.lead_at <= sentence or sentence < ctx.body_at
        if ctx.lead is not None and ctx.lead[0] & parties and follows:
            options.append(Dating(ctx.lead[1].window, "context", ctx.lead[1].text))
        if options:
            # news reports what just happened: of a background visit ("last visited in July 2000") and the
            # story's lead, the passage nearest to the publication date dates an undated report
            return min(options, key=lambda d: _distance(d.window, ctx.published))
    return publication_bound(status, ctx.published)


# An expression whose direction the tense chose: a weekday, or a month (season) with no year, with nothing
# that fixes the direction ("last Thursday", "next June", "this spring", "June 2024", "ago").
_WEEKDAY_ONLY = re.compile(
    r"(?:on\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day(?:\s+(?:morning|afternoon|evening|night))?",
    re.IGNORECASE,
)
_UNDIRECTED_MONTH = re.compile(
    r"(?!.*\b(?:last|next|this|past|previous|coming|following|ago|year|mon|tues|wednes|thurs|fri|satur|sun)\w*)"
    r"(?!.*\d{4}).*\b(?:(?:jan|febr)uary|march|april|may|june|july|august|(?:septem|octo|novem|decem)ber|"
    r"(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b\.?|spring|summer|autumn|winter)(?!\w).*",
    re.IGNORECASE,
)
_GRACE = 7  # days: a day-precise plan said within a week before the publication date is not a year ahead


def _agree_direction(d: Dating, said: str, status: str, published: dt.date | None) -> Dating:
    """A planned event's weekday or yearless month lies on or after the publication date: the status, read from
    the whole clause, overrides the tense cues the resolver saw near the expression ("the foreign minister will
    hold talks with his Indian counterpart … in Moscow on Thursday", a headline's "X to meet Y on Thursday").

    Not the other way round: "occurred" is only the absence of a cue, and a present-tense schedule ("the two
    meet Monday") or a plan the cues miss ("a summit to be held on December 22") is what the resolver put
    ahead for good reason."""
    start, end = d.window.start, d.window.end
    if status != "planned" or published is None or start is None or end is None or end >= published:
        return d
    if _WEEKDAY_ONLY.fullmatch(said.strip()):
        if start != end:
            return d
        w = Window(start + dt.timedelta(days=7), end + dt.timedelta(days=7), d.window.precision)
    elif _UNDIRECTED_MONTH.fullmatch(said.strip()):
        if start == end and (published - end).days <= _GRACE:
            return d
        w = Window(_next_year(start), _next_year(end), d.window.precision)
    else:
        return d
    return Dating(w, d.basis, d.text, d.place, d.place_country)


def _next_year(day: dt.date) -> dt.date:
    """The same day a year later; the last day of a month stays the last (28 or 29 February)."""
    if (day + dt.timedelta(days=1)).day == 1:  # a month's last day
        first_after = dt.date(day.year + 1 + day.month // 12, day.month % 12 + 1, 1)
        return first_after - dt.timedelta(days=1)
    return day.replace(year=day.year + 1)


# "earlier this year" is the part of the year up to the publication date, "later this week" the part from it,
# whatever the status says (a wrong status does not turn "later this year" into January to today)
_SIDE = {"earlier": "occurred", "later": "planned"}


def _clamp(d: Dating, status: str, published: dt.date | None) -> Dating:
    """What happened happened by the publication date, what is planned comes after it: "earlier this month"
    ends on the publication day, "later this week" starts on it."""
    start, end = d.window.start, d.window.end
    if published is None or start is None or end is None or not (start <= published <= end):
        return d
    if status == "occurred" and end > published:
        w = Window(start, published, "range" if start != published else "day")
    elif status == "planned" and start < published:
        w = Window(published, end, "range" if end != published else "day")
    else:
        return d
    return Dating(w, d.basis, d.text, d.place, d.place_country)


def _distance(window: Window, day: dt.date | None) -> int:
    if day is None or window.end is None:
        return 0
    return abs((day - window.end).days)


_ANAPHORIC = re.compile(
    r"\b(?:(?P<same>the\s+same\s+day|that\s+day|that\s+same\s+day)|"
    r"(?P<next>the\s+(?:following|next)\s+day|the\s+day\s+after)|"
    r"(?P<prev>the\s+(?:previous|preceding)\s+day|the\s+day\s+before))\b",
    re.IGNORECASE,
)


def reanchor_timexes(timexes: list[Timex]) -> list[Timex]:
    """ "Earlier on the same day", "the following day": relative to the last date the text gave, not to the
    publication date. Each such expression takes its day from the nearest preceding day-precise expression."""
    out: list[Timex] = []
    last_day: dt.date | None = None
    for tx in timexes:
        m = _ANAPHORIC.search(tx.text)
        if m and last_day is not None:
            shift = 0 if m.group("same") else 1 if m.group("next") else -1
            day = last_day + dt.timedelta(days=shift)
            tx = Timex(tx.start, tx.end, tx.text, tx.type, day.isoformat(), Window(day, day, "day"), True)
        elif tx.window is not None and tx.window.precision == "day" and tx.window.start is not None:
            last_day = tx.window.start
        out.append(tx)
    return out
