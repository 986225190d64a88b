"""Attributed statements from news text: who said what, where, and how the article frames it.

Plain Python over spaCy; no Django. Entry points: `load_pipeline`, `extract`, `extract_many`.
"""

from newstext.boilerplate import boilerplate_reason

from .faults import ExtractionWarning
from .statement import ExtractedStatement

__all__ = [
    "EXTRACTOR_VERSION",
    "MAX_CHARS",
    "ExtractedStatement",
    "ExtractionWarning",
    "boilerplate_reason",
    "extract",
    "extract_many",
    "load_pipeline",
]

EXTRACTOR_VERSION = "2026.11.2"
MAX_CHARS = 1_000_000  # spaCy's default max_length; longer texts are cut before parsing

_ENGINE_NAMES = {"extract", "extract_many", "load_pipeline"}


def __getattr__(name: str):
    # spaCy is imported on first use: the web process imports this package to clean text
    # (boilerplate_reason) and must not pay for spaCy's import or memory.
    if name in _ENGINE_NAMES:
        from . import engine

        return getattr(engine, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
