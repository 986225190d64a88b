"""Measure the archive's read paths, HTTP throughput and extraction backlog (see claims/benchmarks.py)."""

import random
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.test import Client

from claims import benchmarks, seeding

CORPUS = Path(settings.BASE_DIR).parent / "shared" / "corpus" / "dev"


class Command(BaseCommand):
    help = "Print p50/p95/p99 of the archive's reads, claims-list throughput and extraction backlog rates."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--requests", type=int, default=200)
        parser.add_argument("--out", default="bench/out")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--skip-http", action="store_true", help="Selectors only: no Client, no gunicorn.")
        parser.add_argument("--skip-reads", action="store_true", help="No latency runs (e.g. backlog only).")
        parser.add_argument("--throughput-seconds", type=int, default=15)
        parser.add_argument("--gunicorn-workers", type=int, default=2)
        parser.add_argument("--connections", type=int, default=16)
        parser.add_argument("--backlog", type=int, default=0, help="Articles to extract per worker setting.")
        parser.add_argument("--workers", default="1,2", help="Worker concurrencies for the backlog, e.g. 1,2.")
        parser.add_argument("--corpus", default=str(CORPUS))

    def handle(self, *args, **opts) -> None:
        user = get_user_model().objects.filter(username=seeding.SEED_EDITORS[0]).first()
        if user is None:
            raise CommandError("No seeded editor: run seed_archive first.")
        out = Path(opts["out"])
        rng = random.Random(opts["seed"])
        self.stdout.write(f"Database: {connection.vendor} {connection.settings_dict['NAME']}")
        if opts["skip_reads"]:
            if opts["backlog"]:
                self._backlog(opts)
            return
        inputs = benchmarks.inputs_collect(rng=rng)
        self.stdout.write(
            f"Inputs: {len(inputs.aliases)} misspelt aliases, {len(inputs.words)} words, "
            f"speaker page: {inputs.big_speaker} "
            f"({inputs.big_speaker.statements.count() if inputs.big_speaker else 0} statements)"
        )
        results = []
        for name, calls in benchmarks.selector_operations(user=user, inputs=inputs, rng=rng).items():
            results.append(benchmarks.run_timed(name, calls, requests=opts["requests"], out_dir=out))
            self.stdout.write(results[-1].line())
        if not opts["skip_http"]:
            self._http(user, inputs, results, out, opts)
        if opts["backlog"]:
            self._backlog(opts)
        self.stdout.write(f"EXPLAIN (ANALYZE, BUFFERS) plans written to {out}/")

    def _http(self, user, inputs, results, out, opts) -> None:
        client = Client(HTTP_HOST="localhost")  # not "testserver": this is not a test run
        client.force_login(user)
        ops, notes = benchmarks.http_operations(client=client, inputs=inputs)
        for note in notes:
            self.stdout.write(f"note: {note}")
        for name, calls in ops.items():
            try:
                results.append(benchmarks.run_timed(name, calls, requests=opts["requests"], out_dir=out))
            except RuntimeError as exc:
                results.append(benchmarks.Result(name, note=str(exc)))
            self.stdout.write(results[-1].line())
        self.stdout.write("web process: " + benchmarks.spacy_in_web_process(username=user.get_username()))
        claims_url = benchmarks.url_or_none("api-claim-list")
        if claims_url is None:
            self.stdout.write("note: throughput skipped, no claims list endpoint yet")
            return
        path = f"{claims_url}?page_size=50"
        self.stdout.write(
            f"Throughput: GET {path} under gunicorn, {opts['gunicorn_workers']} sync workers, "
            f"{opts['connections']} connections, {opts['throughput_seconds']}s:"
        )
        self.stdout.write(
            benchmarks.throughput_measure(
                path=path,
                session_cookie=client.cookies["sessionid"].value,
                workers=opts["gunicorn_workers"],
                seconds=opts["throughput_seconds"],
                connections=opts["connections"],
            )
        )

    def _backlog(self, opts) -> None:
        if not settings.CELERY_BROKER_URL.startswith("redis://"):
            self.stdout.write("note: backlog skipped, CELERY_BROKER_URL is not a Redis broker")
            return
        rates = {}
        for concurrency in [int(w) for w in opts["workers"].split(",") if w.strip()]:
            ids = benchmarks.backlog_ingest(count=opts["backlog"], run=f"c{concurrency}-{random.random():.6f}"[:12],
                                            corpus_dir=Path(opts["corpus"]))  # fmt: skip
            rates[concurrency] = benchmarks.backlog_drain(article_ids=ids, concurrency=concurrency)
            r = rates[concurrency]
            self.stdout.write(
                f"backlog concurrency={concurrency}: {r['articles']:.0f} articles in {r['seconds']:.1f}s = "
                f"{r['articles_per_s']:.2f} articles/s, {r['words_per_s']:.0f} words/s, "
                f"peak worker RSS {r['peak_rss_mb']:.0f} MB (goal <= 600 MB)"
            )
        if 1 in rates and 2 in rates:
            speedup = rates[2]["articles_per_s"] / rates[1]["articles_per_s"]
            self.stdout.write(f"backlog speed-up with two processes: {speedup:.2f}x (goal >= 1.7x)")
