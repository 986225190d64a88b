from pathlib import Path

from sources import cleaning

SAMPLE = Path(__file__).resolve().parents[2] / "sample" / "putin_address.txt"


def test_sample_article_boilerplate_is_removed_and_recorded():
    cleaned = cleaning.clean_plain_text(SAMPLE.read_text(encoding="utf-8"))

    removed = {part.text for part in cleaned.removed}
    assert {
        "World",
        "Please use Chrome browser for a more accessible video player",
        "0:47",
        "More on Russia",
    } <= removed
    assert all(part.reason for part in cleaned.removed)
    for line in removed:
        assert line not in cleaned.text.split("\n")
    assert cleaned.text.startswith("Russian President Vladimir Putin has appealed")
    assert "“Take power into your own hands, it will be easier for us to reach agreement.”" in cleaned.text


def test_nul_and_control_characters_are_dropped_and_recorded():
    cleaned = cleaning.clean_plain_text("The minister\x00 said the plan\x07 works.\r\n\r\nSecond paragraph.")

    assert cleaned.text == "The minister said the plan works.\n\nSecond paragraph."
    assert [part.reason for part in cleaned.removed] == ["control characters"]


def test_html_page_is_reduced_to_article_text_without_scripts():
    html = """<!doctype html><html><head><title>Minister defends budget</title>
    <script>window.stolen = document.cookie</script></head><body>
    <nav><a href="/">Home</a> <a href="/world">World</a></nav>
    <article><h1>Minister defends budget</h1>
    <p>The defence minister said on Tuesday that the budget would rise by four per cent next year.</p>
    <p>"We will meet every commitment we have made to our allies," she told reporters in the capital.</p>
    <p>Opposition leaders said the figures did not add up and called for an independent review.</p>
    </article><footer>Copyright 2026</footer></body></html>"""

    cleaned = cleaning.clean_html(html)

    assert "budget would rise by four per cent" in cleaned.text
    assert "window.stolen" not in cleaned.text
    assert "Copyright" not in cleaned.text
    assert cleaned.title == "Minister defends budget"


def test_title_from_text_takes_first_sentence_cut_at_a_word():
    text = "Russian President Vladimir Putin has appealed directly to Ukrainian troops. He added more."
    assert (
        cleaning.title_from_text(text) == "Russian President Vladimir Putin has appealed directly to Ukrainian troops."
    )
    long_title = cleaning.title_from_text("word " * 80)
    assert len(long_title) <= 141
    assert long_title.endswith("…")
    assert "wor…" not in long_title
