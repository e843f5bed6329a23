"""`run_jsonl`, the body of `dateline timex`: JSON lines in, one JSON line per expression out."""

from __future__ import annotations

import io
import json

import pytest

from dateline.timex import run_jsonl


def run(lines: list[str]) -> tuple[int, list[dict[str, object]], str]:
    out, err = io.StringIO(), io.StringIO()
    rc = run_jsonl(io.StringIO("".join(line + "\n" for line in lines)), out, err)
    return rc, [json.loads(x) for x in out.getvalue().splitlines()], err.getvalue()


def test_good_lines_give_one_json_line_per_expression() -> None:
    rc, rows, err = run([
        json.dumps({"doc_id": "a", "text": "They met on Tuesday and May 7, 2025.", "dct": "2025-04-18"}),
        json.dumps({"doc_id": "b", "text": "Nothing here.", "dct": None}),
        json.dumps({"doc_id": "c", "text": "Talks last week.", "dct": None}),
    ])
    assert rc == 0 and err == ""
    assert rows == [
        {"doc_id": "a", "start": 12, "end": 19, "text": "Tuesday", "type": "DATE", "value": "2025-04-15"},
        {"doc_id": "a", "start": 24, "end": 35, "text": "May 7, 2025", "type": "DATE", "value": "2025-05-07"},
        {"doc_id": "c", "start": 6, "end": 15, "text": "last week", "type": "DATE", "value": "XXXX-WXX"},
    ]


@pytest.mark.parametrize(
    "bad",
    ["{not json", "[1, 2]", json.dumps({"doc_id": "x", "text": 3, "dct": None}),
     json.dumps({"doc_id": "x", "text": "now", "dct": "2025-13-40"})],
    ids=["not json", "not an object", "text not a string", "bad dct"],
)
def test_malformed_line_is_reported_with_its_number_and_skipped(bad: str) -> None:
    good = json.dumps({"doc_id": "ok", "text": "It ended now.", "dct": "2025-04-18"})
    rc, rows, err = run([good, bad, good])
    assert rc == 0
    assert "line 2" in err and len(err.splitlines()) == 1
    assert [r["doc_id"] for r in rows] == ["ok", "ok"]
    assert set(rows[0]) == {"doc_id", "start", "end", "text", "type", "value"}


def test_a_range_of_days_is_one_timex3_per_end() -> None:
    text = "Shares were bought from Aug. 26 to Oct. 3 and the summit is on May 7 and 8. Voting ran May 7-10."
    rc, rows, _ = run([json.dumps({"doc_id": "r", "text": text, "dct": "2025-10-28"})])
    assert rc == 0
    assert [(r["text"], r["value"]) for r in rows] == [
        ("Aug. 26", "2025-08-26"),
        ("Oct. 3", "2025-10-03"),
        ("May 7", "2025-05-07"),
        ("8", "2025-05-08"),
        ("May 7-10", "2025-05"),
    ]
    assert all(text[r["start"]:r["end"]] == r["text"] for r in rows)
