"""Claim matching against the archive: candidates from the database, the scorer's decision applied."""

from functools import cache

from django.conf import settings
from spacy.language import Language

from claims.matching import MatchSettings


def match_settings() -> MatchSettings:
    """The scorer's weights and thresholds from settings.CLAIM_MATCHING (a ValueError names junk keys)."""
    return MatchSettings.from_dict(settings.CLAIM_MATCHING)


@cache
def matching_nlp() -> Language:
    """The spaCy pipeline for match features: lemmas, the parse (negation) and entities, once per process."""
    import spacy  # the web process never matches: keep spaCy out of its imports

    return spacy.load(settings.SPACY_MODEL)
