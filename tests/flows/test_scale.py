"""Scale: streaming batches, incremental idempotent runs, Dask scale-out, and SIGKILL at any moment."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

import pyarrow as pa
import pyarrow.dataset as pads
import pytest

from dateline import batches, store
from dateline.tables import TABLES

BENCH = Path(__file__).resolve().parents[2] / "bench"
SORT_KEYS = {"documents": ["doc_id"], "events": ["event_id"], "event_actors": ["event_id", "position"]}
SORT_KEYS["meetings"] = ["meeting_id"]


def _bench_module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def make_corpus() -> ModuleType:
    return _bench_module("make_corpus")


def rows(out: Path) -> dict[str, pa.Table]:
    """Every table of the dataset under OUT, sorted by its ids (part order does not matter)."""
    found = {}
    for name in TABLES:
        table = pads.dataset(out / name, format="parquet").to_table()
        found[name] = table.sort_by([(k, "ascending") for k in SORT_KEYS[name]])
    return found


def assert_unique_ids(out: Path) -> None:
    for name, table in rows(out).items():
        keys = list(zip(*(table.column(k).to_pylist() for k in SORT_KEYS[name]), strict=True))
        assert len(keys) == len(set(keys)), name


def tree(out: Path) -> dict[str, str]:
    """The committed dataset's files (tables, quarantine, index, reports) with a hash of their bytes."""
    return {
        p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != store.LOCK_FILE and not p.relative_to(out).as_posix().startswith(".")
    }


@pytest.fixture
def flow_env(prefect_api: str) -> None:
    """The session's Prefect API."""


def test_batch_size_plan_keeps_task_runs_few_and_balanced() -> None:
    from flows.pipeline import MAX_BATCHES, MIN_DASK_BATCH, in_flight, plan_batch_size

    assert in_flight(1) == 1  # threads: one batch extracting while the next is scanned
    assert in_flight(2) == 4  # Dask: a queued batch per worker beside the running one

    assert plan_batch_size(100, 500) == 500
    for n in (10_000, 100_000, 1_000_000):
        assert -(-n // plan_batch_size(n, 200)) <= MAX_BATCHES
        size = plan_batch_size(n, 200, workers=2)
        count = -(-n // size)
        assert count <= MAX_BATCHES and count % 2 == 0 and size >= min(MIN_DASK_BATCH, n // 2)


def test_ids_repeated_across_batches_are_refused(tmp_path: Path, sample_tables: dict[str, pa.Table]) -> None:
    for part in (0, 1):
        store.write_part(tmp_path / "documents", sample_tables["documents"], part)
    with pytest.raises(batches.DuplicateIdError, match="documents: 2 repeated doc_id"):
        batches.check_unique_ids(tmp_path)


def test_incremental_runs_mirror_raw_and_are_idempotent(
    flow_env: None, make_corpus: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flows.pipeline import dateline_pipeline

    raw, out = tmp_path / "raw", tmp_path / "out"
    make_corpus.make_corpus(raw, 24, seed=3)
    first = dateline_pipeline(raw=str(raw), out=str(out), batch_size=5)
    assert (first.documents_extracted, first.documents_reused) == (24, 0)
    before = rows(out)
    assert before["meetings"].num_rows > 0

    again = dateline_pipeline(raw=str(raw), out=str(out), batch_size=5)
    assert (again.documents_extracted, again.documents_reused) == (0, 24)
    assert rows(out) == before
    assert again.rows_written == first.rows_written

    files = sorted(raw.rglob("*.txt"))
    changed, removed = files[3], files[7]
    changed.write_text(changed.read_text() + "\nPresident Macron met Chancellor Scholz on Monday.\n")
    removed.unlink()
    removed.with_suffix(".meta.json").unlink()
    third = dateline_pipeline(raw=str(raw), out=str(out), batch_size=5)
    assert (third.documents_extracted, third.documents_reused) == (1, 22)
    docs = rows(out)["documents"]
    sources = set(docs.column("source").to_pylist())
    assert len(sources) == 23 and removed.relative_to(raw).as_posix() not in sources
    assert_unique_ids(out)
    fresh = tmp_path / "fresh"
    dateline_pipeline(raw=str(raw), out=str(fresh), batch_size=7)
    assert rows(fresh) == rows(out)  # incremental == from scratch

    import dateline.report

    monkeypatch.setattr(dateline.report, "current_rules_version", lambda: "other-rules")
    fourth = dateline_pipeline(raw=str(raw), out=str(out), batch_size=5)
    assert (fourth.documents_extracted, fourth.documents_reused) == (23, 0)
    assert rows(out) == rows(fresh)


def test_copies_across_batches_and_runs_keep_the_first_in_scan_order(
    flow_env: None, make_corpus: ModuleType, tmp_path: Path
) -> None:
    """Articles are decoded by their batch's task, so a copy in another batch is found after the batches:
    the first input in path order keeps the article, every other copy is a `duplicate`, nothing twice."""
    from flows.pipeline import dateline_pipeline

    raw, out = tmp_path / "raw", tmp_path / "out"
    make_corpus.make_corpus(raw, 6, seed=5)
    files = sorted(raw.rglob("*.txt"))
    original = files[1]
    (raw / "zz-copy.txt").write_bytes(original.read_bytes())  # last in path order, another batch
    first = dateline_pipeline(raw=str(raw), out=str(out), batch_size=2)
    assert (first.documents_read, first.inputs_rejected) == (6, 1)
    docs = rows(out)["documents"]
    assert "zz-copy.txt" not in docs.column("source").to_pylist()
    assert_unique_ids(out)
    report = (Path(first.report_dir) / "validation.md").read_text()
    assert "zz-copy.txt" in report and "duplicate" in report
    fresh_rows = rows(out)

    # next run: a new copy *before* the unchanged original in path order takes the article over
    (raw / "0-early-copy.txt").write_bytes(original.read_bytes())
    second = dateline_pipeline(raw=str(raw), out=str(out), batch_size=2)
    assert (second.documents_read, second.inputs_rejected) == (6, 2)
    assert second.documents_reused == 5 and second.documents_extracted == 1
    sources = rows(out)["documents"].column("source").to_pylist()
    assert "0-early-copy.txt" in sources and original.relative_to(raw).as_posix() not in sources
    assert_unique_ids(out)
    assert rows(out)["events"].num_rows == fresh_rows["events"].num_rows
    scratch = tmp_path / "scratch"
    dateline_pipeline(raw=str(raw), out=str(scratch), batch_size=3)
    assert rows(scratch) == rows(out)  # incremental == from scratch


def test_two_dask_workers_give_the_same_rows_as_one(flow_env: None, make_corpus: ModuleType, tmp_path: Path) -> None:
    from distributed import LocalCluster
    from prefect_dask import DaskTaskRunner

    from flows.pipeline import dateline_pipeline

    raw = tmp_path / "raw"
    make_corpus.make_corpus(raw, 20, seed=5)
    dateline_pipeline(raw=str(raw), out=str(tmp_path / "one"), batch_size=4)
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1"
    ) as cluster:
        runner = DaskTaskRunner(address=cluster.scheduler_address)
        summary = dateline_pipeline.with_options(task_runner=runner)(
            raw=str(raw), out=str(tmp_path / "two"), batch_size=4, workers=2
        )
    assert summary.documents_extracted == 20
    assert rows(tmp_path / "two") == rows(tmp_path / "one")


def _reports(files: dict[str, str]) -> set[str]:
    return {k.split("/")[1] for k in files if k.startswith(f"{store.REPORTS}/")}


def _dateline(prefect_api: str, raw: Path, out: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, PREFECT_API_URL=prefect_api)
    cmd = [str(Path(sys.executable).with_name("dateline")), "run", "--raw", str(raw), "--out", str(out)]
    cmd += ["--batch-size", "20"]
    return subprocess.Popen(
        cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )


def test_sigkill_at_any_moment_leaves_the_previous_dataset(
    prefect_api: str, make_corpus: ModuleType, tmp_path: Path
) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    make_corpus.make_corpus(raw, 150, seed=7)
    proc = _dateline(prefect_api, raw, out)
    assert proc.wait(timeout=300) == 0, proc.communicate()[1]
    make_corpus.make_corpus(raw / "more", 600, seed=8)  # the next runs have work to do and would change OUT
    started = time.monotonic()
    reference = _dateline(prefect_api, raw, tmp_path / "reference")  # what a completed run commits
    assert reference.wait(timeout=300) == 0, reference.communicate()[1]
    lasted = time.monotonic() - started  # kills land across a run of this length, whatever the machine
    final_rows = rows(tmp_path / "reference")
    rng = random.Random(11)
    killed = 0
    for delay in [0.5, *sorted(rng.uniform(0.1, 0.7) * lasted for _ in range(4))]:
        before, before_rows = tree(out), rows(out)
        proc = _dateline(prefect_api, raw, out)
        time.sleep(delay)
        if proc.poll() is not None:  # finished before the kill: that run committed; fine, go on
            assert proc.returncode == 0, proc.communicate()[1]
            continue
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        killed += 1
        with store.lock_output(out):  # what the next run does first: roll back an unfinished swap
            store.recover_interrupted(out)
        if tree(out) != before:  # killed after the commit point (HTML report, artifacts): fully replaced
            assert rows(out) == final_rows, f"killed after {delay:.1f} s: OUT half changed"
            assert len(_reports(tree(out))) == len(_reports(before)) + 1  # with its run's report
            continue
        assert rows(out) == before_rows
    assert killed >= 3
    proc = _dateline(prefect_api, raw, out)
    stdout, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 0, stderr
    assert "750 documents read" in stdout
    assert not list(out.glob(".staging-*"))
    assert_unique_ids(out)


def _servers_below(pid: int) -> int:
    """Prefect API servers (uvicorn processes) among the descendants of `pid`."""
    import psutil

    try:
        children = psutil.Process(pid).children(recursive=True)
    except psutil.Error:
        return 0
    count = 0
    for child in children:
        try:
            count += any("uvicorn" in part for part in child.cmdline())
        except psutil.Error:
            continue
    return count


def test_dask_workers_share_the_runs_temporary_api_server(make_corpus: ModuleType, tmp_path: Path) -> None:
    """Without PREFECT_API_URL, `--workers 2` starts one temporary server that the workers use too
    (a worker that finds no API starts a server of its own: 10-25 s and one more SQLite writer)."""
    raw = tmp_path / "raw"
    make_corpus.make_corpus(raw, 12, seed=9)
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["PREFECT_HOME"] = str(tmp_path / "prefect-home")
    cmd = [str(Path(sys.executable).with_name("dateline")), "run", "--raw", str(raw), "--out", str(tmp_path / "out")]
    proc = subprocess.Popen(
        [*cmd, "--workers", "2", "--batch-size", "3"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    most = 0
    try:
        while proc.poll() is None:
            most = max(most, _servers_below(proc.pid))
            time.sleep(0.3)
        stdout, stderr = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 0, stderr[-2000:]
    assert "12 extracted" in stdout
    assert most == 1, f"{most} API servers ran under one `dateline run`"
