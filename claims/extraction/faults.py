"""Failure isolation: an exception in one rule on one candidate drops that candidate, not the article.

The product stores every other statement of the article and counts the warnings on it; only a
failure of the whole pipeline (the model cannot load, the text cannot be parsed) fails an article.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

logger = logging.getLogger("claims.extraction")

T = TypeVar("T")


@dataclass(frozen=True)
class ExtractionWarning:
    """One dropped candidate: the rule that failed, the character span it was working on, the error."""

    rule: str
    start: int
    end: int
    error: str

    def as_dict(self) -> dict[str, object]:
        return {"rule": self.rule, "start": self.start, "end": self.end, "error": self.error}


def unguarded(rule: str, start: int, end: int, fn: Callable[..., T], *args) -> T:
    """Faults.guard's signature without the guard: the default where no Faults collects (rule tests)."""
    return fn(*args)


class Faults:
    """The warnings of one article's extraction, collected as the stages run."""

    def __init__(self) -> None:
        self.warnings: list[ExtractionWarning] = []

    def guard(self, rule: str, start: int, end: int, fn: Callable[..., T], *args, **kwargs) -> T | None:
        """fn(*args, **kwargs), or None after recording and logging the exception it raised."""
        try:
            return fn(*args, **kwargs)
        except Exception as exc:  # any rule's bug must cost one candidate, never the article
            warning = ExtractionWarning(rule, start, end, f"{type(exc).__name__}: {exc}"[:500])
            self.warnings.append(warning)
            logger.warning("extraction rule %s failed at %d-%d: %s", rule, start, end, warning.error, exc_info=True)
            return None
