"""Raw bytes -> Document or Rejection: decoding, cleaning, sidecar metadata, HTML and JSON lines.

Pure functions: bytes/str in, records out. No file system, no clock, no environment; the caller
passes `today` when it wants future publication dates flagged. Problems that do not cost the
article (bad sidecar, bad date) are collected as `IngestWarning`s in an optional `warnings` list.

Decoding order (`decode_bytes`), first match wins:
 1. empty / whitespace only                          -> IngestError("empty")
 2. BOM: UTF-32 (LE/BE), UTF-8, UTF-16 (LE/BE)        -> that codec, strict (failure -> "undecodable")
 3. binary: PNG/PDF/ZIP/GZIP/GIF/JPEG/ELF magic, NUL bytes that are not BOM-less UTF-16,
    more than 5% C0 control bytes                     -> IngestError("binary")
 4. strict UTF-8                                      -> "utf-8"
 5. mostly UTF-8: valid multi-byte characters, and invalid bytes at most twice as many (or < 1%)
                                                      -> U+FFFD for each invalid byte,
                                                         "utf-8 (N invalid bytes replaced)"
 6. charset-normalizer's best guess, only when sane: a known legacy codec, low chaos, no control /
    half-width / private-use characters, and the text is mostly non-Latin script (for Latin text
    the detector cannot tell cp1250/cp1252/mac_roman apart, so step 7 decides)
 7. cp1252 strict (the web's default for Latin-1 labelled text)
 8. otherwise                                         -> IngestError("undecodable")
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from dateline.ids import sha256_bytes, stable_id
from dateline.model import Document, Rejection

REASONS = (
    "empty", "binary", "undecodable", "too_large", "no_text", "malformed_json", "missing_text",
    "unsupported_type", "orphan_metadata", "symlink_outside_raw", "broken_symlink", "unreadable",
    "hidden_input", "duplicate",
)
WARNINGS = (
    "malformed_metadata", "invalid_metadata_field", "invalid_publication_date", "future_publication_date",
    "html_fallback_extractor", "skipped_hidden", "skipped_symlinked_directory",
)
_MAGIC = {
    b"\x89PNG\r\n\x1a\n": "PNG", b"%PDF-": "PDF", b"PK\x03\x04": "ZIP", b"\x1f\x8b": "GZIP",
    b"GIF8": "GIF", b"\xff\xd8\xff": "JPEG", b"\x7fELF": "ELF",
}
_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xfe\xff", "utf-16"), (b"\xff\xfe", "utf-16"),
)
_MAGIC_PREFIXES = tuple(_MAGIC)
_BOM_PREFIXES = tuple(bom for bom, _ in _BOMS)
_LEGACY_CODECS = frozenset({
    "cp1250", "cp1251", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258", "koi8_r", "koi8_u",
    "mac_cyrillic", "mac_greek", "iso8859_2", "iso8859_4", "iso8859_5", "iso8859_6", "iso8859_7",
    "iso8859_8", "iso8859_9", "iso8859_13", "iso8859_15", "cp866", "gb18030", "gb2312", "gbk", "big5",
    "big5hkscs", "shift_jis", "cp932", "euc_jp", "euc_kr", "cp949", "tis_620", "cp874",
})
_SAMPLE = 65_536
_NO_PAGE_TEXT = "no article text in the page (only markup, scripts or styles)"
_ESCAPED = re.compile("[\udc80-\udcff]")
_ODD_CHARS = re.compile("[\uff61-\uff9f\ue000-\uf8ff]")  # half-width katakana, private use
_META_FIELDS = ("title", "url", "source", "language")


class IngestError(Exception):
    """An input that cannot become a document; `reason` is one of REASONS."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True, slots=True)
class IngestWarning:
    """A problem that did not cost the article; `code` is one of WARNINGS."""

    source: str
    code: str
    detail: str


@dataclass(frozen=True, slots=True)
class Metadata:
    """What a sidecar or a JSON line says about an article (`source` is the publisher, not a path)."""

    title: str | None = None
    url: str | None = None
    source: str | None = None
    publication_date: dt.date | None = None
    language: str | None = None


# ---------------------------------------------------------------- decoding

_CONTROL_BYTES = bytes(b for b in range(0x20) if b not in b"\t\n\r\x0b\x0c\x1b")


def sniff_binary(data: bytes) -> str | None:
    """Why `data` looks binary (magic number, NULs, control bytes), or None when it may be text."""
    if data.startswith(_MAGIC_PREFIXES):  # one call for the common case: none of them
        return next(f"{kind} signature" for magic, kind in _MAGIC.items() if data.startswith(magic))
    sample = data[:_SAMPLE]
    if b"\x00" in sample:
        return None if _utf16_without_bom(data) else f"{sample.count(0)} NUL bytes in the first {len(sample)}"
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))  # C speed: runs on every input
    if controls > 0.05 * len(sample):
        return f"{controls} control bytes in the first {len(sample)}"
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NULs sit on one byte lane and the text decodes cleanly."""
    sample = data[: _SAMPLE - _SAMPLE % 2]
    if len(sample) < 4 or len(data) % 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    codec = "utf-16-le" if odd > 0.5 * len(sample) / 2 and even == 0 else None
    codec = "utf-16-be" if even > 0.5 * len(sample) / 2 and odd == 0 else codec
    if codec is None:
        return None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    return None if _control_chars(text) else codec


def _control_chars(text: str) -> int:
    return sum(1 for c in text if unicodedata.category(c) in ("Cc", "Co", "Cs") and c not in "\t\n\r\x0b\x0c")


def _mostly_utf8(data: bytes) -> tuple[str, int] | None:
    """UTF-8 with a few invalid bytes: (text with one U+FFFD per invalid byte, count), else None."""
    escaped = data.decode("utf-8", errors="surrogateescape")
    text, invalid = _ESCAPED.subn("\ufffd", escaped)
    valid_multibyte = sum(1 for c in text if ord(c) > 0x7F and c != "\ufffd")
    plausible = valid_multibyte > 0 and (invalid <= 2 * valid_multibyte or invalid <= len(data) // 100)
    return (text, invalid) if invalid and plausible else None


def _non_latin_ratio(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if "LATIN" not in unicodedata.name(c, "")) / len(letters)


def _sane_guess(data: bytes) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes  # slow import; only needed for legacy encodings

    for match in from_bytes(data[:_SAMPLE]):
        if match.encoding not in _LEGACY_CODECS or match.chaos > 0.2:
            continue
        try:
            text = data.decode(match.encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if not (_control_chars(text) or _ODD_CHARS.search(text)) and _non_latin_ratio(text) >= 0.5:
            return text, match.encoding
    return None


def decode_bytes(data: bytes) -> tuple[str, str]:
    """The text and the encoding used, following the order in the module docstring."""
    if not data or data.isspace():  # as `not data.strip()`, without copying the data
        raise IngestError("empty", "no content" if not data else "whitespace only")
    for bom, codec in _BOMS if data.startswith(_BOM_PREFIXES) else ():
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                detail = f"{codec} byte order mark but invalid {codec}: {exc.reason}"
                raise IngestError("undecodable", detail) from None
            return text.removeprefix("\ufeff"), codec
    binary = sniff_binary(data)
    if binary:
        raise IngestError("binary", binary)
    utf16 = _utf16_without_bom(data) if b"\x00" in data[:_SAMPLE] else None
    if utf16:
        return data.decode(utf16), utf16
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return mostly[0], f"utf-8 ({mostly[1]} invalid bytes replaced)"
    guess = _sane_guess(data)
    if guess is not None:
        return guess
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        raise IngestError("undecodable", f"not UTF-8, no sane guess, not cp1252 ({exc.reason})") from None


# ---------------------------------------------------------------- cleaning

_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85\x0b\x0c]")
_NEWLINE_CHARS = "\r\u2028\u2029\x85\x0b\x0c"  # one of them starts every match of _NEWLINES
_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u200b\u2060\ufeff\ud800-\udfff]")
_FOOTNOTES = re.compile(r"[ \t]*(?:\[\d{1,3}\])+")
_REFERENCE_LINE = re.compile(r"^\s*\[\d{1,3}\]\s*\S")
# A new alternative here needs its first letters in `_STARTS` (the pre-filter below) and an example in
# tests/dateline/test_ingest_properties.py `_boilerplate`, or lines of that form are never tested.
_BOILERPLATE = re.compile(
    r"""^(?:
      skip\ to\ (?:the\ )?(?:main\ )?(?:content|navigation|article)
    | (?:read|see)\ (?:also|more|next)\b.{0,150}
    | also\ read\b.{0,150}
    | related(?:\ (?:articles?|stories|news|content|coverage|reading))?\s*:?
    | (?:the\ )?latest(?:\ (?:news|stories|articles|updates|headlines|videos))?\s*:?
    | advertisement | sponsored(?:\ content)? | story\ continues\ (?:below|after)\ (?:this\ )?advertisement
    | share(?:\ this)?(?:\ (?:article|story|page|post))?(?:\ (?:on|via)\ \w+)?\s*:?
    | subscribe\b.{0,150} | sign\ up\ (?:for|to)\b.{0,120} | follow\ us\ on\b.{0,80}
    | \[\s*(?:\.\.\.|…)\s*\] | \.\.\. | …
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_COOKIE = re.compile(r"cookie", re.IGNORECASE)
_COOKIE_BANNER = re.compile(
    r"we use|this (?:web)?site uses|accept|consent|by (?:continuing|using)|privacy|manage", re.IGNORECASE
)


def _is_boilerplate(line: str) -> bool:
    stripped = line.strip()
    # cheap guards first: every pattern below only matches short lines
    if len(stripped) >= 300:
        return False
    if len(stripped) < 200 and _BOILERPLATE.match(stripped):
        return True
    if ("ookie" in stripped or "OOKIE" in stripped) and _COOKIE.search(stripped) and _COOKIE_BANNER.search(stripped):
        return True
    return len(stripped) < 200 and stripped[:1] == "[" and bool(_REFERENCE_LINE.match(stripped))


# A line can be boilerplate (`_is_boilerplate`) only if, after blanks, it starts with one of these
# prefixes of `_BOILERPLATE`'s alternatives (same letters, same IGNORECASE) or with "[" (a reference
# line), or if it holds "ookie"/"OOKIE" (the cookie guard). After a "\n" the search runs at C speed: sre
# skips to each "\n" (a literal first character), where a MULTILINE "^" search tries every position.
_STARTS = (
    r"[^\S\n]*(?:skip to |read |see |also read|related|latest|the latest|advertisement|sponsored"
    r"|story continues |share|subscribe|sign up |follow us on|\[|\.\.\.|…)"
)
_FIRST_LINE_START = re.compile(_STARTS, re.IGNORECASE)
_LINE_START = re.compile("\n" + _STARTS, re.IGNORECASE)
_BLANK_RUN = re.compile(r"\n{3,}")  # two or more empty lines in a row


def _boilerplate_candidates(text: str) -> list[int]:
    """Indices of the lines of `text` that may be boilerplate (a superset: each is then tested)."""
    found = [0] if _FIRST_LINE_START.match(text) else []
    breaks, counted = 0, 0  # line breaks in text[:counted]: counted once, however many matches
    for match in _LINE_START.finditer(text):
        breaks += text.count("\n", counted, match.start())
        counted = match.start()
        found.append(breaks + 1)  # the match starts at the break before its line
    if "ookie" in text or "OOKIE" in text:
        found += [i for i, line in enumerate(text.split("\n")) if "ookie" in line or "OOKIE" in line]
    return sorted(set(found))


def _drop_boilerplate(text: str) -> str:
    """`text` without its boilerplate lines (each tested by `_is_boilerplate`, as the line loop did)."""
    candidates = _boilerplate_candidates(text)
    if not candidates:
        return text
    lines = text.split("\n")
    for index in reversed(candidates):
        if _is_boilerplate(lines[index]):
            del lines[index]
    return "\n".join(lines)


def _clean_once(text: str) -> tuple[str, bool]:
    """One cleaning pass, and whether a second one would change nothing.

    Whole-text operations do what a loop over the lines would (drop boilerplate lines, strip footnote
    markers and trailing blanks, keep one empty line between paragraphs) without Python work per line;
    `tests/dateline/test_ingest_properties.py` checks them against that loop. A pass that removed no
    footnote marker leaves a fixed point: its lines were tested as they are (but for trailing blanks,
    which `_is_boilerplate` strips), its other removals (trailing blanks, lines) join text only at a
    line break, which composes with nothing (NFC stays), and its output has no line-break character,
    invisible or blank run left. Removing a marker may leave a new one ("[[1]1]"), bare boilerplate
    ("Advertisement [1]") or a combining mark next to a letter: another pass is needed then."""
    if any(ch in text for ch in _NEWLINE_CHARS):  # a substring test is much cheaper than the search
        text = _NEWLINES.sub("\n", text)
    text = _INVISIBLE.sub("", text)
    text = _drop_boilerplate(unicodedata.normalize("NFC", text))
    settled = True
    if "[" in text:  # a footnote marker never spans lines: `[ \t]*` then `[digits]`
        text, markers = _FOOTNOTES.subn("", text)
        settled = not markers
    text = "\n".join(map(str.rstrip, text.split("\n")))
    if "\n\n\n" in text:
        text = _BLANK_RUN.sub("\n\n", text)
    return text.strip("\n"), settled


def clean_text(text: str) -> str:
    """Normalised article text: \\n newlines, NFC, no boilerplate lines or footnote markers, one blank
    line between paragraphs, no trailing spaces. Idempotent: applied until nothing changes."""
    for _ in range(8):
        cleaned, settled = _clean_once(text)
        if cleaned == text:
            break
        text = cleaned
        if settled:  # the next pass would give `cleaned` back (see `_clean_once`)
            break
    return text


def guess_title(text: str) -> str | None:
    """The first line of a cleaned text when it reads like a headline (one short line, no final stop)."""
    first = text.split("\n\n", 1)[0].strip()
    if not first or "\n" in first or len(first) > 200 or first[-1] in ".!?,;:":
        return None
    return first


# ---------------------------------------------------------------- metadata

def parse_date(value: str) -> dt.date | None:
    """An ISO date/datetime, else (if it names a year) a free-form date via dateparser; None if invalid."""
    text = value.strip()
    for parse in (dt.date.fromisoformat, lambda v: dt.datetime.fromisoformat(v).date()):
        try:
            return parse(text)
        except ValueError:
            pass
    if re.match(r"^\d{4}-\d{1,2}", text) or not re.search(r"\b\d{4}\b", text):
        return None  # ISO-shaped but invalid (2025-13-45), or no year: never guess
    try:
        import dateparser  # slow import; only needed for free-form dates

        parsed = dateparser.parse(
            text, languages=["en"],
            settings={"STRICT_PARSING": True, "RETURN_AS_TIMEZONE_AWARE": False,
                      "RELATIVE_BASE": dt.datetime(2000, 1, 1)},
        )
    except Exception:  # noqa: BLE001 - dateparser raises many types on odd input
        return None
    return parsed.date() if parsed else None


def read_metadata(
    record: dict[str, Any], *, source: str, today: dt.date | None = None
) -> tuple[Metadata, list[IngestWarning]]:
    """Metadata from a decoded sidecar or JSON line; bad fields are dropped with a warning."""
    warnings: list[IngestWarning] = []
    values: dict[str, Any] = {}
    for name in (*_META_FIELDS, "publication_date"):
        value = record.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if not isinstance(value, str):
            detail = f"{name} is not a string: {value!r:.80}"
            warnings.append(IngestWarning(source, "invalid_metadata_field", detail))
            continue
        values[name] = value.strip()
    if "publication_date" in values:
        raw_date = values.pop("publication_date")
        date = parse_date(raw_date)
        if date is None:
            detail = f"cannot read {raw_date!r:.80}"
            warnings.append(IngestWarning(source, "invalid_publication_date", detail))
        else:
            values["publication_date"] = date
            if today is not None and date > today:
                warnings.append(IngestWarning(source, "future_publication_date", f"{date} is after {today}"))
    return Metadata(**values), warnings


def parse_meta(
    data: bytes, *, source: str = "", today: dt.date | None = None
) -> tuple[Metadata, list[IngestWarning]]:
    """A `NAME.meta.json` sidecar. Never raises: malformed input gives empty Metadata and a warning."""
    try:
        record = json.loads(decode_bytes(data)[0])
    except (IngestError, ValueError, RecursionError) as exc:
        return Metadata(), [IngestWarning(source, "malformed_metadata", f"{type(exc).__name__}: {exc}"[:200])]
    if not isinstance(record, dict):
        detail = f"not a JSON object: {type(record).__name__}"
        return Metadata(), [IngestWarning(source, "malformed_metadata", detail)]
    return read_metadata(record, source=source, today=today)


# ---------------------------------------------------------------- articles

def _too_large(source: str, size: int, max_bytes: int) -> Rejection:
    return Rejection(source, "too_large", f"{size} bytes is over the limit of {max_bytes} bytes", size)


def build_document(
    source: str, text: str, raw: bytes, *, encoding: str, meta: Metadata, empty_detail: str = ""
) -> Document | Rejection:
    """A Document from decoded text and its metadata, or `no_text` when cleaning leaves nothing."""
    cleaned = clean_text(text)
    if not cleaned.strip():
        return Rejection(source, "no_text", empty_detail or "no article text left after cleaning", len(raw))
    return Document(
        doc_id=stable_id(cleaned),
        source=source,
        text=cleaned,
        content_sha256=sha256_bytes(raw),
        title=meta.title or guess_title(cleaned),
        url=meta.url,
        publication_date=meta.publication_date,
        publication_date_basis="metadata" if meta.publication_date else "unknown",
        language=meta.language,
        encoding=encoding,
        publisher=meta.source,
    )


def _sidecar(
    meta: bytes | None, source: str, meta_source: str | None, today: dt.date | None,
    warnings: list[IngestWarning] | None,
) -> Metadata:
    """The sidecar's metadata; its problems are reported against the article, naming the sidecar."""
    if meta is None:
        return Metadata()
    parsed, problems = parse_meta(meta, source=source, today=today)
    if warnings is not None:
        name = meta_source or "sidecar"
        warnings.extend(IngestWarning(source, w.code, f"{name}: {w.detail}") for w in problems)
    return parsed


def _decode_input(relpath: str, data: bytes, max_bytes: int) -> tuple[str, str] | Rejection:
    """(text, encoding) of one input file, or its rejection (too large, binary, undecodable, empty)."""
    if len(data) > max_bytes:
        return _too_large(relpath, len(data), max_bytes)
    try:
        return decode_bytes(data)
    except IngestError as exc:
        return Rejection(relpath, exc.reason, exc.detail, len(data))


def parse_text_article(
    relpath: str, data: bytes, meta: bytes | None, *, max_bytes: int, today: dt.date | None = None,
    meta_source: str | None = None, warnings: list[IngestWarning] | None = None,
) -> Document | Rejection:
    """A `.txt` article (and its sidecar's bytes, if any). Sidecar problems go to `warnings`."""
    decoded = _decode_input(relpath, data, max_bytes)
    if isinstance(decoded, Rejection):
        return decoded
    text, encoding = decoded
    metadata = _sidecar(meta, relpath, meta_source, today, warnings)
    return build_document(relpath, text, data, encoding=encoding, meta=metadata)


class _PageText(HTMLParser):
    """Fallback extractor: visible text by block, plus <title> and the first heading."""

    _SKIP = frozenset({"script", "style", "noscript", "template", "svg", "head"})
    _BLOCKS = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section",
                         "article", "blockquote", "pre", "header", "footer", "ul", "ol", "table"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = [""]
        self.title: str | None = None
        self.heading: str | None = None
        self._stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._BLOCKS:
            self.blocks.append("")
        if tag not in ("br", "meta", "link", "img", "input", "hr"):
            self._stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._stack:
            while self._stack and self._stack.pop() != tag:
                pass
        if tag in self._BLOCKS:
            self.blocks.append("")

    def handle_data(self, data: str) -> None:
        inside = set(self._stack)
        if "title" in inside and self.title is None and data.strip():
            self.title = " ".join(data.split())
        if inside & self._SKIP:
            return
        if inside & {"h1", "h2", "h3"} and self.heading is None and data.strip():
            self.heading = " ".join(data.split())
        self.blocks[-1] += data

    def text(self) -> str:
        return "\n\n".join(" ".join(b.split()) for b in self.blocks if b.strip())


def _extract_main_text(html: str) -> str | None:
    try:
        import trafilatura  # slow import; only needed for HTML

        text = trafilatura.extract(html, include_comments=False, include_tables=True, deduplicate=False)
    except Exception:  # noqa: BLE001 - a crash in the extractor must not lose the page: fall back
        return None
    return text.replace("\n", "\n\n") if text and text.strip() else None


def parse_html_article(
    relpath: str, data: bytes, meta: bytes | None, *, max_bytes: int, today: dt.date | None = None,
    meta_source: str | None = None, warnings: list[IngestWarning] | None = None,
) -> Document | Rejection:
    """An `.html`/`.htm` page: trafilatura's main text, else all visible text; `no_text` when none."""
    decoded = _decode_input(relpath, data, max_bytes)
    if isinstance(decoded, Rejection):
        return decoded
    html, encoding = decoded
    page = _PageText()
    try:
        page.feed(html)
        page.close()
    except Exception:  # noqa: BLE001 - HTMLParser is lenient, but never let a page crash the run
        page = _PageText()
    text = _extract_main_text(html)
    if text is None and page.text():
        text = page.text()
        if warnings is not None:
            detail = "trafilatura found no main text; used all visible text"
            warnings.append(IngestWarning(relpath, "html_fallback_extractor", detail))
    metadata = _sidecar(meta, relpath, meta_source, today, warnings)
    if metadata.title is None:
        metadata = Metadata(page.title or page.heading, metadata.url, metadata.source,
                            metadata.publication_date, metadata.language)
    return build_document(
        relpath, text or "", data, encoding=encoding, meta=metadata, empty_detail=_NO_PAGE_TEXT
    )


# ---------------------------------------------------------------- JSON lines

def sanitise_label(value: str, limit: int = 80) -> str:
    """An id reduced to a safe label ([A-Za-z0-9_-]); it is never a path."""
    return re.sub(r"[^A-Za-z0-9_-]+", "_", value).strip("_-")[:limit]


def parse_jsonl_line(
    relpath: str, lineno: int, line: bytes, *, max_bytes: int, today: dt.date | None = None,
    warnings: list[IngestWarning] | None = None,
) -> Document | Rejection | None:
    """One JSON line (1-based `lineno`); None for a blank line. Source is `FILE#ID` or `FILE#LINE`."""
    where = f"{relpath}#{lineno}"
    line = line.rstrip(b"\r\n")
    if len(line) > max_bytes:
        return _too_large(where, len(line), max_bytes)
    if lineno == 1:
        line = line.removeprefix(b"\xef\xbb\xbf")
    if not line.strip():
        return None
    try:
        decoded = line.decode("utf-8")
    except UnicodeDecodeError:
        try:
            decoded = decode_bytes(line)[0]
        except IngestError as exc:
            return Rejection(where, exc.reason, exc.detail, len(line))
    try:
        record = json.loads(decoded)
    except (ValueError, RecursionError) as exc:
        return Rejection(where, "malformed_json", f"line {lineno}: {exc}"[:200], len(line))
    if not isinstance(record, dict):
        return Rejection(where, "malformed_json", f"line {lineno}: not a JSON object", len(line))
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return Rejection(where, "missing_text", f"line {lineno}: no non-empty string 'text'", len(line))
    ident = record.get("id")
    label = sanitise_label(str(ident)) if isinstance(ident, str | int) and not isinstance(ident, bool) else ""
    source = f"{relpath}#{label}" if label else where
    metadata, problems = read_metadata(record, source=source, today=today)
    if warnings is not None:
        warnings.extend(problems)
    return build_document(source, text, line, encoding="utf-8", meta=metadata)


def parse_jsonl(
    relpath: str, data: bytes, *, max_bytes: int, today: dt.date | None = None,
    warnings: list[IngestWarning] | None = None,
) -> list[Document | Rejection]:
    """Every line of a `.jsonl` file; bad lines are Rejections, good ones kept. `max_bytes` is per line."""
    if not data.strip():
        return [Rejection(relpath, "empty", "no content" if not data else "whitespace only", len(data))]
    items = []
    for lineno, line in enumerate(data.split(b"\n"), start=1):
        item = parse_jsonl_line(relpath, lineno, line, max_bytes=max_bytes, today=today, warnings=warnings)
        if item is not None:
            items.append(item)
    return items
