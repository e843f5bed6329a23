"""dateline.sources: scan_raw over tmp_path trees, dedupe, and the fault corpus end to end."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from dateline.ingest import IngestWarning
from dateline.model import Document, Rejection
from dateline.sources import _Entry, _read_checked, dedupe_documents, scan_raw

TODAY = dt.date(2025, 6, 1)
REPO = Path(__file__).resolve().parents[2]


def _article(label: str) -> str:
    return f"Talks on {label}\n\nPresident Alpha met Prime Minister Beta in Paris to discuss {label}.\n"


def _tree(root: Path, files: dict[str, bytes | str]) -> Path:
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode() if isinstance(data, str) else data)
    return root


def _outcomes(items: list[Document | Rejection]) -> list[tuple[str, str]]:
    return [(i.source, i.reason if isinstance(i, Rejection) else "document") for i in items]


def test_scan_raw_sorted_sidecars_and_types(tmp_path: Path) -> None:
    raw = _tree(
        tmp_path / "raw",
        {
            "b.txt": _article("b"),
            "b.meta.json": json.dumps({"title": "B", "publication_date": "2025-05-03", "url": "https://b"}),
            "a/deep/er/x.html": f"<html><head><title>X</title></head><body><p>{_article('x')}</p></body>",
            "c.jsonl": json.dumps({"id": "k", "text": _article("c")}) + "\n{bad\n",
            "d.pdf": b"%PDF-1.7",
            "orphan.meta.json": "{}",
            "UPPER.TXT": _article("upper"),
        },
    )
    items = list(scan_raw(raw, today=TODAY))
    assert _outcomes(items) == [
        ("UPPER.TXT", "document"),
        ("a/deep/er/x.html", "document"),
        ("b.txt", "document"),
        ("c.jsonl#k", "document"),
        ("c.jsonl#2", "malformed_json"),
        ("d.pdf", "unsupported_type"),
        ("orphan.meta.json", "orphan_metadata"),
    ]
    b = items[2]
    assert isinstance(b, Document)
    assert (b.title, b.url, b.publication_date, b.publication_date_basis) == (
        "B",
        "https://b",
        dt.date(2025, 5, 3),
        "metadata",
    )


def test_names_with_spaces_and_non_ascii(tmp_path: Path) -> None:
    raw = _tree(
        tmp_path / "raw",
        {"with space/ün ï 日本.txt": _article("names"), "with space/ün ï 日本.meta.json": '{"title": "Ü"}'},
    )
    [doc] = scan_raw(raw)
    assert isinstance(doc, Document) and (doc.source, doc.title) == ("with space/ün ï 日本.txt", "Ü")


def test_symlinks(tmp_path: Path) -> None:
    outside = _tree(tmp_path / "outside", {"secret.txt": _article("secret")})
    raw = _tree(tmp_path / "raw", {"real/a.txt": _article("a")})
    (raw / "out.txt").symlink_to(outside / "secret.txt")
    (raw / "outdir").symlink_to(outside)
    (raw / "dangling.txt").symlink_to(raw / "missing.txt")
    (raw / "inside.txt").symlink_to(raw / "real" / "a.txt")
    (raw / "realdir").symlink_to(raw / "real")
    warnings: list[IngestWarning] = []
    items = list(scan_raw(raw, warnings=warnings))
    assert _outcomes(items) == [
        ("dangling.txt", "broken_symlink"),
        ("inside.txt", "document"),
        ("out.txt", "symlink_outside_raw"),
        ("outdir", "symlink_outside_raw"),
        ("real/a.txt", "document"),
    ]
    assert [(w.source, w.code) for w in warnings] == [("realdir", "skipped_symlinked_directory")]
    documents, duplicates = dedupe_documents(items)
    assert [d.source for d in documents] == ["inside.txt"]
    assert [(r.source, r.reason) for r in duplicates if r.reason == "duplicate"] == [
        ("real/a.txt", "duplicate")
    ]


def test_hidden_files(tmp_path: Path) -> None:
    raw = _tree(
        tmp_path / "raw",
        {
            ".gitkeep": b"",
            ".DS_Store": b"\x00\x01",
            ".git/config": "x",
            "sub/.draft.txt": _article("draft"),
            "ok.txt": _article("ok"),
        },
    )
    warnings: list[IngestWarning] = []
    items = list(scan_raw(raw, warnings=warnings))
    assert _outcomes(items) == [("ok.txt", "document"), ("sub/.draft.txt", "hidden_input")]
    assert sorted(w.source for w in warnings if w.code == "skipped_hidden") == [
        ".DS_Store",
        ".git",
        ".gitkeep",
    ]


@pytest.mark.parametrize(
    ("name", "mode", "reason"),
    [
        pytest.param("locked.txt", 0o000, "unreadable", id="mode-000"),
        pytest.param("fine.txt", 0o400, "document", id="owner-read-only"),
    ],
)
def test_permissions(tmp_path: Path, name: str, mode: int, reason: str) -> None:
    raw = _tree(tmp_path / "raw", {name: _article(name)})
    os.chmod(raw / name, mode)
    try:
        assert _outcomes(list(scan_raw(raw))) == [(name, reason)]
    finally:
        os.chmod(raw / name, 0o600)


@pytest.mark.parametrize(
    ("mode", "detail"),
    [
        pytest.param(0o000, "no read permission (mode 000)", id="mode-000"),
        pytest.param(0o644, "cannot read: Permission denied", id="readable-mode"),
    ],
)
def test_failed_open_is_reported_as_by_stat_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: int, detail: str
) -> None:
    """A regular file is opened before it is stat-ed; when the open fails (no permission, as for a
    user who is not root), the rejection is the one a stat first gives."""
    raw = _tree(tmp_path / "raw", {"a.txt": _article("a")})
    os.chmod(raw / "a.txt", mode)

    def refuse(path: str, flags: int, *args: int) -> int:
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr(os, "open", refuse)
    try:
        [item] = scan_raw(raw)
    finally:
        monkeypatch.undo()
        os.chmod(raw / "a.txt", 0o600)
    assert isinstance(item, Rejection) and (item.reason, item.detail) == ("unreadable", detail)


@pytest.mark.parametrize(
    ("max_bytes", "read"), [pytest.param(50_000, "all", id="grew"), pytest.param(20_000, "none", id="grew-over")]
)
def test_read_goes_on_past_the_stat_size(tmp_path: Path, max_bytes: int, read: str) -> None:
    """A file that grew since its stat is read to its end, as a buffered read would."""
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 30_000)
    entry = _Entry("a.txt", str(path), ".txt", True)
    fd = os.open(path, os.O_RDONLY)
    try:
        data = _read_checked(entry, fd, 100, max_bytes)  # stat said 100 bytes
    finally:
        os.close(fd)
    if read == "all":
        assert data == b"x" * 30_000
    else:
        assert isinstance(data, Rejection) and data.reason == "too_large" and "grew while read" in data.detail


def test_fifo_is_not_opened(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    os.mkfifo(raw / "pipe.txt")
    assert _outcomes(list(scan_raw(raw))) == [("pipe.txt", "unsupported_type")]


@pytest.mark.parametrize(
    ("files", "max_bytes", "expected"),
    [
        pytest.param({"a.txt": "x" * 101}, 100, [("a.txt", "too_large")], id="article-over-limit"),
        pytest.param({"a.txt": "y" * 100}, 100, [("a.txt", "document")], id="article-at-limit"),
        pytest.param(
            {"a.jsonl": '{"text": "ok"}\n{"text": "' + "z" * 120 + '"}\n{"text": "fine"}\n'},
            100,
            [("a.jsonl#1", "document"), ("a.jsonl#2", "too_large"), ("a.jsonl#3", "document")],
            id="jsonl-line-over-limit",
        ),
        pytest.param(
            {"a.jsonl": b"\x89PNG\r\n\x1a\n\x00\x00"}, 100, [("a.jsonl", "binary")], id="jsonl-binary"
        ),
        pytest.param({"a.jsonl": "\n\n"}, 100, [("a.jsonl", "empty")], id="jsonl-blank"),
        pytest.param(
            {"a.txt": "ok ok", "a.meta.json": "{" * 200},
            100,
            [("a.txt", "document")],
            id="sidecar-over-limit-keeps-article",
        ),
    ],
)
def test_size_limits(
    tmp_path: Path, files: dict[str, str | bytes], max_bytes: int, expected: list[tuple[str, str]]
) -> None:
    raw = _tree(tmp_path / "raw", files)
    assert _outcomes(list(scan_raw(raw, max_bytes=max_bytes))) == expected


def test_dedupe_documents_reconciles(tmp_path: Path) -> None:
    raw = _tree(
        tmp_path / "raw",
        {
            "a.txt": _article("same"),
            "b/copy.txt": _article("same") + "\n\n",
            "c.txt": _article("other"),
            "d.bin": b"x",
        },
    )
    items = list(scan_raw(raw))
    documents, rejections = dedupe_documents(items)
    assert [d.source for d in documents] == ["a.txt", "c.txt"]
    assert [(r.source, r.reason) for r in rejections] == [
        ("b/copy.txt", "duplicate"),
        ("d.bin", "unsupported_type"),
    ]
    assert "a.txt" in rejections[0].detail
    assert len(items) == len(documents) + len(rejections)


def test_missing_raw_directory_raises(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        list(scan_raw(tmp_path / "nope"))


# ---------------------------------------------------------------- the fault corpus


def _load_fault_corpus() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_fault_corpus", REPO / "bench" / "make_fault_corpus.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _observed(raw: Path) -> tuple[dict[str, str], int]:
    warnings: list[IngestWarning] = []
    items = list(scan_raw(raw, today=TODAY, warnings=warnings))
    documents, rejections = dedupe_documents(items)
    observed = {d.source: "document" for d in documents} | {r.source: r.reason for r in rejections}
    for w in warnings:
        if w.code == "skipped_hidden":
            observed[w.source] = w.code
        else:
            assert observed[w.source] == "document", w
            observed[w.source] = f"warning:{w.code}"
    assert len(items) == len(documents) + len(rejections)  # duplicates are among the rejections
    return observed, len(items)


def _chmod_back(raw: Path) -> Callable[[], None]:
    return lambda: os.chmod(raw / "unreadable" / "locked.txt", 0o600)


def test_fault_corpus_every_file_accounted_for(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    expected = _load_fault_corpus().make_fault_corpus(raw, include_large=False)
    try:
        observed, inputs = _observed(raw)
    finally:
        _chmod_back(raw)()
    assert observed == expected
    assert inputs == sum(outcome != "skipped_hidden" for outcome in expected.values())


@pytest.mark.slow
def test_fault_corpus_with_60mb_file(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    expected = _load_fault_corpus().make_fault_corpus(raw, include_large=True)
    try:
        observed, _ = _observed(raw)
    finally:
        _chmod_back(raw)()
    assert observed["big/over-limit-60mb.txt"] == "too_large"
    assert observed == expected
