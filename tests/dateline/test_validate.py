"""validate_tables: bad rows go to quarantine with their reasons, good rows stay; quarantine cascades."""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.validate import (
    DOC_EXISTS,
    DOC_QUARANTINED,
    EVENT_EXISTS,
    EVENT_QUARANTINED,
    FAILED_CHECKS,
    SPAN_IN_TEXT,
    SPAN_MATCHES,
    TABLE_ORDER,
    ValidationError,
    validate_tables,
)


def _with(table: pa.Table, row: int, **changes: Any) -> pa.Table:
    rows = table.to_pylist()
    rows[row].update(changes)
    return pa.Table.from_pylist(rows, schema=table.schema)


def _reasons(result: Any, table: str) -> list[list[str]]:
    return result.tables[table].quarantined.column(FAILED_CHECKS).to_pylist()


def test_all_good_rows_are_valid(sample_tables: dict[str, pa.Table]) -> None:
    result = validate_tables(sample_tables)
    assert result.rows_quarantined == 0
    for name, table in sample_tables.items():
        assert result.tables[name].valid.equals(table)
        assert result.tables[name].failures == ()


def test_bad_row_is_quarantined_with_its_reason(sample_tables: dict[str, pa.Table]) -> None:
    tables = dict(sample_tables, events=_with(sample_tables["events"], 1, event_type="PARTY", confidence=2.0))
    result = validate_tables(tables)
    events = result.tables["events"]
    assert events.valid.column("event_id").to_pylist() == ["ev1"]
    assert events.quarantined.column("event_id").to_pylist() == ["ev2"]
    assert events.quarantined.schema.names == [*tables["events"].schema.names, FAILED_CHECKS]
    (reasons,) = _reasons(result, "events")
    assert any(r.startswith("event_type: isin") for r in reasons)
    assert any(r.startswith("confidence: in_range") for r in reasons)
    checks = {(f.check.split("(")[0], f.column): f.rows for f in events.failures}
    assert checks[("isin", "event_type")] == 1
    assert events.failures[0].examples[0]["id"] == "ev2"
    # the cascade: ev2's actors and meeting follow it
    assert result.tables["event_actors"].valid.column("event_id").to_pylist() == ["ev1", "ev1"]
    assert all(r == [f"event_id: {EVENT_QUARANTINED}"] for r in _reasons(result, "event_actors"))
    assert result.tables["meetings"].valid.column("meeting_id").to_pylist() == ["m1"]
    assert f"event_id: {EVENT_QUARANTINED}" in _reasons(result, "meetings")[0]


def test_row_wise_frame_check_gives_one_reason_per_row(sample_tables: dict[str, pa.Table]) -> None:
    tables = dict(sample_tables, meetings=_with(sample_tables["meetings"], 0, char_start=50, char_end=40))
    result = validate_tables(tables)
    assert _reasons(result, "meetings") == [["char_start_lt_char_end"]]
    (failure,) = result.tables["meetings"].failures
    assert failure.rows == 1


def test_quarantined_document_takes_its_events_along(sample_tables: dict[str, pa.Table]) -> None:
    tables = dict(
        sample_tables, documents=_with(sample_tables["documents"], 0, publication_date_basis="guess")
    )
    result = validate_tables(tables)
    assert result.tables["documents"].valid.column("doc_id").to_pylist() == ["doc2"]
    assert result.tables["events"].valid.column("doc_id").to_pylist() == ["doc2"]
    assert _reasons(result, "events") == [[f"doc_id: {DOC_QUARANTINED}"]]
    assert result.tables["event_actors"].quarantined.num_rows == 2
    assert result.tables["meetings"].valid.column("meeting_id").to_pylist() == ["m2"]
    assert result.counts()["events"] == {"rows_in": 2, "rows_valid": 1, "rows_quarantined": 1}


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"char_start": 0}, f"sentence: {SPAN_MATCHES}"),
        ({"char_end": 10_000}, f"char_end: {SPAN_IN_TEXT}"),
        ({"sentence": "Something else entirely."}, f"sentence: {SPAN_MATCHES}"),
    ],
    ids=["shifted", "past-the-end", "wrong-sentence"],
)
def test_evidence_offsets_must_point_at_the_sentence(
    sample_tables: dict[str, pa.Table], changes: dict[str, Any], reason: str
) -> None:
    tables = dict(sample_tables, events=_with(sample_tables["events"], 0, **changes))
    result = validate_tables(tables)
    assert _reasons(result, "events") == [[reason]]


def test_a_document_without_text_quarantines_its_events_without_crashing(
    sample_tables: dict[str, pa.Table],
) -> None:
    """A null text fails the documents schema; the evidence check of its events must not crash on it
    (the rows go with their quarantined document, as any other)."""
    tables = dict(sample_tables, documents=_with(sample_tables["documents"], 0, text=None))
    result = validate_tables(tables)
    assert result.tables["documents"].valid.column("doc_id").to_pylist() == ["doc2"]
    assert _reasons(result, "events") == [[f"doc_id: {DOC_QUARANTINED}"]]


def test_references_to_missing_rows(sample_tables: dict[str, pa.Table]) -> None:
    tables = dict(
        sample_tables,
        events=_with(sample_tables["events"], 1, doc_id="nowhere"),
        event_actors=_with(sample_tables["event_actors"], 0, event_id="ghost"),
    )
    result = validate_tables(tables)
    assert [f"doc_id: {DOC_EXISTS}"] in _reasons(result, "events")
    assert [f"event_id: {EVENT_EXISTS}"] in _reasons(result, "event_actors")
    # ev2 now points at a missing document: its actors and meeting are quarantined with it
    assert result.tables["meetings"].valid.column("meeting_id").to_pylist() == ["m1"]


def test_whole_table_failure_quarantines_the_table(sample_tables: dict[str, pa.Table]) -> None:
    tables = dict(sample_tables, event_actors=sample_tables["event_actors"].drop_columns(["role"]))
    result = validate_tables(tables)
    actors = result.tables["event_actors"]
    assert actors.valid.num_rows == 0
    assert actors.quarantined.num_rows == 4
    assert all("role: column_in_dataframe" in r for r in _reasons(result, "event_actors"))


def test_duplicate_ids_keep_the_first(sample_tables: dict[str, pa.Table]) -> None:
    docs = sample_tables["documents"]
    tables = dict(sample_tables, documents=pa.concat_tables([docs, docs.slice(0, 1)]))
    result = validate_tables(tables)
    assert result.tables["documents"].valid.num_rows == 2
    assert _reasons(result, "documents") == [["unique_doc_id"]]
    assert result.tables["events"].quarantined.num_rows == 0  # doc1 still has a valid row


def test_empty_tables_are_valid(sample_tables: dict[str, pa.Table]) -> None:
    result = validate_tables({name: t.slice(0, 0) for name, t in sample_tables.items()})
    assert result.rows_quarantined == 0


def test_missing_table_is_an_error(sample_tables: dict[str, pa.Table]) -> None:
    with pytest.raises(ValidationError, match="meetings"):
        validate_tables({k: v for k, v in sample_tables.items() if k != "meetings"})


def test_input_tables_are_not_mutated(sample_tables: dict[str, pa.Table]) -> None:
    before = {k: v.to_pylist() for k, v in sample_tables.items()}
    validate_tables(dict(sample_tables, events=_with(sample_tables["events"], 0, status="x")))
    assert {k: v.to_pylist() for k, v in sample_tables.items()} == before


_PERTURBATIONS = st.sampled_from(["null", "empty", "negative", "huge", "swap"])


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    changes=st.lists(
        st.tuples(st.sampled_from(sorted(TABLE_ORDER)), st.integers(0, 3), st.integers(0, 40), _PERTURBATIONS),
        min_size=1,
        max_size=6,
    )
)
def test_any_damaged_cells_are_quarantined_and_nothing_is_lost(
    sample_tables: dict[str, pa.Table], changes: list[tuple[str, int, int, str]]
) -> None:
    """Nulls, empty strings, negative or huge numbers and swapped values in any cell of any table: the
    validation never crashes (its fast paths included) and every row ends valid or quarantined."""
    tables = dict(sample_tables)
    for name, row, column, how in changes:
        table = tables[name]
        if table.num_rows == 0:
            continue
        row, field = row % table.num_rows, table.schema.field(column % table.num_columns)
        value = table.column(field.name)[row].as_py()
        if how == "null":
            value = None
        elif how == "empty":
            value = "" if isinstance(value, str) else value
        elif how in ("negative", "huge"):
            value = (-7 if how == "negative" else 10**9) if isinstance(value, int) else value
        else:  # the value of another row of the same column
            value = table.column(field.name)[(row + 1) % table.num_rows].as_py()
        tables[name] = _with(table, row, **{field.name: value})
    result = validate_tables(tables)
    for name in TABLE_ORDER:
        counts = result.counts()[name]
        assert counts["rows_in"] == tables[name].num_rows
        assert counts["rows_valid"] + counts["rows_quarantined"] == counts["rows_in"]
