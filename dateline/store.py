"""The output edge: Parquet datasets, quarantine and reports under OUT, committed atomically.

Layout (CONTRACT.md):
    OUT/<table>/part-00000.parquet             documents, events, event_actors, meetings
    OUT/quarantine/<table>/part-00000.parquet  rows that failed validation (+ failed_checks)
    OUT/reports/<run_id>/validation.{json,md}  one directory per run; old reports stay
    OUT/.dateline.lock                         held (flock) by the run writing OUT
    OUT/_index/part-NNNNN.parquet              (a flow run) which documents each part holds, see batches

A flow run writes its parts into the staging directory as batches complete (`open_staging`,
`write_part`) and swaps them in once at the end (`commit_staging`); `commit_run` does both at once.

Commit protocol: everything is written into `OUT/.staging-<run_id>/` first. A manifest there names
the directories about to be swapped and which of them existed. The swap moves each current
directory into `.staging-<run_id>/.previous/` and the new one into place (renames within one file
system), then writes `COMMITTED`. Any failure before `COMMITTED` rolls the swap back; a run killed
half-way leaves the staging directory behind, and the next run (holding the lock) rolls it back
before doing anything else. So OUT always ends up either exactly as before or fully replaced.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import shutil
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.dataset as pads
import pyarrow.parquet as pq

from dateline.ids import stable_id

TABLE_NAMES = ("documents", "events", "event_actors", "meetings")
QUARANTINE = "quarantine"
REPORTS = "reports"
LOCK_FILE = ".dateline.lock"
STAGING_PREFIX = ".staging-"
MANIFEST = "manifest.json"
COMMITTED = "COMMITTED"
PREVIOUS = ".previous"
ROWS_PER_PART = 1_000_000


class StoreError(Exception):
    """The dataset under OUT cannot be read or written; the message names the path."""


class LockedError(StoreError):
    """Another run holds OUT's lock."""


def new_run_id(now: dt.datetime, seed: str) -> str:
    """`20261123T090709Z-1a2b3c4d`: the run's UTC time and a short hash of `seed` (e.g. the flow run id)."""
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    return f"{stamp}-{stable_id(stamp, seed, length=8)}"


_HELD_LOCKS: set[int] = set()  # descriptors of the output locks this process holds


def _drop_inherited_locks() -> None:
    """In a forked child (a Dask worker of `--workers N`): close the copies of the parent's lock
    descriptors, so that a child outliving its parent (killed) cannot keep OUT locked."""
    for fd in _HELD_LOCKS:
        try:
            os.close(fd)
        except OSError:
            pass
    _HELD_LOCKS.clear()


os.register_at_fork(after_in_child=_drop_inherited_locks)


@contextmanager
def lock_output(out: Path) -> Iterator[Path]:
    """Hold OUT's lock for the duration; refuse (LockedError) if another process holds it."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / LOCK_FILE
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    _HELD_LOCKS.add(fd)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise LockedError(
                f"another dateline run is writing {out} (lock {path} is held); try again later"
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield path
    finally:
        _HELD_LOCKS.discard(fd)
        os.close(fd)  # closing releases the lock; the file stays (removing it would race other runs)


def write_dataset(table: pa.Table, directory: Path) -> None:
    """One Parquet dataset directory (`part-00000.parquet`, ...); an empty table still gets one file."""
    directory.mkdir(parents=True, exist_ok=True)
    count = max(1, -(-table.num_rows // ROWS_PER_PART))
    for part in range(count):
        chunk = table.slice(part * ROWS_PER_PART, ROWS_PER_PART)
        path = directory / f"part-{part:05d}.parquet"
        pq.write_table(chunk, path)
        _fsync(path)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    _fsync(path)


def _write_report(directory: Path, report: Mapping[str, Any], markdown: str) -> None:
    _write_text(
        directory / "validation.json", json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n"
    )
    _write_text(directory / "validation.md", markdown)


def _rollback(out: Path, staging: Path) -> None:
    """Put OUT back exactly as it was before the swap recorded in `staging`'s manifest."""
    manifest_path = staging / MANIFEST
    if not manifest_path.exists() or (staging / COMMITTED).exists():
        return  # the swap never started (OUT untouched), or it completed
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    previous = staging / PREVIOUS
    for name in reversed(manifest["names"]):
        target, saved, new = out / name, previous / name, staging / name
        if saved.exists():  # the old directory was moved aside: the one in place (if any) is new
            if target.exists() and not new.exists():
                os.rename(target, new)
            elif target.exists():
                shutil.rmtree(target)
            os.rename(saved, target)
        elif name not in manifest["existed"] and target.exists() and not new.exists():
            os.rename(target, new)  # a directory that did not exist before was moved in
    report = out / REPORTS / manifest["run_id"]
    if report.exists() and not (staging / REPORTS / manifest["run_id"]).exists():
        os.rename(report, staging / REPORTS / manifest["run_id"])


def recover_interrupted(out: Path) -> list[str]:
    """Clean up after runs that were killed: roll back uncommitted swaps, delete staging directories.

    Call it holding the lock. Returns the run ids it cleaned up after.
    """
    cleaned = []
    for staging in sorted(out.glob(STAGING_PREFIX + "*")):
        if not staging.is_dir():
            continue
        if not (staging / COMMITTED).exists():
            (staging / REPORTS).mkdir(parents=True, exist_ok=True)
            _rollback(out, staging)
        shutil.rmtree(staging)
        cleaned.append(staging.name.removeprefix(STAGING_PREFIX))
    return cleaned


def open_staging(out: Path, run_id: str) -> Path:
    """Recover after killed runs, then create (empty) and return the run's staging directory under OUT.

    Call it holding the lock. Parts are written into it as batches complete (`write_part`); nothing under
    OUT changes until `commit_staging`.
    """
    recover_interrupted(out)
    staging = out / f"{STAGING_PREFIX}{run_id}"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    return staging


def part_name(part: int) -> str:
    return f"part-{part:05d}.parquet"


def write_part(directory: Path, table: pa.Table, part: int) -> Path:
    """Write one Parquet part (`part-NNNNN.parquet`) of a dataset directory, fsynced."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / part_name(part)
    tmp = path.with_suffix(".tmp")
    pq.write_table(table, tmp)
    _fsync(tmp)
    os.replace(tmp, path)
    return path


def commit_staging(
    out: Path, staging: Path, run_id: str, names: list[str], report: Mapping[str, Any], markdown: str
) -> Path:
    """Swap the directories `names` (written under `staging`) and the report into OUT atomically.

    Call it holding the lock. On any exception OUT is left exactly as it was. Returns the report dir.
    """
    try:
        for name in names:
            (staging / name).mkdir(parents=True, exist_ok=True)
        _write_report(staging / REPORTS / run_id, report, markdown)
        manifest = {"run_id": run_id, "names": names, "existed": [n for n in names if (out / n).exists()]}
        _write_text(staging / MANIFEST, json.dumps(manifest))
        _swap(out, staging, names, run_id)
    except BaseException:
        try:
            _rollback(out, staging)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(staging, ignore_errors=True)
    return out / REPORTS / run_id


def discard_staging(staging: Path) -> None:
    """Drop a staging directory whose swap never started (the run failed before committing)."""
    if not (staging / MANIFEST).exists():
        shutil.rmtree(staging, ignore_errors=True)


def commit_run(
    out: Path,
    run_id: str,
    tables: Mapping[str, pa.Table],
    quarantine: Mapping[str, pa.Table],
    report: Mapping[str, Any],
    markdown: str,
) -> Path:
    """Write the tables, quarantine and report, then swap them into OUT atomically. Returns the report dir.

    Call it holding the lock (`lock_output`). On any exception OUT is left exactly as it was.
    """
    staging = open_staging(out, run_id)
    try:
        for name, table in tables.items():
            write_dataset(table, staging / name)
        for name, table in quarantine.items():
            write_dataset(table, staging / QUARANTINE / name)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return commit_staging(out, staging, run_id, [*tables, QUARANTINE], report, markdown)


def _swap(out: Path, staging: Path, names: list[str], run_id: str) -> None:
    previous = staging / PREVIOUS
    previous.mkdir()
    for name in names:
        if (out / name).exists():
            os.rename(out / name, previous / name)
        os.rename(staging / name, out / name)
    (out / REPORTS).mkdir(exist_ok=True)
    os.rename(staging / REPORTS / run_id, out / REPORTS / run_id)
    _fsync(out)
    _write_text(staging / COMMITTED, run_id + "\n")  # the commit point: nothing after it can fail


def write_report(out: Path, run_id: str, report: Mapping[str, Any], markdown: str) -> Path:
    """Add a report (of a re-validation) under OUT/reports/<run_id>/ without touching the tables."""
    staging = out / f"{STAGING_PREFIX}{run_id}"
    try:
        _write_report(staging / REPORTS / run_id, report, markdown)
        (out / REPORTS).mkdir(exist_ok=True)
        os.rename(staging / REPORTS / run_id, out / REPORTS / run_id)
        _write_text(staging / COMMITTED, run_id + "\n")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return out / REPORTS / run_id


def read_table(directory: Path) -> pa.Table:
    """Read one Parquet dataset directory back (as written: the Arrow types of `dateline.tables`)."""
    if not directory.is_dir():
        raise StoreError(f"missing table: {directory} is not a directory")
    try:
        return pads.dataset(directory, format="parquet", partitioning="hive").to_table()
    except (OSError, pa.ArrowException) as exc:
        raise StoreError(f"cannot read {directory}: {exc}") from exc


def read_tables(out: Path) -> dict[str, pa.Table]:
    """The four tables of the dataset under OUT."""
    return {name: read_table(out / name) for name in TABLE_NAMES}
