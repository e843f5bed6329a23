"""The HTML run report: content on a hand-made dataset, and the seeds' page in a real headless Chromium."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline import html_report, report_read
from dateline import report as reporting
from dateline.html_report import render_html_report, write_html_report
from dateline.ids import sha256_bytes, stable_id
from dateline.model import Actor, Document, EventRecord, MeetingRecord, Rejection, Window
from dateline.tables import extraction_tables
from dateline.validate import validate_tables

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "data" / "raw"
CHROMIUM = Path("/usr/bin/chromium")
RUN_ID = "20250510T120000Z-aaaaaaaa"
PUB = dt.date(2025, 5, 10)
EVIL = 'Xi met Vučić <script>alert("x")</script> & friends.'
TEXT = f"Belgrade, 10 May 2025. {EVIL} Other news."


def _actor(code: str) -> Actor:
    return Actor(f"Leader of {code}", code, "president")


def _meeting(mid: str, a: str, b: str, window: Window, status: str = "occurred") -> MeetingRecord:
    start = TEXT.index(EVIL)
    return MeetingRecord(
        meeting_id=mid,
        event_id=f"ev-{mid}",
        doc_id="doc1",
        actor1=_actor(a),
        actor2=_actor(b),
        mode="in_person",
        status=status,
        window=window,
        date_basis="explicit",
        date_text=None,
        location=None,
        location_country=None,
        sentence=EVIL,
        char_start=start,
        char_end=start + len(EVIL),
        confidence=0.9,
    )


def _event(eid: str, kind: str, countries: tuple[str, ...], window: Window) -> EventRecord:
    start = TEXT.index(EVIL)
    return EventRecord(
        event_id=eid,
        doc_id="doc1",
        event_type=kind,
        status="occurred",
        countries=countries,
        window=window,
        date_basis="explicit",
        date_text="in March",
        location=None,
        location_country=None,
        sentence=EVIL,
        char_start=start,
        char_end=start + len(EVIL),
        plover_type=None,
        cameo_code=None,
        confidence=0.8,
    )


def _write_tables(out: Path, tables: dict[str, Any]) -> None:
    for name, table in tables.items():
        (out / name).mkdir(parents=True, exist_ok=True)
        pq.write_table(table, out / name / "part-0.parquet")


def _write_report(out: Path, report: dict[str, Any]) -> None:
    directory = out / "reports" / report["run_id"]
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "validation.json").write_text(json.dumps(report, default=str), encoding="utf-8")


def _report(run_id: str, kind: str = "run", **inputs: Any) -> dict[str, Any]:
    tables = {
        name: {"rows_in": 3, "rows_valid": 2, "rows_quarantined": 1, "failures": []}
        for name in ("documents", "events", "event_actors", "meetings")
    }
    tables["meetings"]["failures"] = [
        {
            "check": "known_code",
            "column": "actor2_country",
            "rows": 1,
            "examples": [{"row": 2, "id": "m9", "value": "XXZ<b>"}],
        },
    ]
    report: dict[str, Any] = {
        "report_version": 1,
        "run_id": run_id,
        "kind": kind,
        "rules_version": "r1",
        "tables": tables,
    }
    if inputs:
        report["inputs"] = inputs
    return report


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    """4 meetings (dated, open at the end, open at the start, undated) and 2 events, plus a run report."""
    doc = Document("doc1", "a.txt", TEXT, hashlib.sha256(TEXT.encode()).hexdigest(), publication_date=PUB)
    day = Window(dt.date(2025, 5, 9), dt.date(2025, 5, 9), "day")
    meetings = [
        _meeting("m1", "SRB", "CHN", day),
        _meeting("m2", "CHN", "SRB", day),
        _meeting("m3", "MMR", "CHN", Window(PUB, None, "unknown"), status="planned"),
        _meeting("m4", "CUB", "VEN", Window(None, PUB, "unknown")),
        _meeting("m5", "SVK", "SRB", Window(None, None, "unknown")),
    ]
    events = [
        _event("e1", "DISASTER", ("MMR",), Window(dt.date(2025, 3, 1), dt.date(2025, 3, 31), "month")),
        _event("ev-m1", "MEET", ("SRB", "CHN"), day),
    ]
    out = tmp_path / "out"
    _write_tables(out, extraction_tables([doc], events, meetings))
    (out / "quarantine" / "meetings").mkdir(parents=True)
    pq.write_table(
        extraction_tables([], [], meetings[:1])["meetings"], out / "quarantine/meetings/part-0.parquet"
    )
    rejection = {
        "source": "in/bad & <odd>.txt",
        "reason": "binary",
        "detail": "NUL bytes",
        "size_bytes": 1234,
    }
    _write_report(out, _report(RUN_ID, documents_read=1, rejected=1, rejections=[rejection], warnings=[]))
    return out


def _section(page: str, name: str) -> str:
    match = re.search(rf'<section id="{name}">(.*?)</section>', page, re.S)
    assert match, f"no section {name}"
    return match.group(1)


def test_counts_per_table(dataset: Path) -> None:
    page = render_html_report(dataset)
    counts = _section(page, "counts")
    assert re.search(r'id="count-meetings">meetings<b>5</b><span class="muted">1 quarantined', counts)
    assert re.search(r'id="count-events">events<b>2</b>', counts)
    assert re.search(r'id="count-documents">documents<b>1</b>', counts)


def test_country_labels_in_timeline_and_network(dataset: Path) -> None:
    page = render_html_report(dataset)
    timeline, network = _section(page, "timeline"), _section(page, "network")
    for code in ("MMR", "CUB", "VEN", "SRB", "CHN"):
        assert re.search(rf"<text class=\"country\"[^>]*>{code}</text>", timeline), code
        assert re.search(rf"<text class=\"country\"[^>]*>{code}</text>", network), code
    assert "SVK" in timeline.split("<h3>Undated")[1]  # undated: listed, not drawn
    assert "DISASTER" in timeline


def test_open_ended_windows_fade(dataset: Path) -> None:
    timeline = _section(render_html_report(dataset), "timeline")
    assert 'fill="url(#fade-r-meeting)"' in timeline  # planned, no end
    assert 'fill="url(#fade-l-meeting)"' in timeline  # happened on or before the publication date
    assert "stroke-dasharray" in timeline  # planned


def test_meetings_are_not_drawn_twice_through_their_event(dataset: Path) -> None:
    assert "MEET with" not in _section(render_html_report(dataset), "timeline")


def test_network_edges_weighted_by_meetings(dataset: Path) -> None:
    rows = [
        {"actor1_country": a, "actor2_country": b}
        for a, b in [("SRB", "CHN"), ("CHN", "SRB"), ("CUB", "VEN")]
    ]
    assert report_read.meeting_edges(rows) == {("CHN", "SRB"): 2, ("CUB", "VEN"): 1}
    network = _section(render_html_report(dataset), "network")
    titles = re.findall(r'stroke-width="([\d.]+)"><title>([A-Z]+)–([A-Z]+): (\d+) meeting', network)
    widths = {(a, b): (float(w), int(n)) for w, a, b, n in titles}
    assert widths[("CHN", "SRB")][1] == 2 and widths[("CUB", "VEN")][1] == 1
    assert widths[("CHN", "SRB")][0] > widths[("CUB", "VEN")][0]


def test_large_tables_show_their_latest_rows_and_count_every_meeting(
    dataset: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(html_report, "MAX_TIMELINE_ROWS", 2)
    page = render_html_report(dataset)
    timeline, network = _section(page, "timeline"), _section(page, "network")
    assert "Showing the 2 latest of 5 meetings and the 2 latest of 2 events" in timeline
    assert "SVK" not in timeline  # undated: not among the latest
    titles = re.findall(r"<title>([A-Z]+)–([A-Z]+): (\d+) meeting", network)
    assert {(a, b): int(n) for a, b, n in titles}[("CHN", "SRB")] == 2  # the network counts every row
    assert re.search(r'id="count-meetings">meetings<b>5</b>', _section(page, "counts"))


def test_every_text_is_escaped(dataset: Path) -> None:
    page = render_html_report(dataset)
    assert "<script" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; friends." in page
    assert "in/bad &amp; &lt;odd&gt;.txt" in page
    assert "XXZ&lt;b&gt;" in page


def test_validation_summary_and_rejections(dataset: Path) -> None:
    page = render_html_report(dataset)
    validation, rejected = _section(page, "validation"), _section(page, "rejected")
    assert RUN_ID in validation and "known_code" in validation and "actor2_country" in validation
    assert "<td>binary</td><td class=n>1234</td><td>NUL bytes</td>" in rejected


def test_a_revalidation_report_takes_the_inputs_of_the_run_before(dataset: Path) -> None:
    _write_report(dataset, _report("20250511T000000Z-bbbbbbbb", kind="validate"))
    page = render_html_report(dataset)
    assert "20250511T000000Z-bbbbbbbb" in _section(page, "validation")
    assert RUN_ID in _section(page, "rejected") and "binary" in _section(page, "rejected")


def test_without_report_or_tables(tmp_path: Path) -> None:
    page = render_html_report(tmp_path)
    assert "No validation report found" in page and "missing" in _section(page, "counts")
    assert "No dated meetings or events" in page and "No bilateral meetings" in page


def test_write_html_report_and_determinism(dataset: Path) -> None:
    path = write_html_report(dataset, RUN_ID)
    assert path == dataset / "reports" / RUN_ID / "report.html"
    assert (
        path.read_text(encoding="utf-8") == render_html_report(dataset, RUN_ID) == render_html_report(dataset)
    )
    assert write_html_report(dataset) == path  # the latest report by default


def test_page_is_self_contained(dataset: Path) -> None:
    page = render_html_report(dataset)
    assert not re.search(r"""(src|href)\s*=\s*["'](?!#)""", page)
    assert "@import" not in page and "url(http" not in page


# ---------------------------------------------------------------- a real browser


def _seed_dataset(out: Path) -> Path:
    from dateline.extract import extract_documents  # the whole extractor: only this test needs it

    docs = []
    for path in sorted(SEEDS.glob("*.txt")):
        data = path.read_bytes()
        text = data.decode("utf-8")
        docs.append(Document(stable_id(text), path.name, text, sha256_bytes(data)))
    ex = extract_documents(docs)
    tables = extraction_tables(ex.documents, ex.events, ex.meetings)
    _write_tables(out, tables)
    rejections = [Rejection("notes/empty.txt", "empty", "the file is empty", 0)]
    report = reporting.build_report(
        RUN_ID, validate_tables(tables), documents_read=len(docs), rejections=rejections
    )
    _write_report(out, report)
    return write_html_report(out, RUN_ID)


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
        "--enable-logging=stderr",
        "--v=0",
    ]
    result = subprocess.run([str(CHROMIUM), *flags, *args], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def _console_errors(stderr: str) -> list[str]:
    return [
        line
        for line in stderr.splitlines()
        if "Uncaught" in line or ":CONSOLE" in line or "Refused to" in line
    ]


@pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs /usr/bin/chromium (Debian: apt-get install chromium)"
)
def test_seed_report_in_headless_chromium(tmp_path: Path) -> None:
    page = _seed_dataset(tmp_path / "out")

    dom = _chromium(tmp_path, "--dump-dom", page.as_uri())
    assert _console_errors(dom.stderr) == []
    assert "Network of bilateral meetings" in dom.stdout
    timeline, network = _section(dom.stdout, "timeline"), _section(dom.stdout, "network")
    for code in ("MMR", "CUB", "VEN", "SRB", "SVK"):
        assert re.search(rf'<text class="country"[^>]*>{code}</text>', timeline), (
            f"{code} not in the timeline"
        )
        assert re.search(rf'<text class="country"[^>]*>{code}</text>', network), f"{code} not in the network"
        assert re.search(rf"<title>CHN–{code}: 1 meeting</title>", network), f"no CHN–{code} edge"
    meetings = pq.read_table(tmp_path / "out" / "meetings").num_rows
    assert f'id="count-meetings">meetings<b>{meetings}</b>' in dom.stdout

    png = tmp_path / "report.png"
    shot = _chromium(tmp_path, f"--screenshot={png}", "--window-size=1400,2000", page.as_uri())
    assert _console_errors(shot.stderr) == []
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    assert int.from_bytes(data[16:20], "big") == 1400 and int.from_bytes(data[20:24], "big") == 2000

    # the console check is not vacuous: a page that throws is caught
    bad = tmp_path / "bad.html"
    bad.write_text("<!DOCTYPE html><p>x</p><script>throw new Error('boom')</script>", encoding="utf-8")
    assert _console_errors(_chromium(tmp_path, "--dump-dom", bad.as_uri()).stderr)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    parts=st.lists(
        st.lists(st.one_of(st.none(), st.integers(0, 5)), min_size=0, max_size=9), min_size=1, max_size=4
    ),
    keep=st.integers(1, 6),
)
def test_the_latest_rows_are_chosen_batch_by_batch_as_over_the_whole_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parts: list[list[int | None]], keep: int
) -> None:
    """Reading a large table batch by batch (memory stays bounded) keeps the rows a sort of the whole
    table would: the latest by date_start (nulls last), ties by place in the dataset; texts are read
    back for the rows asked only, in the order asked."""
    import pyarrow as pa

    monkeypatch.setattr(html_report, "MAX_TIMELINE_ROWS", keep)
    import tempfile

    out = Path(tempfile.mkdtemp(dir=tmp_path))  # hypothesis runs this body many times with one tmp_path
    (out / "events").mkdir(parents=True)
    rows: list[tuple[int | None, str]] = []
    for number, days in enumerate(parts):
        ids = [f"e{len(rows) + i}" for i in range(len(days))]
        starts = [None if d is None else dt.date(2025, 5, 1) + dt.timedelta(d) for d in days]
        rows += list(zip(days, ids, strict=True))
        sentences = [f"S {i}" for i in ids]
        table = pa.table(
            {
                "event_id": pa.array(ids, pa.string()),
                "date_start": pa.array(starts, pa.date32()),
                "sentence": pa.array(sentences, pa.string()),
            }
        )
        pq.write_table(table, out / "events" / f"part-{number:05d}.parquet")
    columns, light = ["event_id", "date_start", "sentence"], ["event_id", "date_start"]
    latest = report_read.read_latest(out, "events", columns, light, html_report.MAX_TIMELINE_ROWS)
    order = sorted(range(len(rows)), key=lambda i: (rows[i][0] is None, -(rows[i][0] or 0), i))
    expected = [rows[i][1] for i in (order[:keep] if len(rows) > keep else range(len(rows)))]
    assert latest.total == len(rows)
    assert latest.table.column("event_id").to_pylist() == expected
    asked = list(reversed(range(latest.shown)))
    assert [r["sentence"] for r in latest.records(asked)] == [f"S {expected[i]}" for i in asked]

