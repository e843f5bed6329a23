"""Deferred parsing (`scan_raw(defer=True)` + `process_batch`) and copies of one article across batches."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dateline import batches
from dateline.duplicates import Held, settle_duplicates
from dateline.model import Document, Rejection
from dateline.sources import RawArticle, parse_raw_article, scan_raw

TODAY = dt.date(2025, 6, 1)
TEXT = "Belgrade, 7 May 2025\n\nPresident Vucic met Chancellor Merz in Berlin on Tuesday.\n"


def _raw(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(TEXT, encoding="utf-8")
    (raw / "a.meta.json").write_text(json.dumps({"publication_date": "2030-01-01"}), encoding="utf-8")
    (raw / "b.txt").write_bytes(TEXT.encode("cp1252") + b"\x93quoted\x94\n")
    (raw / "c.txt").write_bytes(b"")
    (raw / "d.txt").write_text(TEXT, encoding="utf-8")  # a copy of a.txt (without its sidecar)
    (raw / "e.html").write_text(f"<html><body><p>{TEXT}</p></body></html>", encoding="utf-8")
    return raw


def test_deferred_articles_parse_to_what_the_scan_would_have_yielded(tmp_path: Path) -> None:
    raw = _raw(tmp_path)
    eager_warnings: list[object] = []
    eager = list(scan_raw(raw, today=TODAY, warnings=eager_warnings))
    deferred_warnings: list[object] = []
    items = list(scan_raw(raw, today=TODAY, warnings=deferred_warnings, defer=True))
    assert [type(i).__name__ for i in items] == ["RawArticle", "RawArticle", "RawArticle", "RawArticle", "Document"]
    parsed = [
        parse_raw_article(i, max_bytes=20_000_000, today=TODAY, warnings=deferred_warnings)
        if isinstance(i, RawArticle)
        else i
        for i in items
    ]
    assert parsed == eager
    assert sorted(map(repr, deferred_warnings)) == sorted(map(repr, eager_warnings))  # a.meta.json: future date
    assert all(isinstance(i, RawArticle) and i.input_key for i in items[:4])


def test_process_batch_parses_rejects_and_dedupes_within_the_batch(tmp_path: Path) -> None:
    raw = _raw(tmp_path)
    items = [i for i in scan_raw(raw, today=TODAY, defer=True) if not isinstance(i, Rejection)]
    assert not isinstance(items[0], Document)
    result = batches.process_batch(items, tmp_path / "staging", 4, "rules-1", seqs=[10, 11, 12, 13, 14], today=TODAY)
    rejected = [(seq, r.source, r.reason) for seq, r in result.rejections]
    assert rejected == [(12, "c.txt", "empty"), (13, "d.txt", "duplicate")]
    assert "same text as a.txt" in result.rejections[1][1].detail
    assert [(h.seq, h.source, h.part) for h in result.held] == [(10, "a.txt", 4), (11, "b.txt", 4), (14, "e.html", 4)]
    assert result.documents == 3 and [w.code for w in result.warnings] == ["future_publication_date"]
    index = pd.read_parquet(tmp_path / "staging" / batches.INDEX)
    assert index.source.tolist() == ["a.txt", "b.txt", "e.html"]
    assert index.input_key.notna().tolist() == [True, True, False]  # RawArticles carry their input_key


held_items = st.lists(
    st.tuples(st.sampled_from("xyz"), st.one_of(st.none(), st.integers(0, 3))), max_size=12
).map(lambda xs: [Held(seq, doc_id, f"s{seq}", 1, part) for seq, (doc_id, part) in enumerate(xs)])


@given(held_items, st.randoms())
def test_settle_keeps_the_first_copy_in_scan_order_whatever_the_order_given(held: list[Held], rnd: object) -> None:
    shuffled = list(held)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    settled = settle_duplicates(shuffled)
    firsts = {}
    for h in held:
        firsts.setdefault(h.doc_id, h)
    losers = [h for h in held if firsts[h.doc_id] is not h]
    assert [seq for seq, _ in settled.rejections] == [h.seq for h in losers]
    assert all(r.reason == "duplicate" and r.detail.startswith(f"same text as {firsts[h.doc_id].source}")
               for (_, r), h in zip(settled.rejections, losers, strict=True))
    assert settled.drop_kept == {h.doc_id for h in losers if h.part is None}
    assert settled.drop_parts == {
        p: {h.doc_id for h in losers if h.part == p} for p in {h.part for h in losers if h.part is not None}
    }


def test_drop_documents_rewrites_a_part_and_its_counts(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(TEXT, encoding="utf-8")
    (raw / "b.txt").write_text(TEXT.replace("Berlin", "Paris"), encoding="utf-8")
    items = [i for i in scan_raw(raw, today=TODAY, defer=True) if not isinstance(i, Rejection)]
    staging = tmp_path / "staging"
    result = batches.process_batch(items, staging, 0, "rules-1")
    before = dict(result.rows_valid)
    assert before["events"] >= 2
    paris = result.held[1].doc_id
    batches.drop_documents(staging, 0, {paris}, result)
    events = pd.read_parquet(staging / "events")
    assert set(events.doc_id) == {result.held[0].doc_id}
    assert result.rows_valid["events"] == len(events) < before["events"]
    assert result.rows_valid["documents"] == 1 == result.documents
    actors = pd.read_parquet(staging / "event_actors")
    assert set(actors.event_id) <= set(events.event_id)
    assert pd.read_parquet(staging / batches.INDEX).doc_id.tolist() == [result.held[0].doc_id]


@pytest.mark.parametrize("defer", [False, True])
def test_number_inputs_numbers_every_item_and_dedupes_known_ids(tmp_path: Path, defer: bool) -> None:
    raw = _raw(tmp_path)
    rejections: list[tuple[int, Rejection]] = []
    numbered = list(batches.number_inputs(scan_raw(raw, today=TODAY, defer=defer), rejections))
    seqs = sorted([s for s, _ in numbered] + [s for s, _ in rejections])
    assert seqs == list(range(5))
    expected = {"c.txt": "empty", "d.txt": "duplicate"} if not defer else {}
    assert {r.source: r.reason for _, r in rejections} == expected  # deferred: found by the batch's task
