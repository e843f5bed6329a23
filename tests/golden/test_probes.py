"""A quality floor on our own invented readouts and wire stories (tests/golden/probes/).

Each set is a directory of articles (NAME.txt + NAME.meta.json) and a gold file written by
hand by the CONTRACT conventions (README.md there). The sets were written to probe the
extractor with styles the seeds lack: Indian, US, Russian, Chinese, EU, Japanese, Korean,
German, British, Nigerian and Brazilian readouts and wire stories. Scored like
../shared/tools/score_events.py (a meeting matches on its pair of countries and its status;
it is dated when its window lies inside the gold window), the dated-meeting F1 of each set
must stay at or above its floor in floors.json: a rule that breaks what the sets cover
shows up here before it reaches analysts.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from dateline.extract import extract_documents
from dateline.model import MeetingRecord
from dateline.sources import dedupe_documents, scan_raw

PROBES = Path(__file__).with_name("probes")
FLOORS: dict[str, float] = json.loads((PROBES / "floors.json").read_text())


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value[:10]) if value else None


def _inside(pred: tuple[dt.date | None, dt.date | None], gold: tuple[dt.date | None, dt.date | None]) -> bool:
    """The scorer's rule: the predicted window lies inside the gold one; a null gold bound is open."""
    (ps, pe), (gs, ge) = pred, gold
    if gs is None and ge is None:
        return ps is None and pe is None
    if (ps is None and gs is not None) or (pe is None and ge is not None):
        return False
    if ps is not None and pe is not None and ps > pe:
        return False
    return (gs is None or (ps is not None and ps >= gs)) and (ge is None or (pe is not None and pe <= ge))


def dated_meeting_f1(gold: list[dict], meetings: dict[str, list[MeetingRecord]]) -> float:
    """score_events.py's dated_meeting_f1 (per article: greedy one-to-one matching, gold order)."""
    dated = n_pred = n_gold = 0
    for g in gold:
        preds = meetings.get(g["doc"], [])
        used = [False] * len(preds)
        n_pred += len(preds)
        for gm in g.get("meetings", []):
            n_gold += 1
            pair = tuple(sorted(gm["countries"]))
            window = (_day(gm.get("date_start")), _day(gm.get("date_end")))
            cands = [
                i
                for i, m in enumerate(preds)
                if not used[i]
                and tuple(sorted([m.actor1.country, m.actor2.country])) == pair
                and m.status == gm.get("status", "occurred")
            ]
            if not cands:
                continue
            best = next((i for i in cands if _inside((preds[i].window.start, preds[i].window.end), window)), cands[0])
            used[best] = True
            dated += _inside((preds[best].window.start, preds[best].window.end), window)
    p = dated / n_pred if n_pred else 0.0
    r = dated / n_gold if n_gold else 0.0
    return round(100 * 2 * p * r / (p + r), 1) if p + r else 0.0


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_dated_meetings_stay_above_the_floor(name: str) -> None:
    gold = [json.loads(line) for line in (PROBES / f"{name}.gold.jsonl").read_text().splitlines() if line.strip()]
    docs, _ = dedupe_documents(scan_raw(PROBES / name, today=dt.date(2026, 12, 1)))
    ex = extract_documents(docs)
    by_doc: dict[str, list[MeetingRecord]] = {}
    names = {d.doc_id: Path(d.source).name for d in ex.documents}
    for m in ex.meetings:
        by_doc.setdefault(names[m.doc_id], []).append(m)
    assert {g["doc"] for g in gold} <= set(names.values())
    assert dated_meeting_f1(gold, by_doc) >= FLOORS[name]
