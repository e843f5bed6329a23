"""remote: staging, pulling and publishing datasets on a real S3-compatible server (moto, loopback)."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import socket
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as pads
import pyarrow.fs as pafs
import pytest
from conftest import make_bucket

from dateline import remote, remote_lease, store
from dateline import report as reporting
from dateline.batches import read_index
from dateline.validate import validate_tables

NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
DIRS = [*store.TABLE_NAMES, store.QUARANTINE]
_buckets = itertools.count()


@pytest.fixture
def bucket_url(s3_endpoint: str) -> str:
    """A fresh bucket; its URL names the endpoint in the query (the environment has no AWS_ENDPOINT_URL)."""
    name = f"test-remote-{next(_buckets)}"
    make_bucket(s3_endpoint, name)
    return f"s3://{name}?endpoint_override={s3_endpoint.removeprefix('http://')}&scheme=http"


def _at(url: str, prefix: str) -> remote.Location:
    return remote.open_location(url).child(prefix)


def _committed(base: Path, tables: dict[str, pa.Table], run_id: str) -> Path:
    """A local OUT holding one committed run (tables, quarantine, report)."""
    out = base / run_id
    result = validate_tables(tables)
    report = reporting.build_report(run_id, result, rules_version="rules-1", settings={"out": str(out)})
    with store.lock_output(out):
        store.commit_run(out, run_id, result.valid_tables, result.quarantine_tables, report, "# r\n")
    return out


def _read(url: str, table: str) -> pa.Table:
    fs, path = pafs.FileSystem.from_uri(url)
    return pads.dataset(f"{path}/{table}", filesystem=fs, format="parquet").to_table()


def _exists(loc: remote.Location) -> bool:
    return loc.fs.get_file_info(loc.path).type != pafs.FileType.NotFound


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("s3://bucket/prefix", True),
        ("gs://bucket", True),
        ("s3://bucket/p?endpoint_override=127.0.0.1:9000&scheme=http", True),
        ("data/raw", False),
        ("/srv/dateline", False),
        ("C:\\data", False),
        ("./s3:/x", False),
    ],
    ids=["s3", "gs", "query", "relative", "absolute", "windows", "colon-in-path"],
)
def test_is_url(text: str, expected: bool) -> None:
    assert remote.is_url(text) is expected


def test_staging_keeps_relative_paths_and_bytes(bucket_url: str, tmp_path: Path) -> None:
    raw = _at(bucket_url, "raw")
    files = {
        "a.txt": b"Belgrade, 7 May 2025. They met.",
        "a.meta.json": b'{"title": "A"}',
        "nested/deeper/b.html": b"<html><body><p>Hi</p></body></html>",
        "c.jsonl": b'{"text": "x"}\n' * 3,
        "big.txt": os.urandom(3 * remote.CHUNK + 17),  # several chunks: streamed
    }
    for rel, data in files.items():
        with raw.fs.open_output_stream(f"{raw.path}/{rel}") as f:
            f.write(data)
    with raw.fs.open_output_stream(f"{remote.open_location(bucket_url).path}/elsewhere.txt") as f:
        f.write(b"not under raw")
    dest = tmp_path / "staged"
    assert remote.stage_raw(raw, dest) == len(files)
    staged = {p.relative_to(dest).as_posix(): p.read_bytes() for p in dest.rglob("*") if p.is_file()}
    assert staged == files


def test_staging_refuses_an_empty_prefix(bucket_url: str, tmp_path: Path) -> None:
    with pytest.raises(remote.RemoteError, match="no objects under this prefix"):
        remote.stage_raw(_at(bucket_url, "typo"), tmp_path / "staged")


def test_publish_uploads_the_version_then_writes_the_pointer_last(
    bucket_url: str, tmp_path: Path, sample_tables: dict[str, pa.Table], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = _at(bucket_url, "out")
    local = _committed(tmp_path, sample_tables, "r1")
    writes: list[str] = []
    real_put, real_write = remote._put_file, remote.write_bytes

    def put(source: Path, dst: remote.Location, rel: str) -> None:
        writes.append(f"{dst.path}/{rel}")
        real_put(source, dst, rel)

    def write(loc: remote.Location, data: bytes) -> None:
        writes.append(loc.path)
        real_write(loc, data)

    monkeypatch.setattr(remote, "_put_file", put)
    monkeypatch.setattr(remote, "write_bytes", write)
    pointer = remote.publish(local, out, "r1", DIRS, now=NOW)

    assert writes[-1] == f"{out.path}/CURRENT" and writes.count(f"{out.path}/CURRENT") == 1
    assert f"{out.path}/versions/r1/meetings/part-00000.parquet" in writes
    assert f"{out.path}/reports/r1/validation.json" in writes
    current = json.loads(out.fs.open_input_stream(f"{out.path}/CURRENT").read())
    assert current["run_id"] == "r1" and current["path"] == "versions/r1"
    assert current["rules_version"] == "rules-1" and current["time"] == "2026-11-23T09:00:00+00:00"
    assert current["url"] == f"{out.plain_url}/versions/r1" == pointer.url
    assert remote.resolve_dataset(out.url) == out.child("versions/r1").url
    for name in store.TABLE_NAMES:
        assert _read(remote.resolve_dataset(out.url), name).equals(sample_tables[name])


def test_a_failed_upload_leaves_the_current_version_unchanged(
    bucket_url: str, tmp_path: Path, sample_tables: dict[str, pa.Table], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = _at(bucket_url, "out")
    remote.publish(_committed(tmp_path, sample_tables, "r1"), out, "r1", DIRS, now=NOW)
    before = out.fs.open_input_stream(f"{out.path}/CURRENT").read()
    smaller = {name: t.slice(0, 1) for name, t in sample_tables.items()}
    local = _committed(tmp_path, smaller, "r2")
    real_put = remote._put_file
    calls = itertools.count()

    def flaky_put(source: Path, dst: remote.Location, rel: str) -> None:
        if next(calls) == 4:
            raise OSError(5, "connection reset (simulated)")
        real_put(source, dst, rel)

    monkeypatch.setattr(remote, "_put_file", flaky_put)
    with pytest.raises(OSError, match="simulated"):
        remote.publish(local, out, "r2", DIRS, now=NOW)
    assert out.fs.open_input_stream(f"{out.path}/CURRENT").read() == before
    assert not _exists(out.child("versions/r2")) and not _exists(out.child("reports/r2"))
    assert _read(remote.resolve_dataset(out.url), "meetings").equals(sample_tables["meetings"])


def test_old_versions_are_pruned_after_the_pointer_moved(
    bucket_url: str, tmp_path: Path, sample_tables: dict[str, pa.Table]
) -> None:
    out = _at(bucket_url, "out")
    for run_id in ("r1", "r2", "r3"):
        remote.publish(_committed(tmp_path, sample_tables, run_id), out, run_id, DIRS, now=NOW, keep=2)
    assert remote._version_ids(out) == ["r2", "r3"]
    pointer = remote.read_pointer(out)
    assert pointer is not None and pointer.versions == ["r3", "r2"]
    assert _read(out.child("versions/r2").url, "meetings").num_rows == sample_tables["meetings"].num_rows
    assert all(_exists(out.child("reports", r)) for r in ("r1", "r2", "r3"))  # reports stay


def test_pull_and_recover_after_a_killed_run(
    bucket_url: str, tmp_path: Path, sample_tables: dict[str, pa.Table]
) -> None:
    out = _at(bucket_url, "out")
    assert remote.pull_current(out, tmp_path / "empty") is None
    remote.publish(_committed(tmp_path, sample_tables, "r1"), out, "r1", DIRS, now=NOW)
    # a run killed between its upload and the pointer: its version and report are orphans
    remote.upload_tree(_committed(tmp_path, sample_tables, "r2") / "meetings", out.child("versions/r2/meetings"))
    remote.upload_tree(tmp_path / "r2" / "reports" / "r2", out.child("reports/r2"))
    assert remote.recover_remote(out) == ["r2"]
    assert remote._version_ids(out) == ["r1"] and not _exists(out.child("reports/r2"))

    pulled = remote.pull_current(out, tmp_path / "work")
    assert pulled is not None and pulled.run_id == "r1"
    assert sorted(p.name for p in (tmp_path / "work").iterdir()) == sorted(DIRS)
    assert store.read_tables(tmp_path / "work")["documents"].equals(sample_tables["documents"])
    assert read_index(tmp_path / "work").parts == {}  # no _index in this dataset: nothing to carry over


def _lease_body(host: str, pid: int, age_seconds: float) -> bytes:
    time = (dt.datetime.now(dt.UTC) - dt.timedelta(seconds=age_seconds)).isoformat()
    return json.dumps({"owner": "other", "host": host, "pid": pid, "time": time, "ttl_seconds": 600}).encode()


def test_a_fresh_lease_refuses_a_second_run(bucket_url: str) -> None:
    out = _at(bucket_url, "out")
    lease = out.child(remote_lease.LEASE)
    remote.write_bytes(lease, _lease_body("other-host", 1, age_seconds=5))
    with pytest.raises(store.LockedError, match="another dateline run is writing .* other-host pid 1"):
        with remote_lease.hold_lease(out):
            pass
    assert json.loads(lease.fs.open_input_stream(lease.path).read())["owner"] == "other"


@pytest.mark.parametrize(
    ("host", "pid", "age"),
    [("other-host", 1, 3600), (socket.gethostname(), 2**22 + 12345, 5)],
    ids=["expired", "same-host-dead-process"],
)
def test_a_stale_lease_is_taken_over_and_released(bucket_url: str, host: str, pid: int, age: float) -> None:
    out = _at(bucket_url, "out")
    lease_loc = out.child(remote_lease.LEASE)
    remote.write_bytes(lease_loc, _lease_body(host, pid, age_seconds=age))
    with remote_lease.hold_lease(out) as lease:
        held = json.loads(lease_loc.fs.open_input_stream(lease_loc.path).read())
        assert held["owner"] == lease.owner and held["pid"] == os.getpid()
        with pytest.raises(store.LockedError):  # a second run meanwhile
            with remote_lease.hold_lease(out):
                pass
    assert not _exists(lease_loc)


def test_a_lost_lease_stops_the_publication(
    bucket_url: str, tmp_path: Path, sample_tables: dict[str, pa.Table]
) -> None:
    out = _at(bucket_url, "out")
    local = _committed(tmp_path, sample_tables, "r1")
    with remote_lease.hold_lease(out) as lease:
        remote.write_bytes(out.child(remote_lease.LEASE), _lease_body("other-host", 1, age_seconds=0))
        with pytest.raises(store.LockedError, match="lost the lease"):
            remote.publish(local, out, "r1", DIRS, now=NOW, before_pointer=lease.verify)
    assert remote.read_pointer(out) is None and remote._version_ids(out) == []


def test_relabel_report_names_the_urls(tmp_path: Path, sample_tables: dict[str, pa.Table]) -> None:
    local = _committed(tmp_path, sample_tables, "r1")
    report_dir = local / "reports" / "r1"
    (report_dir / "report.html").write_text(f"<p>Dataset <code>{local}</code></p>", encoding="utf-8")
    remote.relabel_report(report_dir, {"out": "s3://b/out"}, {str(local): "s3://b/out"})
    assert json.loads((report_dir / "validation.json").read_text())["settings"] == {"out": "s3://b/out"}
    assert "- out: `s3://b/out`" in (report_dir / "validation.md").read_text()
    assert (report_dir / "report.html").read_text() == "<p>Dataset <code>s3://b/out</code></p>"
