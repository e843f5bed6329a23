"""Stable identifiers: hashes over content, never Python's hash() or a counter."""

from __future__ import annotations

import hashlib


def stable_id(*parts: object, length: int = 16) -> str:
    """A hex id from the parts' text; the same parts always give the same id."""
    h = hashlib.sha256()
    for part in parts:
        h.update(str(part).encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return h.hexdigest()[:length]


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
