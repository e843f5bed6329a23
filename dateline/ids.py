"""Stable identifiers: hashes over content, never Python's hash() or a counter."""

from __future__ import annotations

import hashlib


def stable_id(*parts: object, length: int = 16) -> str:
    """A hex id from the parts' text; the same parts always give the same id."""
    # each part's text followed by a 0x1f separator, hashed in one call
    data = "\x1f".join([*map(str, parts), ""]).encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()[:length]


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
