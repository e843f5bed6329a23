"""Render the HTML report of the two seed articles and screenshot it with headless Chromium.

    python bench/screenshot_report.py [--png docs/report-seeds.png] [--keep DIR]

Builds a dataset from data/raw/*.txt in a temporary directory (extraction, validation and a run
report, no Prefect), writes reports/<run_id>/report.html there, and saves a PNG for the README.
Needs /usr/bin/chromium (Debian: `apt-get install chromium`). No network.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pyarrow.parquet as pq

from dateline import report as reporting
from dateline.extract import extract_documents
from dateline.html_report import write_html_report
from dateline.ids import sha256_bytes, stable_id
from dateline.model import Document, Rejection
from dateline.tables import extraction_tables
from dateline.validate import validate_tables

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
RUN_ID = "20250510T120000Z-seeds000"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]


def build_seed_dataset(out: Path, raw: Path = REPO / "data" / "raw") -> Path:
    """The seeds' tables under OUT/<table>/part-0.parquet and a run report; returns report.html's path."""
    docs = []
    for path in sorted(raw.glob("*.txt")):
        data = path.read_bytes()
        text = data.decode("utf-8")
        docs.append(Document(stable_id(text), path.name, text, sha256_bytes(data)))
    ex = extract_documents(docs)
    tables = extraction_tables(ex.documents, ex.events, ex.meetings)
    for name, table in tables.items():
        (out / name).mkdir(parents=True, exist_ok=True)
        pq.write_table(table, out / name / "part-0.parquet")
    rejected = [Rejection("notes/empty.txt", "empty", "the file is empty", 0)]
    report = reporting.build_report(
        RUN_ID, validate_tables(tables), documents_read=len(docs), rejections=rejected
    )
    (out / "reports" / RUN_ID).mkdir(parents=True)
    (out / "reports" / RUN_ID / "validation.json").write_text(json.dumps(report, indent=2, default=str))
    return write_html_report(out, RUN_ID)


def chromium(args: list[str], user_data: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    cmd = [str(CHROMIUM), *CHROMIUM_FLAGS, f"--user-data-dir={user_data}", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)


def screenshot(page: Path, png: Path, user_data: Path, size: str = "1400,2000") -> None:
    result = chromium([f"--screenshot={png}", f"--window-size={size}", page.as_uri()], user_data)
    if result.returncode != 0 or not png.exists():
        raise RuntimeError(f"chromium failed ({result.returncode}): {result.stderr[-2000:]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--png", type=Path, default=REPO / "docs" / "report-seeds.png")
    parser.add_argument("--size", default="1400,1500", help="window size WIDTH,HEIGHT")
    parser.add_argument("--keep", type=Path, help="build the dataset here instead of a temporary directory")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is missing: apt-get install chromium", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="dateline-report-") as tmp:
        out = args.keep or Path(tmp) / "seeds"
        page = build_seed_dataset(out)
        screenshot(page, args.png.resolve(), Path(tmp) / "chromium", args.size)
    print(f"{args.png}: {args.png.stat().st_size // 1024} KB (page {page})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
