"""Ingested HTML keeps the page's blocks, so a headline never runs into the first sentence (issue 10 item 5)."""

from pathlib import Path

from sources import cleaning
from sources.services import article_ingest_upload

PAGES = Path(__file__).resolve().parent / "pages"
HEADLINE = "Ferry fares to rise by a fifth, operator says"
PARAGRAPHS = [
    HEADLINE,
    "Fares on the Skerrow ferry will rise by 20% in April, the operator, Westmere Shipping, said on Monday.",
    "The company's chief executive, Alisdair Crane, said fuel and crew costs had risen faster than expected "
    "since the contract was signed.",
    '"We held prices for three years. We cannot hold them for a fourth," Mr Crane said.',
    'The island councillor Morag Stewart said the rise was "a tax on living here" and called for the government '
    "to step in.",
    '"People who work on the mainland have no other way to get there," she said.',
]


def test_field_12_page_is_stored_with_one_blank_line_between_its_blocks(db):
    page = (PAGES / "field-12.html").read_bytes()

    article = article_ingest_upload(data=page, filename="field-12.html").article

    assert article.text.split("\n\n") == PARAGRAPHS
    assert article.title == HEADLINE
    # The page's furniture stays out: navigation, cookie banner, byline, caption, the "Latest news" list.
    for furniture in ("Accept all", "Imogen Radley", "Photo: Kit Lammas", "no more delays", "All rights reserved"):
        assert furniture not in article.text


def test_headings_lists_line_breaks_and_quotes_keep_their_boundaries():
    html = (
        "<html><head><title>Harbour works</title></head><body><article>"
        "<h1>Harbour works to start in May</h1>"
        "<p>The harbour board said on Tuesday that dredging would begin in May and last six weeks.<br>"
        "Boats will be moved to the outer moorings.</p>"
        "<h2>What changes for boat owners</h2>"
        "<ul><li>Moorings on the north quay close on May 4.</li>"
        "<li>The slipway stays <b>open</b> on weekends.</li></ul>"
        "<blockquote><p>We have waited ten years for this work and it cannot wait any longer, "
        "the harbour master said.</p></blockquote>"
        "<p>Fishermen &amp; sailors said they had been told about the plan only last week.</p>"
        "</article></body></html>"
    )

    text = cleaning.clean_html(html).text

    assert text.startswith("Harbour works to start in May\n\nThe harbour board said")
    assert "last six weeks.\nBoats will be moved" in text
    assert "\n\nWhat changes for boat owners\n\n" in text
    assert "Moorings on the north quay close on May 4.\nThe slipway stays open on weekends." in text
    assert "\n\nWe have waited ten years" in text
    assert text.endswith("\n\nFishermen & sailors said they had been told about the plan only last week.")
    assert "<" not in text
