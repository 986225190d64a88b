"""The extractor's output record."""

from dataclasses import dataclass


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
