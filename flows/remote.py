"""The pipeline on object-store URLs: wiring only, each task calls one function of `dateline.remote`.

hold OUT's lease -> clean up after killed runs -> stage --raw into a local directory -> pull the current
dataset into a local working OUT -> the local pipeline (the flow's own body) -> publish the new version
and move OUT/CURRENT -> release the lease, delete the local copies. Local paths are used as they are.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from dateline import remote, remote_lease
from dateline.batches import DATASET_DIRS
from dateline.store import REPORTS


@task(name="stage-raw", cache_policy=NO_CACHE)
def stage_raw(raw: str, dest: str) -> int:
    return remote.stage_raw(remote.open_location(raw), Path(dest))


@task(name="pull-dataset", cache_policy=NO_CACHE)
def pull_dataset(out: str, dest: str) -> str | None:
    """Clean up after killed runs, then download the current version; its run id (None: no dataset)."""
    location = remote.open_location(out)
    removed = remote.recover_remote(location)
    if removed:
        get_run_logger().warning("removed versions left by interrupted runs: %s", ", ".join(removed))
    pointer = remote.pull_current(location, Path(dest))
    return pointer.run_id if pointer else None


@task(name="publish-dataset", cache_policy=NO_CACHE)
def publish_dataset(local_out: str, out: str, run_id: str, lease: remote_lease.Lease | None = None) -> str:
    """Upload the version and its report, move OUT/CURRENT; the URL of the new version."""
    location = remote.open_location(out)
    pointer = remote.publish(
        Path(local_out),
        location,
        run_id,
        DATASET_DIRS,
        now=dt.datetime.now(dt.UTC),
        before_pointer=lease.verify if lease is not None else None,
    )
    return location.child(pointer.path).url


@contextmanager
def _lease(out: str) -> Iterator[remote_lease.Lease | None]:
    if not remote.is_url(out):
        yield None
        return
    with remote_lease.hold_lease(remote.open_location(out)) as lease:
        yield lease


def run_remote(pipeline: Callable[..., Any], *, raw: str, out: str, **options: Any) -> Any:
    """Run `pipeline` (the local flow body, called inside the current flow run) with the URLs among
    `raw` and `out` replaced by local copies; publish the result when `out` is a URL. Returns the
    pipeline's summary with `out` and `report_dir` naming the URLs."""
    with ExitStack() as stack:
        lease = stack.enter_context(_lease(out))
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="dateline-remote-")))
        local_raw, local_out = raw, out
        if remote.is_url(raw):
            local_raw = str(work / "raw")
            stage_raw(raw, local_raw)
        if remote.is_url(out):
            local_out = str(work / "out" / (PurePosixPath(urlsplit(out).path).name or "out"))
            pull_dataset(out, local_out)
        summary = pipeline(raw=local_raw, out=local_out, **options)
        report_dir = Path(summary.report_dir)
        remote.relabel_report(report_dir, {"raw": raw, "out": out}, {local_out: out, local_raw: raw})
        if not remote.is_url(out):
            return summary
        publish_dataset(local_out, out, summary.run_id, lease)
        report_url = remote.open_location(out).child(REPORTS, summary.run_id).url
        return dataclasses.replace(summary, out=out, report_dir=report_url)
