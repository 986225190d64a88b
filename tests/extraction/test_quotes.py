"""Quotation spans are found character by character, independent of any parse."""

from claims.extraction.quotes import find_quotes


def _contents(text):
    return [text[q.start : q.end] for q in find_quotes(text, 0, len(text), 0)]


def test_curly_and_straight_quotes_give_their_inner_text():
    assert _contents('“We won,” he said. "Again."') == ["We won,", "Again."]


def test_nested_single_quotes_stay_inside_the_outer_quote():
    text = "“He told me, ‘Go home,’ and I did,” she said."
    assert _contents(text) == ["He told me, ‘Go home,’ and I did,"]


def test_apostrophes_do_not_open_quotes():
    assert _contents("\"It's the council's call,\" she said.") == ["It's the council's call,"]


def test_quote_left_open_at_paragraph_end_runs_to_the_end():
    text = "“This is the first part."
    (q,) = find_quotes(text, 0, len(text), 3)
    assert (text[q.start : q.end], q.close_at, q.paragraph) == ("This is the first part.", None, 3)
