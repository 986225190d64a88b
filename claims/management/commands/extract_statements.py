"""Print the statements the extractor finds in text files; needs no database."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.extraction import extract_many, load_pipeline

_JSONL_FIELDS = ("speaker", "speaker_kind", "content", "start", "end", "kind", "cue", "confidence", "evidence_hint")


class Command(BaseCommand):
    help = "Extract attributed statements from text files (a table, or one JSON line per file with --jsonl)."
    requires_system_checks: list = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", help="UTF-8 text files")
        parser.add_argument("--jsonl", action="store_true", help="One JSON object per file: id and statements.")
        parser.add_argument("--model", default=None, help="spaCy package (default: settings.SPACY_MODEL).")

    def handle(self, *args, **opts) -> None:
        paths = [Path(p) for p in opts["paths"]]
        missing = [str(p) for p in paths if not p.is_file()]
        if missing:
            raise CommandError(f"Not a file: {', '.join(missing)}")
        nlp = load_pipeline(opts["model"] or settings.SPACY_MODEL)
        texts = (p.read_text(encoding="utf-8", errors="replace") for p in paths)
        for path, statements in zip(paths, extract_many(texts, nlp), strict=True):
            if opts["jsonl"]:
                rows = [{k: getattr(s, k) for k in _JSONL_FIELDS} for s in statements]
                self.stdout.write(json.dumps({"id": path.stem, "statements": rows}, ensure_ascii=False))
            else:
                self._table(path, statements)

    def _table(self, path: Path, statements: list) -> None:
        self.stdout.write(self.style.MIGRATE_HEADING(f"{path} — {len(statements)} statement(s)"))
        for s in statements:
            hint = f" [{s.evidence_hint}: {s.evidence_cue}]" if s.evidence_hint else ""
            self.stdout.write(f"  ¶{s.paragraph:<3} {s.kind:<8} {s.speaker} ({s.speaker_kind}) · {s.cue or '—'}{hint}")
            self.stdout.write(f"        {s.start}-{s.end}  {_short(s.content)}")


def _short(text: str, width: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
