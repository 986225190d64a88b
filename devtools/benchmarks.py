"""Measuring the archive: latency of the real read paths, with EXPLAIN plans of the slowest inputs.

Plain functions used by `manage.py bench_archive`. Each operation runs through the selectors or
through django.test.Client on the real URLs; the SQL of one call per operation is captured and
written with its EXPLAIN (ANALYZE, BUFFERS) plan to the output directory. Goals are printed, never
asserted: timings on a shared machine are evidence, not a test.
"""

import datetime as dt
import itertools
import os
import random
import re
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from claims.models import Claim, ClaimStatus, Speaker, SpeakerAlias, Statement
from claims.selectors import claims as claim_selectors
from claims.selectors import keyset
from claims.selectors import speakers as speaker_selectors
from claims.selectors import statements as statement_selectors
from sources.models import Article, Outlet

Call = Callable[[], object]
# The goals at 10,000,000 statements (p95, ms); printed beside the figures, never asserted.
GOALS_MS = {
    "speaker_search_typo1": 20,
    "speaker_search_typo2": 20,
    "statement_search_common": 50,
    "statement_search_median": 50,
    "statement_search_rare": 50,
    "statement_search_phrase": 50,
    "statement_search_status": 60,
    "statement_search_outlet": 60,
    "statement_search_speaker": 60,
    "statement_search_date": 60,
    "review_queue_first": 30,
    "review_queue_deep": 30,
    "speaker_page": 30,
    "api_claims_sync": 30,
    "api_statements_search": 50,
    "api_speakers_search": 20,
    "web_search": 50,
    "web_speaker_suggest": 20,
    "web_review_queue": 30,
    "web_speaker_page": 30,
}


@dataclass
class Result:
    name: str
    samples_ms: list[float] = field(default_factory=list)
    note: str = ""
    slowest: str = ""

    def pct(self, p: float) -> float:
        ordered = sorted(self.samples_ms)
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] if ordered else float("nan")

    def line(self) -> str:
        if self.note:
            return f"{self.name:<28} skipped: {self.note}"
        goal = GOALS_MS.get(self.name)
        verdict = ""
        if goal is not None:
            p95 = self.pct(95)
            verdict = f"  goal p95<={goal}ms: " + ("met" if p95 <= goal else f"MISSED by {p95 - goal:.1f}ms")
        return (
            f"{self.name:<28} n={len(self.samples_ms):<4} p50={self.pct(50):7.1f}ms p95={self.pct(95):7.1f}ms "
            f"p99={self.pct(99):7.1f}ms{verdict}"
        )


# --- Inputs ----------------------------------------------------------------------------------------


def misspell(rng: random.Random, name: str) -> str:
    """One typo: a dropped, doubled, swapped or replaced letter, never in the first letter."""
    if len(name) < 4:
        return name
    i = rng.randint(1, len(name) - 2)
    op = rng.choice(("drop", "double", "swap", "replace"))
    if op == "drop":
        return name[:i] + name[i + 1 :]
    if op == "double":
        return name[:i] + name[i] + name[i:]
    if op == "swap":
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    return name[:i] + rng.choice("aeioun") + name[i + 1 :]


def misspell_twice(rng: random.Random, name: str) -> str:
    """Two typos in different words when the name has two (as people misspell names), else in one."""
    words = name.split()
    if len(words) < 2:
        return misspell(rng, misspell(rng, name))
    first, second = rng.sample(range(len(words)), 2)
    words[first], words[second] = misspell(rng, words[first]), misspell(rng, words[second])
    return " ".join(words)


@dataclass
class Vocabulary:
    """Words of the archive's own statements by how often they occur: a sample's document counts."""

    common: list[str]
    median: list[str]
    rare: list[str]
    phrases: list[str]
    sample_size: int = 0


_TOKEN = re.compile(r"[a-z]{4,}")
_STOP = frozenset(
    (
        "that",
        "this",
        "with",
        "from",
        "have",
        "will",
        "been",
        "since",
        "over",
        "than",
        "they",
        "their",
        "were",
        "said",
        "there",
        "what",
        "when",
        "which",
        "would",
        "could",
        "about",
        "into",
        "after",
        "before",
    )
)


def vocabulary_sample(*, rng: random.Random, size: int = 20000) -> Vocabulary:
    """Sample statements at random ids and rank their words by how many statements use each.

    Common: the most used words; median: the middle of the ranking; rare: words one sampled statement
    in `size` uses (so about total/size statements in the archive); phrases: the most used word pairs.
    """
    top = Statement.objects.order_by("-id").values_list("id", flat=True).first() or 0
    ids = sorted({rng.randint(1, top) for _ in range(size)}) if top else []
    documents: Counter[str] = Counter()
    pairs: Counter[str] = Counter()
    for start in range(0, len(ids), 5000):
        for content in Statement.objects.filter(pk__in=ids[start : start + 5000]).values_list("content", flat=True):
            words = [w for w in _TOKEN.findall(content.lower()) if w not in _STOP]
            documents.update(set(words))
            pairs.update({f"{a} {b}" for a, b in itertools.pairwise(words)})
    ranked = [w for w, _ in documents.most_common()]
    once = [w for w, n in documents.items() if n == 1]
    middle = len(ranked) // 2
    return Vocabulary(
        common=ranked[:6],
        median=ranked[max(0, middle - 3) : middle + 3],
        rare=rng.sample(once, min(10, len(once))) or ranked[-6:],
        phrases=[p for p, _ in pairs.most_common(6)],
        sample_size=len(ids),
    )


@dataclass
class Inputs:
    aliases: list[str]
    aliases_twice: list[str]
    words: list[str]
    vocabulary: Vocabulary
    speaker_ids: list[int]
    outlet_ids: list[int]
    big_speaker: Speaker | None
    deep_cursors: list[str]
    speaker_cursors: list[str]
    article_ids: list[int]
    claim_ids: list[int]
    sync_since: list[dt.datetime]


def _sample_ids(model: type, *, rng: random.Random, k: int, **filters: object) -> list[int]:
    """Up to k random ids of `model` rows (random probes into the id range: no ORDER BY random())."""
    top = model.objects.order_by("-id").values_list("id", flat=True).first() or 0
    probes = [rng.randint(1, top) for _ in range(k * 3)] if top else []
    found = list(model.objects.filter(pk__in=probes, **filters).values_list("id", flat=True))
    return rng.sample(found, min(k, len(found)))


def inputs_collect(*, rng: random.Random) -> Inputs:
    """Popular and rare speakers, words at several frequencies, cursors deep into the queue."""
    speaker_counts = list(
        Statement.objects.values("speaker_id").annotate(n=Count("id")).order_by("-n").values_list("speaker_id", "n")
    )
    popular = [pk for pk, _ in speaker_counts[:20]]
    rare = [pk for pk, _ in rng.sample(speaker_counts[20:], min(40, max(0, len(speaker_counts) - 20)))]
    # The speaker page: the busiest speaker (tens of thousands of statements at 10M).
    big = speaker_counts[0][0] if speaker_counts else None
    aliases = list(
        SpeakerAlias.objects.filter(speaker_id__in=popular + rare, speaker__kind="person").values_list(
            "name", flat=True
        )
    )
    vocabulary = vocabulary_sample(rng=rng)
    queue = Claim.objects.filter(status=ClaimStatus.UNREVIEWED).order_by("-created_at", "-id")
    total = queue.count()
    deep = []
    for depth in (total // 10, total // 2, total * 9 // 10, max(0, total - 30)):
        row = queue.values("created_at", "id")[depth : depth + 1].first()
        if row:
            deep.append(keyset.cursor_encode(at=row["created_at"], pk=row["id"], field="created_at"))
    speaker_cursors = [""]
    if big:
        rows = Statement.objects.filter(speaker_id=big, rejected=False).order_by("-published_at", "-id")
        n = rows.count()
        for depth in (n // 4, n // 2, n - 30):
            row = rows.values("published_at", "id")[max(0, depth) : max(0, depth) + 1].first()
            if row:
                at = row["published_at"]
                speaker_cursors.append(keyset.cursor_encode(at=at, pk=row["id"], field="published_at"))
    bounds = Claim.objects.order_by("-updated_at").values_list("updated_at", flat=True)[:5000]
    sync = [bounds[i] for i in range(0, len(bounds), max(1, len(bounds) // 20))]
    reviewed = Claim.objects.exclude(status=ClaimStatus.UNREVIEWED)
    return Inputs(
        aliases=[misspell(rng, a) for a in aliases] or ["nobody"],
        aliases_twice=[misspell_twice(rng, a) for a in aliases] or ["nobody"],
        words=vocabulary.common + vocabulary.median + vocabulary.rare + vocabulary.phrases,
        vocabulary=vocabulary,
        speaker_ids=popular + rare or [0],
        outlet_ids=list(Outlet.objects.values_list("id", flat=True)) or [0],
        big_speaker=Speaker.objects.filter(pk=big).first() if big else None,
        deep_cursors=deep or [""],
        speaker_cursors=speaker_cursors,
        article_ids=_sample_ids(Article, rng=rng, k=100) or [0],
        claim_ids=list(reviewed.filter(pk__in=_sample_ids(Claim, rng=rng, k=2000)).values_list("id", flat=True)[:100])
        or list(Claim.objects.values_list("id", flat=True)[:100]),
        sync_since=sync or [dt.datetime(2000, 1, 1, tzinfo=dt.UTC)],
    )


# --- Timing and plans ------------------------------------------------------------------------------


def run_timed(name: str, calls: list[Call], *, requests: int, out_dir: Path) -> Result:
    """Warm up, time `requests` calls cycling through the variants, EXPLAIN the slowest variant
    (and the first, for comparison)."""
    result = Result(name)
    if not calls:
        result.note = "no inputs"
        return result
    calls[0]()
    worst: dict[int, float] = {}
    for i in range(requests):
        started = time.perf_counter()
        calls[i % len(calls)]()
        elapsed = (time.perf_counter() - started) * 1000
        result.samples_ms.append(elapsed)
        worst[i % len(calls)] = max(worst.get(i % len(calls), 0.0), elapsed)
    slowest = max(worst, key=worst.__getitem__)
    result.slowest = getattr(calls[slowest], "label", str(slowest))
    plans_write(name, [calls[slowest], *([calls[0]] if slowest else [])], out_dir)
    return result


def labelled(label: str, call: Call) -> Call:
    call.label = label  # type: ignore[attr-defined]
    return call


def plans_write(name: str, calls: list[Call], out_dir: Path) -> None:
    """The SQL each call ran, with its EXPLAIN (ANALYZE, BUFFERS) on PostgreSQL; slowest variant first."""
    out_dir.mkdir(parents=True, exist_ok=True)
    lines: list[str] = []
    for n, call in enumerate(calls, 1):
        lines.append(f"=== {'slowest' if n == 1 else 'first'} variant: {getattr(call, 'label', '?')}")
        with CaptureQueriesContext(connection) as captured:
            call()
        for q, query in enumerate(captured.captured_queries, 1):
            sql = query["sql"]
            lines.append(f"-- query {q} ({query['time']}s)\n{sql}\n")
            if sql.lstrip().upper().startswith(("SET ", "RESET ")):
                # A planner setting the search made for its next queries (claims/search_slices.py):
                # the EXPLAINs below must run under it too.
                with connection.cursor() as cursor:
                    cursor.execute(sql)
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            lines.append(explain(sql) + "\n")
    (out_dir / f"{name}.txt").write_text("\n".join(lines))


def explain(sql: str) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        return "\n".join(" ".join(str(c) for c in row) for row in cursor.fetchall())


def url_or_none(name: str, **kwargs: object) -> str | None:
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


def get_ok(client: Client, url: str) -> Call:
    def call() -> None:
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} -> {response.status_code}")

    return labelled(url, call)


# --- The operations --------------------------------------------------------------------------------


def selector_operations(*, user, inputs: Inputs, rng: random.Random) -> dict[str, list[Call]]:
    """Each operation as calls into the claims/selectors/ package, over the archive's own vocabulary."""
    ops: dict[str, list[Call]] = {}

    def search(label: str, query: str, **filters: object) -> Call:
        return labelled(
            label, lambda: list(statement_selectors.statement_search(user=user, query=query, **filters)[:25])
        )

    def suggest(name: str) -> Call:
        return labelled(name, lambda: speaker_selectors.speaker_search(user=user, query=name))

    ops["speaker_search_typo1"] = [suggest(a) for a in inputs.aliases]
    ops["speaker_search_typo2"] = [suggest(a) for a in inputs.aliases_twice]
    vocabulary = inputs.vocabulary
    for tier in ("common", "median", "rare", "phrases"):
        words = getattr(vocabulary, tier)
        ops["statement_search_" + tier.rstrip("s")] = [search(w, w) for w in words]
    half = dt.timedelta(days=182)
    newest = Statement.objects.order_by("-published_at").values_list("published_at", flat=True).first()
    newest = newest.date() if newest else dt.date(2026, 1, 1)
    ops["statement_search_status"] = [
        search(f"{w} status={st}", w, status=st) for w in inputs.words for st in ClaimStatus.values
    ]
    ops["statement_search_outlet"] = [
        search(f"{w} outlet={o}", w, outlet_id=o) for w in inputs.words for o in rng.sample(inputs.outlet_ids, 3)
    ]
    ops["statement_search_speaker"] = [
        search(f"{w} speaker={sp}", w, speaker_id=sp) for w in inputs.words for sp in inputs.speaker_ids[:5]
    ]
    ops["statement_search_date"] = [
        search(f"{w} {start}..{start + half}", w, date_from=start, date_to=start + half)
        for w in inputs.words
        for start in (newest - half, newest - 3 * half)
    ]
    ops["review_queue_first"] = [lambda: claim_selectors.claim_review_queue(user=user, limit=25)]
    ops["review_queue_deep"] = [
        # the deep cursors name (created_at, id): the queue's date order
        labelled(c, lambda c=c: claim_selectors.claim_review_queue(user=user, cursor=c, limit=25, order="newest"))
        for c in inputs.deep_cursors
    ]
    ops["review_queue_counts"] = [lambda: claim_selectors.claim_status_counts(claims=Claim.objects.all())]
    if inputs.big_speaker is not None:
        big = inputs.big_speaker
        ops["speaker_page"] = [
            labelled(c or "first", lambda c=c: (speaker_selectors.speaker_get(user=user, slug=big.slug),
                     statement_selectors.speaker_statement_page(user=user, speaker=big, cursor=c or None)))
            for c in inputs.speaker_cursors
        ]  # fmt: skip
    ops["article_statements"] = [
        (lambda a=a: list(statement_selectors.statement_list_for_article(user=user, article_id=a)))
        for a in inputs.article_ids
    ]
    return ops


def http_operations(*, client: Client, inputs: Inputs) -> tuple[dict[str, list[Call]], list[str]]:
    """The same reads through the web UI and the REST API, as far as their URLs exist yet."""
    ops: dict[str, list[Call]] = {}
    notes: list[str] = []

    def add(name: str, urls: list[str | None]) -> None:
        found = [u for u in urls if u]
        if found:
            ops[name] = [get_ok(client, u) for u in found]
        else:
            notes.append(f"{name}: no such URL yet")

    search = url_or_none("search")
    add("web_search", [f"{search}?q={quote(w)}" if search else None for w in inputs.words])
    suggest = url_or_none("speaker_suggest")
    add("web_speaker_suggest", [f"{suggest}?q={quote(a)}" if suggest else None for a in inputs.aliases[:40]])
    queue = url_or_none("review_queue")
    add("web_review_queue", [f"{queue}?order=newest&cursor={c}" if queue else None for c in [*inputs.deep_cursors, ""]])
    if inputs.big_speaker is not None:
        page = url_or_none("speaker_detail", slug=inputs.big_speaker.slug)
        add("web_speaker_page", [f"{page}?cursor={c}" if page else None for c in inputs.speaker_cursors])
    add("web_article_page", [url_or_none("article_detail", article_id=a) for a in inputs.article_ids[:50]])
    claims = url_or_none("api-claim-list")
    add("api_claims_list", [f"{claims}?page_size=50" if claims else None])
    add(
        "api_claims_sync",
        [
            f"{claims}?page_size=50&ordering=updated_at&updated_since={s.isoformat().replace('+', '%2B')}"
            if claims
            else None
            for s in inputs.sync_since
        ],
    )
    statements = url_or_none("api-statement-list")
    add("api_statements_search", [f"{statements}?q={quote(w)}" if statements else None for w in inputs.words])
    speakers = url_or_none("api-speaker-list")
    add("api_speakers_search", [f"{speakers}?q={quote(a)}" if speakers else None for a in inputs.aliases[:40]])
    add("api_claimreview", [url_or_none("api-claim-claimreview", pk=c) for c in inputs.claim_ids[:50]])
    return ops, notes


# --- spaCy stays out of the web process -------------------------------------------------------------

SPACY_CHECK = """
import sys, django
import newsroom.wsgi
from django.test import Client
from django.contrib.auth import get_user_model
from django.urls import reverse
client = Client()
client.force_login(get_user_model().objects.get(username=sys.argv[1]))
for name in ("home", "review_queue", "search"):
    try:
        client.get(reverse(name), {"q": "inflation"} if name == "search" else {})
    except Exception as exc:
        print("page error", name, exc)
print("spacy loaded:", "spacy" in sys.modules)
"""


def spacy_in_web_process(*, username: str) -> str:
    env = {**os.environ, "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost"}
    out = subprocess.run(
        [sys.executable, "-c", SPACY_CHECK, username], capture_output=True, text=True, env=env, check=False
    )
    return (out.stdout.strip().splitlines() or [out.stderr.strip()[-300:]])[-1]


def summary(results: list[Result]) -> str:
    return "\n".join(r.line() for r in results)


def mean(values: list[float]) -> float:
    return statistics.fmean(values) if values else float("nan")
