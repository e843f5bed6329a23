"""batches + sources: a re-run recognises unchanged .txt articles from their bytes, without decoding them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from dateline import batches, ingest
from dateline.ingest import IngestWarning
from dateline.model import Document, Rejection
from dateline.sources import Unchanged, scan_raw
from dateline.store import write_part

TODAY = dt.date(2025, 6, 1)
TEXT = "Kyiv, 7 May 2025\n\nPresident Zelensky met Chancellor Merz in Kyiv on Tuesday.\n"


def _raw(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(TEXT, encoding="utf-8")
    (raw / "a.meta.json").write_text(json.dumps({"publication_date": "2025-05-07"}), encoding="utf-8")
    (raw / "b.txt").write_text(TEXT.replace("Kyiv", "Lviv"), encoding="utf-8")
    (raw / "c.html").write_text(f"<html><body><p>{TEXT}</p></body></html>", encoding="utf-8")
    return raw


def _first_run(raw: Path, tmp_path: Path, salt: str = "rules-1") -> batches.PreviousIndex:
    """Scan like a first run and write the index part it would write; read it back."""
    keys: dict[str, str] = {}
    docs = [d for d in scan_raw(raw, today=TODAY, salt=salt, keys=keys) if isinstance(d, Document)]
    index = batches.index_table(docs, salt, [keys.get(d.source) for d in docs])
    write_part(tmp_path / "out" / batches.INDEX, index, 0)
    return batches.read_index(tmp_path / "out")


def _fail_if_decoded(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    decoded: list[str] = []
    original = ingest.parse_text_article

    def spy(relpath: str, *args: object, **kwargs: object) -> object:
        decoded.append(relpath)
        return original(relpath, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("dateline.sources.parse_text_article", spy)
    return decoded


def test_first_run_records_input_keys_for_txt_articles_only(tmp_path: Path) -> None:
    index = _first_run(_raw(tmp_path), tmp_path)
    assert set(index.sources) == {"a.txt", "b.txt"}  # .html is always parsed (its warnings depend on it)
    assert {k.doc_id for k in index.sources.values()} < set(index.parts)
    assert index.sources["a.txt"].text_bytes == len(TEXT.strip().encode())


def test_unchanged_txt_articles_are_not_decoded_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = _raw(tmp_path)
    index = _first_run(raw, tmp_path)
    decoded = _fail_if_decoded(monkeypatch)
    items = list(scan_raw(raw, today=TODAY, known=index.sources, salt="rules-1"))
    unchanged = {i.source: i for i in items if isinstance(i, Unchanged)}
    assert set(unchanged) == {"a.txt", "b.txt"} and decoded == []
    assert unchanged["a.txt"].doc_id == index.sources["a.txt"].doc_id
    assert [i.source for i in items if isinstance(i, Document)] == ["c.html"]


@pytest.mark.parametrize(
    ("change", "salt"),
    [
        pytest.param(lambda raw: (raw / "a.txt").write_text(TEXT + "More.\n"), "rules-1", id="text-changed"),
        pytest.param(
            lambda raw: (raw / "a.meta.json").write_text('{"publication_date": "2025-05-08"}'),
            "rules-1",
            id="sidecar-changed",
        ),
        pytest.param(lambda raw: (raw / "a.meta.json").unlink(), "rules-1", id="sidecar-removed"),
        pytest.param(lambda raw: None, "rules-2", id="rules-changed"),
    ],
)
def test_a_changed_input_or_rules_is_decoded_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: object, salt: str
) -> None:
    raw = _raw(tmp_path)
    index = _first_run(raw, tmp_path)
    change(raw)  # type: ignore[operator]
    decoded = _fail_if_decoded(monkeypatch)
    items = list(scan_raw(raw, today=TODAY, known=index.sources, salt=salt))
    assert "a.txt" in decoded
    assert [i.source for i in items if isinstance(i, Document) and i.source.endswith(".txt")][0] == "a.txt"


def test_unchanged_articles_keep_their_rejections_and_warnings(tmp_path: Path) -> None:
    raw = _raw(tmp_path)
    (raw / "a.meta.json").write_text(json.dumps({"publication_date": "2025-07-01", "title": 3}))
    index = _first_run(raw, tmp_path)
    first: list[IngestWarning] = []
    list(scan_raw(raw, today=TODAY, warnings=first))
    again: list[IngestWarning] = []
    items = list(scan_raw(raw, today=TODAY, warnings=again, known=index.sources, salt="rules-1"))
    assert any(isinstance(i, Unchanged) and i.source == "a.txt" for i in items)
    assert again == first and {w.code for w in again} >= {"future_publication_date", "invalid_metadata_field"}
    outcomes = list(scan_raw(raw, today=TODAY, max_bytes=10, known=index.sources, salt="rules-1"))
    assert {i.source: i.reason for i in outcomes if isinstance(i, Rejection)}["a.txt"] == "too_large"


def test_an_unchanged_copy_of_an_earlier_document_is_a_duplicate(tmp_path: Path) -> None:
    raw = _raw(tmp_path)
    index = _first_run(raw, tmp_path)
    (raw / "0-copy.txt").write_text(TEXT, encoding="utf-8")  # sorts first: it wins, a.txt is the copy
    numbered: list[tuple[int, Rejection]] = []
    kept = [item for _, item in batches.number_inputs(scan_raw(raw, known=index.sources, salt="rules-1"), numbered)]
    rejections = [r for _, r in numbered]
    assert [k.source for k in kept][:1] == ["0-copy.txt"]
    [duplicate] = [r for r in rejections if r.reason == "duplicate"]
    assert duplicate.source == "a.txt" and duplicate.size_bytes == len(TEXT.strip().encode())


def test_an_index_without_input_keys_still_reads(tmp_path: Path) -> None:
    import pyarrow as pa

    old = pa.table({"doc_id": ["d1"], "source": ["a.txt"], "fingerprint": ["f"]})
    write_part(tmp_path / batches.INDEX, old, 3)
    index = batches.read_index(tmp_path)
    assert index.parts == {"d1": ("f", 3)} and index.sources == {}


def test_after_prepare_batches_a_batch_compiles_and_imports_nothing(tmp_path: Path) -> None:
    """The fixed costs (rules, the tagger's grammars, pandera's schemas and backends) are paid by
    `prepare_batches`, in the flow's process before its first batch (inherited by forked Dask workers),
    not inside a batch; the objects alive then are frozen out of the garbage collector's sight, once.
    Checked in a fresh interpreter: this one has compiled everything already."""
    import subprocess
    import sys

    script = f"""
import datetime as dt, sys
from pathlib import Path
from dateline import batches
from dateline.sources import scan_raw
from dateline.timex_rules import _compile_alternatives
items = list(scan_raw(Path({str(_raw(tmp_path))!r}), today=dt.date(2025, 6, 1), defer=True))
batches.prepare_batches()
compiled, modules = _compile_alternatives.cache_info().misses, set(sys.modules)
import gc
frozen = gc.get_freeze_count()
batches.prepare_batches()  # a second call: nothing more is frozen
assert gc.get_freeze_count() == frozen, (frozen, gc.get_freeze_count())
result = batches.process_batch(items, Path({str(tmp_path / "staging")!r}), 0, "rules-1")
assert result.documents == 3, result
print(_compile_alternatives.cache_info().misses - compiled, sorted(set(sys.modules) - modules), frozen > 10_000)
"""
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["0", "[]", "True"], proc.stdout
