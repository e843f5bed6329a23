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
from typing import BinaryIO, NamedTuple

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
    return _input_key(_salt_digest(salt), source, data, meta)


def _salt_digest(salt: str | None) -> bytes:
    """The first of `input_key`'s part digests: the same for every article of a scan, so made once."""
    return hashlib.sha256(str(salt).encode()).digest()


_NO_META_DIGEST = hashlib.sha256(b"").digest()


def _input_key(salt_digest: bytes, source: str, data: bytes, meta: bytes | None) -> str:
    """`input_key` given the salt's digest; hashes `data` in place (no copy)."""
    h = hashlib.sha256(salt_digest)
    h.update(hashlib.sha256(source.encode("utf-8", "surrogatepass")).digest())
    h.update(hashlib.sha256(data).digest())
    h.update(_NO_META_DIGEST if meta is None else hashlib.sha256(b"M" + meta).digest())
    return h.hexdigest()[:32]


class _Entry(NamedTuple):
    """A file-like entry found by `_walk` (a NamedTuple: one is made per file, and cheaply)."""

    rel: str  # POSIX path relative to raw
    path: str  # the path as found (may be a symlink to a file inside raw)
    suffix: str  # `_suffix(rel)`, needed several times per entry
    plain: bool  # a regular file, not a symlink, when listed: `read_limited` may open it first


def _walk(
    directory: str | Path, prefix: str, root: Path, warnings: list[IngestWarning] | None
) -> Iterator[_Entry | Rejection]:
    """Every file-like entry under `directory` (`prefix`: its path relative to raw, with a final "/",
    or "" for raw itself); symlinks and hidden entries are settled here. Relative paths are built
    from the names, not from Path objects: a Path per file cost more than the rest of the listing."""
    try:
        with os.scandir(directory) as listing:
            children = sorted(listing, key=_name)
    except OSError as exc:
        if not prefix:
            raise  # the run itself cannot complete without its input directory
        yield Rejection(prefix[:-1], "unreadable", f"cannot list directory: {exc.strerror or exc}")
        return
    for child in children:
        name = child.name
        rel = prefix + name
        if child.is_symlink():
            target = Path(os.path.realpath(child.path))
            if not target.is_relative_to(root):
                yield Rejection(rel, "symlink_outside_raw", "symbolic link to a path outside raw; not read")
                continue
            if not target.exists():
                missing = target.relative_to(root).as_posix()
                yield Rejection(rel, "broken_symlink", f"link to a missing file ({missing})")
                continue
            if target.is_dir():
                _warn(warnings, rel, "skipped_symlinked_directory", "link to a directory; not followed")
                continue
        if name.startswith("."):
            if child.is_file() and _suffix(name) in (*INPUT_SUFFIXES, SIDECAR_SUFFIX):
                yield Rejection(rel, "hidden_input", "hidden file with an input suffix; rename it to read it")
            else:
                kind = "directory" if child.is_dir(follow_symlinks=False) else "file"
                _warn(warnings, rel, "skipped_hidden", f"hidden {kind} skipped")
            continue
        if child.is_dir(follow_symlinks=False):
            yield from _walk(child.path, rel + "/", root, warnings)
        else:
            yield _Entry(rel, child.path, _suffix(name), child.is_file(follow_symlinks=False))


def _name(entry: os.DirEntry[str]) -> str:
    return entry.name


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
        info = os.stat(entry.path)
    except OSError as exc:
        return Rejection(entry.rel, "unreadable", f"cannot stat: {exc.strerror or exc}")
    return _check_stat(entry, info, max_bytes)


def _check_stat(entry: _Entry, info: os.stat_result, max_bytes: int | None) -> Rejection | int:
    """`_check_file` given the file's stat."""
    if not stat.S_ISREG(info.st_mode):
        return Rejection(entry.rel, "unsupported_type", "not a regular file", None)
    if not info.st_mode & 0o444:
        return Rejection(entry.rel, "unreadable", "no read permission (mode 000)", info.st_size)
    if max_bytes is not None and info.st_size > max_bytes:
        detail = f"{info.st_size} bytes is over the limit of {max_bytes} bytes"
        return Rejection(entry.rel, "too_large", detail, info.st_size)
    return info.st_size


# O_NONBLOCK: were a FIFO put in a listed file's place, opening it must not wait for a writer
_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
_PROBE = 8192  # what a read asks for once the stat-ed size has been read: usually it finds the end


def read_limited(entry: _Entry, max_bytes: int) -> bytes | Rejection:
    """The file's bytes (checked from its stat before any read, at most max_bytes + 1 read), or the
    Rejection why not. A regular file (as listed) is opened first and its open descriptor stat-ed:
    open, fstat, two reads, close, where stat and a buffered open and read also made ioctl, lseek and
    mmap/mremap/munmap calls (strace). When that open fails, the file is stat-ed by path first, so the
    rejection is the same as before (`cannot stat`, `mode 000`, `cannot read`)."""
    if entry.plain:
        try:
            fd = os.open(entry.path, _OPEN_FLAGS)
        except OSError:
            pass
        else:
            try:
                return _read_open(entry, fd, max_bytes)
            finally:
                os.close(fd)
    checked = _check_file(entry, max_bytes)
    if isinstance(checked, Rejection):
        return checked
    try:
        fd = os.open(entry.path, _OPEN_FLAGS)
    except OSError as exc:
        return Rejection(entry.rel, "unreadable", f"cannot read: {exc.strerror or exc}", checked)
    try:
        return _read_checked(entry, fd, checked, max_bytes)
    finally:
        os.close(fd)


def _read_open(entry: _Entry, fd: int, max_bytes: int) -> bytes | Rejection:
    try:
        info = os.fstat(fd)
    except OSError as exc:
        return Rejection(entry.rel, "unreadable", f"cannot stat: {exc.strerror or exc}")
    checked = _check_stat(entry, info, max_bytes)
    if isinstance(checked, Rejection):
        return checked
    return _read_checked(entry, fd, checked, max_bytes)


def _read_checked(entry: _Entry, fd: int, size: int, max_bytes: int) -> bytes | Rejection:
    """Read to the end (as `BufferedReader.read(max_bytes + 1)`), asking first for `size + 1` bytes:
    a read of max_bytes + 1 would allocate (and give back) 20 MB for every file."""
    limit = max_bytes + 1
    chunks: list[bytes] = []
    total = 0
    try:
        while total < limit:
            chunk = os.read(fd, min(limit - total, size + 1 - total if not chunks else _PROBE))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        return Rejection(entry.rel, "unreadable", f"cannot read: {exc.strerror or exc}", size)
    data = chunks[0] if len(chunks) == 1 else b"".join(chunks)
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
        with open(entry.path, "rb") as handle:
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
    found = list(_walk(raw, "", root, warnings))
    entries = {item.rel: item for item in found if isinstance(item, _Entry)}
    article_stems = {e.rel[: -len(e.suffix)] for e in entries.values() if e.suffix in ARTICLE_SUFFIXES}
    salt_digest = _salt_digest(salt)
    for item in sorted(found, key=_sort_key):
        if isinstance(item, Rejection):
            yield item
            continue
        suffix = item.suffix
        if suffix == SIDECAR_SUFFIX:
            if item.rel[: -len(SIDECAR_SUFFIX)] not in article_stems:
                yield Rejection(item.rel, "orphan_metadata", "no NAME.txt/.html/.htm beside this sidecar")
        elif suffix == ".jsonl":
            yield from _scan_jsonl(item, max_bytes, today, warnings)
        elif suffix in ARTICLE_SUFFIXES:
            yield _scan_article(item, entries, max_bytes, today, warnings, known, salt_digest, keys, defer)
        else:
            checked = _check_file(item, None)
            size = checked if isinstance(checked, int) else None
            detail = f"not an input type ({suffix or 'no suffix'})"
            yield Rejection(item.rel, "unsupported_type", detail, size)


def _sort_key(item: _Entry | Rejection) -> str:
    return item.rel if isinstance(item, _Entry) else item.source


def _scan_article(
    entry: _Entry,
    entries: dict[str, _Entry],
    max_bytes: int,
    today: dt.date | None,
    warnings: list[IngestWarning] | None,
    known: Mapping[str, Known] | None,
    salt_digest: bytes,
    keys: dict[str, str] | None,
    defer: bool,
) -> Document | Rejection | Unchanged | RawArticle:
    data = read_limited(entry, max_bytes)
    if isinstance(data, Rejection):
        return data
    sidecar_rel = entry.rel[: -len(entry.suffix)] + SIDECAR_SUFFIX
    sidecar = entries.get(sidecar_rel)
    meta = _read_sidecar(sidecar, max_bytes, warnings) if sidecar else None
    if entry.suffix != ".txt":  # HTML: extraction warnings depend on the parse; always parse
        return parse_html_article(
            entry.rel,
            data,
            meta,
            max_bytes=max_bytes,
            today=today,
            meta_source=sidecar_rel,
            warnings=warnings,
        )
    needs_key = known is not None or keys is not None or defer
    key = _input_key(salt_digest, entry.rel, data, meta) if needs_key else None
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
