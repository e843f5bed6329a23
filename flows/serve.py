"""`dateline serve`: the pipeline as a scheduled deployment on a real Prefect server. Wiring only.

    PREFECT_API_URL=http://127.0.0.1:4200/api python -m flows.serve --cron "0 * * * *"

The temporary server Prefect starts when PREFECT_API_URL is unset cannot schedule runs, so serving
refuses without it (ServeError). See docs/SCHEDULED_RUNS.md.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, cast

from dateline.remote import is_url

if TYPE_CHECKING:
    from prefect.deployments.runner import RunnerDeployment

DEFAULT_CRON = "0 * * * *"
DEFAULT_RAW = "data/raw"
DEFAULT_OUT = "data/processed"
DEFAULT_NAME = "dateline-hourly"
TAGS = ["dateline"]

NO_SERVER = (
    "PREFECT_API_URL is not set: scheduled runs need a real Prefect server (the temporary one cannot "
    "schedule); start one with `prefect server start` and set "
    "PREFECT_API_URL=http://127.0.0.1:4200/api (see docs/SCHEDULED_RUNS.md)"
)


class ServeError(Exception):
    """The deployment cannot be served; the one-line message says what to do."""


def _quiet_defaults() -> None:
    """Offline Prefect unless the user configured it. Must run before prefect is imported.

    The logging level stays INFO: the runs' logs go to the server, where the UI shows them.
    """
    for key, value in {
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_LOGGING_LEVEL": "INFO",
    }.items():
        os.environ.setdefault(key, value)


def api_url() -> str | None:
    """The configured Prefect API (environment or active profile), or None: the temporary server."""
    from prefect.settings import PREFECT_API_URL

    return PREFECT_API_URL.value() or None


def _check_cron(cron: str) -> None:
    from prefect.client.schemas.schedules import CronSchedule

    try:
        CronSchedule(cron=cron)
    except ValueError:
        raise ServeError(f"--cron {cron!r}: not a valid cron expression (e.g. '0 * * * *')") from None


def _absolute(place: str) -> str:
    """A local path resolved against the current directory; an object-store URL as it is."""
    return place if is_url(place) else str(Path(place).resolve())


def build_deployment(
    cron: str = DEFAULT_CRON, raw: str = DEFAULT_RAW, out: str = DEFAULT_OUT, name: str = DEFAULT_NAME
) -> RunnerDeployment:
    """The deployment `serve_pipeline` serves, without serving it.

    `raw` and `out` are stored as absolute paths (resolved against the current directory), so a run
    reads and writes the same place whatever directory the runner or worker runs in. The entrypoint is
    the module path `flows.pipeline.dateline_pipeline`: the `flows` package must be importable (installed).
    """
    from prefect.deployments.runner import EntrypointType

    from flows.pipeline import dateline_pipeline

    _check_cron(cron)
    deployment = dateline_pipeline.to_deployment(  # sync here: Prefect's sync_compatible returns the value
        name=name,
        cron=cron,
        parameters={"raw": _absolute(raw), "out": _absolute(out)},
        description=f"Dateline pipeline on a schedule ({cron}): articles under --raw -> dataset under --out.",
        tags=TAGS,
        entrypoint_type=EntrypointType.MODULE_PATH,
    )
    return cast("RunnerDeployment", deployment)


def _check_server(url: str) -> None:
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        error = client.api_healthcheck()
    if error is not None:
        detail = " ".join(str(error).split()) or type(error).__name__
        raise ServeError(
            f"the Prefect server at {url} does not answer ({detail}): is `prefect server start` running?"
        )


def serve_pipeline(
    cron: str = DEFAULT_CRON, raw: str = DEFAULT_RAW, out: str = DEFAULT_OUT, name: str = DEFAULT_NAME
) -> None:
    """Register the pipeline as deployment `dateline-pipeline/<name>` with a cron schedule and serve it.

    Blocks, running the scheduled (and manually triggered) runs in subprocesses, one at a time, until
    interrupted (Ctrl-C or SIGTERM); on shutdown the schedule is paused. Raises ServeError (one line)
    when PREFECT_API_URL is unset, the server does not answer, the cron is invalid or `raw` is missing.
    """
    url = api_url()
    if not url:
        raise ServeError(NO_SERVER)
    if not is_url(raw) and not Path(raw).is_dir():  # a URL is checked by each run
        raise ServeError(f"--raw {raw}: not a directory")
    deployment = build_deployment(cron=cron, raw=raw, out=out, name=name)
    _check_server(url)

    from prefect import serve

    # limit=1: one run at a time (a second run would only find OUT locked and fail).
    serve(deployment, limit=1)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m flows.serve",
        description="Serve the Dateline pipeline as a scheduled deployment on a Prefect server "
        "(PREFECT_API_URL must point at it).",
    )
    parser.add_argument("--cron", default=DEFAULT_CRON, help="the schedule, in UTC (default: %(default)r)")
    parser.add_argument(
        "--raw", default=DEFAULT_RAW, metavar="DIR", help="input articles (default: %(default)s)"
    )
    parser.add_argument(
        "--out", default=DEFAULT_OUT, metavar="DIR", help="output dataset (default: %(default)s)"
    )
    parser.add_argument(
        "--name", default=DEFAULT_NAME, help="deployment name: dateline-pipeline/NAME (default: %(default)s)"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _quiet_defaults()
    try:
        serve_pipeline(cron=args.cron, raw=args.raw, out=args.out, name=args.name)
    except ServeError as exc:
        print(f"dateline serve: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
