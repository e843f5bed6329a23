"""Object stores (`s3://bucket/prefix`) at the edges of a run: stage the raw articles in, pull the current
dataset, publish a new version atomically. Plain I/O helpers on `pyarrow.fs`; no Prefect.

Layout under an OUT URL:
    OUT/CURRENT                                 the pointer (JSON): run_id, path, url, time, rules_version,
                                                versions (the run ids kept, newest first)
    OUT/versions/<run_id>/<table>/part-*.parquet    documents, events, event_actors, meetings, and
    OUT/versions/<run_id>/quarantine/<table>/       quarantine and _index, as a local OUT holds them
    OUT/reports/<run_id>/                       validation.json, validation.md, report.html
    OUT/.dateline.lock                          the lease of the run writing OUT (JSON)

Publication: a run uploads its dataset under `versions/<run_id>/`, then its report, and only then
overwrites the small object `CURRENT` (one PUT, atomic on S3). Readers resolve CURRENT first, so a run
that fails or is killed before that PUT leaves the dataset CURRENT names readable and unchanged. Old
versions are deleted only after CURRENT moved, keeping the newest `keep`; the next run deletes what a
killed run left behind.

Concurrency: the lease OUT/.dateline.lock, best effort (see `dateline.remote_lease`).

Endpoint and credentials come from the environment as for any AWS client (`AWS_ENDPOINT_URL`,
`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_DEFAULT_REGION`, ...) or from the URL's query
(`s3://bucket/prefix?endpoint_override=host:port&scheme=http`), as `pyarrow.fs.FileSystem.from_uri`
reads them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, TypeVar
from urllib.parse import urlsplit

import pyarrow as pa
import pyarrow.fs as pafs

from dateline.store import REPORTS, StoreError

CURRENT = "CURRENT"
VERSIONS = "versions"
KEEP_VERSIONS = 2
EARLIER_REPORTS = 10  # `working_copy`: the reports before the one shown that are fetched too
THREADS = 8  # concurrent transfers: object stores answer each request in tens of milliseconds
CHUNK = 1 << 20
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
T = TypeVar("T")


class RemoteError(StoreError):
    """An object-store location cannot be used as asked (no objects, no dataset, unsafe key)."""


class RemoteIOError(RemoteError, OSError):
    """A transfer failed; the message names the URL (an OSError: it may be transient)."""


def is_url(text: str) -> bool:
    """True for `scheme://...` (s3://, gs://, ...), False for a local path."""
    return bool(_URL.match(text))


@dataclass(frozen=True)
class Location:
    """A prefix in a file system: `fs` and its `path` there (`bucket/prefix`), and the URL naming it."""

    fs: pafs.FileSystem
    path: str
    url: str

    def child(self, *parts: str) -> Location:
        rel = "/".join(p.strip("/") for p in parts if p.strip("/"))
        split = urlsplit(self.url)
        query = f"?{split.query}" if split.query else ""
        url = f"{split.scheme}://{split.netloc}{split.path.rstrip('/')}/{rel}{query}"
        return Location(self.fs, f"{self.path}/{rel}", url)

    @property
    def plain_url(self) -> str:
        """The URL without its query (endpoint options): what analysts' tools are given."""
        split = urlsplit(self.url)
        return f"{split.scheme}://{split.netloc}{split.path}"


def open_location(url: str) -> Location:
    """The file system and path of `url` (endpoint and credentials from the environment or the query)."""
    if not is_url(url):
        raise RemoteError(f"{url}: not a URL (expected e.g. s3://bucket/prefix)")
    try:
        fs, path = pafs.FileSystem.from_uri(url)
    except (OSError, pa.ArrowException) as exc:
        raise RemoteError(f"{url}: {exc}") from exc
    split = urlsplit(url)
    clean = f"{split.scheme}://{split.netloc}{split.path.rstrip('/')}" + (f"?{split.query}" if split.query else "")
    return Location(fs, path.rstrip("/"), clean)


@contextmanager
def io_errors(what: str, url: str) -> Iterator[None]:
    try:
        yield
    except RemoteError:
        raise
    except (OSError, pa.ArrowException) as exc:
        raise RemoteIOError(f"cannot {what} {url}: {' '.join(str(exc).split())}") from exc


def _relative(base: str, path: str) -> str:
    """`path` relative to `base`, refusing anything that would escape the destination directory."""
    rel = path[len(base) :].lstrip("/") if path.startswith(base + "/") else ""
    parts = rel.split("/")
    if not rel or any(p in ("", ".", "..") for p in parts):
        raise RemoteError(f"object {path!r} under {base!r} has no safe relative path: cannot be copied")
    return rel


def list_files(loc: Location) -> list[tuple[str, int]]:
    """(relative POSIX path, size) of every object under `loc`, sorted; [] when there is none."""
    with io_errors("list", loc.url):
        infos = loc.fs.get_file_info(pafs.FileSelector(loc.path, recursive=True, allow_not_found=True))
    files = [(_relative(loc.path, i.path), int(i.size or 0)) for i in infos if i.type == pafs.FileType.File]
    return sorted(files)


def _parallel(fn: Callable[[T], Any], items: Iterable[T], threads: int = THREADS) -> None:
    """Run `fn` over `items` on a few threads, at most 4 per thread queued; the first error wins."""
    with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="dateline-remote") as pool:
        pending: set[Future[Any]] = set()
        try:
            for item in items:
                pending.add(pool.submit(fn, item))
                if len(pending) >= 4 * threads:
                    done, pending = wait(pending, return_when=FIRST_EXCEPTION)
                    for f in done:
                        f.result()
            done, pending = wait(pending, return_when=FIRST_EXCEPTION)
            for f in done:
                f.result()
        finally:
            for f in pending:
                f.cancel()


def _get_file(src: Location, rel: str, dest: Path) -> None:
    target = dest / PurePosixPath(rel)
    target.parent.mkdir(parents=True, exist_ok=True)
    with io_errors("download", src.child(rel).url), src.fs.open_input_stream(f"{src.path}/{rel}") as f:
        with open(target, "wb") as g:
            shutil.copyfileobj(f, g, CHUNK)  # streamed: a file is never held in memory whole


def _put_file(source: Path, dst: Location, rel: str) -> None:
    with io_errors("upload to", dst.child(rel).url), open(source, "rb") as f:
        with dst.fs.open_output_stream(f"{dst.path}/{rel}") as g:
            shutil.copyfileobj(f, g, CHUNK)


def download_tree(src: Location, dest: Path) -> int:
    """Copy every object under `src` into `dest`, keeping relative paths. Returns the number of files."""
    files = list_files(src)
    dest.mkdir(parents=True, exist_ok=True)
    _parallel(lambda item: _get_file(src, item[0], dest), files)
    return len(files)


def upload_tree(source: Path, dst: Location) -> int:
    """Copy every file under the local directory `source` to `dst`, keeping relative paths."""
    files = sorted(p.relative_to(source).as_posix() for p in source.rglob("*") if p.is_file())
    _parallel(lambda rel: _put_file(source / rel, dst, rel), files)
    return len(files)


def stage_raw(raw: Location, dest: Path) -> int:
    """Download the articles under `raw` into the local directory `dest` (same relative paths, so the
    documents' `source` and ids are those of a local copy of the tree). Refuses an empty prefix: a run
    mirrors --raw, and a mistyped URL must not empty the dataset."""
    count = download_tree(raw, dest)
    if count == 0:
        raise RemoteError(f"--raw {raw.url}: no objects under this prefix")
    return count


# --- the pointer -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pointer:
    """The content of OUT/CURRENT: which version is the dataset."""

    run_id: str
    path: str  # relative to OUT: versions/<run_id>
    url: str  # the version's URL (without query)
    time: str
    rules_version: str | None
    versions: list[str] = field(default_factory=list)  # kept, newest first

    def to_json(self) -> str:
        return json.dumps(
            {
                "run_id": self.run_id,
                "path": self.path,
                "url": self.url,
                "time": self.time,
                "rules_version": self.rules_version,
                "versions": self.versions,
            },
            indent=2,
        )


def read_json(loc: Location) -> dict[str, Any] | None:
    with io_errors("read", loc.url):
        if loc.fs.get_file_info(loc.path).type != pafs.FileType.File:
            return None
        with loc.fs.open_input_stream(loc.path) as f:
            data = f.read()
    try:
        value = json.loads(data)
    except ValueError as exc:
        raise RemoteError(f"{loc.url}: not valid JSON ({exc})") from exc
    return value if isinstance(value, dict) else None


def write_bytes(loc: Location, data: bytes) -> None:
    with io_errors("write", loc.url), loc.fs.open_output_stream(loc.path) as f:
        f.write(data)


def read_pointer(out: Location) -> Pointer | None:
    """The pointer OUT/CURRENT, or None when OUT has no dataset yet."""
    value = read_json(out.child(CURRENT))
    if value is None:
        return None
    try:
        return Pointer(
            run_id=str(value["run_id"]),
            path=str(value["path"]),
            url=str(value.get("url") or out.child(str(value["path"])).plain_url),
            time=str(value.get("time")),
            rules_version=value.get("rules_version"),
            versions=[str(v) for v in value.get("versions") or [value["run_id"]]],
        )
    except KeyError as exc:
        raise RemoteError(f"{out.child(CURRENT).url}: no {exc} in the pointer") from exc


def resolve_dataset(url: str) -> str:
    """The URL of the version OUT/CURRENT names (read its tables with pyarrow, pandas or DuckDB)."""
    out = open_location(url)
    pointer = read_pointer(out)
    if pointer is None:
        raise RemoteError(f"{out.url}: no dataset ({CURRENT} is missing): run `dateline run --out {out.url}`")
    return out.child(pointer.path).url


def _version_ids(out: Location) -> list[str]:
    versions = out.child(VERSIONS)
    with io_errors("list", versions.url):
        infos = out.fs.get_file_info(pafs.FileSelector(versions.path, allow_not_found=True))
    return sorted(PurePosixPath(i.path).name for i in infos if i.type == pafs.FileType.Directory)


def _delete_dir(loc: Location) -> None:
    with io_errors("delete", loc.url):
        if loc.fs.get_file_info(loc.path).type == pafs.FileType.Directory:
            loc.fs.delete_dir(loc.path)


def recover_remote(out: Location) -> list[str]:
    """Delete what killed runs left: versions CURRENT does not keep (and, for versions newer than the
    current one, i.e. never published, their reports). Call it holding the lease. Returns the run ids."""
    pointer = read_pointer(out)
    kept = set(pointer.versions) if pointer else set()
    removed = []
    for rid in _version_ids(out):
        if rid in kept:
            continue
        _delete_dir(out.child(VERSIONS, rid))
        if pointer is None or rid > pointer.run_id:  # run ids sort by time: a run killed before publishing
            _delete_dir(out.child(REPORTS, rid))
        removed.append(rid)
    return removed


def pull_current(out: Location, dest: Path) -> Pointer | None:
    """Download the current version (tables, quarantine, index) into the local directory `dest`, the
    working OUT of a run; None (and `dest` empty) when OUT has no dataset yet."""
    dest.mkdir(parents=True, exist_ok=True)
    pointer = read_pointer(out)
    if pointer is not None:
        download_tree(out.child(pointer.path), dest)
    return pointer


def report_ids(out: Location) -> list[str]:
    """The run ids with a report under OUT/reports/, oldest first (run ids sort by time)."""
    reports = out.child(REPORTS)
    with io_errors("list", reports.url):
        infos = out.fs.get_file_info(pafs.FileSelector(reports.path, allow_not_found=True))
    return sorted(PurePosixPath(i.path).name for i in infos if i.type == pafs.FileType.Directory)


@contextmanager
def working_copy(url: str, report: str | None = None) -> Iterator[tuple[Location, Path]]:
    """The current version of the dataset at `url` (and the report `report`, "latest" for the newest)
    downloaded into a temporary directory named like the URL's last segment; deleted afterwards."""
    import tempfile

    out = open_location(url)
    with tempfile.TemporaryDirectory(prefix="dateline-copy-") as tmp:
        local = Path(tmp) / (PurePosixPath(out.path).name or "out")
        if pull_current(out, local) is None:
            raise RemoteError(f"{out.url}: no dataset ({CURRENT} is missing): run `dateline run --out {out.url}`")
        if report is not None:
            ids = report_ids(out)
            rid = ids[-1] if report == "latest" and ids else report
            if rid not in ids:
                raise RemoteError(f"{out.url}: no report {rid} under {out.child(REPORTS).url}")
            download_tree(out.child(REPORTS, rid), local / REPORTS / rid)
            earlier = ids[: ids.index(rid)][-EARLIER_REPORTS:]  # a re-validation lists the inputs of a run
            _parallel(lambda r: _get_file(out.child(REPORTS, r), "validation.json", local / REPORTS / r), earlier)
        yield out, local


def upload_report(local_out: Path, out: Location, run_id: str) -> str:
    """Upload the local report directory of `run_id` to OUT/reports/<run_id>/; returns its URL."""
    target = out.child(REPORTS, run_id)
    upload_tree(local_out / REPORTS / run_id, target)
    return target.url


def _report_json(local_out: Path, run_id: str) -> dict[str, Any]:
    path = local_out / REPORTS / run_id / "validation.json"
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def publish(
    local_out: Path,
    out: Location,
    run_id: str,
    names: Iterable[str],
    *,
    now: dt.datetime,
    keep: int = KEEP_VERSIONS,
    before_pointer: Callable[[], None] | None = None,
) -> Pointer:
    """Publish the dataset committed under `local_out` as version `run_id` of OUT, atomically.

    Uploads the directories `names` to OUT/versions/<run_id>/ and the run's report to OUT/reports/<run_id>/,
    calls `before_pointer` (e.g. `Lease.verify`), then writes OUT/CURRENT. On any failure before that
    OUT is as it was (the partial upload is deleted). Then deletes the versions beyond the newest `keep`.
    """
    previous = read_pointer(out)
    version, report = out.child(VERSIONS, run_id), out.child(REPORTS, run_id)
    kept = [run_id, *[v for v in (previous.versions if previous else []) if v != run_id]][: max(1, keep)]
    pointer = Pointer(
        run_id=run_id,
        path=f"{VERSIONS}/{run_id}",
        url=version.plain_url,
        time=now.astimezone(dt.UTC).isoformat(timespec="seconds"),
        rules_version=_report_json(local_out, run_id).get("rules_version"),
        versions=kept,
    )
    try:
        for name in names:
            if (local_out / name).is_dir():
                upload_tree(local_out / name, version.child(name))
        if (local_out / REPORTS / run_id).is_dir():
            upload_tree(local_out / REPORTS / run_id, report)
        if before_pointer is not None:
            before_pointer()
        write_bytes(out.child(CURRENT), pointer.to_json().encode("utf-8"))  # the commit point
    except BaseException:
        try:
            moved = read_pointer(out)
        except Exception:
            moved = None
        if moved is not None and moved.run_id == run_id:  # the PUT landed though the call failed
            return pointer
        for loc in (version, report):
            try:
                _delete_dir(loc)
            except Exception:  # best effort: the next run's `recover_remote` deletes it
                pass
        raise
    for rid in _version_ids(out):
        if rid not in kept:
            try:
                _delete_dir(out.child(VERSIONS, rid))
            except Exception:  # the dataset is published; the next run prunes again
                pass
    return pointer


def relabel_report(
    report_dir: Path, settings: dict[str, str], html_paths: dict[str, str], html: str = "report.html"
) -> None:
    """Name the URLs instead of a run's local working directories in its report files: `settings`
    overrides keys of `validation.json` (and `.md`), `html_paths` replaces paths shown in `html`."""
    from html import escape

    from dateline.report import render_markdown

    path = report_dir / "validation.json"
    if settings and path.is_file():
        report = json.loads(path.read_text(encoding="utf-8"))
        report["settings"] = {**(report.get("settings") or {}), **settings}
        _replace_text(path, json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n")
        _replace_text(report_dir / "validation.md", render_markdown(report))
    page = report_dir / html
    if html_paths and page.is_file():
        text = page.read_text(encoding="utf-8")
        for local, url in html_paths.items():
            text = text.replace(escape(local), escape(url))
        _replace_text(page, text)


def _replace_text(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
