"""Sentence splitting with exact offsets, and the length-preserving fold."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dateline.text import fold, keep_whole, split_sentences

SPLIT_CASES = [
    (
        "two sentences",
        "Xi met Putin. They signed a statement.",
        ["Xi met Putin.", "They signed a statement."],
    ),
    (
        "abbreviation U.S.",
        "The U.S. Secretary of State arrived. He met the emir.",
        ["The U.S. Secretary of State arrived.", "He met the emir."],
    ),
    ("title abbreviation", "Gen. Smith spoke. Dr. Jones left.", ["Gen. Smith spoke.", "Dr. Jones left."]),
    ("initial", "J. Smith met the king. Talks followed.", ["J. Smith met the king.", "Talks followed."]),
    (
        "paragraphs",
        "Headline here\n\nFirst para. Second sentence.\nNext para",
        ["Headline here", "First para.", "Second sentence.", "Next para"],
    ),
    ("bullet", "  • Point one is here.\n  2. Point two.", ["Point one is here.", "Point two."]),
    ("closing quote", 'He said "we agree." Then they left.', ['He said "we agree."', "Then they left."]),
    ("question", "Will they meet? Nobody knows.", ["Will they meet?", "Nobody knows."]),
    (
        "decimal",
        "Trade hit $244.8 billion in 2024. It grew.",
        ["Trade hit $244.8 billion in 2024.", "It grew."],
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), [(t, e) for _, t, e in SPLIT_CASES], ids=[c[0] for c in SPLIT_CASES]
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == expected
    for s in sentences:
        assert text[s.start : s.end] == s.text


def test_paragraph_index_counts_nonblank_lines() -> None:
    sentences = split_sentences("A one. A two.\n\nB one.")
    assert [s.paragraph for s in sentences] == [0, 0, 1]
    assert [s.index for s in sentences] == [0, 1, 2]


@given(st.text())
def test_offsets_always_slice_to_the_sentence(text: str) -> None:
    for s in split_sentences(text):
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip() and s.text


@given(st.text())
def test_fold_keeps_length(text: str) -> None:
    assert len(fold(text)) == len(text)


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("Vučić", "vucic"),
        ("Díaz-Canel", "diaz-canel"),
        ("Erdoğan", "erdogan"),
        ("China’s", "china's"),
        ("A—B", "a-b"),
    ],
)
def test_fold_examples(raw: str, folded: str) -> None:
    assert fold(raw) == folded


@given(st.text(alphabet=st.sampled_from("aZ09 .,'’–—-_éÉßıŁłđĐİÅž\u00a0\u0416\u212a"), max_size=40))
def test_fold_is_the_table_translation(text: str) -> None:
    """The ASCII fast path and the per-run translation give what translating the whole text gives."""
    from dateline.text import _fold_table

    assert fold(text) == text.translate(_fold_table())


def test_a_name_the_lexicon_knows_is_never_split() -> None:
    text = "Rubio met Ma. Theresa Lazaro on Monday. They spoke again.\nA new paragraph."
    name = text.index("Ma."), text.index(" on Monday")
    joined = keep_whole(split_sentences(text), text, [name])
    assert [s.text for s in joined] == [
        "Rubio met Ma. Theresa Lazaro on Monday.",
        "They spoke again.",
        "A new paragraph.",
    ]
    assert [s.index for s in joined] == [0, 1, 2]
    assert all(text[s.start : s.end] == s.text for s in joined)


@given(st.text(alphabet="Ab. \n", max_size=60), st.data())
def test_joining_keeps_offsets_and_order(text: str, data: st.DataObject) -> None:
    spans = data.draw(st.lists(st.tuples(st.integers(0, len(text)), st.integers(0, 8)), max_size=4))
    spans = [(a, min(len(text), a + n)) for a, n in spans]
    joined = keep_whole(split_sentences(text), text, spans)
    assert all(text[s.start : s.end] == s.text for s in joined)
    assert [s.index for s in joined] == list(range(len(joined)))
    assert all(a.end <= b.start for a, b in zip(joined, joined[1:], strict=False))
