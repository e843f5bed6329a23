"""Properties of dateline.ingest: arbitrary bytes never crash it; cleaning is idempotent; ids are stable."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.ids import stable_id
from dateline.ingest import clean_text, parse_html_article, parse_jsonl, parse_meta, parse_text_article
from dateline.model import Document, Rejection

MAX = 10_000
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Bytes that look like the inputs we get: text in several encodings, boilerplate, markers, junk.
_fragments = st.sampled_from(
    [
        "Skip to content",
        "Read also:",
        "[1][2]",
        "[...]",
        "\r\n",
        "\n\n\n",
        "  ",
        "\u200b",
        "e\u0301",
        "Advertisement",
        "President Alpha met Beta on 3 May 2025.",
        "“quoted”",
        "Москва",
        "\x00",
        "\ufeff",
    ]
)
_texts = st.lists(st.one_of(_fragments, st.text(max_size=20)), max_size=12).map("".join)
_encoded = st.tuples(_texts, st.sampled_from(["utf-8", "utf-16", "cp1252", "latin-1", "utf-32"])).map(
    lambda pair: pair[0].encode(pair[1], errors="ignore")
)
_any_bytes = st.one_of(st.binary(max_size=300), _encoded)


@FAST
@given(_any_bytes, st.one_of(st.none(), st.binary(max_size=80)))
def test_text_article_never_raises(data: bytes, meta: bytes | None) -> None:
    result = parse_text_article("x.txt", data, meta, max_bytes=MAX, warnings=[])
    assert isinstance(result, Document | Rejection)
    if isinstance(result, Document):
        assert result.text == clean_text(result.text) and result.text.strip()
        assert result.doc_id == stable_id(result.text)


@FAST
@given(_any_bytes)
def test_html_article_never_raises(data: bytes) -> None:
    assert isinstance(parse_html_article("x.html", data, None, max_bytes=MAX), Document | Rejection)


@FAST
@given(st.lists(st.one_of(st.binary(max_size=60), _encoded), max_size=6).map(b"\n".join))
def test_jsonl_never_raises(data: bytes) -> None:
    items = parse_jsonl("x.jsonl", data, max_bytes=MAX, warnings=[])
    assert all(isinstance(i, Document | Rejection) for i in items)


@FAST
@given(st.binary(max_size=200))
def test_meta_never_raises(data: bytes) -> None:
    metadata, warnings = parse_meta(data, source="x.meta.json")
    assert metadata is not None and isinstance(warnings, list)


@FAST
@given(_texts)
def test_clean_text_is_idempotent(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once
    assert "\r" not in once and not once.startswith("\n") and not once.endswith("\n")


@FAST
@given(_texts)
def test_doc_id_depends_only_on_cleaned_text(text: str) -> None:
    unix = text.replace("\r", "")
    a = parse_text_article("a.txt", unix.encode("utf-8"), None, max_bytes=MAX)
    b = parse_text_article("other/b.txt", unix.replace("\n", "\r\n").encode("utf-16"), None, max_bytes=MAX)
    if isinstance(a, Document) and isinstance(b, Document):
        assert a.doc_id == b.doc_id
