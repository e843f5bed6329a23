"""Golden tests on the seed articles.

Two kinds:
* against the hand-annotated gold in ../shared/gold/seeds.jsonl (the same matching as
  tools/score_events.py: pair of countries, status, and a window inside the gold window);
* an exact snapshot of the meetings table in tests/golden/seeds.meetings.json, regenerated
  only with DATELINE_UPDATE_GOLDEN=1 and reviewed like code.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from dateline.extract import extract_documents
from dateline.ids import sha256_bytes, stable_id
from dateline.model import Document, MeetingRecord

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
SEEDS = REPO / "data" / "raw"
GOLD = SHARED / "gold" / "seeds.jsonl"
SNAPSHOT = Path(__file__).with_name("seeds.meetings.json")


def _load_seeds() -> dict[str, Document]:
    docs = {}
    for path in sorted(SEEDS.glob("*.txt")):
        raw = path.read_bytes()
        text = raw.decode("utf-8")
        docs[path.name] = Document(stable_id(text), path.name, text, sha256_bytes(raw))
    return docs


@pytest.fixture(scope="module")
def extracted() -> dict[str, tuple[Document, list[MeetingRecord]]]:
    docs = _load_seeds()
    ex = extract_documents(list(docs.values()))
    by_id = {d.doc_id: d for d in ex.documents}
    out: dict[str, tuple[Document, list[MeetingRecord]]] = {}
    for name, doc in docs.items():
        out[name] = (by_id[doc.doc_id], [m for m in ex.meetings if m.doc_id == doc.doc_id])
    return out


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _inside(pred: tuple[dt.date | None, dt.date | None], gold: tuple[dt.date | None, dt.date | None]) -> bool:
    (ps, pe), (gs, ge) = pred, gold
    if gs is None and ge is None:
        return ps is None and pe is None
    if (ps is None and gs is not None) or (pe is None and ge is not None):
        return False
    return (gs is None or (ps is not None and ps >= gs)) and (ge is None or (pe is not None and pe <= ge))


def _gold_rows() -> list[tuple[str, dict]]:
    if not GOLD.exists():
        pytest.skip(f"no gold file at {GOLD}")
    rows = []
    for line in GOLD.read_text().splitlines():
        if line.strip():
            g = json.loads(line)
            rows.extend((g["doc"], m) for m in g["meetings"])
    return rows


GOLD_ROWS = _gold_rows() if GOLD.exists() else []


@pytest.mark.parametrize(
    ("doc", "gold"), GOLD_ROWS, ids=[f"{d[:8]}-{'-'.join(m['countries'])}" for d, m in GOLD_ROWS]
)
def test_every_gold_meeting_is_found_and_dated(extracted, doc: str, gold: dict) -> None:
    _, meetings = extracted[doc]
    pair = tuple(sorted(gold["countries"]))
    window = (_day(gold["date_start"]), _day(gold["date_end"]))
    found = [
        m
        for m in meetings
        if tuple(sorted([m.actor1.country, m.actor2.country])) == pair and m.status == gold["status"]
    ]
    assert found, f"no {pair} meeting in {doc}"
    assert any(_inside((m.window.start, m.window.end), window) for m in found), [
        (m.window.start, m.window.end) for m in found
    ]


def test_no_meeting_beyond_the_gold(extracted) -> None:
    expected: dict[str, int] = {}
    for doc, _ in GOLD_ROWS:
        expected[doc] = expected.get(doc, 0) + 1
    got = {doc: len(meetings) for doc, (_, meetings) in extracted.items()}
    assert got == expected


def test_publication_date_is_inferred_only_from_a_full_date(extracted) -> None:
    for doc, (document, _) in extracted.items():
        gold = next(
            json.loads(x) for x in GOLD.read_text().splitlines() if x.strip() and json.loads(x)["doc"] == doc
        )
        if document.publication_date is None:
            assert document.publication_date_basis == "unknown"
        else:
            assert document.publication_date_basis in ("inferred", "text")
        assert gold.get("publication_date") is None  # the seeds carry no metadata date


def test_evidence_offsets_slice_the_text(extracted) -> None:
    for document, meetings in extracted.values():
        for m in meetings:
            assert document.text[m.char_start : m.char_end] == m.sentence


def _snapshot(extracted) -> list[dict]:
    rows = []
    for name, (_, meetings) in sorted(extracted.items()):
        for m in meetings:
            rows.append(
                {
                    "doc": name,
                    "actor1": [m.actor1.name, m.actor1.country],
                    "actor2": [m.actor2.name, m.actor2.country],
                    "mode": m.mode,
                    "status": m.status,
                    "date_start": str(m.window.start),
                    "date_end": str(m.window.end),
                    "date_basis": m.date_basis,
                    "char_start": m.char_start,
                }
            )
    return rows


def test_meetings_match_the_reviewed_snapshot(extracted) -> None:
    rows = _snapshot(extracted)
    if os.environ.get("DATELINE_UPDATE_GOLDEN") == "1" or not SNAPSHOT.exists():
        SNAPSHOT.write_text(json.dumps(rows, indent=1, ensure_ascii=False) + "\n")
        if os.environ.get("DATELINE_UPDATE_GOLDEN") != "1":
            pytest.fail(f"wrote a new snapshot {SNAPSHOT.name}: review it, then run again")
    assert rows == json.loads(SNAPSHOT.read_text())
