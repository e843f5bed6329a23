"""The Dateline pipeline as a Prefect flow: wiring only, each task calls one core function.

count inputs -> read the previous index -> stream the scan (list, read, recognise unchanged inputs) ->
batches of changed inputs -> process (decode and clean the articles, extract, tables, validate, write
the batch's Parquet parts into staging; one task per batch) -> drop copies found across batches ->
carry the rows of unchanged documents over -> check ids across batches -> commit -> artifacts.

Memory stays bounded: documents are scanned lazily, at most `in_flight(workers) + 1` batches are held, and
each batch's tables go to disk as it completes (see `dateline.batches`). The task runner is chosen by
the caller (`dateline_pipeline.with_options(task_runner=...)`): threads by default, Dask to scale out.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture
from prefect.runtime import flow_run

from dateline import batches as core
from dateline import report as reporting
from dateline import store
from dateline.duplicates import Held, settle_duplicates
from dateline.model import Document, Rejection
from dateline.sources import RawArticle
from dateline.validate import ValidationResult
from flows.progress import batch_progress

MAX_BATCHES = 64  # the temporary Prefect server (SQLite) copes badly with more than ~100 task runs per flow
MIN_DASK_BATCH = 1_000  # a Dask task costs ~200 ms: a batch should take seconds


@dataclass(frozen=True, slots=True)
class RunSummary:
    run_id: str
    out: str
    report_dir: str
    documents_read: int
    inputs_rejected: int
    rows_written: dict[str, int] = field(default_factory=dict)
    rows_quarantined: dict[str, int] = field(default_factory=dict)
    documents_extracted: int = 0
    documents_reused: int = 0


def _transient_io(task: Any, task_run: Any, state: Any) -> bool:
    """Retry only on OS-level I/O errors; never on a held lock or on a deterministic failure."""
    exc = state.result(raise_on_failure=False)
    return isinstance(exc, OSError) and not isinstance(exc, store.LockedError)


@task(
    name="count-inputs",
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=1,
    retry_condition_fn=_transient_io,
)
def count_inputs(raw: str) -> int:
    return core.estimate_inputs(Path(raw))


@task(
    name="read-index",
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=1,
    retry_condition_fn=_transient_io,
)
def read_index(out: str) -> core.PreviousIndex:
    return core.read_index(Path(out))


class DocumentBatch:
    """The inputs of one batch (Documents, or `RawArticle`s the task decodes and cleans), their input
    keys and places in the scan, handed to a task as one opaque value.

    Prefect walks task parameters (to record inputs) and Dask hashes them (to name the task): over a
    list of documents both cost ~0.1 s per 1,000 documents in the flow's process, which the workers then
    wait for. An object that is neither a collection nor a dataclass is passed through as it is, and
    `__dask_tokenize__` names it by its run and part."""

    __slots__ = ("docs", "keys", "seqs", "token")

    def __init__(
        self,
        docs: Sequence[Document | RawArticle],
        keys: Sequence[str | None],
        token: str,
        seqs: Sequence[int] | None = None,
    ) -> None:
        self.docs, self.keys, self.token, self.seqs = docs, keys, token, seqs

    def __len__(self) -> int:
        return len(self.docs)

    def __dask_tokenize__(self) -> str:
        return self.token


@task(name="extract-batch", cache_policy=NO_CACHE)
def extract_batch(
    batch: DocumentBatch,
    staging: str,
    part: int,
    rules_version: str | None,
    max_bytes: int = 20_000_000,
    today: dt.date | None = None,
) -> core.BatchResult:
    return core.process_batch(
        batch.docs, Path(staging), part, rules_version, batch.keys, seqs=batch.seqs, max_bytes=max_bytes, today=today
    )


@task(name="drop-duplicates", cache_policy=NO_CACHE)
def drop_duplicates(
    staging: str, drops: dict[int, set[str]], results: dict[int, core.BatchResult]
) -> dict[int, core.BatchResult]:
    """Remove copies of an article found in different batches from their parts (the first one stays);
    those parts' results with the rows taken off."""
    for part, doc_ids in drops.items():
        core.drop_documents(Path(staging), part, doc_ids, results[part])
    return results


@task(
    name="carry-over",
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=1,
    retry_condition_fn=_transient_io,
)
def carry_over(out: str, staging: str, keep: set[str], parts: list[int], first_part: int) -> core.BatchResult:
    return core.carry_over(Path(out), Path(staging), keep, parts, first_part)


@task(name="check-ids", cache_policy=NO_CACHE)
def check_ids(staging: str) -> None:
    core.check_unique_ids(Path(staging))


@task(
    name="commit-dataset",
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=1,
    retry_condition_fn=_transient_io,
)
def commit_step(out: str, staging: str, run_id: str, report: dict[str, Any]) -> str:
    markdown = reporting.render_markdown(report)
    path = store.commit_staging(Path(out), Path(staging), run_id, core.DATASET_DIRS, report, markdown)
    return str(path)


@task(name="write-html-report", cache_policy=NO_CACHE)
def html_report_step(out: str, run_id: str) -> str | None:
    """OUT/reports/<run_id>/report.html. The dataset is already committed: a failure here only warns."""
    from dateline.html_report import write_html_report

    try:
        return str(write_html_report(Path(out), run_id))
    except Exception as exc:  # the run succeeded; CONTRACT: exit non-zero only if OUT is unchanged
        get_run_logger().warning("HTML report not written: %s", exc)
        return None


@task(name="publish-artifacts", cache_policy=NO_CACHE)
def publish_artifacts(report: dict[str, Any], report_dir: str) -> None:
    markdown = (
        reporting.render_markdown(report)
        + f"\nReport files: `{report_dir}` (HTML: `{report_dir}/report.html`)\n"
    )
    create_markdown_artifact(
        markdown=markdown, key="dateline-validation", description="Dateline validation report"
    )
    create_table_artifact(
        table=reporting.summary_rows(report),
        key="dateline-tables",
        description="Rows written and quarantined",
    )


def plan_batch_size(estimate: int, batch_size: int, workers: int = 1) -> int:
    """Documents per task: at least `batch_size`, at most MAX_BATCHES tasks; with several workers,
    at least MIN_DASK_BATCH and a task count that is a multiple of the workers (balanced)."""
    size = max(batch_size, math.ceil(estimate / MAX_BATCHES), 1)
    if workers > 1 and estimate > 0:
        count = max(1, min(math.ceil(estimate / max(size, MIN_DASK_BATCH)), MAX_BATCHES))
        count = math.ceil(count / workers) * workers
        size = max(math.ceil(estimate / count), 1)
    return size


def _runs_in_threads() -> bool:
    """True when the flow's task runner is Prefect's thread pool (the default): batches then run one
    after the other in the flow's own thread, since extraction is pure Python and holds the GIL."""
    from prefect.context import FlowRunContext
    from prefect.task_runners import ThreadPoolTaskRunner

    context = FlowRunContext.get()
    return context is not None and isinstance(context.task_runner, ThreadPoolTaskRunner)


def in_flight(workers: int) -> int:
    """Batches submitted to worker processes and not yet collected (threads run batches in the flow's
    own thread, see `_runs_in_threads`). One worker: one, extracting while the flow scans the next
    batch. Several workers: two per worker, so that a worker that finishes finds a batch queued even
    while the flow waits for the oldest batch (collected in order) or scans the next one."""
    return 1 if workers <= 1 else 2 * workers


# A hung scheduled run ends TimedOut (a Failed state) instead of blocking the next ones.
RUN_TIMEOUT_SECONDS = 3 * 3600


@flow(
    name="dateline-pipeline", log_prints=False, validate_parameters=True, timeout_seconds=RUN_TIMEOUT_SECONDS
)
def dateline_pipeline(
    raw: str = "data/raw",
    out: str = "data/processed",
    batch_size: int = 2000,
    max_bytes: int = 20_000_000,
    workers: int = 1,
) -> RunSummary:
    """Read the articles under `raw`, extract dated events, validate, and commit the dataset under `out`.

    Unchanged articles (same input, same rules) are not extracted again; their rows are carried over.
    `workers` sizes the batches for the task runner in use (see `plan_batch_size`).
    `raw` and `out` may be object-store URLs (s3://bucket/prefix): see `flows.remote`.
    """
    from dateline.remote import is_url

    if is_url(raw) or is_url(out):  # stage and pull into local copies, run this body on them, publish
        from flows.remote import run_remote

        options = dict(batch_size=batch_size, max_bytes=max_bytes, workers=workers)
        return run_remote(dateline_pipeline.fn, raw=raw, out=out, **options)  # type: ignore[no-any-return]
    from dateline.sources import Unchanged, scan_raw

    now = dt.datetime.now(dt.UTC)
    run_id = store.new_run_id(now, str(flow_run.get_id() or now.isoformat()))
    out_dir = Path(out)
    rules_version = reporting.current_rules_version()
    with store.lock_output(out_dir):
        staging = store.open_staging(out_dir, run_id)
        try:
            estimate = count_inputs(raw)
            previous = read_index(out)
            in_process = _runs_in_threads()
            size = plan_batch_size(estimate, batch_size, workers)
            rejections: list[tuple[int, Rejection]] = []  # (place in the scan, rejection)
            warnings: list[Any] = []
            kept: dict[str, Held] = {}  # unchanged documents, carried over from the previous dataset
            results: list[core.BatchResult] = []
            pending: deque[PrefectFuture[core.BatchResult]] = deque()
            batch: list[Document | RawArticle] = []
            batch_keys: list[str | None] = []
            batch_seqs: list[int] = []
            parts = 0
            with batch_progress(estimate) as advance:

                def collect(result: core.BatchResult) -> None:
                    results.append(result)
                    advance(result.documents + len(result.rejections))

                def submit() -> None:
                    nonlocal batch, batch_keys, batch_seqs, parts
                    if parts == 0:  # rules, grammars, schemas: here, or inherited by local Dask workers (fork)
                        core.prepare_batches()
                    work = DocumentBatch(batch, batch_keys, f"{run_id}-{parts}", batch_seqs)
                    args = (work, str(staging), parts, rules_version, max_bytes, now.date())
                    parts, batch, batch_keys, batch_seqs = parts + 1, [], [], []
                    if in_process:  # a second thread would only take turns with this one for the GIL
                        collect(extract_batch(*args))
                        return
                    while len(pending) >= in_flight(workers):  # backpressure: bounded documents in memory
                        collect(pending.popleft().result())
                    pending.append(extract_batch.submit(*args))

                items = scan_raw(
                    Path(raw),
                    max_bytes=max_bytes,
                    today=now.date(),
                    warnings=warnings,
                    known=previous.sources,
                    salt=rules_version,
                    defer=True,  # changed .txt articles are decoded and cleaned by the batch's task
                )
                for seq, doc in core.number_inputs(items, rejections):
                    key = doc.input_key if isinstance(doc, RawArticle) else None  # .html, .jsonl: none
                    if not isinstance(doc, RawArticle):
                        seen = previous.parts.get(doc.doc_id)
                        if seen is not None and (
                            isinstance(doc, Unchanged) or seen[0] == core.fingerprint(doc, rules_version)
                        ):
                            size = doc.text_bytes if isinstance(doc, Unchanged) else len(doc.text.encode("utf-8"))
                            kept[doc.doc_id] = Held(seq, doc.doc_id, doc.source, size, None)
                            advance(1)
                            continue
                        assert not isinstance(doc, Unchanged)  # its doc_id is in the index it came from
                    batch.append(doc)
                    batch_keys.append(key)
                    batch_seqs.append(seq)
                    if len(batch) >= size:
                        submit()
                if batch:
                    submit()
                while pending:
                    collect(pending.popleft().result())
            # the same article in two batches (or in a batch and among the unchanged): first one stays
            settled = settle_duplicates([*kept.values(), *(h for r in results for h in r.held)])
            if settled.drop_parts:
                changed = {part: results[part] for part in settled.drop_parts}
                for part, result in drop_duplicates(str(staging), settled.drop_parts, changed).items():
                    results[part] = result
            keep = set(kept) - settled.drop_kept
            carried_parts = sorted({previous.parts[d][1] for d in keep})
            carried = carry_over(out, str(staging), keep, carried_parts, parts) if keep else None
            extracted = core.merge_results(results)
            reused = carried if carried is not None else core.BatchResult()
            rejections = sorted([*rejections, *extracted.rejections, *settled.rejections], key=lambda r: r[0])
            warnings.extend(extracted.warnings)
            documents = extracted.documents + reused.documents
            check_ids(str(staging))
            total = core.merge_results([extracted, reused])
            report = reporting.build_report(
                run_id,
                ValidationResult(),
                documents_read=documents,
                rejections=[r for _, r in rejections],
                warnings=warnings,
                rules_version=rules_version,
                settings={
                    "raw": raw,
                    "out": out,
                    "batch_size": size,
                    "batches": parts,
                    "workers": workers,
                    "documents_extracted": extracted.documents,
                    "documents_reused": reused.documents,
                },
            )
            report["tables"] = core.report_tables(total)
            report["rows_written"] = dict(total.rows_valid)
            report["rows_quarantined"] = dict(total.rows_quarantined)
            report_dir = commit_step(out, str(staging), run_id, report)
        finally:
            store.discard_staging(staging)
        html_report_step(out, run_id)
    publish_artifacts(report, report_dir)
    get_run_logger().info("run %s: %s", run_id, report["rows_written"])
    return RunSummary(
        run_id=run_id,
        out=out,
        report_dir=report_dir,
        documents_read=documents,
        inputs_rejected=len(rejections),
        rows_written=dict(total.rows_valid),
        rows_quarantined=dict(total.rows_quarantined),
        documents_extracted=extracted.documents,
        documents_reused=reused.documents,
    )
