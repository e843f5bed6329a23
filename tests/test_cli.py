"""The command line: help everywhere, one-line errors, and a real `dateline run` in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

from dateline import store
from dateline.cli import build_parser, main
from dateline.tables import TABLES

COMMANDS = ["run", "validate", "serve", "timex"]


@pytest.mark.parametrize("argv", [[], *([c] for c in COMMANDS)], ids=["dateline", *COMMANDS])
def test_every_command_has_help(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([*argv, "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "usage: dateline" in out
    if argv:
        assert "examples:" in out and f"dateline {argv[0]}" in out


def test_parser_knows_the_contract_commands() -> None:
    args = build_parser().parse_args(["run"])
    assert (args.raw, args.out, args.batch_size, args.max_bytes) == (
        "data/raw",
        "data/processed",
        2000,
        20_000_000,
    )


def _one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    assert err.startswith("dateline: error: ")
    assert "Traceback" not in err
    return err


def test_serve_refuses_without_a_prefect_server(tmp_path: Path) -> None:
    # a subprocess: in this process the session's test server is configured and serve would serve
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["PREFECT_HOME"] = str(tmp_path / "prefect-home")
    cmd = [str(Path(sys.executable).with_name("dateline")), "serve", "--cron", "0 * * * *"]
    proc = subprocess.run(
        cmd, env=env, capture_output=True, text=True, timeout=120, cwd=Path(__file__).parents[1]
    )
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("dateline: error:") and "PREFECT_API_URL" in lines[0]


def test_run_with_missing_raw_dir(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--raw", str(tmp_path / "nope"), "--out", str(tmp_path / "out")]) == 1
    assert "not a directory" in _one_line_error(capsys)
    assert not (tmp_path / "out").exists()


def test_validate_missing_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path)]) == 1
    assert "missing table" in _one_line_error(capsys)


def test_validate_missing_dir(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path / "nope")]) == 1
    assert "not a directory" in _one_line_error(capsys)


def test_validate_writes_a_new_report(
    tmp_path: Path, sample_tables: dict, capsys: pytest.CaptureFixture[str]
) -> None:
    with store.lock_output(tmp_path):
        store.commit_run(tmp_path, "r1", sample_tables, {}, {"run_id": "r1"}, "")
    assert main(["validate", str(tmp_path), "--fail-on-invalid"]) == 0
    out = capsys.readouterr().out
    assert "0 fail a check" in out
    reports = sorted(p.name for p in (tmp_path / "reports").iterdir())
    (new,) = set(reports) - {"r1"}
    assert (tmp_path / "reports" / new / "validation.md").exists()


def test_validate_reports_bad_rows(
    tmp_path: Path, sample_tables: dict, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = sample_tables["events"].to_pylist()
    rows[0]["event_type"] = "PARTY"
    bad = pa.Table.from_pylist(rows, schema=sample_tables["events"].schema)
    with store.lock_output(tmp_path):
        store.commit_run(tmp_path, "r1", dict(sample_tables, events=bad), {}, {"run_id": "r1"}, "")
    assert main(["validate", str(tmp_path)]) == 0
    assert main(["validate", str(tmp_path), "--fail-on-invalid"]) == 1
    assert "fail a check" in capsys.readouterr().out


def test_validate_refuses_a_locked_dataset(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with store.lock_output(tmp_path):
        assert main(["validate", str(tmp_path)]) == 1
    assert "another dateline run" in _one_line_error(capsys)


def test_timex_delegates_to_the_tagger(monkeypatch: pytest.MonkeyPatch) -> None:
    module = pytest.importorskip("dateline.timex")
    seen = []

    def fake_run_jsonl(stdin: object, stdout: object, stderr: object) -> int:
        seen.append((stdin, stdout, stderr))
        return 3

    monkeypatch.setattr(module, "run_jsonl", fake_run_jsonl)
    assert main(["timex"]) == 3
    assert seen == [(sys.stdin, sys.stdout, sys.stderr)]


def test_run_subprocess_writes_the_four_tables(prefect_api: str, raw_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    argv = ["run", "--raw", str(raw_dir), "--out", str(out)]
    env = dict(os.environ, PREFECT_API_URL=prefect_api)
    cmd = [str(Path(sys.executable).with_name("dateline")), *argv]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    for name in TABLES:
        assert list(pd.read_parquet(out / name).columns) == TABLES[name].names
    assert "report:" in proc.stdout
    assert len(list((out / "reports").iterdir())) == 1


def test_local_dask_workers_preload_the_core(monkeypatch: pytest.MonkeyPatch) -> None:
    """`--workers N`: each worker imports the core and loads the rules while the cluster starts."""
    import importlib

    import dask

    from dateline.cli import _task_runner

    names = ("PROFILE__ENABLED", "MULTIPROCESSING_METHOD")
    for name in ("DASK_LOGGING__DISTRIBUTED", *(f"DASK_DISTRIBUTED__WORKER__{n}" for n in names)):
        monkeypatch.setenv(name, "unset")
        monkeypatch.delenv(name)  # restored (absent) after the test, whatever _task_runner sets
    method = dask.config.get("distributed.worker.multiprocessing-method", "spawn")  # distributed's default
    try:
        runner, workers = _task_runner(2, None)
        # workers fork from the run's process (imports done) instead of spawning empty interpreters
        assert dask.config.get("distributed.worker.multiprocessing-method") == "fork"
    finally:
        dask.config.set({"distributed.worker.multiprocessing-method": method})
    assert workers == 2
    assert os.environ["DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED"] == "false"  # no stack sampling in workers
    preload = runner.cluster_kwargs["preload"]
    assert preload == ["flows.worker_preload"]
    module = importlib.import_module(preload[0])
    module.dask_setup(worker=None)  # what distributed calls on each worker: loads rules and schemas

    from dateline.matcher import default_matcher
    from dateline.triggers import default_triggers

    assert default_matcher.cache_info().currsize == default_triggers.cache_info().currsize == 1  # compiled
