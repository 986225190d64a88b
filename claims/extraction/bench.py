"""Throughput of the full extractor against the bare spaCy pipeline, measured in the same process."""

import resource
import time
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.language import Language

from . import extract_many


@dataclass(frozen=True)
class BenchResult:
    words: int
    texts: int
    bare_words_per_s: float
    full_words_per_s: float
    statements: int
    peak_rss_mb: float

    @property
    def ratio(self) -> float:
        return self.full_words_per_s / self.bare_words_per_s if self.bare_words_per_s else 0.0


def repeat_to(texts: list[str], min_words: int) -> list[str]:
    """The texts, repeated in order until they hold at least min_words words."""
    if not texts or not any(t.split() for t in texts):
        raise ValueError("no words to benchmark")
    out: list[str] = []
    words = 0
    while words < min_words:
        for t in texts:
            out.append(t)
            words += len(t.split())
    return out


def run_bench(texts: list[str], nlp: Language, batch_size: int = 16, rounds: int = 2) -> BenchResult:
    """Warm up, then time bare nlp.pipe and extract_many over the same texts; best of `rounds` each.

    Rounds alternate bare/full so that a busy machine slows both alike.
    """
    words = sum(len(t.split()) for t in texts)
    _consume(nlp.pipe(texts[:4], batch_size=batch_size))
    _consume(extract_many(texts[:4], nlp, batch_size=batch_size))
    bare, full, statements = float("inf"), float("inf"), 0
    for _ in range(max(1, rounds)):
        t0 = time.perf_counter()
        _consume(nlp.pipe(texts, batch_size=batch_size))
        bare = min(bare, time.perf_counter() - t0)
        t0 = time.perf_counter()
        statements = sum(len(found) for found in extract_many(texts, nlp, batch_size=batch_size))
        full = min(full, time.perf_counter() - t0)
    return BenchResult(
        words=words,
        texts=len(texts),
        bare_words_per_s=words / bare,
        full_words_per_s=words / full,
        statements=statements,
        peak_rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    )


def _consume(items: Iterable) -> None:
    for _ in items:
        pass
