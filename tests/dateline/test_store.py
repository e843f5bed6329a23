"""store: Parquet datasets readable by pandas and pyarrow, atomic commit, one run at a time."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import signal
import time
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.dataset as pads
import pytest

from dateline import store
from dateline.tables import TABLES
from dateline.validate import validate_tables


def _tree(out: Path) -> dict[str, str]:
    """Every file under OUT (but the lock) with a hash of its bytes."""
    return {
        p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != store.LOCK_FILE
    }


def _commit(out: Path, tables: dict[str, pa.Table], run_id: str) -> Path:
    result = validate_tables(tables)
    report = {"run_id": run_id}
    with store.lock_output(out):
        return store.commit_run(out, run_id, result.valid_tables, result.quarantine_tables, report, "# r\n")


def test_run_id_is_utc_time_and_short_hash() -> None:
    now = dt.datetime(2026, 11, 23, 10, 0, 5, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    run_id = store.new_run_id(now, "flow-run-1")
    assert run_id.startswith("20261123T090005Z-") and len(run_id) == 25
    assert run_id == store.new_run_id(now, "flow-run-1") != store.new_run_id(now, "flow-run-2")


def test_datasets_are_readable_by_pandas_and_pyarrow(
    tmp_path: Path, sample_tables: dict[str, pa.Table]
) -> None:
    report_dir = _commit(tmp_path, sample_tables, "r1")
    for name, table in sample_tables.items():
        assert pd.read_parquet(tmp_path / name).shape == (table.num_rows, table.num_columns)
        read = pads.dataset(tmp_path / name, partitioning="hive").to_table()
        assert read.schema == TABLES[name]
        assert read.equals(table)
        assert pads.dataset(tmp_path / "quarantine" / name, partitioning="hive").count_rows() == 0
    assert json.loads((report_dir / "validation.json").read_text())["run_id"] == "r1"
    assert (report_dir / "validation.md").exists()
    assert store.read_tables(tmp_path)["meetings"].equals(sample_tables["meetings"])
    assert not list(tmp_path.glob(".staging-*"))


def test_empty_tables_still_have_their_columns(tmp_path: Path, sample_tables: dict[str, pa.Table]) -> None:
    _commit(tmp_path, {n: t.slice(0, 0) for n, t in sample_tables.items()}, "r1")
    assert list(pd.read_parquet(tmp_path / "meetings").columns) == TABLES["meetings"].names


def test_second_run_replaces_tables_and_keeps_old_reports(
    tmp_path: Path, sample_tables: dict[str, pa.Table]
) -> None:
    _commit(tmp_path, sample_tables, "r1")
    _commit(tmp_path, {n: t.slice(0, 1) for n, t in sample_tables.items()}, "r2")
    assert pd.read_parquet(tmp_path / "documents").shape[0] == 1
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == ["r1", "r2"]


@pytest.mark.parametrize("fail_at", [1, 2, 4, 7, 10, 11])
def test_failure_mid_commit_leaves_the_previous_dataset(
    tmp_path: Path, sample_tables: dict[str, pa.Table], monkeypatch: pytest.MonkeyPatch, fail_at: int
) -> None:
    _commit(tmp_path, sample_tables, "r1")
    before = _tree(tmp_path)
    calls = {"n": 0}
    real_rename = os.rename

    def flaky_rename(src: os.PathLike[str], dst: os.PathLike[str]) -> None:
        calls["n"] += 1
        if calls["n"] == fail_at:
            raise OSError(28, "No space left on device (simulated)")
        real_rename(src, dst)

    monkeypatch.setattr(store.os, "rename", flaky_rename)
    with pytest.raises(OSError, match="simulated"):
        _commit(tmp_path, {n: t.slice(0, 1) for n, t in sample_tables.items()}, "r2")
    monkeypatch.undo()
    assert _tree(tmp_path) == before
    assert not list(tmp_path.glob(".staging-*"))


def test_killed_run_is_rolled_back_by_the_next_one(
    tmp_path: Path, sample_tables: dict[str, pa.Table], monkeypatch: pytest.MonkeyPatch
) -> None:
    _commit(tmp_path, sample_tables, "r1")
    before = _tree(tmp_path)
    calls = {"n": 0}
    real_rename = os.rename

    def dying_rename(src: os.PathLike[str], dst: os.PathLike[str]) -> None:
        calls["n"] += 1
        if calls["n"] == 5:
            raise KeyboardInterrupt  # stands in for SIGKILL: no clean-up below runs
        real_rename(src, dst)

    monkeypatch.setattr(store.os, "rename", dying_rename)
    monkeypatch.setattr(store, "_rollback", lambda out, staging: None)
    monkeypatch.setattr(store.shutil, "rmtree", lambda *a, **k: None)
    with pytest.raises(KeyboardInterrupt):
        _commit(tmp_path, {n: t.slice(0, 1) for n, t in sample_tables.items()}, "r2")
    monkeypatch.undo()
    assert list(tmp_path.glob(".staging-*")), "the killed run left its staging directory"
    assert _tree(tmp_path) != before
    with store.lock_output(tmp_path):
        assert store.recover_interrupted(tmp_path) == ["r2"]
    assert _tree(tmp_path) == before


def test_lock_refuses_a_second_run(tmp_path: Path) -> None:
    with store.lock_output(tmp_path):
        with pytest.raises(store.LockedError, match="another dateline run"):
            with store.lock_output(tmp_path):
                pass
    with store.lock_output(tmp_path):  # released
        pass


def test_a_forked_child_does_not_keep_the_lock(tmp_path: Path) -> None:
    """`--workers N` forks Dask workers while the run holds OUT's lock: a worker that outlives its run
    (the run was killed) must not keep OUT locked for the next run."""
    ready, started = os.pipe()
    with store.lock_output(tmp_path):
        child = os.fork()
        if child == 0:  # the worker (fork handlers have run): says it started, then outlives the run
            os.write(started, b"1")
            time.sleep(30)
            os._exit(0)
        assert os.read(ready, 1) == b"1"
    try:
        with store.lock_output(tmp_path):  # released although the child still runs
            assert os.waitpid(child, os.WNOHANG) == (0, 0)
    finally:
        os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)
        os.close(ready)
        os.close(started)


def test_missing_table_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(store.StoreError, match="missing table"):
        store.read_tables(tmp_path)


def test_unreadable_table_is_a_store_error(tmp_path: Path, sample_tables: dict[str, pa.Table]) -> None:
    _commit(tmp_path, sample_tables, "r1")
    (tmp_path / "events" / "part-00000.parquet").write_bytes(b"not parquet")
    with pytest.raises(store.StoreError, match="cannot read"):
        store.read_tables(tmp_path)
