"""The flow through the real Prefect API (one temporary server for the session)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from dateline.tables import TABLES


@pytest.fixture
def flow_env(prefect_api: str) -> None:
    """The session's Prefect API."""


def test_flow_writes_tables_report_and_artifacts(flow_env: None, raw_dir: Path, tmp_path: Path) -> None:
    from prefect.artifacts import Artifact

    from flows.pipeline import RunSummary, dateline_pipeline

    out = tmp_path / "out"
    summary = dateline_pipeline(raw=str(raw_dir), out=str(out), batch_size=1)
    assert isinstance(summary, RunSummary)
    assert summary.documents_read == 2
    assert summary.inputs_rejected == 1  # empty.txt
    assert summary.rows_written["documents"] == 2
    for name in TABLES:
        assert list(pd.read_parquet(out / name).columns) == TABLES[name].names
        assert (out / "quarantine" / name).is_dir()
    report_dir = Path(summary.report_dir)
    assert report_dir == out / "reports" / summary.run_id
    report = json.loads((report_dir / "validation.json").read_text())
    assert report["inputs"]["rejected"] == 1
    assert report["inputs"]["rejections"][0]["source"] == "empty.txt"
    assert report["settings"]["batches"] == 3  # empty.txt is decoded (and rejected) by its batch's task
    markdown = (report_dir / "validation.md").read_text()
    assert "empty.txt" in markdown and "| documents | 2 | 2 | 0 |" in markdown

    markdown_artifact = Artifact.get("dateline-validation")
    assert summary.run_id in str(getattr(markdown_artifact, "data", None))
    table_artifact = Artifact.get("dateline-tables")
    assert '"table": "documents"' in str(getattr(table_artifact, "data", None))


def test_flow_fails_cleanly_when_the_output_is_locked(flow_env: None, raw_dir: Path, tmp_path: Path) -> None:
    from dateline import store
    from flows.pipeline import dateline_pipeline

    out = tmp_path / "out"
    with store.lock_output(out):
        with pytest.raises(store.LockedError):
            dateline_pipeline(raw=str(raw_dir), out=str(out))
    assert sorted(p.name for p in out.iterdir()) == [store.LOCK_FILE]


def test_extract_batch_task_body_writes_its_parts(tmp_path: Path) -> None:
    """A task's body without the engine (`.fn`): one batch becomes part N of every table and the index."""
    from conftest import make_document

    from dateline.batches import INDEX
    from flows.pipeline import DocumentBatch, extract_batch

    doc = make_document()
    result = extract_batch.fn(DocumentBatch([doc], ["key-1"], "run-3"), str(tmp_path), 3, "rules-1")
    assert result.documents == 1 and result.parts == 1
    for name in [*TABLES, INDEX, *(f"quarantine/{t}" for t in TABLES)]:
        assert (tmp_path / name / "part-00003.parquet").is_file()
    assert pd.read_parquet(tmp_path / "documents").doc_id.tolist() == [doc.doc_id]
    assert result.rows_valid["documents"] == 1
    assert pd.read_parquet(tmp_path / INDEX).input_key.tolist() == ["key-1"]


def test_a_batch_is_opaque_to_prefect_and_cheap_for_dask_to_name() -> None:
    from conftest import make_document
    from dask.tokenize import tokenize
    from prefect.utilities.collections import visit_collection

    from flows.pipeline import DocumentBatch

    docs = [make_document()] * 3
    batch = DocumentBatch(docs, [None] * 3, "run-1-0")
    seen: list[object] = []
    visit_collection(batch, visit_fn=lambda x: seen.append(x) or x, return_data=False)
    assert seen == [batch]  # not walked into
    assert tokenize(batch) == tokenize(DocumentBatch([], [], "run-1-0")) != tokenize(
        DocumentBatch(docs, [None] * 3, "run-1-1")
    )


def test_input_listing_is_retried_on_transient_io_only(
    flow_env: None, raw_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dateline.batches
    from flows.pipeline import dateline_pipeline

    real_scan = dateline.batches.estimate_inputs
    calls: list[str] = []

    def flaky_scan(*args: object, **kwargs: object) -> object:
        calls.append("scan")
        if len(calls) == 1:
            raise OSError(5, "Input/output error (simulated)")
        return real_scan(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(dateline.batches, "estimate_inputs", flaky_scan)
    summary = dateline_pipeline(raw=str(raw_dir), out=str(tmp_path / "out"))
    assert calls == ["scan", "scan"] and summary.documents_read == 2

    def broken_scan(*args: object, **kwargs: object) -> object:
        calls.append("broken")
        raise ValueError("a bug is not transient")

    monkeypatch.setattr(dateline.batches, "estimate_inputs", broken_scan)
    with pytest.raises(ValueError, match="not transient"):
        dateline_pipeline(raw=str(raw_dir), out=str(tmp_path / "out2"))
    assert calls.count("broken") == 1
    assert sorted(p.name for p in (tmp_path / "out2").iterdir()) == [".dateline.lock"]
