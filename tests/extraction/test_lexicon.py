"""The word tables agree with the rules that read them."""

import pytest

from claims.extraction import lexicon
from claims.extraction.cues import cue_pattern


def test_every_irregular_form_names_a_cue_verb():
    missing = {form: lemma for form, lemma in lexicon.IRREGULAR_LEMMAS.items() if lemma not in lexicon.CUE_VERBS}
    assert missing == {}


@pytest.mark.parametrize("lemma", sorted(lexicon.CUE_VERBS))
def test_every_cue_verb_has_a_content_rule(lemma):
    assert cue_pattern(lemma) in ("clause", "object")
    assert lexicon.CUE_VERBS[lemma] == cue_pattern(lemma)


def test_restricted_cues_are_cues():
    assert set(lexicon.CUE_VERBS) >= lexicon.DOCUMENT_ONLY_CUES
    assert set(lexicon.PARTICLE_CUES) <= set(lexicon.CUE_VERBS)


def test_cue_lemmas_come_from_spacy_when_it_lemmatises(nlp):
    from claims.extraction.cues import cue_lemma

    doc = nlp("He thinks it will rain. She thought so. They pointed out that it was late. He pointed at the sky.")
    lemmas = {t.text: cue_lemma(t) for t in doc if t.pos_ == "VERB"}
    assert lemmas["thinks"] == "think"
    assert lemmas["thought"] == "think"
    assert lemmas["pointed"] in ("point", None)
    pointed = [t for t in doc if t.text == "pointed"]
    assert cue_lemma(pointed[0]) == "point"
    assert cue_lemma(pointed[1]) is None


def test_unknown_lemma_is_not_a_cue_and_never_raises(nlp):
    from claims.extraction.cues import cue_lemma

    doc = nlp("Officers thought the van had left. The dog barked.")
    assert cue_lemma(doc[1]) == "think"
    assert cue_lemma(doc[[t.text for t in doc].index("barked")]) is None
