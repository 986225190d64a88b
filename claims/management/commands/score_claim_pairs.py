"""Score labelled or unlabelled claim pairs with the product's scorer and thresholds; no web server."""

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.matching import MATCH, POSSIBLE, Side, features_for_texts, load_lexicon, score_features
from claims.services.matching import match_settings, matching_nlp
from claims.services.speakers import normalize_name


def _side(line_no: int, data: Any, name: str) -> dict:
    side = data.get(name) if isinstance(data, dict) else None
    if not isinstance(side, dict) or not isinstance(side.get("text"), str) or not side["text"].strip():
        raise CommandError(f"Line {line_no}: `{name}` must be an object with a non-empty `text`.")
    return side


def _read(path: Path) -> list[dict]:
    pairs = []
    for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CommandError(f"Line {line_no}: not JSON ({exc.msg}).") from exc
        if not isinstance(data, dict) or "id" not in data:
            raise CommandError(f"Line {line_no}: expected an object with an `id`.")
        _side(line_no, data, "a"), _side(line_no, data, "b")
        pairs.append(data)
    return pairs


def _report(pairs: list[dict], decisions: list[str], out: Any) -> None:
    labels = [p.get("label") for p in pairs]
    labelled = [(label, d) for label, d in zip(labels, decisions, strict=True) if label in ("same", "different")]
    if not labelled:
        return
    matched = [label for label, d in labelled if d == MATCH]
    same = [d for label, d in labelled if label == "same"]
    precision = matched.count("same") / len(matched) if matched else 1.0
    recall = sum(d in (MATCH, POSSIBLE) for d in same) / len(same) if same else 1.0
    auto = sum(d == MATCH for d in same) / len(same) if same else 1.0
    out.write(
        f"pairs {len(labelled)}: automatic matches {len(matched)}, precision {precision:.3f}; "
        f"recall counting possible {recall:.3f}; recall automatic only {auto:.3f}\n"
    )


class Command(BaseCommand):
    help = 'Print {"id", "score", "decision"} per line of PAIRS.jsonl ({"id", "a": {...}, "b": {...}}).'
    requires_system_checks: list = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("pairs", type=Path, help="JSON Lines: id, a and b with speaker, text, date.")
        parser.add_argument(
            "--report", action="store_true", help="Also print precision and recall of labelled lines to stderr."
        )

    def handle(self, *args, **opts) -> None:
        path: Path = opts["pairs"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        pairs = _read(path)
        texts = [p[name]["text"] for p in pairs for name in ("a", "b")]
        features = features_for_texts(texts, matching_nlp())
        lexicon, settings = load_lexicon(), match_settings()
        decisions = []
        for i, pair in enumerate(pairs):
            a, b = (self._to_side(pair[n], features[2 * i + k]) for k, n in enumerate(("a", "b")))
            score = score_features(a, b, lexicon=lexicon, settings=settings)
            decisions.append(score.decision)
            self.stdout.write(json.dumps({"id": pair["id"], "score": score.value, "decision": score.decision}))
        if opts["report"]:
            _report(pairs, decisions, sys.stderr)

    @staticmethod
    def _to_side(data: dict, features: Any) -> Side:
        speaker = data.get("speaker") if isinstance(data.get("speaker"), str) else ""
        organisation = data.get("organisation") if isinstance(data.get("organisation"), str) else ""
        return Side(features=features, speaker=normalize_name(speaker), organisation=normalize_name(organisation))
