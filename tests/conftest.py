"""Shared fixtures: tiny valid tables, a raw directory, and ONE Prefect API for the whole session."""

from __future__ import annotations

import atexit
import datetime as dt
import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pytest

# Quiet, offline Prefect for the whole session (set before anything imports prefect).
if "PREFECT_HOME" not in os.environ:
    os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix="dateline-test-prefect-")
    atexit.register(shutil.rmtree, os.environ["PREFECT_HOME"], ignore_errors=True)
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("PREFECT_SERVER_UI_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")

from dateline.model import Actor, Document, EventRecord, MeetingRecord, Window  # noqa: E402
from dateline.tables import extraction_tables  # noqa: E402

TEXT = "Belgrade, 7 May 2025. President Vucic met Chancellor Scholz in Berlin on Tuesday. They agreed."
SENTENCE = "President Vucic met Chancellor Scholz in Berlin on Tuesday."


def make_document(text: str = TEXT, doc_id: str = "doc1", source: str = "a.txt") -> Document:
    return Document(
        doc_id=doc_id,
        source=source,
        text=text,
        content_sha256=hashlib.sha256(text.encode()).hexdigest(),
        title="Vucic in Berlin",
        publication_date=dt.date(2025, 5, 7),
        publication_date_basis="metadata",
    )


def make_event(doc: Document, event_id: str = "ev1", sentence: str = SENTENCE) -> EventRecord:
    start = doc.text.index(sentence)
    return EventRecord(
        event_id=event_id,
        doc_id=doc.doc_id,
        event_type="MEET",
        status="occurred",
        countries=("SRB", "DEU"),
        window=Window(dt.date(2025, 5, 6), dt.date(2025, 5, 6), "day"),
        date_basis="relative",
        date_text="on Tuesday",
        location="Berlin",
        location_country="DEU",
        sentence=sentence,
        char_start=start,
        char_end=start + len(sentence),
        plover_type="CONSULT",
        cameo_code="040",
        confidence=0.9,
        actors=(Actor("Aleksandar Vucic", "SRB", "president"), Actor("Olaf Scholz", "DEU", "chancellor")),
    )


def make_meeting(event: EventRecord, meeting_id: str = "m1") -> MeetingRecord:
    return MeetingRecord(
        meeting_id=meeting_id,
        event_id=event.event_id,
        doc_id=event.doc_id,
        actor1=event.actors[0],
        actor2=event.actors[1],
        mode="in_person",
        status=event.status,
        window=event.window,
        date_basis=event.date_basis,
        date_text=event.date_text,
        location=event.location,
        location_country=event.location_country,
        sentence=event.sentence,
        char_start=event.char_start,
        char_end=event.char_end,
        confidence=event.confidence,
    )


@pytest.fixture
def sample_tables() -> dict[str, pa.Table]:
    """Two documents, two events (four actors), two meetings: every row valid."""
    doc1 = make_document()
    doc2 = make_document(TEXT.replace("Berlin", "Paris"), doc_id="doc2", source="b.txt")
    ev1 = make_event(doc1)
    ev2 = make_event(doc2, "ev2", SENTENCE.replace("Berlin", "Paris"))
    return extraction_tables([doc1, doc2], [ev1, ev2], [make_meeting(ev1), make_meeting(ev2, "m2")])


@pytest.fixture
def raw_dir(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "one.txt").write_text(TEXT, encoding="utf-8")
    (raw / "two.txt").write_text(TEXT.replace("Berlin", "Paris"), encoding="utf-8")
    (raw / "empty.txt").write_bytes(b"")
    return raw


@pytest.fixture(scope="session")
def prefect_api() -> Iterator[str]:
    """One temporary Prefect API for the whole session (entering it costs ~20 s). Yields its URL."""
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=90):
        yield str(PREFECT_API_URL.value())


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """A real S3-compatible server (moto in server mode) on a free loopback port, for the session.

    Sets dummy AWS credentials and region in this process's environment (moto accepts any); yields the
    endpoint URL (`http://127.0.0.1:PORT`): pass it as AWS_ENDPOINT_URL or `?endpoint_override=`.
    """
    server_module = pytest.importorskip("moto.server", reason="moto[server] is not installed (the test extra)")
    import logging

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one log line per request otherwise
    server = server_module.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    saved = {k: os.environ.get(k) for k in S3_ENV}
    os.environ.update(S3_ENV)
    try:
        yield f"http://{host}:{port}"
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        server.stop()


S3_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_EC2_METADATA_DISABLED": "true",  # never ask the cloud's metadata service for credentials
}


def make_bucket(endpoint: str, name: str) -> None:
    """Create bucket `name` on the S3 server at `endpoint`."""
    import pyarrow.fs as pafs

    host = endpoint.removeprefix("http://")
    fs = pafs.S3FileSystem(endpoint_override=host, scheme="http", allow_bucket_creation=True, region="us-east-1")
    fs.create_dir(name)
