"""Documents in, events and meetings out (placeholder until the extractor lands)."""

from __future__ import annotations

from collections.abc import Sequence

from dateline.model import Document, Extraction


def extract_documents(docs: Sequence[Document]) -> Extraction:
    return Extraction(documents=list(docs))
