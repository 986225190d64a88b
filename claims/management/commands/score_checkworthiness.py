"""Score sentences' check-worthiness with the product's scorer; needs no web server and no database."""

import json
import sys
from pathlib import Path
from typing import Any, TextIO

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.extraction import load_pipeline
from claims.extraction.checkworthiness import score_texts


def read_sentences(lines: TextIO) -> list[dict[str, Any]]:
    """Every line's `{"id", "speaker", "text"}`, all checked before any is scored; blank lines are skipped.

    Raises CommandError naming the first bad line (not JSON, not an object, no string `text`, no `id`).
    """
    rows = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CommandError(f"Line {number}: not JSON ({exc.msg}).") from None
        if not isinstance(row, dict) or "id" not in row:
            raise CommandError(f'Line {number}: expected an object with "id", "speaker" and "text".')
        if not isinstance(row.get("text"), str):
            raise CommandError(f'Line {number}: "text" must be a string.')
        rows.append(row)
    return rows


class Command(BaseCommand):
    help = 'Read JSON lines {"id", "speaker", "text"} and print {"id", "score"} per line (score 0..1).'
    requires_system_checks: list = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help='JSON lines file, or "-" for standard input')
        parser.add_argument("--reasons", action="store_true", help="Also print each sentence's reasons.")
        parser.add_argument("--model", default=None, help="spaCy package (default: settings.SPACY_MODEL).")

    def handle(self, *args, **opts) -> None:
        if opts["path"] == "-":
            rows = read_sentences(sys.stdin)
        else:
            path = Path(opts["path"])
            if not path.is_file():
                raise CommandError(f"Not a file: {path}")
            with path.open(encoding="utf-8") as lines:
                rows = read_sentences(lines)
        nlp = load_pipeline(opts["model"] or settings.SPACY_MODEL)
        for row, result in zip(rows, score_texts((row["text"] for row in rows), nlp), strict=True):
            out: dict[str, Any] = {"id": row["id"], "score": result.score}
            if opts["reasons"]:
                out["reasons"] = list(result.reasons)
            self.stdout.write(json.dumps(out, ensure_ascii=False))
