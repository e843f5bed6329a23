"""Issue 7 end to end: a real `dateline run` over the fault corpus plus the seeds.

Every input is a document or a rejection with its specific reason, the counts reconcile,
the seeds' meetings are all there, and nothing is written outside --out.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[2]


def _fault_corpus_module():  # bench/ is not a package: load the generator by path
    spec = importlib.util.spec_from_file_location(
        "make_fault_corpus", REPO / "bench" / "make_fault_corpus.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _tree(root: Path) -> dict[str, int]:
    out = {}
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            p = Path(dirpath) / name
            if not p.is_symlink():
                out[str(p.relative_to(root))] = p.stat().st_size
    return out


@pytest.fixture(scope="module")
def fault_run(tmp_path_factory: pytest.TempPathFactory, prefect_api: str):
    base = tmp_path_factory.mktemp("faults")
    raw = base / "raw"
    expected = _fault_corpus_module().make_fault_corpus(raw, include_large=True)
    for seed in sorted((REPO / "data" / "raw").glob("*.txt")):
        shutil.copy(seed, raw / seed.name)
        expected[seed.name] = "document"
    outside = base / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("untouched")
    before = {"raw": _tree(raw), "base": sorted(p.name for p in base.iterdir())}
    out = base / "out"
    env = dict(os.environ, PREFECT_API_URL=prefect_api)
    cmd = [str(Path(sys.executable).with_name("dateline")), "run", "--raw", str(raw), "--out", str(out)]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600, cwd=base)
    (report_dir,) = list((out / "reports").iterdir())
    report = json.loads((report_dir / "validation.json").read_text())
    return dict(
        base=base,
        raw=raw,
        out=out,
        proc=proc,
        expected=expected,
        report=report,
        before=before,
        report_dir=report_dir,
    )


def test_run_exits_zero_without_traceback(fault_run) -> None:
    proc = fault_run["proc"]
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr


def test_every_input_is_accounted_for_with_its_reason(fault_run) -> None:
    report, expected = fault_run["report"], fault_run["expected"]
    docs = pd.read_parquet(fault_run["out"] / "documents")
    sources = set(docs["source"])
    rejected = {r["source"]: r["reason"] for r in report["inputs"]["rejections"]}
    warned = {(w["source"], w["code"]) for w in report["inputs"]["warnings"]}
    for source, outcome in expected.items():
        if outcome == "document":
            assert source in sources, source
        elif outcome.startswith("warning:"):
            assert source in sources, source
            assert (source, outcome.split(":", 1)[1]) in warned, source
        elif outcome == "skipped_hidden":
            assert any(s == source for s, _ in warned), source
        else:
            assert rejected.get(source) == outcome, (source, rejected.get(source))
        assert all(r["reason"] and r["detail"] for r in report["inputs"]["rejections"])


def test_counts_reconcile(fault_run) -> None:
    report, expected = fault_run["report"], fault_run["expected"]
    inputs = [k for k, v in expected.items() if v != "skipped_hidden"]
    docs = report["inputs"]["documents_read"]
    assert docs + report["inputs"]["rejected"] == len(inputs)
    assert report["rows_written"]["documents"] + report["rows_quarantined"]["documents"] == docs


def test_the_seeds_meetings_are_all_there(fault_run) -> None:
    docs = pd.read_parquet(fault_run["out"] / "documents")
    meetings = pd.read_parquet(fault_run["out"] / "meetings")
    seed_ids = set(docs[docs["source"].str.match(r"^\d{3}_[0-9a-f]+\.txt$")]["doc_id"])
    assert len(seed_ids) == 2
    pairs = {
        tuple(sorted(p))
        for p in meetings[meetings["doc_id"].isin(seed_ids)][["actor1_country", "actor2_country"]].values
    }
    for counterpart in ("RUS", "MMR", "CUB", "VEN", "SRB", "SVK"):
        assert tuple(sorted(("CHN", counterpart))) in pairs


def test_nothing_is_written_outside_out(fault_run) -> None:
    base = fault_run["base"]
    assert sorted(p.name for p in base.iterdir()) == sorted([*fault_run["before"]["base"], "out"])
    assert _tree(fault_run["raw"]) == fault_run["before"]["raw"]
    assert (base / "outside" / "keep.txt").read_text() == "untouched"
    # the jsonl line whose id is "../../etc/passwd" is only a label
    assert not (fault_run["out"].parent / "etc").exists()


def test_report_lists_rejections_in_a_readable_table(fault_run) -> None:
    md = (fault_run["report_dir"] / "validation.md").read_text()
    assert "| path | reason | size (bytes) | detail |" in md
    for reason in ("binary", "empty", "too_large", "malformed_json", "symlink_outside_raw", "duplicate"):
        assert f"| {reason} |" in md
