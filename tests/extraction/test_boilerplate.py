"""Page furniture: the public boilerplate_reason and what the extractor does with it."""

import pytest

from claims.extraction import boilerplate_reason, extract
from newstext.boilerplate import split_paragraphs

from .conftest import SHARED


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("World", "section label"),
        ("Local News", "section label"),
        ("Science & Environment", "section label"),
        ("Read more: Inside the harbour deal", "link to other content"),
        ("More on Russia", "link to other content"),
        ("0:47", "video duration"),
        ("1:02:13", "video duration"),
        ("Please use Chrome browser for a more accessible video player", "player notice"),
        ("Image caption, Workers outside the plant on Monday", "caption"),
        ("Advertisement", "advertisement"),
    ],
)
def test_boilerplate_reason_names_page_furniture(line, reason):
    assert boilerplate_reason(line) == reason


@pytest.mark.parametrize(
    "line",
    [
        "He left.",
        "“It breaks your heart.”",
        "HALVORSEN: We did what we could.",
        "The motion passed by 341 votes to 287.",
        "Putin Warns West",
        "Q: Will you resign?",
        "",
    ],
)
def test_boilerplate_reason_keeps_article_text(line):
    assert boilerplate_reason(line) is None


def test_paragraphs_carry_exact_offsets():
    text = "  One.\n\n\nTwo lines\nstill two.\n\nThree."
    paragraphs = split_paragraphs(text)
    assert [p.text for p in paragraphs] == ["One.", "Two lines\nstill two.", "Three."]
    assert all(text[p.start : p.end] == p.text for p in paragraphs)
    assert [p.index for p in paragraphs] == [0, 1, 2]


def test_putin_address_boilerplate_yields_nothing(nlp):
    path = SHARED / "corpus" / "putin_address.txt"
    if not path.exists():
        pytest.skip("shared corpus not available")
    text = path.read_text(encoding="utf-8")
    furniture = [
        (p.start, p.end) for p in split_paragraphs(text) for line in p.text.splitlines() if boilerplate_reason(line)
    ]
    assert len(furniture) >= 4  # "World", the player notice, "0:47", "More on Russia"
    statements = extract(text, nlp)
    assert len(statements) == 12
    for s in statements:
        assert not any(start < s.end and s.start < end for start, end in furniture)
