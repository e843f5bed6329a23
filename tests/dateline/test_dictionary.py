"""The data dictionary: committed file is fresh, covers every column, and its examples are valid rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.dictionary import DICTIONARY_PATH, example_tables, main, render_data_dictionary
from dateline.tables import TABLES
from dateline.validate import validate_tables
from schemas.tables import MODELS


def test_committed_dictionary_is_fresh() -> None:
    assert DICTIONARY_PATH.exists(), "docs/DATA_DICTIONARY.md is missing: run `python -m dateline.dictionary`"
    assert DICTIONARY_PATH.read_text(encoding="utf-8") == render_data_dictionary(), (
        "docs/DATA_DICTIONARY.md is stale: run `python -m dateline.dictionary` (or `make docs`) and commit it"
    )


def test_render_is_deterministic() -> None:
    assert render_data_dictionary() == render_data_dictionary()


@pytest.mark.parametrize("table", list(MODELS))
def test_every_schema_column_is_documented(table: str) -> None:
    text = render_data_dictionary()
    section = text.split(f"\n## {table}\n", 1)[1].split("\n## ", 1)[0]
    for column in MODELS[table].to_schema().columns:
        rows = [line for line in section.splitlines() if line.startswith(f"| `{column}` |")]
        assert len(rows) == 1, f"{table}.{column} missing from the dictionary"
        cells = [c.strip() for c in rows[0].strip("|").split(" | ")]
        assert cells[5], f"{table}.{column} has no description"
        assert cells[6] not in ("", "*null*"), (
            f"{table}.{column} has no example: set it in dateline.dictionary.example_tables"
        )


def test_allowed_values_come_from_isin_checks() -> None:
    text = render_data_dictionary()
    assert "`in_person`, `phone`, `video`" in text
    assert "`explicit`, `relative`, `context`, `publication`, `none`" in text


def test_example_rows_are_valid_and_cover_every_table() -> None:
    tables = example_tables()
    assert set(tables) == set(TABLES)
    result = validate_tables(tables)
    assert result.rows_quarantined == 0, result.as_dict()
    assert all(t.num_rows >= 1 for t in tables.values())


def test_check_mode_detects_a_stale_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "DATA_DICTIONARY.md"
    assert main(["--check", "--output", str(path)]) == 1  # missing
    assert main(["--output", str(path)]) == 0
    assert main(["--check", "--output", str(path)]) == 0
    path.write_text(path.read_text(encoding="utf-8") + "edited by hand\n", encoding="utf-8")
    assert main(["--check", "--output", str(path)]) == 1
    assert "stale" in capsys.readouterr().err
