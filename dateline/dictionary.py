"""The data dictionary: `docs/DATA_DICTIONARY.md`, rendered from the pandera models in `schemas.tables`.

Every table, column, type, nullability, allowed values (`isin` checks), other constraints, the
description and an example value. The examples come from one small hand-written, mutually
consistent set of records (`example_tables`), turned into rows by `dateline.tables` itself, so a
new column gets an example as soon as the records carry it.

    python -m dateline.dictionary           # (re)write docs/DATA_DICTIONARY.md
    python -m dateline.dictionary --check   # exit 1 when the file on disk is stale
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandera.pandas as pda
import pyarrow as pa

from dateline.model import Actor, Document, EventRecord, MeetingRecord, Window
from dateline.tables import extraction_tables
from schemas.tables import MODELS

REPO = Path(__file__).resolve().parents[1]
DICTIONARY_PATH = REPO / "docs" / "DATA_DICTIONARY.md"
EXAMPLE_WIDTH = 60

_TEXT = (
    "Nairobi, 10 May 2025. President William Ruto met Tanzanian President Samia Suluhu Hassan in Nairobi "
    "on 9 May. The two sides agreed to deepen cooperation."
)
_SENTENCE = "President William Ruto met Tanzanian President Samia Suluhu Hassan in Nairobi on 9 May."


def example_tables() -> dict[str, pa.Table]:
    """One article, one meeting event with two actors, one meeting row: the examples of the dictionary."""
    doc = Document(
        doc_id="f051b2a5b2454ef9",
        source="nairobi/ruto-hassan.txt",
        text=_TEXT,
        content_sha256=hashlib.sha256(_TEXT.encode("utf-8")).hexdigest(),
        title="Ruto meets Hassan in Nairobi",
        url="https://example.org/news/ruto-hassan",
        publication_date=dt.date(2025, 5, 10),
        publication_date_basis="metadata",
        language="en",
        encoding="utf-8",
        publisher="Example News Agency",
    )
    start = _TEXT.index(_SENTENCE)
    host, guest = Actor("William Ruto", "KEN", "president"), Actor("Samia Suluhu Hassan", "TZA", "president")
    day = dt.date(2025, 5, 9)
    event = EventRecord(
        event_id="9c1d0f7be2a4c815",
        doc_id=doc.doc_id,
        event_type="MEET",
        status="occurred",
        countries=("KEN", "TZA"),
        window=Window(day, day, "day"),
        date_basis="explicit",
        date_text="on 9 May",
        location="Nairobi",
        location_country="KEN",
        sentence=_SENTENCE,
        char_start=start,
        char_end=start + len(_SENTENCE),
        plover_type="CONSULT",
        cameo_code="040",
        confidence=0.9,
        actors=(host, guest),
        trigger="met",
    )
    meeting = MeetingRecord(
        meeting_id="3e5a77c01b9d2f64",
        event_id=event.event_id,
        doc_id=doc.doc_id,
        actor1=host,
        actor2=guest,
        mode="in_person",
        status="occurred",
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
    return extraction_tables([doc], [event], [meeting])


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _example(value: Any) -> str:
    if value is None:
        return "*null*"
    if isinstance(value, dt.date):
        text = value.isoformat()
    elif isinstance(value, list | tuple):
        text = json.dumps(list(value), ensure_ascii=False)
    else:
        text = str(value)
    if len(text) > EXAMPLE_WIDTH:
        text = text[: EXAMPLE_WIDTH - 1] + "…"
    return f"`{_cell(text)}`"


def _type_name(dtype: Any) -> str:
    arrow = getattr(getattr(dtype, "type", None), "pyarrow_dtype", None)
    if arrow is None:
        return str(dtype)
    if pa.types.is_list(arrow):
        return f"list<{arrow.value_type}>"
    return "date" if pa.types.is_date32(arrow) else str(arrow)


def _constraint(check: pda.Check) -> str:
    stats: dict[str, Any] = dict(check.statistics or {})
    name = check.name
    if name == "str_length":
        low, high = stats.get("min_value"), stats.get("max_value")
        if low is not None and high is not None:
            return f"length {low}–{high}"
        return f"length ≥ {low}" if low is not None else f"length ≤ {high}"
    if name == "str_matches":
        return f"matches `{_cell(str(stats.get('pattern')))}`"
    if name == "in_range":
        return f"{stats.get('min_value')} ≤ x ≤ {stats.get('max_value')}"
    symbols = {
        "greater_than_or_equal_to": "≥",
        "greater_than": ">",
        "less_than_or_equal_to": "≤",
        "less_than": "<",
        "equal_to": "=",
        "not_equal_to": "≠",
    }
    if name in symbols:
        return f"{symbols[name]} {stats.get('min_value', stats.get('max_value', stats.get('value')))}"
    return f"`{name}`"


def _column_rows(model: type[pda.DataFrameModel], examples: dict[str, Any]) -> list[str]:
    schema = model.to_schema()
    rows = [
        "| column | type | nullable | allowed values | constraints | description | example |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, column in schema.columns.items():
        allowed: list[str] = []
        constraints: list[str] = []
        for check in column.checks:
            if check.name == "isin":
                allowed = [f"`{v}`" for v in (check.statistics or {}).get("allowed_values", [])]
            else:
                constraints.append(_constraint(check))
        cells = [
            f"`{name}`",
            f"`{_type_name(column.dtype)}`",
            "yes" if column.nullable else "no",
            ", ".join(allowed),
            "; ".join(constraints),
            _cell(column.description or ""),
            _example(examples.get(name)) if name in examples else "",
        ]
        rows.append("| " + " | ".join(cells) + " |")
    return rows


def render_data_dictionary() -> str:
    """The Markdown text of `docs/DATA_DICTIONARY.md` (deterministic: no clock, no versions)."""
    tables = example_tables()
    lines = [
        "# Data dictionary",
        "",
        "<!-- Generated by `python -m dateline.dictionary` from the pandera models in `schemas/tables.py`.",
        "     Do not edit by hand: `make docs` rewrites it, and a test fails when it is stale. -->",
        "",
        "The four tables a run writes under `OUT/` (see `CONTRACT.md`), each a Parquet dataset directory:",
        '`pandas.read_parquet(OUT / "meetings")`. Rows that fail a check go to `OUT/quarantine/<table>/`',
        "with the same columns plus `failed_checks`. Types are Arrow types; dates are calendar days",
        "(`date32`), windows are inclusive. The examples are one consistent made-up row per table.",
        "",
        "Tables: " + " · ".join(f"[`{name}`](#{name})" for name in MODELS),
    ]
    for name, model in MODELS.items():
        schema = model.to_schema()
        example_rows = tables[name].to_pylist() if name in tables else []
        doc = (model.__doc__ or "").strip().split("\n")[0]
        summary = doc.split(":", 1)[1].strip() if doc.startswith("`") and ":" in doc else doc
        lines += ["", f"## {name}", "", summary[:1].upper() + summary[1:], ""]
        lines.append(
            f"Directory `OUT/{name}/`; model `schemas.tables.{model.__name__}`"
            + ("; strict (no other columns)." if schema.strict else ".")
        )
        lines += ["", *_column_rows(model, example_rows[0] if example_rows else {})]
        row_checks = [f"`{c.name}`" for c in schema.checks]
        if row_checks:
            lines += ["", "Row checks: " + ", ".join(row_checks) + "."]
    lines += [
        "",
        "Cross-table checks (in `dateline.validate`, after the models): the evidence span "
        "`char_start:char_end` slices `documents.text` to `sentence`; every `doc_id` and `event_id` "
        "refers to a row that exists and was not quarantined.",
    ]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dateline.dictionary", description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the file on disk is stale")
    parser.add_argument("--output", type=Path, default=DICTIONARY_PATH, help="default: %(default)s")
    args = parser.parse_args(argv)
    text = render_data_dictionary()
    path: Path = args.output
    if args.check:
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != text:
            print(f"{path} is stale: run `python -m dateline.dictionary`", file=sys.stderr)
            return 1
        print(f"{path} is up to date")
        return 0
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
