"""The claim scorer, one signal family at a time, on sentences of the kind newsrooms quote."""

from claims.matching import DIFFERENT, MATCH, POSSIBLE, ClaimFeatures, MatchSettings, load_lexicon
from claims.matching.scorer import decide, direction_conflict, word_overlap


def test_verbatim_repeat_is_a_match_even_from_another_speaker(score):
    said = "Waiting lists have fallen for six months in a row."
    assert score(said, said, speakers=("keir starmer", "wes streeting")).decision == MATCH


def test_paraphrase_with_a_wordnet_synonym_scores_high_and_a_stranger_low(score):
    paraphrase = score("Immigration is far too high.", "Immigration levels are much too high.")
    other = score("Immigration is far too high.", "Rents are rising faster than wages.")
    assert paraphrase.decision in (MATCH, POSSIBLE)
    assert other.decision == DIFFERENT
    assert paraphrase.value > other.value + 0.3


def test_lemmas_agree_through_wordnet_senses_derivations_and_spelling():
    lexicon = load_lexicon()
    assert word_overlap(frozenset({"climb"}), frozenset({"rise"}), lexicon) == 1.0  # a shared sense
    assert word_overlap(frozenset({"homelessness"}), frozenset({"homeless"}), lexicon) == 1.0  # derivation
    assert word_overlap(frozenset({"programme"}), frozenset({"programm"}), lexicon) == 1.0  # spelling
    assert word_overlap(frozenset({"hospital"}), frozenset({"teacher"}), lexicon) == 0.0


def test_the_same_figure_written_differently_matches(score):
    result = score("Forty per cent of nurses are considering quitting.", "40% of nurses are considering quitting.")
    assert result.decision == MATCH
    assert result.signals["figures_changed"] is False


def test_a_changed_figure_is_a_different_claim(score):
    result = score("Net migration hit 906,000 last year.", "Net migration hit 685,000 last year.")
    assert result.signals["figures_changed"] is True
    assert result.decision == DIFFERENT


def test_a_changed_year_is_a_different_claim(score):
    assert (
        score("Knife crime has risen by 20% since 2019.", "Knife crime has risen by 20% since 2010.").decision
        == DIFFERENT
    )


def test_a_negated_twin_is_a_different_claim(score):
    result = score("We will raise taxes on working people.", "We will not raise taxes on working people.")
    assert result.signals["negation_differs"] is True
    assert result.decision == DIFFERENT
    assert score("No hospital has closed.", "A hospital has closed.").decision == DIFFERENT


def test_opposite_directions_are_different_claims(score):
    for a, b in [
        ("Unemployment rose last quarter.", "Unemployment fell last quarter."),
        ("The council approved the new runway.", "The council rejected the new runway."),
        ("Business investment went up this year.", "Business investment went down this year."),
    ]:
        result = score(a, b)
        assert result.signals["direction_conflict"] is True, (a, b)
        assert result.decision == DIFFERENT, (a, b)


def test_direction_needs_the_opposite_on_the_other_side_only():
    lexicon = load_lexicon()
    assert direction_conflict(frozenset({"price", "rise"}), frozenset({"price", "fall"}), lexicon)
    # Both words on both sides ("rose, then fell"): the same claim, no conflict.
    assert not direction_conflict(frozenset({"rise", "fall"}), frozenset({"rise", "fall"}), lexicon)


def test_another_entity_in_the_same_template_is_never_an_automatic_match(score):
    result = score("Unemployment in Wales rose to 5%.", "Unemployment in Scotland rose to 5%.")
    assert result.signals["entity_conflict"] is True
    assert result.decision != MATCH


def test_entities_named_two_ways_agree(score):
    result = score(
        "The UK has no plan to meet its climate targets.", "Britain has no plan to meet its climate targets."
    )
    assert result.signals["entity_conflict"] is False
    assert result.decision == MATCH


def test_the_same_speaker_or_organisation_raises_the_score(score):
    a, b = "Clean energy will cut household bills.", "Clean power is going to lower bills for households."
    same = score(a, b, speakers=("ed miliband", "ed miliband"))
    party = score(a, b, speakers=("ed miliband", "chris stark"), orgs=("labour", "labour"))
    other = score(a, b, speakers=("ed miliband", "chris stark"))
    assert same.value > party.value > other.value


def test_thresholds_come_from_settings():
    strict = MatchSettings(upper=0.95, lower=0.9)
    assert decide(0.92, strict) == POSSIBLE
    assert decide(0.92, MatchSettings()) == MATCH
    assert decide(0.3, MatchSettings()) == DIFFERENT


def test_unknown_settings_are_refused():
    import pytest

    with pytest.raises(ValueError, match="wieght_words"):
        MatchSettings.from_dict({"wieght_words": 1.0})


def test_features_round_trip_through_json(features):
    parsed = features("Labour will not build 1.5 million homes in Wales.")
    assert parsed.negated is True
    assert 1_500_000 in parsed.figures
    assert ("GPE", "wales") in parsed.entities
    assert ClaimFeatures.from_json(parsed.to_json()) == parsed
    assert ClaimFeatures.from_json({}) is None
    assert ClaimFeatures.from_json({**parsed.to_json(), "v": -1}) is None
