"""Whatever news-like text it is given, the extractor returns well-formed statements and never raises.

The examples are composed by tests/extraction/newslike.py. The "ci" Hypothesis profile (the default)
keeps the run short; `pytest tests/extraction/test_robustness.py --hypothesis-profile=long` explores more.
"""

import pytest
from django.conf import settings
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from claims.extraction import MAX_CHARS, extract

from .newslike import article, paragraph


def _check(text: str, nlp) -> list:
    statements = extract(text, nlp)
    spans = set()
    for s in statements:
        assert 0 <= s.start < s.end <= len(text), (s.start, s.end, len(text))
        assert text[s.start : s.end] == s.content, (s.content, text[s.start : s.end])
        assert (s.start, s.end) not in spans, f"two statements share the span {s.start}-{s.end}: {s.content!r}"
        spans.add((s.start, s.end))
        assert any(ch.isalnum() for ch in s.speaker), f"speaker {s.speaker!r} for {s.content!r} is no name"
    return statements


# Smallest inputs the engine has failed on (found by this suite or reported in issue 10), kept apart so a
# known failure does not stop Hypothesis from exploring.
KNOWN_FAILURES = [
    "Officers thought the van had left.",  # KeyError 'think' (fixed on main)
    "• said the van had left.",  # the bullet is the speaker
    "Ann Lee* said the van had left.",  # "*"
    "Ann Lee‹ said the van had left.",  # "‘", a mark the text does not even hold
    "The van had left, \x1b\x91 said.",  # control characters as the speaker (found by the suite)
]


@pytest.mark.parametrize("text", KNOWN_FAILURES)
def test_inputs_the_engine_once_failed_on(nlp, text):
    statements = _check(text, nlp)
    assert extract(text, nlp) == statements


@given(text=article())
def test_any_article_gives_exact_distinct_spans_with_speakers_and_the_same_output_twice(nlp, text):
    statements = _check(text, nlp)
    assert extract(text, nlp) == statements


@given(head=article(), tail=paragraph(), filler=st.sampled_from(["\n", " ", "\n\n", "x"]))
@hypothesis_settings(max_examples=2)
def test_text_at_the_ingest_size_cap(nlp, head, tail, filler):
    """An article as large as ingest accepts: the engine cuts at MAX_CHARS and offsets still index the text.

    The filler is cheap to parse, so the cap is reached without parsing a megabyte of prose; the tail
    paragraph sits across the MAX_CHARS cut, the case where a quote loses its end.
    """
    before = filler * ((MAX_CHARS - len(head) - len(tail) // 2) // len(filler))
    text = head + before + tail
    after = settings.INGEST_MAX_BYTES - len(text.encode())
    text += filler * max(0, after // len(filler.encode()))
    assert len(text) > MAX_CHARS
    assert settings.INGEST_MAX_BYTES - len(filler.encode()) < len(text.encode()) <= settings.INGEST_MAX_BYTES
    statements = _check(text, nlp)
    assert all(s.end <= MAX_CHARS for s in statements)
