"""The corpus scorer's matching (/work/shared/eval/score.py), kept here so the held-out gate runs anywhere.

A predicted statement matches a gold one when the token F1 of their content word bags reaches 0.5
(greedy one-to-one, best pairs first); a matched statement's speaker is right when its title-stripped
name equals the gold canonical name or one of its aliases. tests/extraction/test_heldout_corpus.py
checks these figures equal the shared scorer's whenever that file is present.
"""

import re
from collections import Counter
from dataclasses import dataclass

TITLES = {
    "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "prof", "professor",
    "president", "prime", "minister", "the", "a", "an", "rev", "judge", "justice", "sen", "senator",
    "rep", "gov", "governor", "mayor", "chancellor", "secretary", "general", "gen", "col", "capt",
}  # fmt: skip
WORD = re.compile(r"[\w'’-]+", re.UNICODE)


def _words(text: str) -> list[str]:
    return [w.strip("'’").lower() for w in WORD.findall(text or "") if w.strip("'’")]


def _name(text: str) -> str:
    return " ".join(t for t in _words(text) if t not in TITLES)


def _token_f1(a: str, b: str) -> float:
    ca, cb = Counter(_words(a)), Counter(_words(b))
    common = sum((ca & cb).values())
    if not common:
        return 0.0
    p, r = common / sum(cb.values()), common / sum(ca.values())
    return 2 * p * r / (p + r)


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


@dataclass
class Counts:
    """Statement counts for one article or a sum of them."""

    gold: int = 0
    pred: int = 0
    tp: int = 0
    attr: int = 0

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(self.gold + other.gold, self.pred + other.pred, self.tp + other.tp, self.attr + other.attr)

    @property
    def f1(self) -> float:
        """Detection F1 (content matched, whoever the speaker)."""
        p, r = _ratio(self.tp, self.pred), _ratio(self.tp, self.gold)
        return _ratio(2 * p * r, p + r)

    @property
    def speaker_right(self) -> float:
        """Share of matched statements whose speaker is the canonical name or an alias."""
        return _ratio(self.attr, self.tp)

    @property
    def e2e_f1(self) -> float:
        """F1 of statements detected with the right speaker."""
        p, r = _ratio(self.attr, self.pred), _ratio(self.attr, self.gold)
        return _ratio(2 * p * r, p + r)


def score_article(gold: dict, predicted: list[dict]) -> tuple[Counts, list[str]]:
    """Score predicted rows ({"speaker", "content"}) against one gold article.

    Returns the counts and one line per miss, extra or wrong speaker, for failure messages.
    """
    golds = gold["statements"]
    pairs = sorted(
        (
            (f, gi, pi)
            for gi, g in enumerate(golds)
            for pi, p in enumerate(predicted)
            if (f := _token_f1(g["content"], p.get("content", ""))) >= 0.5
        ),
        reverse=True,
    )
    used_g, used_p, matches = set(), set(), []
    for _f, gi, pi in pairs:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            matches.append((gi, pi))
    notes = [f"MISS  [{g['speaker']}] {g['content'][:80]}" for i, g in enumerate(golds) if i not in used_g]
    notes += [
        f"EXTRA [{p.get('speaker')}] {p.get('content', '')[:80]}" for i, p in enumerate(predicted) if i not in used_p
    ]
    attr = 0
    for gi, pi in matches:
        g, p = golds[gi], predicted[pi]
        said = _name(p.get("speaker") or "")
        forms = {_name(g["speaker"])} | {
            _name(a) for a in gold.get("speakers", {}).get(g["speaker"], {}).get("aliases", [])
        }
        if said and said in forms:
            attr += 1
        else:
            notes.append(f"WHO   gold={g['speaker']} pred={p.get('speaker')} :: {g['content'][:70]}")
    return Counts(gold=len(golds), pred=len(predicted), tp=len(matches), attr=attr), notes


def shared_scorer():
    """The project's shared scorer (../shared/eval/score.py) as a module; skips the test without it."""
    import importlib.util

    import pytest

    from .conftest import SHARED

    path = SHARED / "eval" / "score.py"
    if not path.exists():
        pytest.skip("shared scorer not available")
    spec = importlib.util.spec_from_file_location("claimdesk_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def speaker_of(found, start_of_content: str) -> str:
    """The speaker of the extracted statement whose content starts with these words."""
    return next(s.speaker for s in found if s.content.startswith(start_of_content))
