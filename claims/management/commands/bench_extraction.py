"""Words per second of the extractor against bare spaCy over the same texts; needs no database."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.extraction import load_pipeline
from claims.extraction.bench import repeat_to, run_bench


def _dev_texts() -> list[str]:
    corpus = Path(settings.BASE_DIR).parent / "shared" / "corpus" / "dev"
    return [json.loads(f.read_text(encoding="utf-8"))["text"] for f in sorted(corpus.glob("*.json"))]


class Command(BaseCommand):
    help = "Benchmark extraction: full extractor vs bare nlp.pipe words/s, their ratio and peak memory."
    requires_system_checks: list = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="*", help="Text files (default: the dev corpus texts)")
        parser.add_argument("--min-words", type=int, default=100_000)
        parser.add_argument("--batch-size", type=int, default=16)
        parser.add_argument("--rounds", type=int, default=2, help="Timed rounds; the best of each is kept.")
        parser.add_argument("--model", default=None, help="spaCy package (default: settings.SPACY_MODEL).")

    def handle(self, *args, **opts) -> None:
        if opts["paths"]:
            texts = [Path(p).read_text(encoding="utf-8", errors="replace") for p in opts["paths"]]
        else:
            texts = _dev_texts()
        try:
            texts = repeat_to(texts, opts["min_words"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        nlp = load_pipeline(opts["model"] or settings.SPACY_MODEL)
        r = run_bench(texts, nlp, batch_size=opts["batch_size"], rounds=opts["rounds"])
        self.stdout.write(f"texts {r.texts}, words {r.words}, statements {r.statements}")
        self.stdout.write(f"bare nlp.pipe   {r.bare_words_per_s:10.0f} words/s")
        self.stdout.write(f"full extractor  {r.full_words_per_s:10.0f} words/s")
        self.stdout.write(f"ratio full/bare {r.ratio:10.3f}")
        self.stdout.write(f"peak RSS        {r.peak_rss_mb:10.1f} MB")
