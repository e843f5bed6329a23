"""The I/O edge: the only module that touches the raw directory. Files in, Documents/Rejections out.

What `scan_raw` does with each entry under `raw` (recursively, sorted by relative POSIX path):
- `*.txt`, `*.html`, `*.htm` (any case): one article; `NAME.meta.json` beside it is its sidecar.
- `*.jsonl`: one article per non-blank line (blank lines are skipped); streamed, so `max_bytes`
  limits each line, not the file.
- `NAME.meta.json` with no `NAME.txt`/`.html`/`.htm` beside it -> `orphan_metadata`.
- anything else, and anything that is not a regular file (FIFO, socket, device) -> `unsupported_type`.
- hidden entries (name starts with "."): a hidden file with an input suffix -> `hidden_input` (a real
  input is never dropped silently); other hidden files (.gitkeep, .DS_Store) and hidden directories
  (.git) are skipped with a `skipped_hidden` warning.
- symlinks are resolved: a target outside `raw` -> `symlink_outside_raw` (never read); a dangling one
  -> `broken_symlink`; a link to a file inside `raw` is read under the link's name (dedupe then
  reports it as a `duplicate`); a link to a directory inside `raw` is not followed (its files are
  scanned where they live) and gives a `skipped_symlinked_directory` warning.
- a file with no read permission bits (mode 000) -> `unreadable`, even when the process could read
  it anyway (root): the outcome must not depend on who runs the pipeline. A read that fails with
  an OSError (permission, I/O error) -> `unreadable` too.
- the size is checked from `stat` before reading, and at most `max_bytes + 1` bytes are read.

Accounting: inputs (files that are not paired sidecars, with a `.jsonl` counted as its non-blank
lines) = documents + rejections + duplicates. Problems that do not cost an article go to `warnings`.

Re-runs (`known`): a `.txt` article whose `input_key` (its path, the sha256 of its raw bytes and of its
sidecar's bytes, and a salt such as the rules version) equals the one recorded for that path by the
previous run is yielded as `Unchanged` (its previous doc_id) without decoding or cleaning it: the same
bytes give the same Document. It is still stat-ed, size-checked and read, and its sidecar is still
parsed, so every rejection and warning is the same as without `known`. `keys`, when given, receives
the `input_key` of every `.txt` Document yielded (for the next run's index).

Deferred parsing (`defer=True`): a changed `.txt` article is yielded as a `RawArticle` (its bytes, its
sidecar's bytes and its `input_key`) instead of a Document; `parse_raw_article` turns it into the same
Document or Rejection later, in another process if need be. Decoding and cleaning are most of a scan's
cost, so a pipeline can leave them to its workers and keep only the listing and the reading.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from dateline.ingest import (
    IngestWarning,
    parse_html_article,
    parse_jsonl_line,
    parse_meta,
    parse_text_article,
    sniff_binary,
)
from dateline.model import Document, Rejection

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
INPUT_SUFFIXES = (*ARTICLE_SUFFIXES, ".jsonl")
SIDECAR_SUFFIX = ".meta.json"
DEFAULT_MAX_BYTES = 20_000_000


@dataclass(frozen=True, slots=True)
class Unchanged:
    """A `.txt` article whose bytes and sidecar bytes are those of the previous run (see `known`)."""

    doc_id: str
    source: str
    text_bytes: int  # size of its cleaned text in UTF-8 (as a `duplicate` rejection reports it)


@dataclass(frozen=True, slots=True)
class Known:
    """What the previous run recorded for one input path."""

    input_key: str
    doc_id: str
    text_bytes: int


@dataclass(frozen=True, slots=True)
class RawArticle:
    """A `.txt` article read but not yet decoded (`scan_raw(defer=True)`); see `parse_raw_article`."""

    source: str
    data: bytes
    meta: bytes | None
    meta_source: str
    input_key: str | None


def parse_raw_article(
    item: RawArticle, *, max_bytes: int, today: dt.date | None, warnings: list[IngestWarning] | None = None
) -> Document | Rejection:
    """What `scan_raw` would have yielded for this article without `defer`."""
    return parse_text_article(
        item.source,
        item.data,
        item.meta,
        max_bytes=max_bytes,
        today=today,
        meta_source=item.meta_source,
        warnings=warnings,
    )


def input_key(source: str, data: bytes, meta: bytes | None, salt: str | None) -> str:
    """Hash of what a `.txt` article's Document is made from: path, raw bytes, sidecar bytes (+ salt)."""
    h = hashlib.sha256()
    for part in (
        str(salt).encode(),
        source.encode("utf-8", "surrogatepass"),
        data,
        b"" if meta is None else b"M" + meta,
    ):
        h.update(hashlib.sha256(part).digest())
    return h.hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class _Entry:
    rel: str  # POSIX path relative to raw
    path: Path  # the path as found (may be a symlink to a file inside raw)


def _rel(path: Path, raw: Path) -> str:
    text, prefix = str(path), str(raw) + "/"
    if os.sep == "/" and text.startswith(prefix):
        return text[len(prefix) :]  # the common case, ~10x cheaper than relative_to
    return path.relative_to(raw).as_posix()


def _walk(
    directory: Path, raw: Path, root: Path, warnings: list[IngestWarning] | None
) -> Iterator[_Entry | Rejection]:
    """Every file-like entry under `directory`; symlinks and hidden entries are settled here."""
    try:
        with os.scandir(directory) as listing:
            children = sorted(listing, key=lambda e: e.name)
    except OSError as exc:
        if directory == raw:
            raise  # the run itself cannot complete without its input directory
        yield Rejection(_rel(directory, raw), "unreadable", f"cannot list directory: {exc.strerror or exc}")
        return
    for child in children:
        path = Path(child.path)
        rel = _rel(path, raw)
        if child.is_symlink():
            target = Path(os.path.realpath(path))
            if not target.is_relative_to(root):
                yield Rejection(rel, "symlink_outside_raw", "symbolic link to a path outside raw; not read")
                continue
            if not target.exists():
                yield Rejection(rel, "broken_symlink", f"link to a missing file ({_rel(target, root)})")
                continue
            if target.is_dir():
                _warn(warnings, rel, "skipped_symlinked_directory", "link to a directory; not followed")
                continue
        if child.name.startswith("."):
            if child.is_file() and _suffix(child.name) in (*INPUT_SUFFIXES, SIDECAR_SUFFIX):
                yield Rejection(rel, "hidden_input", "hidden file with an input suffix; rename it to read it")
            else:
                kind = "directory" if child.is_dir(follow_symlinks=False) else "file"
                _warn(warnings, rel, "skipped_hidden", f"hidden {kind} skipped")
            continue
        if child.is_dir(follow_symlinks=False):
            yield from _walk(path, raw, root, warnings)
        else:
            yield _Entry(rel, path)


def _warn(warnings: list[IngestWarning] | None, source: str, code: str, detail: str) -> None:
    if warnings is not None:
        warnings.append(IngestWarning(source, code, detail))


def _suffix(name: str) -> str:
    lower = name.lower()
    if lower.endswith(SIDECAR_SUFFIX):
        return SIDECAR_SUFFIX
    return os.path.splitext(lower)[1]


def _check_file(entry: _Entry, max_bytes: int | None) -> Rejection | int:
    """The file's size when it may be read, else the Rejection (not regular, no permission, too big)."""
    try:
        info = entry.path.stat()
    except OSError as exc:
        return Rejection(entry.rel, "unreadable", f"cannot stat: {exc.strerror or exc}")
    if not stat.S_ISREG(info.st_mode):
        return Rejection(entry.rel, "unsupported_type", "not a regular file", None)
    if not info.st_mode & 0o444:
        return Rejection(entry.rel, "unreadable", "no read permission (mode 000)", info.st_size)
    if max_bytes is not None and info.st_size > max_bytes:
        detail = f"{info.st_size} bytes is over the limit of {max_bytes} bytes"
        return Rejection(entry.rel, "too_large", detail, info.st_size)
    return info.st_size


def read_limited(entry: _Entry, max_bytes: int) -> bytes | Rejection:
    """The file's bytes (stat first, at most max_bytes + 1 read), or the Rejection why not."""
    checked = _check_file(entry, max_bytes)
    if isinstance(checked, Rejection):
        return checked
    try:
        with entry.path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        return Rejection(entry.rel, "unreadable", f"cannot read: {exc.strerror or exc}", checked)
    if len(data) > max_bytes:
        return Rejection(entry.rel, "too_large", f"over the limit of {max_bytes} bytes (grew while read)")
    return data


def _read_lines(handle: BinaryIO, max_bytes: int) -> Iterator[bytes | int]:
    """Lines of at most max_bytes (+ newline); an overlong line is drained and given as its size."""
    readline = handle.readline
    while chunk := readline(max_bytes + 2):
        if len(chunk) <= max_bytes + 1 or chunk.endswith(b"\n"):
            yield chunk
            continue
        size = len(chunk)
        while chunk and not chunk.endswith(b"\n"):
            chunk = readline(1 << 20)
            size += len(chunk)
        yield size


def _scan_jsonl(
    entry: _Entry, max_bytes: int, today: dt.date | None, warnings: list[IngestWarning] | None
) -> Iterator[Document | Rejection]:
    checked = _check_file(entry, None)
    if isinstance(checked, Rejection):
        yield checked
        return
    found = False
    try:
        with entry.path.open("rb") as handle:
            binary = sniff_binary(handle.read(65_536))
            if binary:
                yield Rejection(entry.rel, "binary", binary, checked)
                return
            handle.seek(0)
            for lineno, line in enumerate(_read_lines(handle, max_bytes), start=1):
                if isinstance(line, int):
                    detail = f"line {lineno}: {line} bytes is over the limit of {max_bytes} bytes"
                    found = True
                    yield Rejection(f"{entry.rel}#{lineno}", "too_large", detail, line)
                    continue
                item = parse_jsonl_line(
                    entry.rel, lineno, line, max_bytes=max_bytes, today=today, warnings=warnings
                )
                if item is not None:
                    found = True
                    yield item
    except OSError as exc:
        yield Rejection(entry.rel, "unreadable", f"cannot read: {exc.strerror or exc}", checked)
        return
    if not found:
        yield Rejection(entry.rel, "empty", "no non-blank lines", checked)


def _read_sidecar(entry: _Entry, max_bytes: int, warnings: list[IngestWarning] | None) -> bytes | None:
    data = read_limited(entry, max_bytes)
    if isinstance(data, Rejection):
        _warn(warnings, entry.rel, "malformed_metadata", f"sidecar ignored: {data.reason}: {data.detail}")
        return None
    return data


def scan_raw(
    raw: Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    today: dt.date | None = None,
    warnings: list[IngestWarning] | None = None,
    known: Mapping[str, Known] | None = None,
    salt: str | None = None,
    keys: dict[str, str] | None = None,
    defer: bool = False,
) -> Iterator[Document | Rejection | Unchanged | RawArticle]:
    """Every input under `raw` as a Document or a Rejection, in sorted order (see module docstring).

    `today` flags publication dates in the future; problems that keep the article are appended to
    `warnings` when a list is given. `known`/`salt`/`keys`: re-runs, see the module docstring
    (without `known`, no `Unchanged` is ever yielded). `defer`: changed `.txt` articles come as
    `RawArticle`s (without `defer`, none is ever yielded).
    """
    raw = Path(raw)
    root = raw.resolve()
    found = list(_walk(raw, raw, root, warnings))
    entries = {item.rel: item for item in found if isinstance(item, _Entry)}
    articles = {rel for rel in entries if _suffix(rel) in ARTICLE_SUFFIXES}
    article_stems = {rel[: -len(os.path.splitext(rel)[1])] for rel in articles}
    for item in sorted(found, key=lambda i: i.rel if isinstance(i, _Entry) else i.source):
        if isinstance(item, Rejection):
            yield item
            continue
        suffix = _suffix(item.rel)
        if suffix == SIDECAR_SUFFIX:
            if item.rel[: -len(SIDECAR_SUFFIX)] not in article_stems:
                yield Rejection(item.rel, "orphan_metadata", "no NAME.txt/.html/.htm beside this sidecar")
        elif suffix == ".jsonl":
            yield from _scan_jsonl(item, max_bytes, today, warnings)
        elif suffix in ARTICLE_SUFFIXES:
            yield _scan_article(item, entries, max_bytes, today, warnings, known, salt, keys, defer)
        else:
            checked = _check_file(item, None)
            size = checked if isinstance(checked, int) else None
            detail = f"not an input type ({suffix or 'no suffix'})"
            yield Rejection(item.rel, "unsupported_type", detail, size)


def _scan_article(
    entry: _Entry,
    entries: dict[str, _Entry],
    max_bytes: int,
    today: dt.date | None,
    warnings: list[IngestWarning] | None,
    known: Mapping[str, Known] | None = None,
    salt: str | None = None,
    keys: dict[str, str] | None = None,
    defer: bool = False,
) -> Document | Rejection | Unchanged | RawArticle:
    data = read_limited(entry, max_bytes)
    if isinstance(data, Rejection):
        return data
    sidecar_rel = entry.rel[: -len(os.path.splitext(entry.rel)[1])] + SIDECAR_SUFFIX
    sidecar = entries.get(sidecar_rel)
    meta = _read_sidecar(sidecar, max_bytes, warnings) if sidecar else None
    if _suffix(entry.rel) != ".txt":  # HTML: extraction warnings depend on the parse; always parse
        return parse_html_article(
            entry.rel,
            data,
            meta,
            max_bytes=max_bytes,
            today=today,
            meta_source=sidecar_rel,
            warnings=warnings,
        )
    key = input_key(entry.rel, data, meta, salt) if known is not None or keys is not None or defer else None
    previous = known.get(entry.rel) if known is not None else None
    if previous is not None and previous.input_key == key and len(data) <= max_bytes:
        if (
            meta is not None
        ):  # the sidecar's warnings (a future date depends on `today`) as parse_text_article
            _, problems = parse_meta(meta, source=entry.rel, today=today)
            for w in problems:
                _warn(warnings, entry.rel, w.code, f"{sidecar_rel}: {w.detail}")
        return Unchanged(previous.doc_id, entry.rel, previous.text_bytes)
    if defer:
        return RawArticle(entry.rel, data, meta, sidecar_rel, key)
    doc = parse_text_article(
        entry.rel, data, meta, max_bytes=max_bytes, today=today, meta_source=sidecar_rel, warnings=warnings
    )
    if keys is not None and key is not None and isinstance(doc, Document):
        keys[entry.rel] = key
    return doc


def dedupe_documents(
    items: Iterable[Document | Rejection],
) -> tuple[list[Document], list[Rejection]]:
    """Documents with distinct doc_ids (first seen wins); later copies become `duplicate` Rejections.

    Rejections in `items` are passed through, in order, in the second list.
    """
    first: dict[str, Document] = {}
    rejections: list[Rejection] = []
    for item in items:
        if isinstance(item, Rejection):
            rejections.append(item)
        elif item.doc_id in first:
            detail = f"same text as {first[item.doc_id].source} (doc_id {item.doc_id})"
            rejections.append(Rejection(item.source, "duplicate", detail, len(item.text.encode("utf-8"))))
        else:
            first[item.doc_id] = item
    return list(first.values()), rejections
