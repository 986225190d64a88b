"""Measuring the archive: latency of the real read paths, with EXPLAIN plans of the slowest inputs.

Plain functions used by `manage.py bench_archive`. Each operation runs through the selectors (in
this process) or as GETs of the real URLs over HTTP from gunicorn (devtools/server.py); the SQL of
one call per operation is captured in this process and written with its EXPLAIN (ANALYZE, BUFFERS)
plan to the output directory. Goals are printed, never
asserted: timings on a shared machine are evidence, not a test.
"""

import datetime as dt
import os
import random
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from claims.models import Claim, ClaimStatus, Statement
from claims.selectors import claims as claim_selectors
from claims.selectors import speakers as speaker_selectors
from claims.selectors import statements as statement_selectors
from devtools import server
from devtools.bench_inputs import Inputs

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


def machine_yardstick() -> str:
    """One line to compare figures from different machines: the best of three timings (ms) of a
    fixed pure-Python loop (sum of 0..4,999,999; rendering pages is CPU-bound Python), and the
    PostgreSQL settings that move the figures most."""
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        sum(range(5_000_000))
        timings.append((time.perf_counter() - started) * 1000)
    line = f"machine: reference Python loop {min(timings):.0f} ms (lower is faster)"
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('server_version'), current_setting('shared_buffers'), "
                           "current_setting('jit')")  # fmt: skip
            version, buffers, jit = cursor.fetchone()
        line += f"; PostgreSQL {version}, shared_buffers {buffers}, jit {jit}"
    return line


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
            getattr(call, "in_process", call)()
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


def get_over_http(*, base: str, session_cookie: str, client: Client, url: str) -> Call:
    """A GET of `url` from the gunicorn at `base` (devtools/server.py); its plans are captured by
    running the same URL in this process through `client`, since the server's queries are not ours."""

    def call() -> None:
        server.http_get(base=base, path=url, session_cookie=session_cookie)

    call.in_process = get_ok(client, url)  # type: ignore[attr-defined]
    return labelled(url, call)


# --- The operations --------------------------------------------------------------------------------


def selector_operations(*, user, inputs: Inputs, rng: random.Random) -> dict[str, list[Call]]:
    """Each operation as calls into the claims/selectors/ package, over the archive's own vocabulary."""
    ops: dict[str, list[Call]] = {}

    def search(label: str, query: str, **filters: object) -> Call:
        # What the search page reads: the ranked ids, then its first page of 20 rows.
        def call() -> None:
            ids = statement_selectors.statement_search_ids(user=user, query=query, **filters)
            statement_selectors.statement_results(user=user, ids=list(ids[:20]))

        return labelled(label, call)

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


def http_operations(
    *, client: Client, inputs: Inputs, base: str | None = None
) -> tuple[dict[str, list[Call]], list[str]]:
    """The same reads through the web UI and the REST API: over HTTP from the gunicorn at `base`
    when given (the signed-in `client`'s session), else through `client` in this process."""
    ops: dict[str, list[Call]] = {}
    notes: list[str] = []
    cookie = client.cookies["sessionid"].value if base else ""

    def get(url: str) -> Call:
        return get_over_http(base=base, session_cookie=cookie, client=client, url=url) if base else get_ok(client, url)

    def add(name: str, urls: list[str | None]) -> None:
        found = [u for u in urls if u]
        if found:
            ops[name] = [get(u) for u in found]
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
