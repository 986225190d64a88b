"""Evidence hints: how the article itself frames a claim (own example sentences, real model)."""

import pytest

from claims.extraction import extract
from claims.extraction.evidence import find_cues

ARTICLE = """The mayor, Ruth Abara, said the bridge would reopen in May, a date the contractor disputed.

Engineer Sam Patel claimed that repairs had cost 4m crowns. Council records published on Monday confirm the figure.

Ms Abara insisted the council was not to blame. Mr Patel denied this.

A local group said the bridge had been sabotaged, providing no evidence for the claim.
"""


@pytest.fixture(scope="module")
def hints(nlp):
    return {s.content: (s.speaker, s.evidence_hint, s.evidence_cue) for s in extract(ARTICLE, nlp)}


def test_claim_another_source_disputes_is_contested_and_the_dispute_is_cut_off(hints):
    assert hints["the bridge would reopen in May"] == ("Ruth Abara", "contested", "a date the contractor disputed")


def test_figures_published_later_confirming_a_claim_make_it_evidenced(hints):
    speaker, hint, cue = hints["repairs had cost 4m crowns"]
    assert (speaker, hint) == ("Sam Patel", "evidenced")
    assert cue.endswith("confirm")


def test_denial_in_the_next_sentence_contests_the_claim_before_it(hints):
    assert hints["the council was not to blame"] == ("Ruth Abara", "contested", "denied this")


def test_claim_made_without_evidence_is_unevidenced(hints):
    (key,) = [k for k in hints if k.startswith("the bridge had been sabotaged")]
    assert key == "the bridge had been sabotaged"
    assert hints[key][1:] == ("unevidenced", "providing no evidence")


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("He said so, without offering any proof.", "unevidenced"),
        ("She said so, a claim the union rejected.", "contested"),
        ("They said so, a figure confirmed by the census.", "evidenced"),
        ("He said so and was cheered.", None),
    ],
)
def test_cue_patterns(text, hint):
    cues = find_cues(text)
    assert [c.hint for c in cues] == ([hint] if hint else [])
