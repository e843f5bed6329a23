"""Validation: each table is split into valid rows and quarantined rows, with the reasons.

Pure: Arrow tables in, Arrow tables and counts out; no files, no clock, no Prefect.
Order: the pandera models in `schemas.tables` (every failure collected, lazily), then the
cross-table checks that need `documents.text` (the evidence span), then referential integrity
against what is left after quarantine, so a row whose parent was quarantined follows it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import compress, count, repeat
from operator import getitem, gt, ne, or_
from typing import Any

import pandas as pd
import pandera.pandas as pda
import pyarrow as pa

from schemas.tables import MODELS

TABLE_ORDER = ("documents", "events", "event_actors", "meetings")
FAILED_CHECKS = "failed_checks"
MAX_EXAMPLES = 5
WHOLE_TABLE = -1  # the row key of a failure that concerns the whole table (pandera's index=None)

# Cross-table checks (names as they appear in `failed_checks` and the report).
SPAN_IN_TEXT = "evidence_span_in_text"
SPAN_MATCHES = "evidence_matches_sentence"
DOC_EXISTS = "doc_exists"
DOC_QUARANTINED = "doc_quarantined"
EVENT_EXISTS = "event_exists"
EVENT_QUARANTINED = "event_quarantined"
SAME_DOC = "meeting_doc_matches_event"


class ValidationError(Exception):
    """The tables cannot be validated at all (a table is missing)."""


@dataclass(frozen=True, slots=True)
class CheckFailure:
    """One failed check in one table: how many rows it hit, and a few of them."""

    table: str
    check: str
    column: str | None
    rows: int
    examples: tuple[dict[str, Any], ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "column": self.column,
            "rows": self.rows,
            "examples": list(self.examples),
        }


@dataclass(frozen=True, slots=True)
class TableValidation:
    name: str
    valid: pa.Table
    quarantined: pa.Table  # every input column + `failed_checks` (list<string>)
    failures: tuple[CheckFailure, ...] = ()

    @property
    def rows_in(self) -> int:
        return self.valid.num_rows + self.quarantined.num_rows

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows_in": self.rows_in,
            "rows_valid": self.valid.num_rows,
            "rows_quarantined": self.quarantined.num_rows,
            "failures": [f.as_dict() for f in self.failures],
        }


@dataclass(frozen=True, slots=True)
class ValidationResult:
    tables: dict[str, TableValidation] = field(default_factory=dict)

    @property
    def valid_tables(self) -> dict[str, pa.Table]:
        return {name: t.valid for name, t in self.tables.items()}

    @property
    def quarantine_tables(self) -> dict[str, pa.Table]:
        return {name: t.quarantined for name, t in self.tables.items()}

    @property
    def rows_quarantined(self) -> int:
        return sum(t.quarantined.num_rows for t in self.tables.values())

    def counts(self) -> dict[str, dict[str, int]]:
        return {
            name: {
                "rows_in": t.rows_in,
                "rows_valid": t.valid.num_rows,
                "rows_quarantined": t.quarantined.num_rows,
            }
            for name, t in self.tables.items()
        }

    def as_dict(self) -> dict[str, Any]:
        return {name: t.as_dict() for name, t in self.tables.items()}


@dataclass(slots=True)
class _Failures:
    """Failures of one table, keyed by row position; WHOLE_TABLE for whole-table failures."""

    table: pa.Table
    reasons: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    examples: dict[tuple[str, str | None], list[dict[str, Any]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    hits: dict[tuple[str, str | None], int] = field(default_factory=lambda: defaultdict(int))

    def add(self, row: int, check: str, column: str | None, failure_case: object = None) -> None:
        reason = f"{column}: {check}" if column else check
        if reason in self.reasons[row]:
            return
        self.reasons[row].append(reason)
        key = (check, column)
        self.hits[key] += 1
        if len(self.examples[key]) < MAX_EXAMPLES:
            example: dict[str, Any] = {
                "row": None if row == WHOLE_TABLE else row,
                "value": _jsonable(failure_case),
            }
            if row != WHOLE_TABLE and self.table.num_columns:
                example["id"] = _jsonable(self.table.column(0)[row].as_py())
            self.examples[key].append(example)

    def bad_rows(self) -> set[int]:
        if self.reasons.get(WHOLE_TABLE):
            return set(range(self.table.num_rows))
        return {row for row, reasons in self.reasons.items() if reasons}

    def reasons_of(self, row: int) -> list[str]:
        return list(self.reasons.get(WHOLE_TABLE, [])) + list(self.reasons.get(row, []))


def _jsonable(value: object) -> object:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    try:
        if pd.isna(value):  # type: ignore[call-overload]
            return None
    except (TypeError, ValueError):
        pass
    return str(value)


def _schema_failures(name: str, table: pa.Table, failures: _Failures) -> None:
    """Run the table's pandera model lazily and record every failure, deduplicated on (check, column, row)."""
    frame = table.to_pandas(types_mapper=pd.ArrowDtype).reset_index(drop=True)
    try:
        MODELS[name].validate(frame, lazy=True)
    except pda.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        for case in cases.itertuples(index=False):
            context = str(case.schema_context)
            check = str(case.check)
            # A row-wise dataframe check reports every column of a failing row: one reason is enough.
            column = str(case.column) if context == "Column" and case.column is not None else None
            index = case.index
            row = WHOLE_TABLE if index is None or pd.isna(index) else int(index)
            if check in ("column_in_dataframe", "column_in_schema"):
                column = str(case.failure_case)  # a missing or unexpected column: pandera names it here
            failures.add(row, check, column, case.failure_case)
    except pda.errors.SchemaError as exc:  # not expected with lazy=True; still a whole-table failure
        failures.add(WHOLE_TABLE, "schema", None, str(exc).splitlines()[0])


def _column(table: pa.Table, name: str) -> list[Any]:
    return table.column(name).to_pylist() if name in table.column_names else [None] * table.num_rows


@dataclass(slots=True)
class _Columns:
    """A table's columns as Python lists, each read once per validation (`to_pylist` is the cost, and
    several checks need the same id columns); a missing column reads as nulls (the schema reports it)."""

    table: pa.Table
    read: dict[str, list[Any]] = field(default_factory=dict)

    def __call__(self, name: str) -> list[Any]:
        if name not in self.read:
            self.read[name] = _column(self.table, name)
        return self.read[name]


def _evidence_failures(columns: _Columns, texts: Mapping[str, str], failures: _Failures) -> None:
    """`0 <= char_start < char_end <= len(text)` and `text[char_start:char_end] == sentence`."""
    doc_ids, starts = columns("doc_id"), columns("char_start")
    ends, sentences = columns("char_end"), columns("sentence")
    for row in _span_suspects(list(map(texts.get, doc_ids, repeat(""))), starts, ends, sentences):
        doc_id, start, end, sentence = doc_ids[row], starts[row], ends[row], sentences[row]
        text = texts.get(doc_id)
        if text is None or start is None or end is None or not 0 <= start < end:
            continue  # a missing document is an integrity failure; bad offsets fail the schema
        if end > len(text):
            failures.add(row, SPAN_IN_TEXT, "char_end", f"[{start}:{end}] in a text of {len(text)} chars")
        elif text[start:end] != sentence:
            failures.add(row, SPAN_MATCHES, "sentence", text[start:end][:80])


def _span_suspects(texts: list[str], starts: list[Any], ends: list[Any], sentences: list[Any]) -> Iterable[int]:
    """The rows that may fail the evidence checks, in order: those whose span is not the sentence or ends
    past the text. A superset (each is checked again), found in C with `map`, so that a clean table costs
    no Python bytecode per row; every row when an offset or a document's text is missing."""
    if None in starts or None in ends or None in texts:
        return range(len(texts))
    spans = map(getitem, texts, map(slice, starts, ends))
    suspect = map(or_, map(ne, spans, sentences), map(gt, ends, map(len, texts)))
    return list(compress(count(), suspect))


def _reference_failures(
    table: _Columns,
    column: str,
    parents: set[str],
    quarantined_parents: set[str],
    failures: _Failures,
    exists_check: str,
    quarantined_check: str,
) -> None:
    """Rows whose key is a quarantined parent, or no parent at all. The keys are tested in C first:
    a table with no failing reference is not walked row by row."""
    keys = table(column)
    if quarantined_parents.isdisjoint(keys) and parents.issuperset(keys):
        return
    for row, key in enumerate(keys):
        if key in quarantined_parents:
            failures.add(row, quarantined_check, column, key)
        elif key not in parents:
            failures.add(row, exists_check, column, key)


def _split(name: str, table: pa.Table, failures: _Failures) -> TableValidation:
    bad = sorted(failures.bad_rows())
    quarantined = table.take(pa.array(bad, pa.int64()))
    reasons = pa.array([failures.reasons_of(row) for row in bad], pa.list_(pa.string()))
    quarantined = quarantined.append_column(pa.field(FAILED_CHECKS, pa.list_(pa.string())), reasons)
    found = tuple(
        CheckFailure(
            name, check, column, failures.hits[(check, column)], tuple(failures.examples[(check, column)])
        )
        for (check, column) in failures.hits
    )
    return TableValidation(name, _without(table, bad), quarantined, found)


def _without(table: pa.Table, rows: list[int]) -> pa.Table:
    """The table without the given rows: the table itself when there are none (the usual case), else a
    filter by a mask (no sorted list of every good row, no gather by index)."""
    if not rows:
        return table
    keep = [True] * table.num_rows
    for row in rows:
        keep[row] = False
    return table.filter(pa.array(keep, pa.bool_()))


def _ids(values: Iterable[Any]) -> set[Any]:
    """The distinct non-null ids."""
    ids = set(values)
    ids.discard(None)
    return ids


def _quarantined_ids(values: list[Any], bad: set[int]) -> set[Any]:
    """The ids found only on quarantined rows: an id that also has a valid row keeps its children valid."""
    if not bad:
        return set()
    return _ids(values[r] for r in bad) - _ids(v for r, v in enumerate(values) if r not in bad)


def _same_doc_failures(meetings: _Columns, event_doc: dict[Any, Any], failures: _Failures) -> None:
    """A meeting names the document of its event. The (event, document) pairs are compared as sets in C
    first: the rows are walked only when some pair differs from its event's."""
    pairs = list(zip(meetings("event_id"), meetings("doc_id"), strict=True))
    if not any(event_id in event_doc for event_id, _ in set(pairs).difference(event_doc.items())):
        return
    for row, (event_id, doc_id) in enumerate(pairs):
        if event_id in event_doc and event_doc[event_id] != doc_id:
            failures.add(row, SAME_DOC, "doc_id", doc_id)


def build_schemas() -> None:
    """Build every table's pandera schema and validate empty tables once now (cached by pandera; the first
    `validate` would, and import pandera's typing and validation backends with it: ~1 s that belongs
    before a run's first batch, not inside it)."""
    from dateline.tables import TABLES

    for model in MODELS.values():
        model.to_schema()
    validate_tables({name: schema.empty_table() for name, schema in TABLES.items()})  # pandera's backends


def validate_tables(tables: Mapping[str, pa.Table]) -> ValidationResult:
    """Validate the four tables; split each into valid rows and quarantined rows with their failed checks."""
    missing = [name for name in TABLE_ORDER if name not in tables]
    if missing:
        raise ValidationError(f"missing table(s): {', '.join(missing)}")
    failures = {name: _Failures(tables[name]) for name in TABLE_ORDER}
    for name in TABLE_ORDER:
        _schema_failures(name, tables[name], failures[name])

    columns = {name: _Columns(tables[name]) for name in TABLE_ORDER}
    docs, events, meetings = columns["documents"], columns["events"], columns["meetings"]
    texts = dict(zip(docs("doc_id"), docs("text"), strict=True))
    for name in ("events", "meetings"):
        _evidence_failures(columns[name], texts, failures[name])

    # Integrity after quarantine, parents first so that quarantine cascades down.
    all_docs = _ids(docs("doc_id"))
    bad_docs = _quarantined_ids(docs("doc_id"), failures["documents"].bad_rows())
    _reference_failures(events, "doc_id", all_docs, bad_docs, failures["events"], DOC_EXISTS, DOC_QUARANTINED)

    all_events = _ids(events("event_id"))
    bad_events = _quarantined_ids(events("event_id"), failures["events"].bad_rows())
    for name in ("event_actors", "meetings"):
        _reference_failures(
            columns[name], "event_id", all_events, bad_events, failures[name], EVENT_EXISTS, EVENT_QUARANTINED
        )
    _reference_failures(
        meetings, "doc_id", all_docs, bad_docs, failures["meetings"], DOC_EXISTS, DOC_QUARANTINED
    )
    _same_doc_failures(meetings, dict(zip(events("event_id"), events("doc_id"), strict=True)), failures["meetings"])

    return ValidationResult({name: _split(name, tables[name], failures[name]) for name in TABLE_ORDER})
