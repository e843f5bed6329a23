"""The Dateline pipeline as a Prefect flow: wiring only, each task calls one core function.

scan + dedupe -> batches -> extract (one task per batch) -> tables -> validate -> commit -> artifacts.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run

from dateline import report as reporting
from dateline import store
from dateline.extract import extract_documents
from dateline.model import Document, Extraction, Rejection
from dateline.tables import extraction_tables
from dateline.validate import ValidationResult, validate_tables
from flows.progress import batch_progress

MAX_BATCHES = (
    64  # the temporary Prefect server (SQLite) copes badly with more than ~100 task runs per flow run
)


@dataclass(frozen=True, slots=True)
class RunSummary:
    run_id: str
    out: str
    report_dir: str
    documents_read: int
    inputs_rejected: int
    rows_written: dict[str, int] = field(default_factory=dict)
    rows_quarantined: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Inputs:
    documents: list[Document]
    rejections: list[Rejection]
    warnings: list[Any]  # dateline.ingest.IngestWarning: problems that did not cost the article


def _transient_io(task: Any, task_run: Any, state: Any) -> bool:
    """Retry only on OS-level I/O errors; never on a held lock or on a deterministic failure."""
    exc = state.result(raise_on_failure=False)
    return isinstance(exc, OSError) and not isinstance(exc, store.LockedError)


@task(
    name="scan-inputs",
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=1,
    retry_condition_fn=_transient_io,
)
def scan_inputs(raw: str, max_bytes: int, today: dt.date) -> Inputs:
    from dateline.sources import dedupe_documents, scan_raw

    warnings: list[Any] = []
    documents, rejections = dedupe_documents(
        scan_raw(Path(raw), max_bytes=max_bytes, today=today, warnings=warnings)
    )
    return Inputs(documents, rejections, warnings)


@task(name="extract-batch", cache_policy=NO_CACHE)
def extract_batch(batch: Sequence[Document]) -> Extraction:
    return extract_documents(batch)


@task(name="build-tables", cache_policy=NO_CACHE)
def build_tables(extractions: Sequence[Extraction]) -> dict[str, pa.Table]:
    return extraction_tables(
        [d for x in extractions for d in x.documents],
        [e for x in extractions for e in x.events],
        [m for x in extractions for m in x.meetings],
    )


@task(name="validate-tables", cache_policy=NO_CACHE)
def validate_step(tables: dict[str, pa.Table]) -> ValidationResult:
    return validate_tables(tables)


@task(
    name="commit-dataset",
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=1,
    retry_condition_fn=_transient_io,
)
def commit_step(out: str, run_id: str, result: ValidationResult, report: dict[str, Any]) -> str:
    markdown = reporting.render_markdown(report)
    path = store.commit_run(
        Path(out), run_id, result.valid_tables, result.quarantine_tables, report, markdown
    )
    return str(path)


@task(name="publish-artifacts", cache_policy=NO_CACHE)
def publish_artifacts(report: dict[str, Any], report_dir: str) -> None:
    markdown = reporting.render_markdown(report) + f"\nReport files: `{report_dir}`\n"
    create_markdown_artifact(
        markdown=markdown, key="dateline-validation", description="Dateline validation report"
    )
    create_table_artifact(
        table=reporting.summary_rows(report),
        key="dateline-tables",
        description="Rows written and quarantined",
    )


def _batches(documents: list[Document], batch_size: int) -> list[list[Document]]:
    size = max(batch_size, math.ceil(len(documents) / MAX_BATCHES), 1)
    return [documents[i : i + size] for i in range(0, len(documents), size)]


@flow(name="dateline-pipeline", log_prints=False, validate_parameters=True)
def dateline_pipeline(
    raw: str = "data/raw", out: str = "data/processed", batch_size: int = 500, max_bytes: int = 20_000_000
) -> RunSummary:
    """Read the articles under `raw`, extract dated events, validate, and commit the dataset under `out`."""
    now = dt.datetime.now(dt.UTC)
    run_id = store.new_run_id(now, str(flow_run.get_id() or now.isoformat()))
    out_dir = Path(out)
    with store.lock_output(out_dir):
        inputs = scan_inputs(raw, max_bytes, now.date())
        documents, rejections = inputs.documents, inputs.rejections
        batches = _batches(documents, batch_size)
        with batch_progress(len(documents)) as advance:
            futures = [extract_batch.submit(batch) for batch in batches]
            extractions = []
            for batch, future in zip(batches, futures, strict=True):
                extractions.append(future.result())
                advance(len(batch))
        tables = build_tables(extractions)
        result = validate_step(tables)
        report = reporting.build_report(
            run_id,
            result,
            documents_read=len(documents),
            rejections=rejections,
            warnings=inputs.warnings,
            rules_version=reporting.current_rules_version(),
            settings={"raw": raw, "out": out, "batch_size": batch_size, "batches": len(batches)},
        )
        report_dir = commit_step(out, run_id, result, report)
    publish_artifacts(report, report_dir)
    get_run_logger().info("run %s: %s", run_id, result.counts())
    return RunSummary(
        run_id=run_id,
        out=out,
        report_dir=report_dir,
        documents_read=len(documents),
        inputs_rejected=len(rejections),
        rows_written={name: t.valid.num_rows for name, t in result.tables.items()},
        rows_quarantined={name: t.quarantined.num_rows for name, t in result.tables.items()},
    )
