"""The same article twice: the first input in scan order keeps it, later copies become `duplicate` rejections.

A run learns most doc_ids only after a task has decoded and cleaned the article (`sources.RawArticle`),
so copies in different batches are found once every batch is back: `settle_duplicates` orders every
document the run holds (written by a batch, or carried over unchanged) by its place in the scan and
names the copies to drop. Pure: the caller removes them (`batches.drop_documents`, the carry-over set).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from dateline.model import Rejection


@dataclass(frozen=True, slots=True)
class Held:
    """One document a run holds: its place in the scan, id, input path, text size and batch part
    (None when carried over from the previous dataset)."""

    seq: int
    doc_id: str
    source: str
    text_bytes: int
    part: int | None


@dataclass(slots=True)
class Settlement:
    """Copies to drop: doc_ids per batch part, doc_ids from the carry-over, and their rejections."""

    drop_parts: dict[int, set[str]] = field(default_factory=dict)
    drop_kept: set[str] = field(default_factory=set)
    rejections: list[tuple[int, Rejection]] = field(default_factory=list)


def duplicate_rejection(source: str, doc_id: str, first_source: str, text_bytes: int) -> Rejection:
    return Rejection(source, "duplicate", f"same text as {first_source} (doc_id {doc_id})", text_bytes)


def settle_duplicates(held: Iterable[Held]) -> Settlement:
    """The first document of each doc_id in scan order (`seq`) stays; every later one is a duplicate."""
    first: dict[str, str] = {}
    settled = Settlement()
    for item in sorted(held, key=lambda h: h.seq):
        if item.doc_id not in first:
            first[item.doc_id] = item.source
            continue
        rejection = duplicate_rejection(item.source, item.doc_id, first[item.doc_id], item.text_bytes)
        settled.rejections.append((item.seq, rejection))
        if item.part is None:
            settled.drop_kept.add(item.doc_id)
        else:
            settled.drop_parts.setdefault(item.part, set()).add(item.doc_id)
    return settled
