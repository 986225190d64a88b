"""The one claim-matching scorer: how likely two statements make the same claim, 0..1.

Signals, each in `Score.signals` so an editor sees why:
- words: soft Dice overlap of content lemmas, where two lemmas agree when equal, WordNet synonyms
  (a shared common sense) or near-identical spellings (rapidfuzz ratio);
- entities: overlap of the named people, places and organisations; the same kind of entity with
  another name ("Wales" / "Scotland") is a conflict;
- figures: equal normalised figures raise the score, a changed figure caps it below `lower`;
- negation and direction: a negated twin or an opposite verb or adjective ("rose" / "fell",
  WordNet antonyms) caps it below `lower`;
- speaker: the same speaker, or the same organisation, adds a little.
Weights and thresholds come from `MatchSettings`, built from Django settings by the caller.
Another signal (an embedding similarity, say) is one more term in `score_features`.
"""

from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from claims.matching.features import ClaimFeatures
from claims.matching.numbers import figures_agree
from claims.matching.wordnet import Lexicon

MATCH, POSSIBLE, DIFFERENT = "match", "possible", "different"


@dataclass(frozen=True)
class MatchSettings:
    """Thresholds on the 0..1 score, signal weights (summing to 1) and the caps that conflicts impose."""

    upper: float = 0.8
    lower: float = 0.5
    weight_words: float = 0.75
    weight_entities: float = 0.15
    weight_speaker: float = 0.1
    figures_agree_bonus: float = 0.1
    figure_only_one_side: float = 0.9
    spelling_ratio: float = 90.0
    conflict_cap: float = 0.45  # a changed figure, negation or direction: "different", never "possible"
    # Another name in the same slot is a different claim, but NER mislabels names: an editor decides.
    entity_conflict_cap: float = 0.7
    figure_tolerance: float = 0.015

    @classmethod
    def from_dict(cls, values: dict) -> "MatchSettings":
        unknown = set(values) - set(cls.__dataclass_fields__)
        if unknown:
            raise ValueError(f"Unknown claim matching settings: {sorted(unknown)}")
        return cls(**values)


@dataclass(frozen=True)
class Side:
    """One statement to compare: its features, its speaker's normalised name and organisation."""

    features: ClaimFeatures
    speaker: str = ""
    organisation: str = ""


@dataclass(frozen=True)
class Score:
    value: float
    decision: str
    signals: dict[str, float | bool] = field(default_factory=dict)


def _agrees(x: str, other: frozenset[str], other_senses: frozenset[str], lexicon: Lexicon, ratio: float) -> bool:
    """Whether some lemma of `other` agrees with x: equal, a shared common sense (`other_senses` is the
    union of theirs), derivationally related, or a near-identical spelling of five letters or more."""
    if x in other or not lexicon.senses.get(x, frozenset()).isdisjoint(other_senses):
        return True
    if not lexicon.derived.get(x, frozenset()).isdisjoint(other):
        return True
    if len(x) < 5:
        return False
    return process.extractOne(x, [y for y in other if len(y) >= 5], scorer=fuzz.ratio, score_cutoff=ratio) is not None


def word_overlap(a: frozenset[str], b: frozenset[str], lexicon: Lexicon, spelling_ratio: float = 90.0) -> float:
    """Soft Dice: share of lemmas on each side with an agreeing lemma on the other side (`_agrees`)."""
    if not a or not b:
        return 0.0
    senses_a, senses_b = lexicon.senses_of(a), lexicon.senses_of(b)
    matched_a = sum(1 for x in a if _agrees(x, b, senses_b, lexicon, spelling_ratio))
    matched_b = sum(1 for y in b if _agrees(y, a, senses_a, lexicon, spelling_ratio))
    return (matched_a + matched_b) / (len(a) + len(b))


def _same_entity(a: str, b: str, lexicon: Lexicon) -> bool:
    # "Boris Johnson" / "Johnson" share a word; "UK" / "Britain" share a WordNet sense.
    return a == b or not set(a.split()).isdisjoint(b.split()) or lexicon.same_meaning(a, b)


def entity_agreement(
    a: frozenset[tuple[str, str]], b: frozenset[tuple[str, str]], lexicon: Lexicon
) -> tuple[float | None, bool]:
    """(share of entity names with the same entity on the other side, or None when neither side
    names any; conflict: a name on one side with no counterpart while the other side names others)."""
    if not a and not b:
        return None, False
    names_a, names_b = {text for _, text in a}, {text for _, text in b}
    unmatched_a = {x for x in names_a if not any(_same_entity(x, y, lexicon) for y in names_b)}
    unmatched_b = {y for y in names_b if not any(_same_entity(y, x, lexicon) for x in names_a)}
    overlap = (len(names_a) - len(unmatched_a) + len(names_b) - len(unmatched_b)) / (len(names_a) + len(names_b))
    return overlap, bool(unmatched_a and unmatched_b)


def direction_conflict(a: frozenset[str], b: frozenset[str], lexicon: Lexicon) -> bool:
    """An opposite (WordNet antonym) of a lemma only one side has, on the other side only."""
    only_a, only_b = a - b, b - a
    return any(not lexicon.opposites.get(x, frozenset()).isdisjoint(only_b) for x in only_a)


def _speaker_signal(a: Side, b: Side) -> float:
    if a.speaker and a.speaker == b.speaker:
        return 1.0
    if a.organisation and a.organisation == b.organisation:
        return 0.5
    return 0.0


def score_features(a: Side, b: Side, *, lexicon: Lexicon, settings: MatchSettings) -> Score:
    """Score two statements; see the module docstring for the signals."""
    fa, fb = a.features, b.features
    words = word_overlap(fa.lemmas, fb.lemmas, lexicon, settings.spelling_ratio)
    entities, entity_conflict = entity_agreement(fa.entities, fb.entities, lexicon)
    speaker = _speaker_signal(a, b)
    value = (
        settings.weight_words * words
        + settings.weight_entities * (words if entities is None else entities)
        + settings.weight_speaker * speaker
    )
    same_figures = figures_agree(fa.figures, fb.figures, settings.figure_tolerance)
    figures_changed = bool(fa.figures and fb.figures and not same_figures)
    if fa.figures and same_figures:
        value += settings.figures_agree_bonus * words
    elif bool(fa.figures) != bool(fb.figures):
        value *= settings.figure_only_one_side
    if entity_conflict:
        value = min(value, settings.entity_conflict_cap)
    negation_differs = fa.negated != fb.negated
    direction = direction_conflict(fa.words, fb.words, lexicon)
    if figures_changed or negation_differs or direction:
        value = min(value, settings.conflict_cap)
    value = round(max(0.0, min(1.0, value)), 4)
    signals = {
        "words": round(words, 4),
        "entities": -1.0 if entities is None else round(entities, 4),
        "entity_conflict": entity_conflict,
        "speaker": speaker,
        "figures_changed": figures_changed,
        "negation_differs": negation_differs,
        "direction_conflict": direction,
    }
    return Score(value=value, decision=decide(value, settings), signals=signals)


def decide(value: float, settings: MatchSettings) -> str:
    if value >= settings.upper:
        return MATCH
    if value >= settings.lower:
        return POSSIBLE
    return DIFFERENT
