"""Meetings and events from small, invented texts: one case per pattern the extractor promises."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.extract import default_rules, extract_document, extract_documents
from dateline.ids import sha256_bytes, stable_id
from dateline.model import Document, MeetingRecord

RULES = default_rules()
PUB = dt.date(2025, 4, 16)  # a Wednesday


def _doc(text: str, pub: dt.date | None = PUB, url: str | None = None, title: str | None = None) -> Document:
    return Document(
        stable_id(text),
        "t.txt",
        text,
        sha256_bytes(text.encode()),
        title,
        url,
        pub,
        "metadata" if pub else "unknown",
    )


def _meetings(text: str, **kw) -> list[MeetingRecord]:
    _, _, meetings = extract_document(_doc(text, **kw), RULES)
    return meetings


def _pairs(meetings: list[MeetingRecord]) -> list[tuple[str, str, str, str, str | None, str | None]]:
    return [
        (
            *sorted([m.actor1.country, m.actor2.country]),
            m.status,
            m.mode,
            m.window.start.isoformat() if m.window.start else None,
            m.window.end.isoformat() if m.window.end else None,
        )
        for m in meetings
    ]


D = "2025-04-15"  # Tuesday before PUB
MEETING_CASES = [
    (
        "met with + weekday",
        "French President Emmanuel Macron met with German Chancellor Olaf Scholz on Tuesday.",
        dt.date(2024, 3, 20),
        [("DEU", "FRA", "occurred", "in_person", "2024-03-19", "2024-03-19")],
    ),
    (
        "held talks with",
        "Indian Prime Minister Narendra Modi held talks with Japanese Prime Minister Fumio Kishida in Tokyo on Monday.",
        dt.date(2023, 5, 24),
        [("IND", "JPN", "occurred", "in_person", "2023-05-22", "2023-05-22")],
    ),
    (
        "coordinated subject",
        "Turkish President Recep Tayyip Erdogan and Russian President Vladimir Putin held talks in Sochi on Monday.",
        dt.date(2023, 9, 5),
        [("RUS", "TUR", "occurred", "in_person", "2023-09-04", "2023-09-04")],
    ),
    (
        "phone call",
        "Chinese President Xi Jinping spoke by phone with U.S. President Joe Biden on Thursday.",
        dt.date(2024, 4, 5),
        [("CHN", "USA", "occurred", "phone", "2024-04-04", "2024-04-04")],
    ),
    (
        "video call",
        "Russian President Vladimir Putin and Chinese President Xi Jinping held talks via video link on Friday.",
        dt.date(2022, 12, 30),
        [("CHN", "RUS", "occurred", "video", "2022-12-30", "2022-12-30")],
    ),
    (
        "planned, future weekday",
        "Xi will meet with Malaysian Prime Minister Anwar Ibrahim on Thursday.",
        PUB,
        [("CHN", "MYS", "planned", "in_person", "2025-04-17", "2025-04-17")],
    ),
    (
        "scheduled",
        "Japanese Prime Minister Shigeru Ishiba is scheduled to hold talks with South Korean President "
        "Lee Jae-myung on Friday.",
        PUB,
        [("JPN", "KOR", "planned", "in_person", "2025-04-18", "2025-04-18")],
    ),
    (
        "several counterparts",
        "Chinese President Xi Jinping met with Cuban President Miguel Diaz-Canel and "
        "Venezuelan President Nicolas Maduro respectively, reiterating support.",
        PUB,
        [
            ("CHN", "CUB", "occurred", "in_person", None, "2025-04-16"),
            ("CHN", "VEN", "occurred", "in_person", None, "2025-04-16"),
        ],
    ),
    (
        "fronted meeting clause",
        "When meeting with Serbian President Aleksandar Vucic, Chinese President Xi Jinping stressed cooperation.",
        PUB,
        [("CHN", "SRB", "occurred", "in_person", None, "2025-04-16")],
    ),
    ("negated", "Biden did not meet with Xi during the summit.", PUB, []),
    ("avoided", "Putin avoided a face-to-face meeting with Zelensky.", PUB, []),
    ("counted", "Xi Jinping and Vladimir Putin have met more than 40 times.", PUB, []),
    ("hypothetical", "Trump said he could meet with Putin soon.", PUB, []),
    (
        "no year undated",
        "Chinese President Xi Jinping met with Brazilian President Luiz Inacio Lula da Silva.",
        None,
        [("BRA", "CHN", "occurred", "in_person", None, None)],
    ),
    (
        "reported twice",
        "Xi Jinping met Vladimir Putin in Moscow on Tuesday. The two leaders met in the Kremlin.",
        PUB,
        [("CHN", "RUS", "occurred", "in_person", D, D)],
    ),
]


def test_passage_context_dates_an_undated_meeting() -> None:
    text = (
        "From March 3 to 6, 2024, Indian Prime Minister Narendra Modi paid a state visit to France.\n\n"
        "In January, floods hit the region.\n\n"
        "When Modi met with Belgian Prime Minister Alexander De Croo, he discussed trade."
    )
    meetings = _meetings(text, pub=dt.date(2024, 3, 8))
    assert _pairs(meetings) == [("BEL", "IND", "occurred", "in_person", "2024-03-03", "2024-03-06")]
    assert meetings[0].date_basis == "context"


def test_unqualified_role_in_an_official_readout_is_the_publisher() -> None:
    text = "The Prime Minister spoke to the President of the United States, Joe Biden, this evening."
    meetings = _meetings(text, pub=dt.date(2022, 10, 25), url="https://www.gov.uk/news/x", title="PM call")
    assert _pairs(meetings) == [("GBR", "USA", "occurred", "phone", "2022-10-25", "2022-10-25")]


def test_role_is_checked_at_the_event_date() -> None:
    text = "The U.S. president met with the Japanese prime minister."
    m = _meetings(text, pub=dt.date(2022, 5, 23))
    assert m and {m[0].actor1.name, m[0].actor2.name} >= {"Joe Biden"}


EVENT_CASES = [
    (
        "visit range",
        "From May 7 to 10, 2025, Chinese President Xi Jinping paid a state visit to Russia.",
        dt.date(2025, 5, 12),
        "VISIT",
        {"CHN", "RUS"},
        "2025-05-07",
        "2025-05-10",
    ),
    (
        "disaster month",
        "In March this year, a strong earthquake in Mandalay, Myanmar, caused casualties.",
        dt.date(2025, 5, 12),
        "DISASTER",
        {"MMR"},
        "2025-03-01",
        "2025-03-31",
    ),
    (
        "planned commemoration",
        "This autumn, China will commemorate the 80th anniversary of the victory.",
        dt.date(2025, 5, 12),
        "COMMEMORATE",
        {"CHN"},
        "2025-09-01",
        "2025-11-30",
    ),
    (
        "agreement",
        "China and Vietnam signed a series of memorandums on Monday.",
        dt.date(2025, 4, 15),
        "AGREE",
        {"CHN", "VNM"},
        "2025-04-14",
        "2025-04-14",
    ),
]


@pytest.mark.parametrize(
    ("text", "pub", "etype", "countries", "start", "end"),
    [c[1:] for c in EVENT_CASES],
    ids=[c[0] for c in EVENT_CASES],
)
def test_event_patterns(text: str, pub: dt.date, etype: str, countries: set[str], start: str, end: str) -> None:
    _, events, _ = extract_document(_doc(text, pub=pub), RULES)
    hits = [e for e in events if e.event_type == etype and countries <= set(e.countries)]
    assert hits, [(e.event_type, e.countries) for e in events]
    assert (str(hits[0].window.start), str(hits[0].window.end)) == (start, end)


def test_undated_planned_event_is_bounded_by_publication() -> None:
    _, events, _ = extract_document(
        _doc("Leaders will attend the upcoming G20 Summit in Indonesia.", pub=dt.date(2022, 10, 25)), RULES
    )
    summit = [e for e in events if e.event_type == "SUMMIT"]
    assert summit and summit[0].status == "planned"
    assert (summit[0].window.start, summit[0].window.end) == (dt.date(2022, 10, 25), None)
    assert summit[0].date_basis == "publication"


def test_ids_are_stable_and_unique() -> None:
    text = "Xi Jinping met Vladimir Putin on Tuesday. Modi met Anwar Ibrahim on Monday."
    a = extract_documents([_doc(text)], RULES)
    b = extract_documents([_doc(text)], RULES)
    assert [e.event_id for e in a.events] == [e.event_id for e in b.events]
    assert len({e.event_id for e in a.events}) == len(a.events)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400), st.one_of(st.none(), st.dates(dt.date(1990, 1, 1), dt.date(2040, 1, 1))))
def test_random_text_never_crashes_and_offsets_hold(text: str, pub: dt.date | None) -> None:
    doc, events, meetings = extract_document(_doc(text, pub=pub), RULES)
    for r in [*events, *meetings]:
        assert doc.text[r.char_start : r.char_end] == r.sentence
        if r.window.start and r.window.end:
            assert r.window.start <= r.window.end


READOUT_CASES = [
    (
        "kremlin phone",
        "Vladimir Putin had a telephone conversation with President of Turkey Recep Tayyip Erdogan.",
        dt.date(2024, 6, 3),
        [("RUS", "TUR", "occurred", "phone", None, "2024-06-03")],
    ),
    (
        "chinese readout morning",
        "On the morning of May 8, President Xi Jinping met with Brazilian President Lula "
        "at the Great Hall of the People.",
        dt.date(2024, 5, 9),
        [("BRA", "CHN", "occurred", "in_person", "2024-05-08", "2024-05-08")],
    ),
    (
        "title case headline",
        "Wang Yi Holds Talks with Russian Foreign Minister Sergey Lavrov",
        dt.date(2024, 4, 9),
        [("CHN", "RUS", "occurred", "in_person", None, "2024-04-09")],
    ),
    (
        "counterpart",
        "Indian External Affairs Minister S. Jaishankar met his Chinese counterpart Wang Yi in Vientiane on Thursday.",
        dt.date(2024, 7, 26),
        [("CHN", "IND", "occurred", "in_person", "2024-07-25", "2024-07-25")],
    ),
    (
        "between",
        "A meeting between Erdogan and Putin took place in Sochi on Monday.",
        dt.date(2023, 9, 5),
        [("RUS", "TUR", "occurred", "in_person", "2023-09-04", "2023-09-04")],
    ),
    (
        "received",
        "President Erdogan received Hungarian Prime Minister Viktor Orban in Ankara on Tuesday.",
        dt.date(2024, 5, 1),
        [("HUN", "TUR", "occurred", "in_person", "2024-04-30", "2024-04-30")],
    ),
    (
        "pronoun subject",
        "Modi arrived in Moscow on Monday. He held talks with Putin on Tuesday.",
        dt.date(2024, 7, 10),
        [("IND", "RUS", "occurred", "in_person", "2024-07-09", "2024-07-09")],
    ),
    (
        "set to hold talks",
        "Modi is set to hold talks with Putin on Friday.",
        dt.date(2024, 7, 8),
        [("IND", "RUS", "planned", "in_person", "2024-07-12", "2024-07-12")],
    ),
    (
        "eu von der leyen",
        "European Commission President Ursula von der Leyen met with Chinese Premier Li Qiang in Beijing on Friday.",
        dt.date(2023, 12, 8),
        [("CHN", "EUU", "occurred", "in_person", "2023-12-08", "2023-12-08")],
    ),
    (
        "three parties is a summit",
        "The leaders of France, Germany and Poland met in Weimar on Monday.",
        dt.date(2024, 7, 2),
        [],
    ),
    (
        "speak, no phone word",
        "Blinken spoke with Saudi Foreign Minister Prince Faisal bin Farhan on Sunday.",
        dt.date(2024, 1, 8),
        [("SAU", "USA", "occurred", "in_person", "2024-01-07", "2024-01-07")],
    ),
]


HARDER_CASES = [
    (
        "last met with own date",
        "Biden and Xi last met in November 2023 in San Francisco.",
        dt.date(2024, 4, 2),
        [("CHN", "USA", "occurred", "in_person", "2023-11-01", "2023-11-30")],
    ),
    (
        "expected next month",
        "The two leaders, Modi and Albanese, are expected to meet on the sidelines of the G20 summit next month.",
        dt.date(2023, 8, 10),
        [("AUS", "IND", "planned", "in_person", "2023-09-01", "2023-09-30")],
    ),
    ("will not meet", "Trump and Putin will not meet in Istanbul.", dt.date(2025, 5, 14), []),
    (
        "no bilateral meeting",
        "Modi and Xi did not hold a bilateral meeting at the summit.",
        dt.date(2023, 8, 25),
        [],
    ),
    ("several times", "Biden has met Xi several times.", dt.date(2024, 4, 2), []),
    (
        "planned, no date",
        "Putin will visit Mongolia, where he will meet with President Ukhnaagiin Khurelsukh.",
        dt.date(2024, 9, 1),
        [("MNG", "RUS", "planned", "in_person", "2024-09-01", None)],
    ),
]


def test_same_day_is_the_day_the_text_last_gave() -> None:
    text = (
        "On June 7, 2024, President Xi Jinping met with Prime Minister of Pakistan Shehbaz Sharif. "
        "Earlier on the same day, Premier Li Qiang held talks with Shehbaz Sharif."
    )
    got = _pairs(_meetings(text, pub=dt.date(2024, 6, 8)))
    assert ("CHN", "PAK", "occurred", "in_person", "2024-06-07", "2024-06-07") in got
    assert len(got) == 2  # different Chinese leaders: two meetings


HEADLINE_CASES = [
    (
        "comma coordination",
        "Lula, Macron hold talks in Paris",
        dt.date(2024, 3, 28),
        [("BRA", "FRA", "occurred", "in_person", None, "2024-03-28")],
    ),
    (
        "headline infinitive is planned",
        "Scholz to meet Modi in Berlin",
        dt.date(2024, 3, 28),
        [("DEU", "IND", "planned", "in_person", "2024-03-28", None)],
    ),
    (
        "body infinitive of purpose is not",
        "Scholz travelled to Delhi to meet Modi.",
        dt.date(2024, 3, 28),
        [("DEU", "IND", "occurred", "in_person", None, "2024-03-28")],
    ),
]


def test_meetings_with_the_leaders_of_several_countries() -> None:
    text = "Xi Jinping held bilateral meetings with the leaders of Serbia, Cuba and Venezuela on Friday."
    got = _pairs(_meetings(text, pub=dt.date(2025, 5, 10)))
    assert [(a, b) for a, b, *_ in got] == [("CHN", "SRB"), ("CHN", "CUB"), ("CHN", "VEN")]


def test_trilateral_meeting_is_a_summit_not_a_dyad() -> None:
    text = "Japanese, South Korean and U.S. leaders held a trilateral meeting at Camp David on Friday."
    doc, events, meetings = extract_document(_doc(text, pub=dt.date(2023, 8, 19)), RULES)
    assert meetings == []
    text = "A trilateral meeting between Prime Minister Fumio Kishida and U.S. President Joe Biden ended."
    doc, events, meetings = extract_document(_doc(text, pub=dt.date(2023, 8, 19)), RULES)
    assert meetings == []
    assert any(e.event_type == "SUMMIT" for e in events)


PRECISION_CASES = [
    ("possessive is not a party", "Poland worked hard to meet NATO's standards.", dt.date(1999, 3, 12), []),
    (
        "contracted expected",
        "He's expected to meet with Iraqi deputy prime minister Tariq Aziz later today.",
        dt.date(1998, 2, 22),
        [],
    ),  # nobody resolvable as "he": no subject, no meeting
    (
        "comma is not coordination in a body sentence",
        "Posing with Macron, Scholz pledged to stand united.",
        dt.date(2023, 1, 22),
        [],
    ),
    (
        "coordinated subjects meet a counterpart separately",
        "Erdogan and Azerbaijani President Ilham Aliyev met "
        "separately on Monday with Russian President Vladimir Putin.",
        dt.date(2024, 6, 5),
        [
            ("RUS", "TUR", "occurred", "in_person", "2024-06-03", "2024-06-03"),
            ("AZE", "RUS", "occurred", "in_person", "2024-06-03", "2024-06-03"),
        ],
    ),
]


def test_contracted_planned_cue() -> None:
    text = "Erdogan arrived in Baku. He's expected to meet with Azerbaijani President Ilham Aliyev on Friday."
    got = _pairs(_meetings(text, pub=dt.date(2024, 6, 5)))
    assert got == [("AZE", "TUR", "planned", "in_person", "2024-06-07", "2024-06-07")]


OFFICIAL_CASES = [
    (
        "honorifics",
        "Prime Minister Shri Narendra Modi met President of the Republic of Korea, H.E. Mr. Yoon Suk "
        "Yeol, in New Delhi on 10 September 2023.",
        dt.date(2023, 9, 10),
        None,
        [("IND", "KOR", "occurred", "in_person", "2023-09-10", "2023-09-10")],
    ),
    (
        "summit venue is not a counterpart",
        "Modi and Yoon Suk Yeol met on the sidelines of the G20 Summit on Sunday.",
        dt.date(2023, 9, 10),
        None,
        [("IND", "KOR", "occurred", "in_person", "2023-09-10", "2023-09-10")],
    ),
    (
        "counterpart with a name",
        "Turkish President Recep Tayyip Erdogan and his Russian counterpart Vladimir "
        "Putin discussed the grain deal in a phone call on Sunday.",
        dt.date(2023, 7, 24),
        None,
        [("RUS", "TUR", "occurred", "phone", "2023-07-23", "2023-07-23")],
    ),
    (
        "will host next month",
        "Erdogan will host Israeli President Isaac Herzog in Ankara next month.",
        dt.date(2023, 7, 24),
        None,
        [("ISR", "TUR", "planned", "in_person", "2023-08-01", "2023-08-31")],
    ),
    (
        "the President named earlier",
        "President of the European Commission Ursula von der Leyen arrived in Delhi. "
        "The President met External Affairs Minister S. Jaishankar on 27 February.",
        dt.date(2025, 2, 28),
        "https://ec.europa.eu/commission/x",
        [("EUU", "IND", "occurred", "in_person", "2025-02-27", "2025-02-27")],
    ),
]


def test_the_president_named_earlier_is_that_person() -> None:
    text = (
        "President of the European Commission Ursula von der Leyen arrived in Delhi. "
        "The President met External Affairs Minister S. Jaishankar on 27 February."
    )
    (m,) = _meetings(text, pub=dt.date(2025, 2, 28), url="https://ec.europa.eu/commission/x")
    assert m.actor1.name == "Ursula von der Leyen"


def test_role_is_checked_at_the_sentence_date_not_the_publication_date() -> None:
    text = "In March 2019, the British prime minister met with the Irish prime minister in Dublin."
    (m,) = _meetings(text, pub=dt.date(2024, 5, 1))
    assert {m.actor1.country, m.actor2.country} == {"GBR", "IRL"}
    assert "Theresa May" in {m.actor1.name, m.actor2.name}


PATTERN_CASES = [
    *[
        (c[0], c[1], c[2], None, c[3])
        for c in (*MEETING_CASES, *READOUT_CASES, *HARDER_CASES, *HEADLINE_CASES, *PRECISION_CASES)
    ],
    *OFFICIAL_CASES,
]


@pytest.mark.parametrize(
    ("text", "pub", "url", "expected"), [c[1:] for c in PATTERN_CASES], ids=[c[0] for c in PATTERN_CASES]
)
def test_meeting_pattern(text: str, pub: dt.date | None, url: str | None, expected: list[tuple]) -> None:
    assert _pairs(_meetings(text, pub=pub, url=url)) == expected


def test_a_relative_is_not_the_leader_and_a_passage_date_keeps_meetings_apart() -> None:
    text = (
        "Russian President Vladimir Putin and North Korean leader Kim Jong Un signed a pact on Wednesday. "
        "Putin last visited North Korea in July 2000, when he met Kim's father, Kim Jong Il. "
        "The two leaders held talks for about two hours."
    )
    got = _pairs(_meetings(text, pub=dt.date(2024, 6, 19)))
    assert got == [("PRK", "RUS", "occurred", "in_person", "2024-06-19", "2024-06-19")]


def test_two_leaders_signing_together_met() -> None:
    text = "Russian President Vladimir Putin and North Korean leader Kim Jong Un signed a pact on Wednesday."
    (m,) = _meetings(text, pub=dt.date(2024, 6, 19))
    assert (m.actor1.country, m.actor2.country, str(m.window.start)) == ("RUS", "PRK", "2024-06-19")
    assert m.confidence < 0.9  # inferred from a joint act, not reported as a meeting


def test_two_meetings_of_one_pair_in_one_sentence_have_distinct_ids() -> None:
    text = "Erdogan will meet British King Charles on Wednesday and British Prime Minister Keir Starmer later."
    ex = extract_documents([_doc(text, pub=dt.date(2025, 4, 15))], RULES)
    assert len(ex.meetings) == 2
    assert len({m.meeting_id for m in ex.meetings}) == 2
    assert len({e.event_id for e in ex.events}) == len(ex.events)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Earlier this month, Marcos spoke by phone with U.S. President Donald Trump.",
            ("PHL", "USA", "occurred", "phone", "2025-04-01", "2025-04-29"),
        ),
        (
            "Later this week, Marcos will meet with U.S. President Donald Trump.",
            ("PHL", "USA", "planned", "in_person", "2025-04-29", "2025-05-04"),
        ),
    ],
    ids=["occurred ends by publication", "planned starts from publication"],
)
def test_windows_respect_the_publication_date(text: str, expected: tuple) -> None:
    assert _pairs(_meetings(text, pub=dt.date(2025, 4, 29))) == [expected]


def _events(text: str, pub: dt.date) -> list[tuple[str, tuple[str, ...], str, str | None, str | None, str]]:
    _, events, _ = extract_document(_doc(text, pub=pub), RULES)
    return [
        (
            e.event_type,
            e.countries,
            e.status,
            e.window.start.isoformat() if e.window.start else None,
            e.window.end.isoformat() if e.window.end else None,
            e.date_basis,
        )
        for e in events
    ]


def test_a_bare_visit_noun_leaves_the_date_to_the_arrival() -> None:
    # "Monday" is nearer to "visit" than to "arrived in"; the noun names no place, so it makes no event and
    # must not take the date: the arrival does, and the stated length makes it a range past publication
    text = "Kenyan President William Ruto arrived in Tokyo, the Japanese capital, late on Monday, for a four-day visit."
    visits = [e for e in _events(text, PUB) if e[0] == "VISIT"]
    assert visits == [("VISIT", ("JPN", "KEN"), "occurred", "2025-04-14", "2025-04-17", "relative")]


def test_an_undated_visit_takes_the_date_of_the_talks_it_was_for() -> None:
    text = (
        "Lammy presses Gulf leaders on shipping\n\n"
        "British Foreign Secretary David Lammy met Gulf leaders on Wednesday to discuss shipping security.\n\n"
        "He held talks with Saudi Crown Prince Mohammed bin Salman in Riyadh before traveling to Muscat "
        "for talks with Oman's Sultan Haitham bin Tariq."
    )
    events = _events(text, dt.date(2025, 3, 6))
    talks = [e for e in events if e[0] == "MEET" and "OMN" in e[1]]
    visit = [e for e in events if e[0] == "VISIT"]
    assert talks and talks[0][3:] == ("2025-03-05", "2025-03-05", "context")
    assert visit == [("VISIT", ("GBR", "OMN"), "occurred", "2025-03-05", "2025-03-05", "context")]


TOUR = (
    "President Lula is touring Asia this week.\n\n"
    "On Monday, Lula was welcomed to Jakarta by Indonesian President Prabowo Subianto.\n\n"
    "He arrived in Manila on {next}.\n\n"
    "In Jakarta, Lula spoke to students at the University of Indonesia. "
    "He also laid a wreath at the Kalibata Heroes Cemetery."
)


def test_a_stop_of_a_tour_lasts_until_the_visitor_reaches_the_next_one() -> None:
    events = _events(TOUR.format(next="Wednesday"), dt.date(2025, 3, 6))
    by_type = {(e[0], e[1]): e[3:] for e in events}
    assert by_type[("VISIT", ("BRA", "IDN"))] == ("2025-03-03", "2025-03-05", "relative")
    assert by_type[("VISIT", ("BRA", "PHL"))] == ("2025-03-05", "2025-03-05", "relative")
    # the welcome itself was on Monday; what the Jakarta passage reports without a date takes the stay
    assert by_type[("MEET", ("BRA", "IDN"))] == ("2025-03-03", "2025-03-03", "relative")
    assert by_type[("COMMEMORATE", ("BRA",))] == ("2025-03-03", "2025-03-05", "context")


def test_a_next_stop_days_later_or_a_stated_length_leaves_the_stay_alone() -> None:
    pub = dt.date(2025, 3, 14)  # a Friday: Monday is March 10
    far = _events(TOUR.format(next="Friday"), pub)  # four days on: not one continuous stay
    assert [e[3:5] for e in far if e[:2] == ("VISIT", ("BRA", "IDN"))] == [("2025-03-10", "2025-03-10")]
    stated = _events(TOUR.format(next="Wednesday").replace("Jakarta by", "Jakarta for a two-day visit by"), pub)
    assert [e[3:5] for e in stated if e[:2] == ("VISIT", ("BRA", "IDN"))] == [("2025-03-10", "2025-03-11")]


VERB_FORM_CASES = [
    (
        "past participle: had spoken by phone",
        "Kenyan President William Ruto and Ghanaian President John Mahama had spoken by phone on Monday.",
        [("GHA", "KEN", "occurred", "phone", "2025-04-14", "2025-04-14")],
    ),
    (
        "-ing: looked forward to hosting",
        "Chilean President Gabriel Boric looked forward to hosting Peruvian President Dina Boluarte next month.",
        [("CHL", "PER", "planned", "in_person", "2025-05-01", "2025-05-31")],
    ),
    (
        "-ing: to welcoming",
        "Polish President Andrzej Duda looks forward to welcoming Czech President Petr Pavel in Warsaw next week.",
        [("CZE", "POL", "planned", "in_person", "2025-04-21", "2025-04-27")],
    ),
    (
        "base form: will hold a meeting",
        "Irish Taoiseach Micheal Martin and Belgian Premier Bart De Wever will hold a working meeting next week.",
        [("BEL", "IRL", "planned", "in_person", "2025-04-21", "2025-04-27")],
    ),
    (
        "conferred with",
        "Swedish Prime Minister Ulf Kristersson conferred with Finnish President Alexander Stubb on Tuesday.",
        [("FIN", "SWE", "occurred", "in_person", "2025-04-15", "2025-04-15")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in VERB_FORM_CASES], ids=[c[0] for c in VERB_FORM_CASES])
def test_every_form_of_a_meeting_verb_is_a_trigger(text: str, expected: list[tuple]) -> None:
    assert _pairs(_meetings(text)) == expected


def test_a_pair_subject_of_a_verb_that_takes_an_object_is_no_meeting() -> None:
    # "the two leaders" refers to the pair of the first sentence; they welcomed progress, they did not
    # host each other (a second meeting dated "earlier this year" before the fix)
    text = (
        "Kenyan President William Ruto held talks with Ghanaian President John Mahama on Monday. "
        "The two leaders welcomed progress on the trade agreement concluded earlier this year. "
        "The two sides received a report on the railway project."
    )
    assert _pairs(_meetings(text)) == [("GHA", "KEN", "occurred", "in_person", "2025-04-14", "2025-04-14")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Indian Foreign Minister Subrahmanyam Jaishankar called on Emirati President Mohamed bin Zayed on Monday.",
            [("ARE", "IND", "occurred", "in_person", "2025-04-14", "2025-04-14")],
        ),
        ("Indian Foreign Minister Subrahmanyam Jaishankar called on Russian President Vladimir Putin to act.", []),
        ("U.S. President Joe Biden is calling on Chinese President Xi Jinping to rein in North Korea.", []),
        ("French President Emmanuel Macron called on Russia to withdraw its troops.", []),
        ("French President Emmanuel Macron called on Monday to congratulate German Chancellor Olaf Scholz.", []),
    ],
    ids=["courtesy call", "appeal to a person", "appeal, rest of the name", "appeal to a country", "a date"],
)
def test_called_on_a_person_is_a_courtesy_call_not_an_appeal(text: str, expected: list[tuple]) -> None:
    assert _pairs(_meetings(text)) == expected


def test_agreeing_to_hold_a_meeting_plans_one() -> None:
    text = (
        "Kenyan President William Ruto held talks with Ghanaian President John Mahama on Monday. "
        "The leaders agreed to hold a separate bilateral meeting in June."
    )
    assert ("GHA", "KEN", "planned", "in_person", "2025-06-01", "2025-06-30") in _pairs(_meetings(text))


def test_meeting_the_leaders_of_three_countries_at_once_is_a_summit() -> None:
    together = "Chinese President Xi Jinping met the Presidents of Kazakhstan, Kyrgyzstan and Tajikistan on Tuesday."
    doc, events, meetings = extract_document(_doc(together), RULES)
    assert meetings == []
    assert [(e.event_type, e.countries) for e in events] == [("SUMMIT", ("CHN", "KAZ", "KGZ", "TJK"))]
    one_by_one = together.replace(" met ", " met separately with ")
    assert len(_meetings(one_by_one)) == 3


def test_a_trilateral_meeting_with_two_counterparts_is_a_summit() -> None:
    text = "Turkish Foreign Minister Hakan Fidan held a trilateral meeting with his Jordanian and Iraqi counterparts."
    doc, events, meetings = extract_document(_doc(text), RULES)
    assert meetings == []
    assert [(e.event_type, e.countries) for e in events] == [("SUMMIT", ("IRQ", "JOR", "TUR"))]


def test_held_talks_with_a_country() -> None:
    text = "Turkish Foreign Minister Hakan Fidan held talks with Jordan on Tuesday."
    assert _pairs(_meetings(text)) == [("JOR", "TUR", "occurred", "in_person", "2025-04-15", "2025-04-15")]


def test_travelling_on_to_a_capital_is_a_visit() -> None:
    text = "After the summit, Kenyan President William Ruto will travel on to Accra on Friday."
    visits = [e for e in _events(text, PUB) if e[0] == "VISIT"]
    assert visits == [("VISIT", ("GHA", "KEN"), "planned", "2025-04-18", "2025-04-18", "relative")]


def test_him_right_after_a_meeting_verb_is_the_counterpart() -> None:
    text = "Kenyan President William Ruto arrived in Accra on Monday. Ghana will host him on Friday."
    assert _pairs(_meetings(text)) == [("GHA", "KEN", "planned", "in_person", "2025-04-18", "2025-04-18")]


def test_object_pronoun_is_the_counterpart() -> None:
    text = (
        "Kenyan President Amani Odhiambo landed in Lima on Monday. "
        "Peruvian President Rosa Quispe hosted him for talks on Tuesday."
    )
    assert _pairs(_meetings(text)) == [("KEN", "PER", "occurred", "in_person", D, D)]


def test_bare_title_is_the_person_named_with_it_before() -> None:
    text = (
        "U.S. Secretary of State Jane Doe opened a fair on Monday. "
        "Later, the Secretary spoke by phone with Kenyan Foreign Minister Amani Odhiambo on Tuesday."
    )
    assert _pairs(_meetings(text)) == [("KEN", "USA", "occurred", "phone", D, D)]


@pytest.mark.parametrize(
    ("text", "url", "expected"),
    [
        (
            "EAM held talks with Peruvian Foreign Minister Rosa Quispe on Tuesday.",
            "https://www.mea.gov.in/press-releases.htm",
            [("IND", "PER", "occurred", "in_person", D, D)],
        ),
        (
            "Kenyan President Amani Odhiambo arrived on Sunday. "
            "EAM held talks with Peruvian Foreign Minister Rosa Quispe on Tuesday.",
            None,
            [],
        ),
        (
            "Kenyan President Amani Odhiambo arrived on Sunday. "
            "At 3 PM he held talks with Peruvian Foreign Minister Rosa Quispe.",
            "https://www.mea.gov.in/press-releases.htm",
            [("KEN", "PER", "occurred", "in_person", "2025-04-16", "2025-04-16")],
        ),
    ],
    ids=["publisher-official", "no-publisher-no-guess", "time-not-title"],
)
def test_title_acronym_is_the_publisher_official(text: str, url: str | None, expected: list) -> None:
    assert _pairs(_meetings(text, url=url)) == expected


def test_a_quoted_source_meets_nobody() -> None:
    text = (
        "Kenyan President Amani Odhiambo met Peruvian President Rosa Quispe on Tuesday, "
        "Chilean government spokesman Tomas Vera told reporters."
    )
    assert _pairs(_meetings(text)) == [("KEN", "PER", "occurred", "in_person", D, D)]


def test_bare_title_opening_a_readout_sentence_is_the_publisher() -> None:
    text = "Prime Minister held talks with Peruvian President Rosa Quispe on Tuesday."
    assert _pairs(_meetings(text, url="https://www.mea.gov.in/x")) == [("IND", "PER", "occurred", "in_person", D, D)]
    assert _pairs(_meetings(text)) == []
