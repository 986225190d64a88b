"""Measure the archive's read paths, claims-list throughput and extraction backlog.

See devtools/benchmarks.py (latency, EXPLAIN plans) and devtools/throughput.py (gunicorn, workers).
"""

import contextlib
import os
import random
import socket
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.test import Client
from django.test.utils import override_settings

from claims.models import Claim, Speaker, Statement
from devtools import bench_inputs, benchmarks, seeding, server, throughput
from sources.models import Article

CORPUS = Path(settings.BASE_DIR).parent / "shared" / "corpus" / "dev"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Command(BaseCommand):
    help = "Print p50/p95/p99 of the archive's reads, claims-list throughput and extraction backlog rates."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--requests", type=int, default=200)
        parser.add_argument("--out", default="bench/out")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--skip-http", action="store_true", help="Reads through the selectors only, none over HTTP."
        )
        parser.add_argument("--skip-reads", action="store_true", help="No latency runs (e.g. throughput only).")
        parser.add_argument(
            "--throughput", action="store_true", help="Claims list: shipped vs stock DRF vs bare Django."
        )
        parser.add_argument("--throughput-seconds", type=float, default=15)
        parser.add_argument("--gunicorn-workers", type=int, default=2)
        parser.add_argument("--connections", type=int, default=16)
        parser.add_argument("--port", type=int, default=0, help="gunicorn's port (default: any free one).")
        parser.add_argument("--backlog", type=int, default=0, help="Articles to extract per worker setting.")
        parser.add_argument("--workers", default="1,2", help="Worker concurrencies for the backlog, e.g. 1,2.")
        parser.add_argument("--corpus", default=str(CORPUS))

    def handle(self, *args, **opts) -> None:
        user = get_user_model().objects.filter(username=seeding.SEED_EDITORS[0]).first()
        if user is None:
            raise CommandError("No seeded editor: run seed_archive first.")
        out = Path(opts["out"])
        rng = random.Random(opts["seed"])
        self.stdout.write(
            f"Database: {connection.vendor} {connection.settings_dict['NAME']}; archive --statements "
            f"{Statement.objects.count()} ({Article.objects.count()} articles, {Claim.objects.count()} claims, "
            f"{Speaker.objects.count()} speakers); load average {', '.join(f'{x:.1f}' for x in os.getloadavg())} "
            f"on {os.cpu_count()} cores"
        )
        self.stdout.write(benchmarks.machine_yardstick())
        client = Client(HTTP_HOST="localhost")  # not "testserver": this is not a test run
        client.force_login(user)
        # The benchmark user's API rate-limit history (DRF's key) starts empty, so an earlier run's
        # requests, kept in Redis for an hour, never turn this run's into 429s.
        cache.delete(f"throttle_user_{user.pk}")
        over_http = not opts["skip_reads"] and not opts["skip_http"]
        with contextlib.ExitStack() as stack:
            # Timed as production runs: no query log kept per query (DEBUG's), whatever this shell's
            # settings; the EXPLAIN capture records its own queries regardless.
            stack.enter_context(override_settings(DEBUG=False))
            base = None
            if over_http or opts["throughput"]:
                base = stack.enter_context(
                    server.gunicorn_serving(workers=opts["gunicorn_workers"], port=opts["port"] or _free_port())
                )
                self.stdout.write(
                    f"gunicorn: {opts['gunicorn_workers']} sync workers at {base}, production settings (DEBUG off)"
                )
            if not opts["skip_reads"]:
                self._reads(user, client, rng, out, opts, base=base if over_http else None)
            if opts["throughput"]:
                self._throughput(client, opts, base=base)
        if opts["backlog"]:
            self._backlog(opts)
        self.stdout.write(f"load average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")

    def _reads(self, user, client, rng, out, opts, *, base: str | None) -> None:
        inputs = bench_inputs.inputs_collect(rng=rng)
        v = inputs.vocabulary
        self.stdout.write(
            f"Inputs: {len(inputs.aliases)} misspelt aliases (one and two typos); words from {v.sample_size} "
            f"sampled statements: common {v.common}, median {v.median}, rare {v.rare}, phrases {v.phrases}; "
            f"speaker page: {inputs.big_speaker} "
            f"({inputs.big_speaker.statements.count() if inputs.big_speaker else 0} statements)"
        )
        results = []
        for name, calls in benchmarks.selector_operations(user=user, inputs=inputs, rng=rng).items():
            results.append(benchmarks.run_timed(name, calls, requests=opts["requests"], out_dir=out))
            self.stdout.write(results[-1].line())
        if not opts["skip_http"]:
            self.stdout.write(f"Over HTTP: one sequential client, a new connection per request, to {base}")
            ops, notes = benchmarks.http_operations(client=client, inputs=inputs, base=base)
            for note in notes:
                self.stdout.write(f"note: {note}")
            for name, calls in ops.items():
                try:
                    results.append(benchmarks.run_timed(name, calls, requests=opts["requests"], out_dir=out))
                except RuntimeError as exc:
                    results.append(benchmarks.Result(name, note=str(exc)))
                self.stdout.write(results[-1].line())
            self.stdout.write("web process: " + benchmarks.spacy_in_web_process(username=user.get_username()))
        slowest = sorted((r for r in results if r.samples_ms), key=lambda r: r.pct(95), reverse=True)[:3]
        for r in slowest:
            self.stdout.write(
                f"slowest p95: {r.name} ({r.pct(95):.1f} ms), worst input {r.slowest!r}: {out}/{r.name}.txt"
            )
        self.stdout.write(f"EXPLAIN (ANALYZE, BUFFERS) of each operation's slowest input written to {out}/")

    def _throughput(self, client, opts, *, base: str) -> None:
        self.stdout.write(
            f"Throughput: claims list, page_size=50, on that gunicorn ({opts['gunicorn_workers']} sync workers), "
            f"{opts['connections']} connections, {opts['throughput_seconds']:.0f}s per implementation:"
        )
        result = throughput.throughput_measure(
            base=base,
            query="page_size=50",
            session_cookie=client.cookies["sessionid"].value,
            seconds=opts["throughput_seconds"],
            connections=opts["connections"],
        )
        for line in result.lines():
            self.stdout.write(line)
        cpu = throughput.cpu_per_request(client=client, query="page_size=50")
        self.stdout.write(
            "In-process CPU per request (Client, database excluded): "
            + ", ".join(f"{name} {ms:.1f} ms" for name, ms in cpu.items())
            + f"; stock DRF / shipped = {cpu['stock_drf'] / cpu['shipped']:.2f}x, "
            f"bare / shipped = {cpu['bare_django'] / cpu['shipped']:.2f}x"
        )

    def _backlog(self, opts) -> None:
        if not settings.CELERY_BROKER_URL.startswith("redis://"):
            self.stdout.write("note: backlog skipped, CELERY_BROKER_URL is not a Redis broker")
            return
        rates = {}
        for concurrency in [int(w) for w in opts["workers"].split(",") if w.strip()]:
            ids = throughput.backlog_ingest(count=opts["backlog"], run=f"c{concurrency}-{random.random():.6f}"[:12],
                                            corpus_dir=Path(opts["corpus"]))  # fmt: skip
            rates[concurrency] = throughput.backlog_drain(article_ids=ids, concurrency=concurrency)
            r = rates[concurrency]
            self.stdout.write(
                f"backlog {concurrency} worker process(es): {r['articles']:.0f} articles in {r['seconds']:.1f}s = "
                f"{r['articles_per_min']:.0f} articles/min, {r['words_per_s']:.0f} words/s, "
                f"peak worker RSS {r['peak_rss_mb']:.0f} MB (goal <= 600 MB)"
            )
        if 1 in rates and 2 in rates:
            speedup = rates[2]["articles_per_min"] / rates[1]["articles_per_min"]
            self.stdout.write(f"backlog speed-up with two processes: {speedup:.2f}x")
