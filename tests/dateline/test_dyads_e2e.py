"""Meeting assembly end to end (dyads.assemble_meetings) on small invented sentences: one test per promise."""

from __future__ import annotations

import datetime as dt

from dateline.extract import default_rules, extract_document
from dateline.ids import sha256_bytes, stable_id
from dateline.model import Document

RULES = default_rules()
PUB = dt.date(2025, 4, 16)  # a Wednesday


def _extract(text: str, pub: dt.date = PUB) -> tuple[list, list]:
    doc = Document(stable_id(text), "t.txt", text, sha256_bytes(text.encode()), None, None, pub, "metadata")
    _, events, meetings = extract_document(doc, RULES)
    return events, meetings


def _pairs(text: str, pub: dt.date = PUB) -> list[tuple[str, str, str, str | None]]:
    _, meetings = _extract(text, pub)
    return [
        (*sorted([m.actor1.country, m.actor2.country]), m.mode, m.window.start.isoformat() if m.window.start else None)
        for m in meetings
    ]


def test_a_host_verb_with_a_thing_as_object_names_no_meeting() -> None:
    text = (
        "Swedish Prime Minister Ulf Kristersson welcomed the truce reached last week between Armenia and "
        "Azerbaijan, and commended Indian Prime Minister Narendra Modi for his mediation."
    )
    assert _pairs(text) == []


def test_a_host_verb_takes_its_direct_object_after_titles_and_visiting() -> None:
    text = "Swedish Prime Minister Ulf Kristersson received visiting Indian Prime Minister Narendra Modi on Monday."
    assert _pairs(text) == [("IND", "SWE", "in_person", "2025-04-14")]


def test_a_host_verb_takes_a_coordinated_second_object_but_not_a_later_one() -> None:
    text = (
        "Swedish Prime Minister Ulf Kristersson hosted Indian Prime Minister Narendra Modi on Monday and "
        "later praised French President Emmanuel Macron."
    )
    assert [p[:2] for p in _pairs(text)] == [("IND", "SWE")]


def test_talks_in_a_relative_clause_are_a_meeting_of_their_own_parties() -> None:
    text = (
        "Swedish Prime Minister Ulf Kristersson welcomed the results of the talks that Indian Prime Minister "
        "Narendra Modi held with French President Emmanuel Macron on Monday."
    )
    assert _pairs(text) == [("FRA", "IND", "in_person", "2025-04-14")]
    assert _pairs("Kristersson recalled the talks he had with Modi in Stockholm in February.") == [
        ("IND", "SWE", "in_person", "2025-02-01")
    ]


def test_discussed_a_topic_with_a_person_by_telephone_is_a_phone_call() -> None:
    text = "Macron discussed the grain deal with Indian Prime Minister Narendra Modi by telephone on Monday."
    assert _pairs(text) == [("FRA", "IND", "phone", "2025-04-14")]


def test_their_last_meeting_is_a_meeting_of_the_pair_named_before() -> None:
    text = "Macron and Modi recalled their last meeting in Marseille in February."
    assert _pairs(text) == [("FRA", "IND", "in_person", "2025-02-01")]


def test_their_talks_bind_to_the_two_leaders_of_the_sentence_before() -> None:
    text = (
        "French President Emmanuel Macron spoke with Indian Prime Minister Narendra Modi by phone on Monday. "
        "The two leaders recalled their talks in Marseille in February."
    )
    assert sorted(_pairs(text), key=lambda p: p[3] or "") == [
        ("FRA", "IND", "in_person", "2025-02-01"),
        ("FRA", "IND", "phone", "2025-04-14"),
    ]


def test_their_meeting_with_no_pair_in_the_sentence_names_none() -> None:
    assert _pairs("The reporters described their meeting in Marseille in February.") == []


def test_a_joint_meeting_with_several_leaders_is_one_summit() -> None:
    text = (
        "Indian Prime Minister Narendra Modi held a joint meeting on Monday with French President Emmanuel "
        "Macron and Swedish Prime Minister Ulf Kristersson."
    )
    events, meetings = _extract(text)
    assert meetings == []
    assert [e.countries for e in events if e.event_type == "SUMMIT"] == [("FRA", "IND", "SWE")]


def test_meeting_several_leaders_together_is_one_summit_but_separately_is_dyads() -> None:
    together = "Modi met French President Emmanuel Macron and Swedish Premier Ulf Kristersson together on Monday."
    apart = "Modi met separately with French President Emmanuel Macron and Swedish Premier Ulf Kristersson on Monday."
    assert _pairs(together) == []
    assert sorted(p[:2] for p in _pairs(apart)) == [("FRA", "IND"), ("IND", "SWE")]


def test_their_meeting_is_dated_by_the_expression_after_it() -> None:
    text = (
        "French President Emmanuel Macron met Indian Prime Minister Narendra Modi on Monday. Noting that this is "
        "the second meeting between the two leaders this year, following their meeting in Lyon in February during "
        "the regional summit, Macron said ties were strong."
    )
    assert sorted(p[3] for p in _pairs(text)) == ["2025-02-01", "2025-04-14"]
