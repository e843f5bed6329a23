"""`dateline`: the command line, a thin shell: parse arguments, call the library, errors in one line."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sys
import tempfile
import traceback
import uuid
from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any

PROG = "dateline"

RUN_EPILOG = """\
examples:
  dateline run                                   # data/raw -> data/processed
  dateline run --raw ~/articles --out /srv/dateline
  dateline run --batch-size 500 --max-bytes 5000000
  dateline run --workers 2                       # extract on a local Dask cluster of 2 processes
  dateline run --dask-address tcp://10.0.0.5:8786 # extract on an existing Dask cluster
  dateline run --raw s3://news/articles --out s3://news/dateline   # object stores (S3)

Runs are incremental: an article whose input and rules are unchanged is not extracted
again (its rows are carried over); changed articles are re-extracted and removed ones
dropped, so --out always mirrors --raw. Only one run at a time may write --out.

Reads *.txt, *.html, *.jsonl (and NAME.meta.json metadata) under --raw, writes the
tables documents, events, event_actors and meetings as Parquet datasets under --out,
rows that fail validation under --out/quarantine/, and a report under
--out/reports/<run_id>/. Exits 0 when the run finished (also with rejected inputs or
quarantined rows); otherwise exits 1 and leaves --out exactly as it was.

--raw and --out may be object-store URLs (s3://bucket/prefix): the articles are copied
to a local temporary directory, and the dataset is published as a new version
(--out/versions/<run_id>/) that the pointer --out/CURRENT names once it is complete.
Endpoint and credentials come from the usual AWS variables (AWS_ENDPOINT_URL,
AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_DEFAULT_REGION). See README.
"""

VALIDATE_EPILOG = """\
examples:
  dateline validate data/processed
  dateline validate data/processed --fail-on-invalid   # exit 1 if any row fails

Reads the four tables back, validates them with the same checks as a run, writes a
report under DIR/reports/<run_id>/ and prints a summary. The tables are not changed.
Exits 1 if a table is missing or unreadable.
"""

REPORT_EPILOG = """\
examples:
  dateline report data/processed                  # -> data/processed/reports/<latest run>/report.html
  dateline report data/processed --run-id 20261123T090709Z-1a2b3c4d
  dateline report data/processed --html /tmp/dateline-report.html

One self-contained HTML page (inline CSS and SVG, opens offline): rows per table, a timeline of
meetings and events per country, the network of bilateral meetings, the validation summary,
the top quarantine reasons and the rejected inputs of a run report.
"""

SERVE_EPILOG = """\
examples:
  export PREFECT_API_URL=http://127.0.0.1:4200/api    # a running `prefect server start`
  dateline serve                                      # every hour (UTC): data/raw -> data/processed
  dateline serve --cron "30 6 * * *" --raw ~/articles --out /srv/dateline --name daily

Registers the deployment dateline-pipeline/NAME with the cron schedule (UTC) on the Prefect
server at PREFECT_API_URL, then runs its due runs (and any triggered with `prefect deployment
run dateline-pipeline/NAME`) one at a time until interrupted; the schedule pauses on shutdown.
--raw and --out are stored as absolute paths (s3:// URLs as they are). The temporary server
cannot schedule: without PREFECT_API_URL the command refuses. Setup, the work-pool route and PostgreSQL:
docs/SCHEDULED_RUNS.md.
"""

TIMEX_EPILOG = """\
examples:
  echo '{"doc_id": "a", "text": "They met on Tuesday.", "dct": "2025-05-09"}' | dateline timex
  dateline timex < in.jsonl > out.jsonl

Input lines: {"doc_id": str, "text": str, "dct": "YYYY-MM-DD" | null}.
Output: one line per temporal expression: {"doc_id", "start", "end", "text", "type", "value"}
(TIMEX3 values). Malformed lines are reported on stderr with their line number and skipped.
"""


class UserError(Exception):
    """An error the user can act on; printed as one line."""


def _prefect_home() -> Path:
    """A per-user directory for the temporary Prefect server's state (Prefect only creates the leaf)."""
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    for home in (
        cache / "dateline" / "prefect",
        Path(tempfile.gettempdir()) / f"dateline-prefect-{os.getuid()}",
    ):
        try:
            home.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        if os.access(home, os.W_OK):
            return home
    raise UserError(f"cannot create a Prefect home directory under {cache}: set PREFECT_HOME")


def _prefect_defaults(debug: bool = False) -> None:
    """Quiet, local, offline Prefect unless the user configured it. Must run before prefect is imported."""
    env = os.environ
    if "PREFECT_HOME" not in env and not (Path.home() / ".prefect" / "profiles.toml").exists():
        env["PREFECT_HOME"] = str(_prefect_home())
    if not debug:  # the temporary server's own errors (a subprocess) otherwise print whole tracebacks
        env.setdefault("PREFECT_SERVER_LOGGING_LEVEL", "CRITICAL")
    for key, value in {
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_LOGGING_LEVEL": "WARNING",
        "PREFECT_SERVER_UI_ENABLED": "false",
    }.items():
        env.setdefault(key, value)


class _NoFlowErrors(logging.Filter):
    """Console filter: the CLI reports a failed run in one line; drop Prefect's errors and tracebacks."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.ERROR and record.name.startswith(
            ("prefect.flow_runs", "prefect.task_runs")
        ):
            return False
        record.exc_info, record.exc_text = None, None
        return True


def _quiet_prefect_console() -> None:
    """Call after importing prefect (which configures logging): no tracebacks on the console."""
    for handler in logging.getLogger().handlers:
        if type(handler).__name__ == "PrefectConsoleHandler":
            handler.addFilter(_NoFlowErrors())


def _positive(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive integer, not {text}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="News articles in, a validated, dated event dataset (Parquet) out.",
        epilog="examples:\n  dateline run --raw data/raw --out data/processed\n"
        "  dateline validate data/processed\n\n"
        "Run `dateline COMMAND --help` for a command's options and examples. The tables: CONTRACT.md.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks and Prefect's errors")
    common = argparse.ArgumentParser(add_help=False)  # so that `dateline run --debug` works too
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    raw_fmt = argparse.RawDescriptionHelpFormatter

    run = sub.add_parser(
        "run",
        parents=[common],
        help="run the pipeline once (a Prefect flow)",
        epilog=RUN_EPILOG,
        description="Run the pipeline once: articles under --raw -> dataset under --out.",
        formatter_class=raw_fmt,
    )
    run.add_argument(
        "--raw",
        default="data/raw",
        metavar="DIR|URL",
        help="input articles: a directory or an s3://bucket/prefix URL (default: %(default)s)",
    )
    run.add_argument(
        "--out",
        default="data/processed",
        metavar="DIR|URL",
        help="output dataset: a directory or an s3://bucket/prefix URL (default: %(default)s)",
    )
    run.add_argument(
        "--batch-size",
        type=_positive,
        default=2000,
        metavar="N",
        help="documents per extraction task; larger batches validate and write for less per document,"
        " smaller ones hold less in memory (default: %(default)s)",
    )
    run.add_argument(
        "--max-bytes",
        type=_positive,
        default=20_000_000,
        metavar="N",
        help="reject input files larger than this (default: %(default)s)",
    )

    run.add_argument(
        "--workers",
        type=_positive,
        default=1,
        metavar="N",
        help="extract on a local Dask cluster of N worker processes (default: %(default)s: threads, no Dask)",
    )
    run.add_argument(
        "--dask-address",
        default=None,
        metavar="URL",
        help="extract on an existing Dask cluster, e.g. tcp://HOST:8786 (its workers must see --out)",
    )

    val = sub.add_parser(
        "validate",
        parents=[common],
        help="re-validate an existing dataset and write a report",
        epilog=VALIDATE_EPILOG,
        formatter_class=raw_fmt,
        description="Re-validate the dataset under DIR and write a new report.",
    )
    val.add_argument("dir", metavar="DIR", help="the dataset directory (a run's --out)")
    val.add_argument("--fail-on-invalid", action="store_true", help="exit 1 if any row fails a check")

    rep = sub.add_parser(
        "report",
        parents=[common],
        help="write the HTML report of a dataset (timeline, meeting network, validation)",
        epilog=REPORT_EPILOG,
        formatter_class=raw_fmt,
        description="Write the analysts' HTML report of the dataset under OUT.",
    )
    rep.add_argument("out", metavar="OUT", help="the dataset directory (a run's --out)")
    rep.add_argument("--run-id", metavar="ID", help="the run report to show (default: the latest)")
    rep.add_argument(
        "--html", metavar="FILE", help="write the page here instead of OUT/reports/<run_id>/report.html"
    )

    serve = sub.add_parser(
        "serve",
        parents=[common],
        help="run the pipeline on a schedule (a Prefect deployment; needs a Prefect server)",
        epilog=SERVE_EPILOG,
        description="Serve the pipeline as a scheduled deployment on the Prefect server at PREFECT_API_URL.",
        formatter_class=raw_fmt,
    )
    serve.add_argument("--cron", default="0 * * * *", help="the schedule, in UTC (default: %(default)r)")
    serve.add_argument(
        "--raw", default="data/raw", metavar="DIR|URL", help="input articles, as for run (default: %(default)s)"
    )
    serve.add_argument(
        "--out", default="data/processed", metavar="DIR|URL", help="output dataset, as for run (default: %(default)s)"
    )
    serve.add_argument(
        "--name",
        default="dateline-hourly",
        help="the deployment: dateline-pipeline/NAME (default: %(default)s)",
    )
    sub.add_parser(
        "timex",
        parents=[common],
        help="the temporal tagger on its own: JSON lines in, TIMEX3 out",
        epilog=TIMEX_EPILOG,
        formatter_class=raw_fmt,
        description="Tag temporal expressions in JSON lines read from standard input.",
    )
    return parser


def _print_counts(counts: dict[str, dict[str, int]], report_dir: str, valid: str = "written") -> None:
    for name, c in counts.items():
        print(f"{name:<13} {c['rows_valid']:>8} {valid} {c['rows_quarantined']:>6} quarantined")
    print(f"report: {report_dir}")


def cmd_run(args: argparse.Namespace) -> int:
    _prefect_defaults(args.debug)
    from dateline.remote import is_url

    if not is_url(args.raw) and not Path(args.raw).is_dir():
        raise UserError(f"--raw {args.raw}: not a directory")
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    from flows.pipeline import dateline_pipeline

    if not args.debug:
        _quiet_prefect_console()
    runner, workers = _task_runner(args.workers, args.dask_address)
    pipeline = dateline_pipeline.with_options(task_runner=runner) if runner is not None else dateline_pipeline
    settings: dict[Any, Any] = {PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}  # no heartbeat thread: ~1 s less at exit
    if runner is not None:
        settings.update(_shared_temporary_api())
    with temporary_settings(settings):
        summary = pipeline(
            raw=args.raw,
            out=args.out,
            batch_size=args.batch_size,
            max_bytes=args.max_bytes,
            workers=workers,
        )
    print(
        f"run {summary.run_id}: {summary.documents_read} documents read, "
        f"{summary.inputs_rejected} inputs rejected, {summary.documents_extracted} extracted, "
        f"{summary.documents_reused} unchanged"
    )
    counts = {
        name: {"rows_valid": written, "rows_quarantined": summary.rows_quarantined.get(name, 0)}
        for name, written in summary.rows_written.items()
    }
    _print_counts(counts, summary.report_dir)
    return 0


def _shared_temporary_api() -> dict[Any, str]:
    """Without a configured API, start Prefect's temporary server now and name it in the environment.

    Otherwise every worker process (Dask) finds no PREFECT_API_URL and starts a temporary server of its
    own (10-25 s each, one SQLite database). The server is Prefect's own singleton, stopped at exit."""
    from prefect.settings import PREFECT_API_URL, get_current_settings

    if get_current_settings().api.url:
        return {}
    from prefect.server.api.server import SubprocessASGIServer

    server = SubprocessASGIServer()
    server.start(timeout=get_current_settings().server.ephemeral.startup_timeout_seconds)
    os.environ["PREFECT_API_URL"] = server.api_url  # inherited by the worker processes
    return {PREFECT_API_URL: server.api_url}


def _task_runner(workers: int, address: str | None) -> tuple[Any, int]:
    """The task runner for `--workers`/`--dask-address` (None: Prefect's default threads), and the
    number of workers to size the batches for."""
    if address is None and workers <= 1:
        return None, 1
    # distributed logs every scheduler and worker step at INFO; the run's own summary is what matters.
    # Set before distributed is imported (it configures logging then); worker processes inherit it.
    os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "warning")
    # a Dask worker samples its task thread's stack every 10 ms for the dashboard's profile (none here):
    # measured 5-25 % of a worker's CPU on our deep Prefect + extraction stacks. Workers inherit this.
    os.environ.setdefault("DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED", "false")
    from prefect_dask import DaskTaskRunner

    logging.getLogger("distributed").setLevel(os.environ["DASK_LOGGING__DISTRIBUTED"].upper())

    if address is None:
        # workers fork from this process, which has Prefect, pandas, pandera and the core imported already:
        # a worker is ready in ~0.5 s instead of ~5 s (spawn starts an empty interpreter that imports it
        # all again), and the two workers' imports no longer take CPU from the first batches. Prefect resets
        # its background services in a forked child (os.register_at_fork); the output lock is not
        # inherited (store.lock_output). DASK_DISTRIBUTED__WORKER__MULTIPROCESSING_METHOD=spawn overrides.
        import dask

        method = os.environ.setdefault("DASK_DISTRIBUTED__WORKER__MULTIPROCESSING_METHOD", "fork")
        dask.config.set({"distributed.worker.multiprocessing-method": method})
        kwargs = {
            "n_workers": workers,
            "threads_per_worker": 1,
            "processes": True,
            "dashboard_address": None,
            "preload": ["flows.worker_preload"],  # imports and rules loaded while the cluster starts
        }
        return DaskTaskRunner(cluster_kwargs=kwargs), workers
    if workers <= 1:
        from distributed import Client

        try:
            with Client(address, timeout=30) as client:
                workers = max(1, len(client.scheduler_info().get("workers", {})))
        except OSError as exc:
            raise UserError(f"--dask-address {address}: cannot reach the cluster ({exc})") from exc
    return DaskTaskRunner(address=address), workers


def cmd_validate(args: argparse.Namespace) -> int:
    from dateline import remote, store
    from dateline import report as reporting
    from dateline.validate import validate_tables

    with ExitStack() as stack:
        location = None
        if remote.is_url(args.dir):  # validate a local copy of the current version, upload the report
            location, out = stack.enter_context(remote.working_copy(args.dir))
        else:
            out = Path(args.dir)
            if not out.is_dir():
                raise UserError(f"{out}: not a directory")
        with store.lock_output(out):
            tables = store.read_tables(out)
            result = validate_tables(tables)
            now = dt.datetime.now(dt.UTC)
            run_id = store.new_run_id(now, uuid.uuid4().hex)
            report = reporting.build_report(
                run_id,
                result,
                kind="validate",
                rules_version=reporting.current_rules_version(),
                settings={"dir": args.dir if location else str(out)},
            )
            report_dir = str(store.write_report(out, run_id, report, reporting.render_markdown(report)))
        if location is not None:
            report_dir = remote.upload_report(out, location, run_id)
    counts = {
        name: {"rows_valid": t.valid.num_rows, "rows_quarantined": t.quarantined.num_rows}
        for name, t in result.tables.items()
    }
    print(
        f"validated {args.dir if location else out}: {sum(t.rows_in for t in result.tables.values())} rows, "
        f"{result.rows_quarantined} fail a check"
    )
    _print_counts(counts, report_dir, valid="valid")
    return 1 if args.fail_on_invalid and result.rows_quarantined else 0


def cmd_report(args: argparse.Namespace) -> int:
    from dateline import remote
    from dateline.html_report import render_html_report, write_html_report

    with ExitStack() as stack:
        location = None
        if remote.is_url(args.out):  # render from a local copy of the current version and of the report
            location, out = stack.enter_context(remote.working_copy(args.out, report=args.run_id or "latest"))
        else:
            out = Path(args.out)
            if not out.is_dir():
                raise UserError(f"{out}: not a directory")
        if args.html:
            path = Path(args.html)
            path.write_text(render_html_report(out, args.run_id), encoding="utf-8")
            if location is not None:
                remote.relabel_report(path.parent, {}, {str(out): args.out}, html=path.name)
            shown = str(path)
        else:
            path = write_html_report(out, args.run_id)
            shown = str(path)
            if location is not None:
                remote.relabel_report(path.parent, {}, {str(out): args.out})
                shown = remote.upload_report(out, location, path.parent.name) + "/report.html"
    print(f"report: {shown}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO")  # the runs' logs go to the server's UI
    _prefect_defaults(args.debug)
    from flows.serve import serve_pipeline

    serve_pipeline(cron=args.cron, raw=args.raw, out=args.out, name=args.name)
    return 0


def cmd_timex(args: argparse.Namespace) -> int:
    try:
        from dateline.timex import run_jsonl  # type: ignore[import-not-found, unused-ignore]
    except ImportError as exc:
        raise UserError(f"timex: the temporal tagger is not available yet ({exc})") from exc
    return int(run_jsonl(sys.stdin, sys.stdout, sys.stderr))


COMMANDS: dict[str, Any] = {
    "run": cmd_run,
    "validate": cmd_validate,
    "report": cmd_report,
    "serve": cmd_serve,
    "timex": cmd_timex,
}


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 300 else text[:299] + "…"


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(COMMANDS[args.command](args))
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # the library's errors become one line; --debug shows the traceback
        if args.debug:
            traceback.print_exc()
        print(f"{PROG}: error: {_one_line(exc)}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
