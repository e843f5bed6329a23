"""Status (occurred / planned / none) and the direction of an event's date: invented sentences, one case per
rule of candidates.read_status and context.date_candidate."""

from __future__ import annotations

import datetime as dt

import pytest

from dateline.context import ArticleContext, date_candidate
from dateline.extract import default_rules, extract_document
from dateline.ids import sha256_bytes, stable_id
from dateline.model import Document, Timex, Window

RULES = default_rules()
PUB = dt.date(2025, 4, 16)  # a Wednesday


Row = tuple[str | None, ...]


def _meetings(text: str, pub: dt.date = PUB, title: str | None = None) -> list[Row]:
    doc = Document(stable_id(text), "t.txt", text, sha256_bytes(text.encode()), title, None, pub, "metadata")
    _, _, meetings = extract_document(doc, RULES)
    return [
        (
            *sorted([m.actor1.country, m.actor2.country]),
            m.status,
            m.window.start.isoformat() if m.window.start else None,
            m.window.end.isoformat() if m.window.end else None,
        )
        for m in meetings
    ]


STATUS_CASES = [
    (
        "a long subject name keeps its verb group's cue",
        "Kyrgyz President Sadyr Japarov is expected to fly to Tokyo later this month for talks with Japanese "
        "Prime Minister Shigeru Ishiba.",
        [("JPN", "KGZ", "planned", "2025-04-16", "2025-04-30")],
    ),
    (
        "a relative clause between the subject and its verb is not the trigger's",
        "Kazakh President Kassym-Jomart Tokayev, who will travel to Tashkent next month, held talks with Uzbek "
        "President Shavkat Mirziyoyev on Monday.",
        [("KAZ", "UZB", "occurred", "2025-04-14", "2025-04-14")],
    ),
    (
        "a planned weekday the tense cues missed is the coming one",
        "Kazakh President Kassym-Jomart Tokayev is scheduled to meet Uzbek President Shavkat Mirziyoyev and his "
        "delegation at the presidential palace in Tashkent on Monday.",
        [("KAZ", "UZB", "planned", "2025-04-21", "2025-04-21")],
    ),
    (
        "a headline's infinitive puts its weekday ahead",
        "Tokayev to hold talks with Uzbek President Mirziyoyev in Tashkent on Monday",
        [("KAZ", "UZB", "planned", "2025-04-21", "2025-04-21")],
    ),
    (
        "a planned month already past this year is next year's",
        "Kazakh President Kassym-Jomart Tokayev plans to meet Uzbek President Shavkat Mirziyoyev in Tashkent in March.",
        [("KAZ", "UZB", "planned", "2026-03-01", "2026-03-31")],
    ),
    (
        "a noun trigger's negated predicate is no meeting",
        "Officials said a phone call between Kazakh President Kassym-Jomart Tokayev and Uzbek President Shavkat "
        "Mirziyoyev was not on the agenda for now, but could be arranged quickly.",
        [],
    ),
    (
        "a noun trigger's cancelled predicate is no meeting",
        "A meeting between Kazakh President Kassym-Jomart Tokayev and Uzbek President Shavkat Mirziyoyev was called "
        "off on Monday.",
        [],
    ),
    (
        "a noun trigger's hypothetical predicate is no meeting",
        "Talks between Kazakh President Kassym-Jomart Tokayev and Uzbek President Shavkat Mirziyoyev could take "
        "place in Tashkent in May.",
        [],
    ),
    (
        "a noun trigger's future predicate is planned",
        "The talks between Kazakh President Kassym-Jomart Tokayev and Uzbek President Shavkat Mirziyoyev will take "
        "place in Tashkent in May.",
        [("KAZ", "UZB", "planned", "2025-05-01", "2025-05-31")],
    ),
    (
        "a noun trigger's past predicate stays occurred",
        "The talks between Kazakh President Kassym-Jomart Tokayev and Uzbek President Shavkat Mirziyoyev were held "
        "in Tashkent on Monday.",
        [("KAZ", "UZB", "occurred", "2025-04-14", "2025-04-14")],
    ),
    (
        "a modal in a clause after a noun's own verb is not the noun's",
        "Kazakh President Kassym-Jomart Tokayev said his talks with Uzbek President Shavkat Mirziyoyev on Monday "
        "showed that both sides may soon settle the border.",
        [("KAZ", "UZB", "occurred", "2025-04-14", "2025-04-14")],
    ),
]

PUBLISHED_CASES = [
    (
        "a copula early in the clause does not put a later month ahead",
        "Sadyr Japarov stressed that this is already the third meeting between the two heads of government this "
        "year, following their talks with Japanese Prime Minister Shigeru Ishiba in Osaka in March.",
        dt.date(2025, 11, 14),
        [("JPN", "KGZ", "occurred", "2025-03-01", "2025-03-31")],
    ),
]


@pytest.mark.parametrize(("text", "want"), [c[1:] for c in STATUS_CASES], ids=[c[0] for c in STATUS_CASES])
def test_status_and_date(text: str, want: list[Row]) -> None:
    assert _meetings(text) == want


@pytest.mark.parametrize(("text", "pub", "want"), [c[1:] for c in PUBLISHED_CASES], ids=[c[0] for c in PUBLISHED_CASES])
def test_status_and_date_published(text: str, pub: dt.date, want: list[Row]) -> None:
    assert _meetings(text, pub) == want


def _events(text: str, kind: str, pub: dt.date = PUB) -> list[Row]:
    doc = Document(stable_id(text), "t.txt", text, sha256_bytes(text.encode()), None, None, pub, "metadata")
    _, events, _ = extract_document(doc, RULES)
    return [
        (e.status, *(d.isoformat() if d else None for d in (e.window.start, e.window.end)))
        for e in events
        if e.event_type == kind
    ]


def test_future_wording_after_a_noun_is_planned() -> None:
    text = (
        "On Monday, Kazakh President Kassym-Jomart Tokayev held a phone call with Uzbek President Shavkat Mirziyoyev "
        "ahead of the SCO summit that Kyrgyzstan hosts later this year."
    )
    assert _events(text, "SUMMIT") == [("planned", "2025-04-16", "2025-12-31")]


def test_future_wording_after_a_past_trigger_is_not_its_plan() -> None:
    text = "President Tokayev met Mirziyoyev ahead of the upcoming summit."
    assert [m[2] for m in _meetings(text)] == ["occurred"]


YEAR = Window(dt.date(2025, 1, 1), dt.date(2025, 12, 31), "year")
APRIL = Window(dt.date(2025, 4, 1), dt.date(2025, 4, 30), "month")


@pytest.mark.parametrize(
    ("said", "window", "status", "want"),
    [
        ("later this year", YEAR, "occurred", ("2025-04-16", "2025-12-31")),
        ("Earlier this month", APRIL, "planned", ("2025-04-01", "2025-04-16")),
        ("this year", YEAR, "planned", ("2025-04-16", "2025-12-31")),
    ],
    ids=["later is from publication", "earlier is up to publication", "otherwise the status decides"],
)
def test_earlier_and_later_cut_at_publication(said: str, window: Window, status: str, want: tuple[str, str]) -> None:
    ctx = ArticleContext([], [], None, PUB)
    tx = Timex(0, len(said), said, "DATE", "2025", window, True)
    d = date_candidate(ctx, {"KAZ", "UZB"}, 0, status, tx, False, None)
    assert (d.window.start, d.window.end) == tuple(dt.date.fromisoformat(day) for day in want)


def test_a_planned_visit_dates_nothing_that_happened() -> None:
    text = (
        "Uzbekistan looks forward to President Shavkat Mirziyoyev's state visit to Kazakhstan later this year. "
        "The foreign ministers of Kazakhstan and Uzbekistan signed a memorandum on water cooperation."
    )
    assert _events(text, "AGREE") == [("occurred", None, "2025-04-16")]
