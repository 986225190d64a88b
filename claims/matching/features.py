"""What the scorer compares, read once from a statement's spaCy parse and storable as JSON."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the web process imports this package (services) but never parses
    from spacy.language import Language
    from spacy.tokens import Doc, Span

from claims.matching.numbers import figures

FEATURES_VERSION = 4
CONTENT_POS = {"NOUN", "PROPN", "VERB", "ADJ", "ADV", "NUM", "ADP"}
# Entity types that name who or what a claim is about; numbers and dates are compared as figures.
NAMING_ENTITIES = {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "LAW", "WORK_OF_ART"}
# Closed-class negators the parser does not label "neg" ("no hospital", "nobody").
NEGATORS = {"no", "nobody", "nothing", "none", "nowhere", "neither", "nor", "without"}
# Words inside these entities are compared as figures ("3.1 per cent" / "3.1%"), not as words.
FIGURE_ENTITIES = {"MONEY", "PERCENT", "CARDINAL", "QUANTITY"}


@dataclass(frozen=True)
class ClaimFeatures:
    """lemmas: lower-case content lemmas; words: every alphabetic lemma, stop words too ("up",
    "more"), for direction; figures: normalised values (see numbers.py); negated: an odd number of
    negations; entities: (label, lower-case text) of named people, places, organisations, and
    ("PROPN", word) for proper nouns the entity recogniser missed."""

    lemmas: frozenset[str]
    words: frozenset[str]
    figures: frozenset[float]
    negated: bool
    entities: frozenset[tuple[str, str]]

    def to_json(self) -> dict:
        return {
            "v": FEATURES_VERSION,
            "lemmas": sorted(self.lemmas),
            "words": sorted(self.words),
            "figures": sorted(self.figures),
            "negated": self.negated,
            "entities": sorted([list(entity) for entity in self.entities]),
        }

    @classmethod
    def from_json(cls, data: dict) -> "ClaimFeatures | None":
        """None when the stored form is missing or from another FEATURES_VERSION."""
        if not data or data.get("v") != FEATURES_VERSION:
            return None
        return cls(
            lemmas=frozenset(data["lemmas"]),
            words=frozenset(data["words"]),
            figures=frozenset(data["figures"]),
            negated=bool(data["negated"]),
            entities=frozenset((label, text) for label, text in data["entities"]),
        )


def features_from_doc(doc: "Doc | Span") -> ClaimFeatures:
    """Features of one parsed sentence or statement: a Doc of its own, or its span of an article's parse."""
    negations = sum(1 for token in doc if token.dep_ == "neg" or token.lower_ in NEGATORS)
    lemmas = frozenset(
        token.lemma_.lower()
        for token in doc
        if token.pos_ in CONTENT_POS
        and not token.is_stop
        and not token.like_num
        and token.is_alpha
        and token.ent_type_ not in FIGURE_ENTITIES
    )
    entities = frozenset(
        (entity.label_, " ".join(entity.text.lower().split()).removeprefix("the "))
        for entity in doc.ents
        if entity.label_ in NAMING_ENTITIES
    )
    named = {token.i for entity in doc.ents for token in entity}
    entities |= {("PROPN", token.lower_) for token in doc if token.pos_ == "PROPN" and token.i not in named}
    # Lemmas and word forms: "fewer" is "few" to the lemmatizer but WordNet's opposite of "more".
    words = frozenset(token.lemma_.lower() for token in doc if token.is_alpha)
    words |= {token.lower_ for token in doc if token.is_alpha}
    return ClaimFeatures(
        lemmas=lemmas, words=words, figures=figures(doc.text), negated=negations % 2 == 1, entities=entities
    )


def features_for_texts(texts: Iterable[str], nlp: "Language") -> list[ClaimFeatures]:
    """Features for many texts in one spaCy pass (the caller's pipeline: tagger, parser, ner)."""
    return [features_from_doc(doc) for doc in nlp.pipe(texts)]
