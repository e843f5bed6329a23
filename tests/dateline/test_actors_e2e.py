"""Actor resolution seen end to end: the meetings extract_document reports for small, invented texts."""

from __future__ import annotations

import datetime as dt

from dateline.extract import default_rules, extract_document
from dateline.ids import sha256_bytes, stable_id
from dateline.model import Document, MeetingRecord

RULES = default_rules()
PUB = dt.date(2025, 4, 16)  # a Wednesday


def _meetings(text: str, url: str | None = None) -> list[tuple[str, str, str, str | None]]:
    doc = Document(stable_id(text), "t.txt", text, sha256_bytes(text.encode()), None, url, PUB, "metadata")
    _, _, meetings = extract_document(doc, RULES)
    return [_row(m) for m in meetings]


def _row(m: MeetingRecord) -> tuple[str, str, str, str | None]:
    start = m.window.start.isoformat() if m.window.start else None
    return (m.actor1.name, m.actor2.name, m.mode, start)


def test_family_name_first_short_form() -> None:
    text = (
        "South Korean Foreign Minister Park Min-jun arrived in Lima on Monday. "
        "Park met Peruvian President Rosa Quispe on Tuesday."
    )
    assert _meetings(text) == [("Park Min-jun", "Rosa Quispe", "in_person", "2025-04-15")]


def test_given_name_before_bin_short_form() -> None:
    text = (
        "Emirati envoy Khalid bin Rashid Al Nahyan arrived in Lima on Monday. "
        "Sheikh Khalid met Peruvian President Rosa Quispe on Tuesday."
    )
    assert _meetings(text) == [("Khalid bin Rashid Al Nahyan", "Rosa Quispe", "in_person", "2025-04-15")]


def test_bare_title_after_an_opening_phrase_in_a_readout() -> None:
    text = "On 14 April, Prime Minister held talks with President Amani Odhiambo of Kenya."
    rows = _meetings(text, url="https://pib.gov.in/PressReleasePage.aspx?PRID=1")
    assert [(r[1], r[3]) for r in rows] == [("Amani Odhiambo", "2025-04-14")]
    assert rows[0][0] != "India prime minister"  # the holder in office


def test_deputy_keeps_the_name_the_readout_gives() -> None:
    text = "Deputy Secretary of State Tomas Vera met with Peruvian Foreign Minister Luis Vargas in Lima on April 14."
    assert _meetings(text, url="https://www.state.gov/x") == [("Tomas Vera", "Luis Vargas", "in_person", "2025-04-14")]


def test_the_presidents_and_the_two_are_the_last_pair() -> None:
    text = (
        "Kenyan President Amani Odhiambo held talks with Peruvian President Rosa Quispe in Lima on Monday. "
        "On April 2, the Presidents had a telephone conversation. "
        "The two agreed to meet in Nairobi later this month."
    )
    rows = _meetings(text)
    assert ("Amani Odhiambo", "Rosa Quispe", "phone", "2025-04-02") in rows
    assert ("Amani Odhiambo", "Rosa Quispe", "in_person", "2025-04-16") in rows  # later this month


def test_the_two_leaders_after_their_ministers_met() -> None:
    text = (
        "Kenyan President Amani Odhiambo held talks with Peruvian President Rosa Quispe in Lima on Monday. "
        "Kenyan Foreign Minister Tomas Vera met Peruvian Foreign Minister Luis Vargas on Tuesday. "
        "The two leaders last met in Nairobi on April 2."
    )
    assert ("Amani Odhiambo", "Rosa Quispe", "in_person", "2025-04-02") in _meetings(text)
