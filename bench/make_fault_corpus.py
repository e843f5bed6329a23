"""Write a raw directory full of bad and awkward inputs, and say what ingest must make of each.

    python bench/make_fault_corpus.py DEST [--small]

`make_fault_corpus(dest)` returns {source: expected}, where source is what `scan_raw` reports
(path relative to DEST, `FILE#LINE` / `FILE#ID` for JSON lines) and expected is one of:
- `document`: becomes a Document;
- `warning:CODE`: becomes a Document and ingest reports warning CODE;
- `skipped_hidden`: not an input, reported only as a warning;
- any other value: the Rejection reason (`duplicate` comes from `dedupe_documents`).
The generated blobs are never committed; this script is.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

MB = 1_000_000
FUTURE = "2999-01-01"  # after any `today` a test will pass


def _article(label: str) -> str:
    """A small, distinct article: every file's text differs unless a duplicate is wanted."""
    return (
        f"Leaders meet over {label}\n\n"
        f"President Alpha met Prime Minister Beta in Paris on 3 May 2025 to discuss {label}.\n\n"
        "The two leaders agreed to meet again in Berlin next month.\n"
    )


def _write(dest: Path, rel: str, data: bytes | str) -> Path:
    path = dest / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def _write_large(dest: Path, rel: str, size: int, *, line_length: int) -> None:
    """`size` bytes of ASCII prose, in lines of `line_length` (one line when it is >= size)."""
    path = dest / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    sentence = b"The delegations met again and discussed trade, energy and security cooperation. "
    line = (sentence * (min(line_length, size) // len(sentence) + 1))[: min(line_length, size) - 1] + b"\n"
    with path.open("wb") as handle:
        written = 0
        while written + len(line) <= size:
            handle.write(line)
            written += len(line)
        handle.write(b"x" * (size - written))


def _jsonl_lines() -> tuple[bytes, dict[str, str]]:
    good = {"id": "a1", "text": _article("jsonl line one"), "title": "One", "publication_date": "2025-05-03"}
    lines = [
        json.dumps(good),  # 1
        '{"id": "b2", "text": "unterminated',  # 2: broken JSON
        json.dumps({"id": "c3", "title": "no text here"}),  # 3: no text
        json.dumps({"id": "../../etc/passwd", "text": _article("a hostile id")}),  # 4: id is only a label
        json.dumps({"text": _article("jsonl line five, no id")}),  # 5
        json.dumps({"text": 42}),  # 6: text not a string
        "",  # 7: blank, skipped
        json.dumps({"id": 808, "text": _article("jsonl bad date"), "publication_date": "2025-13-45"}),  # 8
        "[1, 2, 3]",  # 9: not an object
    ]
    expected = {
        "jsonl/mixed.jsonl#a1": "document",
        "jsonl/mixed.jsonl#2": "malformed_json",
        "jsonl/mixed.jsonl#3": "missing_text",
        "jsonl/mixed.jsonl#etc_passwd": "document",
        "jsonl/mixed.jsonl#5": "document",
        "jsonl/mixed.jsonl#6": "missing_text",
        "jsonl/mixed.jsonl#808": "warning:invalid_publication_date",
        "jsonl/mixed.jsonl#9": "malformed_json",
    }
    return ("\n".join(lines) + "\n").encode("utf-8"), expected


def _make_unreadable(path: Path) -> None:
    """chmod 000. Root can still read such a file; `scan_raw` rejects it on the mode bits alone."""
    os.chmod(path, 0)


def make_fault_corpus(dest: Path, *, include_large: bool = True) -> dict[str, str]:
    """Write the fault corpus under `dest`; return {source: expected outcome} (see module docstring)."""
    dest.mkdir(parents=True, exist_ok=True)
    expected: dict[str, str] = {}

    def put(rel: str, data: bytes | str, outcome: str) -> Path:
        expected[rel] = outcome
        return _write(dest, rel, data)

    put("empty/empty.txt", b"", "empty")
    put("empty/whitespace.txt", b" \n\t\r\n  \n", "empty")
    put("empty/boilerplate-only.txt", "Skip to content\n\nRead more\n\nAdvertisement\n", "no_text")
    put("binary/png-header.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "binary")
    put("binary/nul-bytes.txt", b"Some text\x00\x00\x01\x02 then \x00 more\x00" * 20, "binary")
    put("binary/archive.txt", b"\x1f\x8b\x08\x00" + bytes(range(256)), "binary")
    put("binary/picture.png", b"\x89PNG\r\n\x1a\n" + bytes(64), "unsupported_type")
    latin1 = _article("caf\u00e9 cr\u00e8me and na\u00efve r\u00e9sum\u00e9s").encode("latin-1")
    put("encodings/latin1.txt", latin1, "document")
    smart = _article("\u201csmart quotes\u201d \u2014 and \u2018apostrophes\u2019 \u20ac").encode("cp1252")
    put("encodings/cp1252-smart-quotes.txt", smart, "document")
    utf16 = _article("a UTF-16 file \u2019with BOM\u2019").encode("utf-16")
    put("encodings/utf16-bom.txt", utf16, "document")
    utf8_bom = b"\xef\xbb\xbf" + _article("a UTF-8 file \u2019with BOM\u2019").encode()
    put("encodings/utf8-bom.txt", utf8_bom, "document")
    put(
        "encodings/invalid-utf8-midfile.txt",
        _article("Xi\u2019s visit \u2014 Beijing\u2019s view \u2014 \u201cpartners\u201d").encode()
        + b"A broken \xff\xfe byte pair and a lone \xc3 lead byte.\n",
        "document",
    )
    if include_large:
        _write_large(dest, "big/over-limit-60mb.txt", 60 * MB, line_length=4096)
        expected["big/over-limit-60mb.txt"] = "too_large"
    _write_large(dest, "big/single-line-5mb.txt", 5 * MB, line_length=5 * MB)
    expected["big/single-line-5mb.txt"] = "document"
    put(
        "html/scripts-only.html",
        "<html><head><style>p{color:red}</style><script>var x = 1;</script></head>"
        "<body><script>document.write('hi')</script><noscript></noscript></body></html>",
        "no_text",
    )
    put(
        "html/article.htm",
        "<html><head><title>Leaders meet in Paris</title></head><body><nav>Skip to content</nav>"
        f"<article><h1>Leaders meet in Paris</h1><p>{_article('an HTML page').replace(chr(10), ' ')}</p>"
        "<p>Officials said the talks covered trade, energy and the war in Ukraine in some detail.</p>"
        "</article><footer>Share this article</footer></body></html>",
        "document",
    )
    jsonl, jsonl_expected = _jsonl_lines()
    _write(dest, "jsonl/mixed.jsonl", jsonl)
    expected.update(jsonl_expected)
    _write(dest, "jsonl/broken-only.jsonl", b"{oops\n")
    expected["jsonl/broken-only.jsonl#1"] = "malformed_json"
    put("jsonl/blank-lines-only.jsonl", b"\n\n  \n", "empty")
    put("meta/malformed.txt", _article("a malformed sidecar"), "warning:malformed_metadata")
    _write(dest, "meta/malformed.meta.json", b'{"title": "Broken", "publication_date": ')
    put("meta/bad-date.txt", _article("an impossible date"), "warning:invalid_publication_date")
    _write(dest, "meta/bad-date.meta.json", json.dumps({"title": "Bad", "publication_date": "2025-13-45"}))
    put("meta/future.txt", _article("a date in the future"), "warning:future_publication_date")
    _write(dest, "meta/future.meta.json", json.dumps({"title": "Future", "publication_date": FUTURE}))
    put("meta/free-form-date.txt", _article("a free-form date"), "document")
    free_form = {"publication_date": "Mon, 25 Oct 2022 10:00 GMT"}
    _write(dest, "meta/free-form-date.meta.json", json.dumps(free_form))
    put("meta/orphan.meta.json", json.dumps({"title": "Nobody's sidecar"}), "orphan_metadata")
    put("dupes/first.txt", _article("the same article twice"), "document")
    put("dupes/second copy.txt", _article("the same article twice"), "duplicate")
    link = dest / "links" / "outside.txt"
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to("/etc/passwd")
    expected["links/outside.txt"] = "symlink_outside_raw"
    _make_unreadable(put("unreadable/locked.txt", _article("a locked file"), "unreadable"))
    put("names/with spaces in name.txt", _article("a name with spaces"), "document")
    put("names/\u00fcn\u00efc\u00f6d\u00e9 \u65e5\u672c.txt", _article("a non-ASCII name"), "document")
    put("deep/a/b/c/d/e/f/g/h/article.txt", _article("a deep folder"), "document")
    put("misc/notes.docx", b"PK\x03\x04 not really a docx", "unsupported_type")
    put("misc/README", "no suffix at all", "unsupported_type")
    put(".gitkeep", b"", "skipped_hidden")
    put("misc/.hidden-article.txt", _article("a hidden article"), "hidden_input")
    return expected


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", type=Path, help="directory to write the corpus into (created)")
    parser.add_argument("--small", action="store_true", help="skip the 60 MB over-limit file")
    args = parser.parse_args(argv)
    expected = make_fault_corpus(args.dest, include_large=not args.small)
    for source, outcome in sorted(expected.items()):
        print(f"{outcome:34} {source}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
