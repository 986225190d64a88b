"""The extractor's output record."""

from dataclasses import dataclass

from claims.matching.features import ClaimFeatures

from .checkworthiness import CheckWorthiness


@dataclass(frozen=True)
class ExtractedStatement:
    """One attributed statement; `content == text[start:end]` for the text given to the extractor."""

    speaker: str
    speaker_kind: str
    speaker_aliases: tuple[str, ...]
    speaker_role: str | None
    content: str
    start: int
    end: int
    kind: str
    cue: str | None
    paragraph: int
    confidence: float
    evidence_hint: str | None
    evidence_cue: str | None
    # Filled when extract(..., check_worthiness=True) scores the statement from the article's parse.
    check_worthiness: CheckWorthiness | None = None
    # Filled when extract(..., match_features=True) reads the claim matcher's features from that parse.
    match_features: ClaimFeatures | None = None
