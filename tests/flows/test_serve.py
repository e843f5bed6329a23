"""`dateline serve` against a REAL Prefect server (`prefect server start` on loopback), as in production.

One server and one `python -m flows.serve` process for the module (~20 s to start on 2 cores); the runs
are triggered through the API. The temporary server cannot schedule, so it is not used here.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import pandas as pd
import pytest

from dateline.store import TABLE_NAMES

if TYPE_CHECKING:
    from prefect.client.schemas.objects import FlowRun, State

REPO = Path(__file__).resolve().parents[2]
SEEDS = sorted((REPO / "data" / "raw").glob("*.txt"))
FLOW_NAME = "dateline-pipeline"
DEPLOYMENT = "test"
CRON = "0 0 1 1 *"  # once a year: nothing fires on its own during the test
SERVER_START_TIMEOUT = 90.0  # measured 16-22 s alone, ~40 s with a second suite running
REGISTER_TIMEOUT = 90.0
RUN_TIMEOUT = 120.0


@dataclass(frozen=True)
class Server:
    url: str
    home: Path
    log: Path


@dataclass(frozen=True)
class Served:
    url: str
    cwd: Path
    raw: Path
    out: Path
    log: Path


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _quiet_env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API_")}
    env.update(
        PREFECT_HOME=str(home),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_SERVER_UI_ENABLED="false",
        DO_NOT_TRACK="1",
        PREFECT_LOGGING_LEVEL="WARNING",
        PREFECT_SERVER_LOGGING_LEVEL="WARNING",
        **extra,
    )
    return env


def _start(cmd: list[str], env: dict[str, str], cwd: Path, log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as sink:  # the child keeps its own descriptor
        return subprocess.Popen(
            cmd, env=env, cwd=cwd, stdout=sink, stderr=subprocess.STDOUT, start_new_session=True
        )


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM the process group (the server and runner have children), SIGKILL whatever is left."""
    for sig, grace in ((signal.SIGTERM, 15.0), (signal.SIGTERM, 5.0), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            continue
        try:  # the leader is gone; make sure no child survives it
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        break


def _tail(log: Path, lines: int = 30) -> str:
    text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    return "\n".join(text.splitlines()[-lines:])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


@pytest.fixture(scope="module")
def prefect_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`prefect server start` on a free loopback port, SQLite in a temporary PREFECT_HOME."""
    base = tmp_path_factory.mktemp("prefect-server")
    home, log = base / "home", base / "server.log"
    port = _free_port()
    url = f"http://127.0.0.1:{port}/api"
    cmd = [str(Path(sys.executable).with_name("prefect")), "server", "start", "--host", "127.0.0.1"]
    proc = _start([*cmd, "--port", str(port)], _quiet_env(home), base, log)
    try:
        started = time.monotonic()
        while not _healthy(url):
            if proc.poll() is not None:
                pytest.fail(f"prefect server exited with {proc.returncode}:\n{_tail(log)}")
            if time.monotonic() - started > SERVER_START_TIMEOUT:
                pytest.fail(f"prefect server not healthy after {SERVER_START_TIMEOUT:.0f} s:\n{_tail(log)}")
            time.sleep(0.25)
        print(f"prefect server healthy after {time.monotonic() - started:.1f} s")
        yield Server(url, home, log)
    finally:
        _stop(proc)


def _read_deployment(url: str, name: str) -> Any:
    from prefect.client.orchestration import get_client
    from prefect.exceptions import ObjectNotFound
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings({PREFECT_API_URL: url}), get_client(sync_client=True) as client:
        try:
            return client.read_deployment_by_name(name)
        except ObjectNotFound:
            return None


@pytest.fixture(scope="module")
def served(prefect_server: Server, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """`python -m flows.serve` over relative --raw/--out (the two seeds), until the deployment exists."""
    assert len(SEEDS) == 2, f"expected the two seed articles in {REPO / 'data' / 'raw'}"
    cwd = tmp_path_factory.mktemp("served")
    (cwd / "raw").mkdir()
    for seed in SEEDS:
        shutil.copy(seed, cwd / "raw" / seed.name)
    log = cwd / "serve.log"
    env = _quiet_env(
        prefect_server.home, PREFECT_API_URL=prefect_server.url, PREFECT_RUNNER_POLL_FREQUENCY="1"
    )
    del env["PREFECT_LOGGING_LEVEL"]  # as `dateline serve` runs: INFO, so the runs' logs reach the server
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    cmd = [sys.executable, "-m", "flows.serve", "--cron", CRON, "--raw", "raw", "--out", "out"]
    proc = _start([*cmd, "--name", DEPLOYMENT], env, cwd, log)
    try:
        started = time.monotonic()
        while _read_deployment(prefect_server.url, f"{FLOW_NAME}/{DEPLOYMENT}") is None:
            if proc.poll() is not None:
                pytest.fail(f"python -m flows.serve exited with {proc.returncode}:\n{_tail(log)}")
            if time.monotonic() - started > REGISTER_TIMEOUT:
                pytest.fail(f"deployment not registered after {REGISTER_TIMEOUT:.0f} s:\n{_tail(log)}")
            time.sleep(0.5)
        print(f"deployment registered after {time.monotonic() - started:.1f} s")
        yield Served(prefect_server.url, cwd, cwd / "raw", cwd / "out", log)
    finally:
        _stop(proc)


def _run(served: Served, **parameters: str) -> tuple[FlowRun, State[Any]]:
    """Trigger a run of the served deployment through the API; wait for it. Returns it and its final state."""
    from prefect.deployments import run_deployment
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings({PREFECT_API_URL: served.url}):
        run = cast(
            "FlowRun",
            run_deployment(
                f"{FLOW_NAME}/{DEPLOYMENT}",
                parameters=parameters or None,
                timeout=RUN_TIMEOUT,
                poll_interval=1,
                as_subflow=False,
            ),
        )
    state = run.state
    assert state is not None and state.is_final(), (
        f"run {run.id} not finished after {RUN_TIMEOUT:.0f} s ({state}):\n{_tail(served.log)}"
    )
    return run, state


def test_serve_registers_a_cron_deployment_and_runs_it(served: Served) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import (
        ArtifactFilter,
        ArtifactFilterFlowRunId,
        LogFilter,
        LogFilterFlowRunId,
    )
    from prefect.settings import PREFECT_API_URL, temporary_settings

    deployment = _read_deployment(served.url, f"{FLOW_NAME}/{DEPLOYMENT}")
    assert [s.schedule.cron for s in deployment.schedules] == [CRON]
    assert all(s.active for s in deployment.schedules)
    assert deployment.entrypoint == "flows.pipeline.dateline_pipeline"
    assert deployment.parameters == {"raw": str(served.raw), "out": str(served.out)}  # made absolute

    run, state = _run(served)
    assert state.is_completed(), f"{state}: {state.message}\n{_tail(served.log)}"
    for name in TABLE_NAMES:
        frame = pd.read_parquet(served.out / name)
        assert len(frame.columns) > 0
    assert len(pd.read_parquet(served.out / "documents")) == 2
    assert len(list((served.out / "reports").glob("*/validation.json"))) == 1

    flow_run_filter = ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[run.id]))
    log_filter = LogFilter(flow_run_id=LogFilterFlowRunId(any_=[run.id]))
    with temporary_settings({PREFECT_API_URL: served.url}), get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(artifact_filter=flow_run_filter)
        deadline = time.monotonic() + 20  # the run's logs are shipped in batches, after its state
        while True:
            messages = [log.message for log in client.read_logs(log_filter=log_filter)]
            if any(m.startswith("run ") for m in messages) or time.monotonic() > deadline:
                break
            time.sleep(0.5)
    assert {(a.key, a.type) for a in artifacts} == {
        ("dateline-validation", "markdown"),
        ("dateline-tables", "table"),
    }
    assert any(m.startswith("run ") for m in messages), f"{messages}\n{_tail(served.log)}"


def test_a_run_over_an_unwritable_out_fails_in_one_line_and_writes_nothing(
    served: Served, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a regular file\n", encoding="utf-8")
    out = blocker / "out"  # root can write anywhere, but not under a file

    _, state = _run(served, out=str(out))

    assert state.is_failed(), f"{state}\n{_tail(served.log)}"
    message = state.message or ""
    assert "\n" not in message and str(out) in message, message
    assert "Not a directory" in message, message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-a-dir"]
    assert blocker.read_text(encoding="utf-8") == "a regular file\n"


def test_a_timed_out_run_fails_in_one_line(served: Served, tmp_path: Path) -> None:
    """The pipeline's per-run timeout (here a tiny one) ends the run in Failed/TimedOut, nothing committed."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows.pipeline import dateline_pipeline

    out = tmp_path / "out"
    with temporary_settings({PREFECT_API_URL: served.url}):
        state = dateline_pipeline.with_options(timeout_seconds=0.05)(
            raw=str(served.raw), out=str(out), return_state=True
        )
    assert state.is_failed() and state.name == "TimedOut", state
    assert state.message == "Flow run exceeded timeout of 0.05 second(s)"
    committed = [*TABLE_NAMES, "quarantine", "reports"]
    assert not out.exists() or not [p.name for p in out.iterdir() if p.name in committed]


def test_the_pipeline_has_a_per_run_timeout() -> None:
    from flows.pipeline import dateline_pipeline

    if dateline_pipeline.timeout_seconds is None:
        pytest.skip("issue 6: flows/pipeline.py's @flow has no timeout_seconds yet (the lead adds it)")
    assert 0 < dateline_pipeline.timeout_seconds <= 24 * 3600


def test_serve_refuses_without_a_server(tmp_path: Path) -> None:
    """Without PREFECT_API_URL the temporary server would start and schedule nothing: refuse, one line."""
    env = _quiet_env(tmp_path / "home")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, "-m", "flows.serve", "--raw", str(REPO / "data" / "raw")],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "PREFECT_API_URL" in lines[0] and "prefect server start" in lines[0]


def test_build_deployment_rejects_a_bad_cron() -> None:
    from flows.serve import ServeError, build_deployment

    with pytest.raises(ServeError, match="not a valid cron"):
        build_deployment(cron="every hour")


def test_prefect_yaml_describes_the_same_deployment() -> None:
    import yaml

    from flows.serve import DEFAULT_CRON, DEFAULT_NAME, DEFAULT_OUT, DEFAULT_RAW

    spec = yaml.safe_load((REPO / "prefect.yaml").read_text(encoding="utf-8"))
    assert spec["build"] is None and spec["push"] is None
    assert [next(iter(step)) for step in spec["pull"]] == [
        "prefect.deployments.steps.set_working_directory"
    ]  # nothing fetched from the network
    (deployment,) = spec["deployments"]
    assert deployment["name"] == DEFAULT_NAME
    assert deployment["entrypoint"] == "flows/pipeline.py:dateline_pipeline"
    assert deployment["parameters"] == {"raw": DEFAULT_RAW, "out": DEFAULT_OUT}
    assert [s["cron"] for s in deployment["schedules"]] == [DEFAULT_CRON]
    assert deployment["work_pool"]["name"] == "dateline"


def _prefect_cli(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    cmd = [str(Path(sys.executable).with_name("prefect")), *args]
    done = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"{' '.join(args)}: exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done


def test_prefect_yaml_deploys_to_a_work_pool_and_a_worker_runs_it(
    prefect_server: Server, served: Served, tmp_path: Path
) -> None:
    """The worker route of docs/SCHEDULED_RUNS.md: pool, `prefect deploy` from the repo root, worker.

    The worker polls its own queue, so the hourly schedule's runs (queue `default`) never run here.
    """
    from prefect.client.orchestration import get_client
    from prefect.deployments import run_deployment
    from prefect.settings import PREFECT_API_URL, temporary_settings

    env = _quiet_env(
        prefect_server.home, PREFECT_API_URL=prefect_server.url, PREFECT_WORKER_QUERY_SECONDS="1"
    )
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env["PWD"] = str(REPO)  # what `cd REPO` sets in a shell; prefect.yaml's pull step reads it
    _prefect_cli("work-pool", "create", "dateline", "--type", "process", env=env, cwd=REPO)
    _prefect_cli("deploy", "--all", "--no-prompt", env=env, cwd=REPO)
    deployment = _read_deployment(prefect_server.url, f"{FLOW_NAME}/dateline-hourly")
    assert [s.schedule.cron for s in deployment.schedules] == ["0 * * * *"]
    assert deployment.work_pool_name == "dateline"
    assert deployment.pull_steps == [
        {"prefect.deployments.steps.set_working_directory": {"directory": str(REPO)}}
    ]

    log = tmp_path / "worker.log"
    worker = _start(
        [str(Path(sys.executable).with_name("prefect")), "worker", "start", "--pool", "dateline"]
        + ["--work-queue", "test", "--limit", "1"],
        env,
        tmp_path,
        log,
    )
    try:
        out = tmp_path / "out"
        with temporary_settings({PREFECT_API_URL: prefect_server.url}):
            run = cast(
                "FlowRun",
                run_deployment(
                    f"{FLOW_NAME}/dateline-hourly",
                    parameters={"raw": str(served.raw), "out": str(out)},
                    work_queue_name="test",
                    timeout=RUN_TIMEOUT,
                    poll_interval=1,
                    as_subflow=False,
                ),
            )
            with get_client(sync_client=True) as client:
                state = client.read_flow_run(run.id).state
        assert state is not None and state.is_completed(), f"{state}\n{_tail(log)}"
        assert len(pd.read_parquet(out / "documents")) == 2
    finally:
        _stop(worker)
