"""dateline.ingest: decoding paths, rejection reasons, cleaning rules, sidecars and JSON lines."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from dateline.ids import sha256_bytes, stable_id
from dateline.ingest import (
    _NEWLINE_CHARS,
    _NEWLINES,
    IngestError,
    IngestWarning,
    clean_text,
    decode_bytes,
    parse_date,
    parse_html_article,
    parse_jsonl,
    parse_meta,
    parse_text_article,
    sanitise_label,
)
from dateline.model import Document, Rejection

ARTICLE = "Leaders meet\n\nPresident Alpha met Prime Minister Beta in Paris on 3 May 2025.\n"
RUSSIAN = "Москва и Пекин подписали соглашение о сотрудничестве в области энергетики и торговли."
MAX = 20_000_000


# ---------------------------------------------------------------- decode_bytes


@pytest.mark.parametrize(
    ("data", "encoding", "text"),
    [
        pytest.param("café — ok".encode(), "utf-8", "café — ok", id="utf-8"),
        pytest.param(b"\xef\xbb\xbfhello", "utf-8-sig", "hello", id="utf-8-bom"),
        pytest.param("Xi’s visit".encode("utf-16"), "utf-16", "Xi’s visit", id="utf-16-bom"),
        pytest.param("Xi’s visit".encode("utf-32"), "utf-32", "Xi’s visit", id="utf-32-bom"),
        pytest.param(
            "Hello world, a test.".encode("utf-16-le"), "utf-16-le", "Hello world, a test.", id="utf-16-le"
        ),
        pytest.param(
            "Hello world, a test.".encode("utf-16-be"), "utf-16-be", "Hello world, a test.", id="utf-16-be"
        ),
        pytest.param(
            "He said “hi” — déjà vu".encode("cp1252"), "cp1252", "He said “hi” — déjà vu", id="cp1252"
        ),
        pytest.param("Café naïve résumé".encode("latin-1"), "cp1252", "Café naïve résumé", id="latin-1"),
        pytest.param(RUSSIAN.encode("cp1251"), "cp1251", RUSSIAN, id="guess-cp1251"),
        pytest.param(
            "Xi’s visit — ".encode() + b"\x93bad\x94 end",
            "utf-8 (2 invalid bytes replaced)",
            "Xi’s visit — \ufffdbad\ufffd end",
            id="utf-8-invalid-bytes-replaced",
        ),
    ],
)
def test_decode_bytes_paths(data: bytes, encoding: str, text: str) -> None:
    assert decode_bytes(data) == (text, encoding)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        pytest.param(b"", "empty", id="empty"),
        pytest.param(b" \n\t\r\n", "empty", id="whitespace"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary", id="png"),
        pytest.param(b"%PDF-1.7\n%\xe2\xe3", "binary", id="pdf"),
        pytest.param(b"PK\x03\x04\x14\x00", "binary", id="zip"),
        pytest.param(b"\x1f\x8b\x08\x00", "binary", id="gzip"),
        pytest.param(b"text\x00with\x00\x01nul bytes", "binary", id="nul-bytes"),
        pytest.param(bytes(range(1, 9)) * 20 + b"abc", "binary", id="control-chars"),
        pytest.param(b"\x81\x98\x8d\x90\x9d" * 3, "undecodable", id="no-codec-fits"),
        pytest.param(b"\xff\xfe\x00\xd8", "undecodable", id="utf-16-bom-lone-surrogate"),
    ],
)
def test_decode_bytes_rejects(data: bytes, reason: str) -> None:
    with pytest.raises(IngestError) as info:
        decode_bytes(data)
    assert info.value.reason == reason
    assert info.value.detail


# ---------------------------------------------------------------- clean_text


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        pytest.param("a\r\nb\rc", "a\nb\nc", id="newlines"),
        pytest.param("cafe\u0301", "café", id="nfc"),
        pytest.param("a  \nb\t\n", "a\nb", id="trailing-spaces"),
        pytest.param("a\n\n\n\n b \n\n\n\nc", "a\n\n b\n\nc", id="collapse-blank-lines"),
        pytest.param(
            "\n\n  \nFirst para.\nsame para.\n\nSecond.\n\n",
            "First para.\nsame para.\n\nSecond.",
            id="paragraphs-kept",
        ),
        pytest.param("Skip to content\n\nTitle\n\nBody.", "Title\n\nBody.", id="skip-to-content"),
        pytest.param("Body.\n\nRead also:\n\nLatest", "Body.", id="read-also-latest"),
        pytest.param("Body.\nRead more »\nRead also: Putin visits Beijing", "Body.", id="read-more-variants"),
        pytest.param("Body.\nADVERTISEMENT\nMore.", "Body.\nMore.", id="advertisement"),
        pytest.param("Body.\nShare this article\nShare on Facebook", "Body.", id="share"),
        pytest.param("Body.\nSubscribe to our newsletter…", "Body.", id="subscribe"),
        pytest.param(
            "We use cookies to improve your experience. Accept all\nBody.", "Body.", id="cookie-banner"
        ),
        pytest.param("Body.\n[...]\n[…]\nEnd.", "Body.\nEnd.", id="lone-ellipsis"),
        pytest.param(
            "resist domination [1][2][4]. Trade [1].", "resist domination. Trade.", id="footnote-markers"
        ),
        pytest.param("glued[3] marker", "glued marker", id="footnote-glued"),
        pytest.param("Body.\n\n[1] Source 1[2] Source 2", "Body.", id="reference-list-line"),
        pytest.param(
            "Subscribers rose. Cookies were baked.",
            "Subscribers rose. Cookies were baked.",
            id="prose-not-boilerplate",
        ),
        pytest.param("In [2024] and [sic] cases", "In [2024] and [sic] cases", id="brackets-not-footnotes"),
        pytest.param("zero\u200bwidth\x00 and \ufeffbom", "zerowidth and bom", id="invisible-chars"),
    ],
)
def test_clean_text(raw: str, cleaned: str) -> None:
    assert clean_text(raw) == cleaned
    assert clean_text(cleaned) == cleaned


# ---------------------------------------------------------------- parse_text_article


def test_parse_text_article_builds_document() -> None:
    data = ("Skip to content\r\n\r\n" + ARTICLE).encode()
    doc = parse_text_article("a/b.txt", data, None, max_bytes=MAX)
    assert isinstance(doc, Document)
    assert doc.source == "a/b.txt"
    assert doc.text == clean_text(ARTICLE)
    assert doc.doc_id == stable_id(doc.text)
    assert doc.content_sha256 == sha256_bytes(data)
    assert (doc.title, doc.publication_date, doc.publication_date_basis, doc.encoding) == (
        "Leaders meet",
        None,
        "unknown",
        "utf-8",
    )


def test_same_text_same_doc_id_whatever_the_encoding() -> None:
    a = parse_text_article("a.txt", ARTICLE.encode("utf-16"), None, max_bytes=MAX)
    b = parse_text_article("b.txt", ARTICLE.replace("\n", "\r\n").encode(), None, max_bytes=MAX)
    assert isinstance(a, Document) and isinstance(b, Document)
    assert a.doc_id == b.doc_id and a.content_sha256 != b.content_sha256


@pytest.mark.parametrize(
    ("data", "max_bytes", "reason"),
    [
        pytest.param(b"", MAX, "empty", id="empty"),
        pytest.param(b"   \n", MAX, "empty", id="whitespace"),
        pytest.param(b"\x89PNG\r\n\x1a\n", MAX, "binary", id="binary"),
        pytest.param(b"x" * 11, 10, "too_large", id="too-large"),
        pytest.param(b"Skip to content\nAdvertisement\n", MAX, "no_text", id="only-boilerplate"),
    ],
)
def test_parse_text_article_rejects(data: bytes, max_bytes: int, reason: str) -> None:
    result = parse_text_article("x.txt", data, None, max_bytes=max_bytes)
    assert isinstance(result, Rejection)
    assert (result.source, result.reason, result.size_bytes) == ("x.txt", reason, len(data))


def test_too_large_names_size_and_limit() -> None:
    result = parse_text_article("x.txt", b"y" * 11, None, max_bytes=10)
    assert isinstance(result, Rejection) and "11" in result.detail and "10" in result.detail


def test_single_long_line_under_the_limit_is_fine() -> None:
    result = parse_text_article("x.txt", b"word " * 200_000, None, max_bytes=MAX)
    assert isinstance(result, Document) and len(result.text) == 999_999


# ---------------------------------------------------------------- sidecars and dates


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("2025-05-03", dt.date(2025, 5, 3), id="iso-date"),
        pytest.param("2022-10-25T23:30:00+02:00", dt.date(2022, 10, 25), id="iso-datetime-offset"),
        pytest.param("2022-10-25T10:00:00Z", dt.date(2022, 10, 25), id="iso-datetime-z"),
        pytest.param("Mon, 25 Oct 2022 10:00 GMT", dt.date(2022, 10, 25), id="rfc-2822"),
        pytest.param("25 October 2022", dt.date(2022, 10, 25), id="free-form"),
        pytest.param("2025-13-45", None, id="invalid-iso"),
        pytest.param("yesterday", None, id="relative-needs-clock"),
        pytest.param("October 2022", None, id="no-day"),
        pytest.param("soon", None, id="garbage"),
    ],
)
def test_parse_date(value: str, expected: dt.date | None) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("meta", "codes", "date"),
    [
        pytest.param({"title": "T", "publication_date": "2025-05-03"}, [], dt.date(2025, 5, 3), id="good"),
        pytest.param(
            {"title": "T", "publication_date": "2025-13-45"},
            ["invalid_publication_date"],
            None,
            id="invalid-date",
        ),
        pytest.param(
            {"title": 3, "publication_date": "2030-01-01"},
            ["invalid_metadata_field", "future_publication_date"],
            dt.date(2030, 1, 1),
            id="future+bad-title",
        ),
        pytest.param([1, 2], ["malformed_metadata"], None, id="not-an-object"),
    ],
)
def test_parse_meta(meta: object, codes: list[str], date: dt.date | None) -> None:
    parsed, warnings = parse_meta(json.dumps(meta).encode(), source="x.meta.json", today=dt.date(2025, 6, 1))
    assert [w.code for w in warnings] == codes
    assert parsed.publication_date == date


def test_parse_meta_malformed_json() -> None:
    parsed, warnings = parse_meta(b'{"title": ', source="x.meta.json")
    assert parsed.title is None and [w.code for w in warnings] == ["malformed_metadata"]


def test_sidecar_problem_keeps_the_article_and_reports_it() -> None:
    warnings: list[IngestWarning] = []
    meta = json.dumps({"title": "Good title", "url": "https://x", "publication_date": "2025-13-45"}).encode()
    doc = parse_text_article(
        "a.txt", ARTICLE.encode(), meta, max_bytes=MAX, meta_source="a.meta.json", warnings=warnings
    )
    assert isinstance(doc, Document)
    assert (doc.title, doc.url, doc.publication_date, doc.publication_date_basis) == (
        "Good title",
        "https://x",
        None,
        "unknown",
    )
    assert [(w.source, w.code) for w in warnings] == [("a.txt", "invalid_publication_date")]
    assert "a.meta.json" in warnings[0].detail


def test_sidecar_date_gives_metadata_basis() -> None:
    meta = b'{"publication_date": "2022-10-25", "language": "en"}'
    doc = parse_text_article("a.txt", ARTICLE.encode(), meta, max_bytes=MAX)
    assert isinstance(doc, Document)
    assert (doc.publication_date, doc.publication_date_basis, doc.language) == (
        dt.date(2022, 10, 25),
        "metadata",
        "en",
    )


# ---------------------------------------------------------------- HTML

PAGE = (
    "<html><head><title>Leaders meet | Site</title><script>var x=1;</script></head><body>"
    "<nav>Skip to content</nav><article><h1>Leaders meet</h1>"
    "<p>President Alpha met Prime Minister Beta in Paris on Tuesday, the office said in a statement.</p>"
    "<p>The two leaders discussed trade and agreed to meet again in May in Berlin for further talks.</p>"
    "</article><footer>Share this article</footer></body></html>"
)


def test_parse_html_article_extracts_main_text_and_title() -> None:
    doc = parse_html_article("p.html", PAGE.encode(), None, max_bytes=MAX)
    assert isinstance(doc, Document)
    assert "President Alpha met Prime Minister Beta" in doc.text and "\n\n" in doc.text
    assert "var x" not in doc.text and "Share this article" not in doc.text
    assert doc.title == "Leaders meet | Site"


def test_parse_html_short_page_falls_back_to_visible_text() -> None:
    warnings: list[IngestWarning] = []
    page = b"<ul><li>Talks</li><li>held &amp; done</li></ul><script>x()</script>"
    doc = parse_html_article("p.htm", page, None, max_bytes=MAX, warnings=warnings)
    assert isinstance(doc, Document)
    assert doc.text == "Talks\n\nheld & done" and doc.title == "Talks"
    assert [w.code for w in warnings] == ["html_fallback_extractor"]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        pytest.param(
            b"<html><head><style>p{}</style><script>a()</script></head><body><script>b()</script>"
            b"</body></html>",
            "no_text",
            id="scripts-and-styles-only",
        ),
        pytest.param(b"", "empty", id="empty"),
        pytest.param(b"\x89PNG\r\n\x1a\n", "binary", id="binary"),
    ],
)
def test_parse_html_article_rejects(data: bytes, reason: str) -> None:
    result = parse_html_article("p.html", data, None, max_bytes=MAX)
    assert isinstance(result, Rejection) and result.reason == reason


# ---------------------------------------------------------------- JSON lines


def _line(**fields: object) -> str:
    return json.dumps(fields)


def test_parse_jsonl_keeps_good_lines_and_rejects_bad_ones() -> None:
    lines = [
        _line(id="a1", text="First article text.", title="One", publication_date="2025-05-03"),
        '{"id": "b2", "text": "unterminated',
        _line(id="c3", title="no text"),
        _line(id="../../etc/passwd", text="Hostile id text."),
        "",
        _line(text="No id text.", publication_date="2025-13-45"),
        "[1]",
        _line(text=""),
    ]
    warnings: list[IngestWarning] = []
    items = parse_jsonl("f.jsonl", "\n".join(lines).encode(), max_bytes=MAX, warnings=warnings)
    summary = [(i.source, i.reason if isinstance(i, Rejection) else "doc") for i in items]
    assert summary == [
        ("f.jsonl#a1", "doc"),
        ("f.jsonl#2", "malformed_json"),
        ("f.jsonl#3", "missing_text"),
        ("f.jsonl#etc_passwd", "doc"),
        ("f.jsonl#6", "doc"),
        ("f.jsonl#7", "malformed_json"),
        ("f.jsonl#8", "missing_text"),
    ]
    first = items[0]
    assert isinstance(first, Document)
    assert (first.title, first.publication_date, first.publication_date_basis) == (
        "One",
        dt.date(2025, 5, 3),
        "metadata",
    )
    assert first.content_sha256 == sha256_bytes(lines[0].encode())
    assert [(w.source, w.code) for w in warnings] == [("f.jsonl#6", "invalid_publication_date")]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(b"", [("f.jsonl", "empty")], id="empty"),
        pytest.param(b"\n \n", [("f.jsonl", "empty")], id="blank-lines-only"),
        pytest.param(b'\xef\xbb\xbf{"text": "bom"}\r\n', [("f.jsonl#1", "doc")], id="bom-crlf"),
        pytest.param(b'{"text": "caf\xe9 cr\xe8me"}', [("f.jsonl#1", "doc")], id="cp1252-line"),
        pytest.param(b'{"text": "' + b"x" * 20 + b'"}', [("f.jsonl#1", "too_large")], id="line-too-large"),
    ],
)
def test_parse_jsonl_edges(data: bytes, expected: list[tuple[str, str]]) -> None:
    items = parse_jsonl("f.jsonl", data, max_bytes=30)
    assert [(i.source, i.reason if isinstance(i, Rejection) else "doc") for i in items] == expected


@pytest.mark.parametrize(
    ("ident", "label"),
    [
        pytest.param("../../etc/passwd", "etc_passwd", id="traversal"),
        pytest.param("C:\\Windows\\x", "C_Windows_x", id="windows-path"),
        pytest.param("art-123_b", "art-123_b", id="plain"),
        pytest.param("///", "", id="nothing-left"),
    ],
)
def test_sanitise_label(ident: str, label: str) -> None:
    assert sanitise_label(ident) == label


def test_every_newline_match_starts_with_a_listed_character() -> None:
    """`_clean_once` skips the newline search when none of `_NEWLINE_CHARS` is in the text."""
    starts = {chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000 and _NEWLINES.match(chr(c) + "\n")}
    assert starts <= set(_NEWLINE_CHARS)
