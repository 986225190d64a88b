"""What claim matching adds to storing an article's statements, on the archive in the database.

Run it after seed_archive. Each round builds a new article whose statements are drawn from the
archive: a third said again by the same speaker (found by speaker and words, no scoring), a third
said by another speaker, a third with a figure changed (both scored against text-search
candidates). Every round is rolled back, so the archive is unchanged and rounds are comparable;
with and without matching alternate, so a busy machine slows both alike. Candidates' features are
parsed first (committed), as production does lazily on first use. The new statements' features
are read from the article's parse as the extractor does, and that reading counts as matching's
cost. Extraction of a dev-corpus article is timed too, for the cost of the whole pipeline.
"""

import dataclasses
import json
import random
import re
import statistics
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.db.models import Max, Min
from django.utils import timezone

from claims import extraction as extractor
from claims.extraction import ExtractedStatement
from claims.matching import features_for_texts, features_from_doc
from claims.models import Statement
from claims.services import article_store_statements
from claims.services.extraction import claim_fingerprint
from claims.services.match_candidates import same_words_ids, text_search_ids
from claims.services.matching import candidate_sides, matching_nlp
from sources.models import Article, ExtractionStatus, Outlet

_DIGITS = re.compile(r"\d+")


def _changed_figure(text: str) -> str:
    match = _DIGITS.search(text)
    if match:
        return text[: match.start()] + str(int(match.group(0)) + 7) + text[match.end() :]
    return f"{text} 17 times"


def _sample(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """(speaker name, words) drawn from the archive: repeats, other speakers, changed figures."""
    bounds = Statement.objects.aggregate(low=Min("pk"), high=Max("pk"))
    if bounds["high"] is None:
        raise CommandError("Seed an archive first: python manage.py seed_archive --statements N")
    rows = []
    pairs = Statement.objects.order_by("pk").values_list("speaker__name", "content")
    for _ in range(count):
        # the first statement at or after a random id: an index lookup (an OFFSET of millions read
        # every row before it: 10 s a statement at 10M)
        rows.append(pairs.filter(pk__gte=rng.randint(bounds["low"], bounds["high"]))[0])
    names = [name for name, _ in rows]
    said = []
    for i, (name, content) in enumerate(rows):
        kind = i % 3
        other = names[(i + 1) % len(names)]
        said.append(
            (name, content) if kind == 0 else (other, content) if kind == 1 else (other, _changed_figure(content))
        )
    return said


def _items(said: list[tuple[str, str]]) -> tuple[str, list[ExtractedStatement]]:
    text, items = "", []
    for speaker, words in said:
        start = len(text) + 1
        text += f'"{words}" said {speaker}. '
        items.append(
            ExtractedStatement(
                speaker=speaker, speaker_kind="person", speaker_aliases=(), speaker_role=None, content=words,
                start=start, end=start + len(words), kind="direct", cue="said", paragraph=0, confidence=0.9,
                evidence_hint=None, evidence_cue=None,
            )
        )  # fmt: skip
    return text, items


def _featured(text: str, items: list[ExtractedStatement]) -> tuple[list[ExtractedStatement], float]:
    """The items with the matcher's features read from the article's parse, as the extractor does,
    and the seconds that reading took (matching's share of extraction; the parse itself is not)."""
    doc = extractor.load_pipeline(settings.SPACY_MODEL)(text)
    start = time.perf_counter()
    featured = [
        dataclasses.replace(item, match_features=features_from_doc(doc.char_span(item.start, item.end, "expand")))
        for item in items
    ]
    return featured, time.perf_counter() - start


def _store_seconds(outlet: Outlet, said: list[tuple[str, str]], *, match: bool) -> float:
    text, items = _items(said)
    reading = 0.0
    if match:
        items, reading = _featured(text, items)
    with transaction.atomic():
        article = Article.objects.create(
            outlet=outlet, title="bench", text=text, raw_text=text, content_hash=uuid.uuid4().hex,
            published_at=timezone.now(), extraction_status=ExtractionStatus.RUNNING, extraction_task_id="bench",
        )  # fmt: skip
        start = time.perf_counter()
        article_store_statements(article_id=article.pk, task_id="bench", extracted=items, match=match)
        elapsed = time.perf_counter() - start + reading
        transaction.set_rollback(True)
    return elapsed


def _extract_seconds(rounds: int) -> float | None:
    corpus = Path(settings.BASE_DIR).parent / "shared" / "corpus" / "dev"
    if not corpus.is_dir():
        corpus = Path("/work/shared/corpus/dev")
    files = sorted(corpus.glob("*.json"))
    if not files:
        return None
    texts = [json.loads(f.read_text(encoding="utf-8"))["text"] for f in files]
    nlp = extractor.load_pipeline(settings.SPACY_MODEL)
    extractor.extract(texts[0], nlp)  # warm up
    times = []
    for i in range(rounds):
        start = time.perf_counter()
        extractor.extract(texts[i % len(texts)], nlp)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


class Command(BaseCommand):
    help = "Benchmark claim matching: median ms to store an article's statements with and without it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rounds", type=int, default=30)
        parser.add_argument("--statements", type=int, default=9, help="Statements per article.")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, rounds: int, statements: int, seed: int, **options) -> None:
        rng = random.Random(seed)
        archive = Statement.objects.count()
        samples = [_sample(rng, statements) for _ in range(rounds)]
        nlp = matching_nlp()
        all_texts = [words for said in samples for _, words in said]
        # parse the candidates' features once, committed
        same = same_words_ids(fingerprints=[claim_fingerprint(words) for words in all_texts])
        found = text_search_ids(
            features=features_for_texts(all_texts, nlp),
            limit=settings.CLAIM_MATCH_CANDIDATES,
            window=settings.CLAIM_MATCH_WINDOW,
        )
        candidate_sides(set().union(*same, *found))
        outlet, _ = Outlet.objects.get_or_create(name="Bench outlet", defaults={"domain": "bench.example"})
        _store_seconds(outlet, samples[0], match=True)  # warm caches
        plain, matched = [], []
        for said in samples:
            plain.append(_store_seconds(outlet, said, match=False))
            matched.append(_store_seconds(outlet, said, match=True))
        base, with_matching = statistics.median(plain) * 1000, statistics.median(matched) * 1000
        self.stdout.write(
            f"database {connection.vendor}, archive {archive} statements, {rounds} articles of {statements}"
        )
        self.stdout.write(f"store without matching  {base:8.1f} ms (median)")
        self.stdout.write(f"store with matching     {with_matching:8.1f} ms (median)")
        self.stdout.write(
            f"matching adds           {with_matching - base:8.1f} ms, {100 * (with_matching / base - 1):.0f}% of store"
        )
        extract = _extract_seconds(min(rounds, 17))
        if extract is not None:
            whole = extract * 1000 + base
            self.stdout.write(f"extraction (dev corpus) {extract * 1000:8.1f} ms (median article)")
            self.stdout.write(f"matching adds           {100 * (with_matching - base) / whole:.0f}% of extract + store")
