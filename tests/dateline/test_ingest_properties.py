"""Properties of dateline.ingest: arbitrary bytes never crash it; cleaning is idempotent; ids are stable."""

from __future__ import annotations

import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.ids import stable_id
from dateline.ingest import (
    _FOOTNOTES,
    _INVISIBLE,
    _NEWLINES,
    _clean_once,
    _is_boilerplate,
    clean_text,
    parse_html_article,
    parse_jsonl,
    parse_meta,
    parse_text_article,
)
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


def _clean_by_line(text: str) -> str:
    """One cleaning pass as a loop over the lines: the reference `_clean_once` must agree with."""
    text = _INVISIBLE.sub("", _NEWLINES.sub("\n", text))
    kept: list[str] = []
    for raw_line in unicodedata.normalize("NFC", text).split("\n"):
        if raw_line and _is_boilerplate(raw_line):
            continue
        line = _FOOTNOTES.sub("", raw_line).rstrip()
        if line or (kept and kept[-1]):
            kept.append(line)
    return "\n".join(kept).strip("\n")


# what the boilerplate pre-filter must not miss: every boilerplate form, any case (IGNORECASE folds
# "ſ", "ı", "İ" and the Kelvin sign to ASCII letters), leading blanks, cookie banners, references
_boilerplate = st.sampled_from(
    [
        "skip to main content", "SKIP TO THE NAVIGATION", "ſkip to content", "read more", "See next: x",
        "also read this", "Related stories:", "The Latest", "latest headlines", "Advertisement",
        "sponsored content", "Story continues below advertisement", "Share this article on X",
        "Subscribe now", "sıgn up for news", "SİGN UP TO X", "Follow us on X", "[ … ]", "...", "…",
        "We use cookies to improve", "THIS SITE USES COOKIES", "[12] Reference", "[[1]1]", " [3]",
        "\u3000\u00a0Share:", "\t", " ", "\n", "\r\n", "\x85", "\u2028", "\x0b", "\u200b", "e\u0301",
        "\u212a", "x" * 190, "y " * 110,
    ]
)
_noisy = st.lists(st.one_of(_boilerplate, _fragments, st.text(max_size=8)), max_size=16).map("".join)


@settings(max_examples=1500, deadline=None)
@given(_noisy)
def test_clean_pass_matches_the_line_loop(text: str) -> None:
    cleaned, settled = _clean_once(text)
    assert cleaned == _clean_by_line(text)
    if settled:  # clean_text stops after a settled pass: the next one must change nothing
        assert _clean_once(cleaned)[0] == cleaned
