"""`dateline run` with s3:// --raw and --out, end to end: the real CLI against a real S3-compatible server
(moto in server mode on loopback), compared with a local run over the same files."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.dataset as pads
import pyarrow.fs as pafs
import pytest
from conftest import S3_ENV, make_bucket

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "seeds"
BUCKET = "dateline-flow"


def _dateline(env: dict[str, str], cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    cmd = [str(Path(sys.executable).with_name("dateline")), "run", *args]
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600, cwd=cwd)


def _fs() -> pafs.FileSystem:
    return pafs.FileSystem.from_uri(f"s3://{BUCKET}")[0]


def _read(path: str, table: str) -> pa.Table:
    """A table of the dataset at `path` (`bucket/prefix` on the S3 server, or a local directory)."""
    fs = _fs() if not Path(path).is_absolute() else pafs.LocalFileSystem()
    return pads.dataset(f"{path}/{table}", filesystem=fs, format="parquet").to_table()


def _rows(table: pa.Table, key: str) -> list[dict[str, Any]]:
    return sorted(table.to_pylist(), key=lambda r: r[key])


def _json(key: str) -> dict[str, Any]:
    with _fs().open_input_stream(f"{BUCKET}/{key}") as f:
        value: dict[str, Any] = json.loads(f.read())
    return value


@pytest.fixture(scope="module")
def runs(s3_endpoint: str, prefect_api: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """Seeds uploaded as s3://BUCKET/raw; a run into s3://BUCKET/out, a local run, then a second S3 run."""
    assert sorted(SEEDS.glob("*.txt")), f"no seed articles under {SEEDS}"
    base = tmp_path_factory.mktemp("remote-flow")
    make_bucket(s3_endpoint, BUCKET)
    os.environ["AWS_ENDPOINT_URL"] = s3_endpoint  # for this process's readers (from_uri)
    fs = _fs()
    for seed in sorted(SEEDS.glob("*.txt")):
        with open(seed, "rb") as src, fs.open_output_stream(f"{BUCKET}/raw/articles/{seed.name}") as dst:
            shutil.copyfileobj(src, dst)
    local_raw = base / "raw" / "articles"
    local_raw.mkdir(parents=True)
    for seed in sorted(SEEDS.glob("*.txt")):
        shutil.copy(seed, local_raw / seed.name)
    env = dict(os.environ, PREFECT_API_URL=prefect_api, AWS_ENDPOINT_URL=s3_endpoint, **S3_ENV)
    s3 = ["--raw", f"s3://{BUCKET}/raw", "--out", f"s3://{BUCKET}/out"]
    first = _dateline(env, base, *s3)
    first_pointer = _json("out/CURRENT") if first.returncode == 0 else {}
    local = _dateline(env, base, "--raw", str(base / "raw"), "--out", str(base / "local"))
    second = _dateline(env, base, *s3)
    try:
        yield dict(base=base, env=env, first=first, first_pointer=first_pointer, local=local, second=second)
    finally:
        os.environ.pop("AWS_ENDPOINT_URL", None)


def test_runs_on_s3_exit_zero_and_name_the_report_url(runs: dict[str, Any]) -> None:
    for name in ("first", "local", "second"):
        proc = runs[name]
        assert proc.returncode == 0, f"{name}: {proc.stderr[-2000:]}"
        assert "Traceback" not in proc.stderr
    pointer = runs["first_pointer"]
    assert f"report: s3://{BUCKET}/out/reports/{pointer['run_id']}" in runs["first"].stdout
    assert "2 documents read" in runs["first"].stdout


def test_the_current_version_has_the_rows_of_a_local_run(runs: dict[str, Any]) -> None:
    current = _json("out/CURRENT")
    version = f"{BUCKET}/out/{current['path']}"
    local = str(runs["base"] / "local")
    for table, key in (("meetings", "meeting_id"), ("events", "event_id"), ("documents", "doc_id")):
        remote_rows, local_rows = _rows(_read(version, table), key), _rows(_read(local, table), key)
        assert remote_rows == local_rows and remote_rows, table
    assert {r["source"] for r in _read(version, "documents").to_pylist()} == {
        f"articles/{p.name}" for p in SEEDS.glob("*.txt")
    }


def test_a_second_run_reuses_everything_and_moves_the_pointer(runs: dict[str, Any]) -> None:
    first, current = runs["first_pointer"], _json("out/CURRENT")
    assert current["run_id"] != first["run_id"]
    assert current["versions"] == [current["run_id"], first["run_id"]]
    report = _json(f"out/reports/{current['run_id']}/validation.json")
    assert report["settings"]["documents_reused"] == 2 and report["settings"]["documents_extracted"] == 0
    assert report["settings"]["raw"] == f"s3://{BUCKET}/raw"
    assert _fs().get_file_info(f"{BUCKET}/out/reports/{current['run_id']}/report.html").size > 0
    previous = f"{BUCKET}/out/{first['path']}"  # the previous version is still readable, and the same
    assert _rows(_read(previous, "meetings"), "meeting_id") == _rows(
        _read(f"{BUCKET}/out/{current['path']}", "meetings"), "meeting_id"
    )
    assert _fs().get_file_info(f"{BUCKET}/out/.dateline.lock").type == pafs.FileType.NotFound


def test_a_run_refused_by_a_fresh_lease_leaves_the_dataset(runs: dict[str, Any]) -> None:
    from dateline import remote, remote_lease

    before = _json("out/CURRENT")
    out = remote.open_location(f"s3://{BUCKET}/out")
    with remote_lease.hold_lease(out):
        proc = _dateline(runs["env"], runs["base"], "--raw", f"s3://{BUCKET}/raw", "--out", out.url)
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("dateline: error: another dateline run is writing"), lines
    assert _json("out/CURRENT") == before


def test_validate_and_report_read_the_current_version(runs: dict[str, Any]) -> None:
    dateline = str(Path(sys.executable).with_name("dateline"))
    url = f"s3://{BUCKET}/out"
    stdout = {}
    for command in ("validate", "report"):
        proc = subprocess.run(
            [dateline, command, url], env=runs["env"], capture_output=True, text=True, timeout=300, cwd=runs["base"]
        )
        assert proc.returncode == 0, proc.stderr
        stdout[command] = proc.stdout
    assert stdout["validate"].startswith(f"validated {url}: ")
    rid = stdout["validate"].split(f"report: {url}/reports/")[1].strip()
    assert stdout["report"].strip() == f"report: {url}/reports/{rid}/report.html"  # the latest report
    assert _json(f"out/reports/{rid}/validation.json")["settings"] == {"dir": url}
    page = _fs().open_input_stream(f"{BUCKET}/out/reports/{rid}/report.html").read().decode()
    assert f"Dataset <code>{url}</code>" in page


def test_a_scheduled_deployment_keeps_urls_as_they_are() -> None:
    from flows.serve import build_deployment

    deployment = build_deployment(raw="s3://news/articles", out="data/processed")
    assert deployment.parameters == {"raw": "s3://news/articles", "out": str(Path("data/processed").resolve())}
