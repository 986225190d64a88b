import pytest

from claims.matching import ClaimFeatures, MatchSettings, Side, features_for_texts, load_lexicon, score_features


@pytest.fixture(scope="session")
def nlp():
    from claims.services.matching import matching_nlp

    return matching_nlp()


@pytest.fixture(scope="session")
def score(nlp):
    """score("text a", "text b", speakers=("X", "Y")) with the default settings."""
    lexicon, settings = load_lexicon(), MatchSettings()

    def run(a: str, b: str, *, speakers: tuple[str, str] = ("s", "s"), orgs: tuple[str, str] = ("", "")):
        fa, fb = features_for_texts([a, b], nlp)
        return score_features(
            Side(features=fa, speaker=speakers[0], organisation=orgs[0]),
            Side(features=fb, speaker=speakers[1], organisation=orgs[1]),
            lexicon=lexicon,
            settings=settings,
        )

    return run


@pytest.fixture(scope="session")
def features(nlp):
    def run(text: str) -> ClaimFeatures:
        return features_for_texts([text], nlp)[0]

    return run
