"""Each table model accepts good rows and rejects bad ones with the right check names."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import pandera.pandas as pda
import pyarrow as pa
import pytest

from dateline.tables import TABLES
from schemas.tables import MODELS, is_valid_code


def _frame(table: pa.Table) -> pd.DataFrame:
    return table.to_pandas(types_mapper=pd.ArrowDtype)


def _failed_checks(model: type[pda.DataFrameModel], frame: pd.DataFrame) -> set[tuple[str | None, str]]:
    try:
        model.validate(frame, lazy=True)
    except pda.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        return {
            (str(c.column) if c.schema_context == "Column" else None, str(c.check))
            for c in cases.itertuples(index=False)
        }
    return set()


@pytest.mark.parametrize("name", list(MODELS))
def test_model_columns_match_the_arrow_schema(name: str) -> None:
    schema = MODELS[name].to_schema()
    assert list(schema.columns) == TABLES[name].names
    for field in TABLES[name]:
        assert schema.columns[field.name].dtype.type == pd.ArrowDtype(field.type), field.name
        assert schema.columns[field.name].description, f"{name}.{field.name} has no description"


@pytest.mark.parametrize("name", list(MODELS))
def test_good_rows_pass(name: str, sample_tables: dict[str, pa.Table]) -> None:
    frame = _frame(sample_tables[name])
    assert len(frame) >= 2
    MODELS[name].validate(frame, lazy=True)


def _with(table: pa.Table, row: int, **changes: Any) -> pa.Table:
    rows = table.to_pylist()
    rows[row].update(changes)
    return pa.Table.from_pylist(rows, schema=table.schema)


BAD_CASES: list[tuple[str, dict[str, Any], tuple[str | None, str]]] = [
    ("documents", {"publication_date_basis": "guessed"}, ("publication_date_basis", "isin")),
    ("documents", {"content_sha256": "xyz"}, ("content_sha256", "str_matches")),
    ("documents", {"text": None}, ("text", "not_nullable")),
    ("documents", {"doc_id": "doc1"}, (None, "unique_doc_id")),
    ("events", {"event_type": "PARTY"}, ("event_type", "isin")),
    ("events", {"status": "maybe"}, ("status", "isin")),
    ("events", {"date_precision": "decade"}, ("date_precision", "isin")),
    ("events", {"date_basis": "vibes"}, ("date_basis", "isin")),
    ("events", {"countries": ["SRB", "serbia"]}, ("countries", "known_codes")),
    ("events", {"location_country": "berlin"}, ("location_country", "known_code")),
    ("events", {"date_start": dt.date(2025, 6, 1)}, (None, "date_start_le_date_end")),
    ("events", {"char_start": 90, "char_end": 80}, (None, "char_start_lt_char_end")),
    ("events", {"char_start": -1}, ("char_start", "greater_than_or_equal_to")),
    ("events", {"confidence": 1.5}, ("confidence", "in_range")),
    ("events", {"event_id": "ev1"}, (None, "unique_event_id")),
    ("event_actors", {"position": 0}, ("position", "greater_than_or_equal_to")),
    ("event_actors", {"country": "xx"}, ("country", "known_code")),
    ("event_actors", {"position": 1, "event_id": "ev1"}, (None, "unique_event_id_position")),
    ("meetings", {"mode": "telepathy"}, ("mode", "isin")),
    ("meetings", {"actor2_country": "Germany"}, ("actor2_country", "known_code")),
    ("meetings", {"confidence": -0.1}, ("confidence", "in_range")),
    ("meetings", {"meeting_id": "m1"}, (None, "unique_meeting_id")),
    ("meetings", {"date_end": dt.date(2020, 1, 1)}, (None, "date_start_le_date_end")),
]


@pytest.mark.parametrize(
    ("name", "changes", "expected"), BAD_CASES, ids=[f"{n}-{'-'.join(c)}" for n, c, _ in BAD_CASES]
)
def test_bad_row_fails_the_right_check(
    name: str, changes: dict[str, Any], expected: tuple[str | None, str], sample_tables: dict[str, pa.Table]
) -> None:
    frame = _frame(_with(sample_tables[name], 1, **changes))
    failed = _failed_checks(MODELS[name], frame)
    column, check = expected
    assert any(col == column and got.startswith(check) for col, got in failed), failed


def test_strict_rejects_an_extra_column(sample_tables: dict[str, pa.Table]) -> None:
    frame = _frame(sample_tables["documents"]).assign(extra="x")
    assert any(check == "column_in_schema" for _, check in _failed_checks(MODELS["documents"], frame))


def test_pandas_default_strings_are_coerced(sample_tables: dict[str, pa.Table]) -> None:
    frame = sample_tables["event_actors"].to_pandas()  # numpy/str dtypes, as a user might build them
    out = MODELS["event_actors"].validate(frame)
    assert isinstance(out["name"].dtype, pd.ArrowDtype)


@pytest.mark.parametrize(
    ("code", "ok"), [("SRB", True), ("EUU", True), ("NATO", True), ("srb", False), ("S", False)]
)
def test_code_validity(code: str, ok: bool) -> None:
    assert is_valid_code(code) is ok
