"""Claim matching: does a new statement make a claim already on file? Plain Python over spaCy; no Django.

Entry points: `features_for_texts` (parse once, store as JSON), `score_features` (the one scorer),
`MatchSettings` (weights and thresholds), `load_lexicon` (WordNet synonyms and opposites).
"""

from claims.matching.features import ClaimFeatures, features_for_texts, features_from_doc
from claims.matching.scorer import DIFFERENT, MATCH, POSSIBLE, MatchSettings, Score, Side, decide, score_features
from claims.matching.wordnet import Lexicon, load_lexicon

__all__ = [
    "DIFFERENT",
    "MATCH",
    "POSSIBLE",
    "ClaimFeatures",
    "Lexicon",
    "MatchSettings",
    "Score",
    "Side",
    "decide",
    "features_for_texts",
    "features_from_doc",
    "load_lexicon",
    "score_features",
]
