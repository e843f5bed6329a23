"""Dating from the passage (dateline.context): summits as passages, echoes of a summit, the story's lead."""

from __future__ import annotations

import datetime as dt

from dateline.extract import default_rules, extract_document
from dateline.ids import sha256_bytes, stable_id
from dateline.model import Document

RULES = default_rules()

SUMMIT = (
    "The BRICS summit took place in Kazan on 22-24 October 2024.\n\n"
    "Ahead of the summit, Brazilian President Luiz Inacio Lula da Silva spoke with Chinese President Xi Jinping "
    "by phone on 18 October.\n\n"
    "On the sidelines of the summit, Russian President Vladimir Putin held a bilateral meeting with Egyptian "
    "President Abdel Fattah el-Sisi."
)


def _extract(text: str, pub: dt.date):
    doc = Document(stable_id(text), "t.txt", text, sha256_bytes(text.encode()), None, None, pub, "metadata")
    _, events, meetings = extract_document(doc, RULES)
    return events, meetings


def _window(row) -> tuple[str | None, str | None, str]:
    w = row.window
    return (w.start.isoformat() if w.start else None, w.end.isoformat() if w.end else None, row.date_basis)


def test_a_meeting_on_the_sidelines_takes_the_summits_window_not_the_last_date_named() -> None:
    _, meetings = _extract(SUMMIT, dt.date(2024, 10, 25))
    by_pair = {frozenset({m.actor1.country, m.actor2.country}): m for m in meetings}
    assert _window(by_pair[frozenset({"RUS", "EGY"})]) == ("2024-10-22", "2024-10-24", "context")
    assert _window(by_pair[frozenset({"BRA", "CHN"})]) == ("2024-10-18", "2024-10-18", "relative")


def test_the_summit_named_by_a_side_report_is_not_a_second_summit() -> None:
    events, _ = _extract(SUMMIT, dt.date(2024, 10, 25))
    summits = [e for e in events if e.event_type == "SUMMIT"]
    assert [(e.countries, _window(e)) for e in summits] == [
        (("BRICS", "RUS"), ("2024-10-22", "2024-10-24", "explicit"))
    ]


def test_another_summit_named_in_passing_stays_an_event() -> None:
    text = SUMMIT + (
        "\n\nThe gathering was the first since the BRICS summit in Johannesburg in August 2023, "
        "Putin said."
    )
    events, _ = _extract(text, dt.date(2024, 10, 25))
    windows = sorted(_window(e)[:2] for e in events if e.event_type == "SUMMIT")
    assert windows == [("2023-08-01", "2023-08-31"), ("2024-10-22", "2024-10-24")]


def test_the_lead_does_not_date_a_report_that_comes_before_it() -> None:
    # the call opens the story; the visit it recalls comes after and is not the call's date
    body = (
        "Brazilian President Luiz Inacio Lula da Silva had a telephone conversation with South African "
        "President Cyril Ramaphosa.\n\nThe two leaders recalled Ramaphosa's state visit to Brasilia on 12-13 March."
    )
    _, meetings = _extract(body, dt.date(2025, 6, 20))
    assert [_window(m) for m in meetings] == [(None, "2025-06-20", "publication")]
    # a headline above the lead is dated by it
    headline = (
        "Lula meets Ramaphosa in push for trade deal\n\n"
        "Brazilian President Luiz Inacio Lula da Silva met African partners on Thursday to press for a trade deal."
    )
    _, meetings = _extract(headline, dt.date(2025, 6, 20))
    assert [_window(m) for m in meetings] == [("2025-06-19", "2025-06-19", "context")]


def test_a_date_that_premodifies_another_noun_does_not_date_the_meeting() -> None:
    text = "On Monday, Chinese President Xi Jinping met Kazakh President Kassym-Jomart Tokayev ahead of the July summit"
    text += "."
    events, meetings = _extract(text, dt.date(2025, 6, 18))
    assert [_window(m) for m in meetings] == [("2025-06-16", "2025-06-16", "relative")]
    # the noun it premodifies keeps it
    assert [_window(e)[:2] for e in events if e.event_type == "SUMMIT"] == [("2025-07-01", "2025-07-31")]


def test_a_period_inside_a_known_name_does_not_cut_the_date_off() -> None:
    text = "U.S. Secretary of State Marco Rubio met Philippine Foreign Secretary Ma. Theresa Lazaro on Monday."
    _, meetings = _extract(text, dt.date(2025, 9, 24))
    assert [_window(m) for m in meetings] == [("2025-09-22", "2025-09-22", "relative")]


def test_an_undated_event_takes_the_story_lead_over_a_visit_it_recalls() -> None:
    text = (
        "Prime Minister Narendra Modi held a telephone conversation with Brazilian President Luiz Inacio Lula "
        "da Silva today. Modi recalled his visit to Brasilia in July. The two leaders agreed to work towards a "
        "trade target of USD 20 billion."
    )
    events, _ = _extract(text, dt.date(2025, 9, 10))
    assert [_window(e) for e in events if e.event_type == "AGREE"] == [("2025-09-10", "2025-09-10", "context")]


def test_a_visitor_who_is_in_the_host_country_on_a_visit() -> None:
    text = "Chinese President Xi Jinping, who is in Moscow on a state visit, met Russian President Vladimir Putin"
    text += " on Thursday."
    events, _ = _extract(text, dt.date(2025, 5, 9))
    visits = [(e.countries, e.location, _window(e)) for e in events if e.event_type == "VISIT"]
    assert visits == [(("CHN", "RUS"), "Moscow", ("2025-05-08", "2025-05-08", "relative"))]
    # the relative clause names the visitor even when the sentence's subject is the host
    text = "Lavrov held talks with Lao Foreign Minister Thongsavanh Phomvihane, who is in Russia on an official visit."
    events, _ = _extract(text, dt.date(2026, 1, 15))
    assert [(e.countries, e.event_type) for e in events if e.event_type == "VISIT"] == [(("LAO", "RUS"), "VISIT")]


def test_a_summit_named_for_its_parties_has_them_as_participants() -> None:
    events, _ = _extract("The EU-India summit took place in Brussels on Monday.", dt.date(2025, 10, 8))
    assert [set(e.countries) >= {"EUU", "IND"} for e in events if e.event_type == "SUMMIT"] == [True]
    events, _ = _extract("The 15th Russian-Indian summit took place in New Delhi on 5 December.", dt.date(2025, 12, 8))
    assert [(e.countries, _window(e)[:2]) for e in events if e.event_type == "SUMMIT"] == [
        (("IND", "RUS"), ("2025-12-05", "2025-12-05"))
    ]


def _readout(text: str, url: str, pub: dt.date):
    doc = Document(stable_id(text), "t.txt", text, sha256_bytes(text.encode()), None, url, pub, "metadata")
    return extract_document(doc, RULES)[2]


def test_in_a_readout_the_bare_title_is_the_publishers_official_when_the_foreign_holder_is_the_other_party() -> None:
    text = (
        "PM call with Prime Minister Gahr Store of Norway: 17 January 2026\n\n"
        "The Prime Minister spoke to the Prime Minister of Norway, Jonas Gahr Store, this evening.\n\n"
        "The Prime Minister updated Prime Minister Gahr Store on his meeting with President Zelenskyy on Wednesday."
    )
    meetings = _readout(text, "https://www.gov.uk/government/news/pm-call", dt.date(2026, 1, 17))
    pairs = sorted((m.actor1.country, m.actor2.country, m.window.start.isoformat()) for m in meetings)
    # the updated Norwegian is the object of "updated": "his meeting" is the British Prime Minister's
    assert pairs == [("GBR", "NOR", "2026-01-17"), ("GBR", "UKR", "2026-01-14")]


def test_todays_talks_are_not_merged_into_a_previous_meeting_the_article_dates() -> None:
    text = (
        "Russian President Vladimir Putin held talks in the Kremlin with Iranian President Masoud Pezeshkian. "
        "The previous meeting between the two leaders took place in Ashgabat on December 12."
    )
    _, meetings = _extract(text, dt.date(2026, 2, 24))
    assert sorted((_window(m) for m in meetings), key=str) == [
        ("2025-12-12", "2025-12-12", "relative"),
        (None, "2026-02-24", "publication"),
    ]


def test_an_ongoing_stay_keeps_its_stated_days_and_the_talks_during_it_end_by_publication() -> None:
    text = (
        "Russian President Vladimir Putin held talks with Lao President Thongloun Sisoulith, who is in Russia "
        "on an official visit from January 14 to 17."
    )
    events, meetings = _extract(text, dt.date(2026, 1, 16))
    assert [_window(e)[:2] for e in events if e.event_type == "VISIT"] == [("2026-01-14", "2026-01-17")]
    assert [_window(m)[:2] for m in meetings] == [("2026-01-14", "2026-01-16")]


def test_reported_plans_denials_and_offers() -> None:
    pub = dt.date(2026, 3, 3)
    said = "Uzbek President Shavkat Mirziyoyev said he would meet Russian President Vladimir Putin again soon."
    assert [(m.status, _window(m)[:2]) for m in _extract(said, pub)[1]] == [("planned", ("2026-03-03", None))]
    denied = "There are no plans for Chinese President Xi Jinping to meet U.S. President Donald Trump this month."
    assert _extract(denied, pub)[1] == []
    offered = "Ukrainian President Volodymyr Zelensky said he was ready to meet Russian President Vladimir Putin."
    assert _extract(offered, pub)[1] == []
    # a hypothesis that is not reported speech stays no event
    guess = "Analysts think Mirziyoyev would meet Russian President Vladimir Putin if the talks went well."
    assert _extract(guess, pub)[1] == []


def test_a_date_after_a_trigger_in_its_clause_is_that_triggers() -> None:
    # "Monday" is nearer to "spoke", but it closes the clause of "will meet"
    text = (
        "Chinese President Xi Jinping will meet Kazakh President Kassym-Jomart Tokayev in Beijing on Monday, "
        "days after the two leaders spoke by phone."
    )
    _, meetings = _extract(text, dt.date(2026, 3, 4))
    by_status = {m.status: _window(m)[:2] for m in meetings}
    assert by_status["planned"] == ("2026-03-09", "2026-03-09")


def test_a_meetings_mode_comes_from_its_own_clause() -> None:
    text = (
        "Chinese President Xi Jinping held talks with Kazakh President Kassym-Jomart Tokayev in Beijing on Monday, "
        "days after the two leaders discussed a new gas pipeline by phone."
    )
    _, meetings = _extract(text, dt.date(2026, 3, 10))
    assert {m.mode for m in meetings if m.window.start == dt.date(2026, 3, 9)} == {"in_person"}
