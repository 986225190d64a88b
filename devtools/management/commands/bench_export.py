"""Measure the streamed exports: rows per second and peak memory, through the real URLs.

Figures are printed, never asserted. Peak memory is the process's resident set sampled every 20 ms
while the body streams, minus the resident set just before the request: what one export adds to a
worker. Seed an archive first (`seed_archive --statements N`), or pass --seed-statements N to an
empty database.
"""

import os
import resource
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.test import Client
from django.urls import reverse

from claims.models import Claim, Statement
from claims.services.users import user_set_role
from devtools import seeding

EXPORTS = ("statements.csv", "statements.ndjson", "claims.csv", "claims.ndjson")
PAGE = os.sysconf("SC_PAGE_SIZE")


def rss_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE


@contextmanager
def rss_peak() -> Iterator[dict[str, int]]:
    """Samples the resident set in a thread; yields a dict that holds "base" and, after, "peak"."""
    result = {"base": rss_bytes(), "peak": 0}
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            result["peak"] = max(result["peak"], rss_bytes())
            stop.wait(0.02)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield result
    finally:
        stop.set()
        thread.join()
        result["peak"] = max(result["peak"], rss_bytes())


class Command(BaseCommand):
    help = "Export claims and statements (CSV, NDJSON) through the API and print rows/s and peak memory."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed-statements", type=int, default=0, help="Seed this many into an empty database.")
        parser.add_argument("--exports", default=",".join(EXPORTS), help=f"Comma-separated, from {EXPORTS}.")

    def handle(self, *args, seed_statements: int, exports: str, **options) -> None:
        if seed_statements:
            if seeding.archive_state() != "empty":
                raise CommandError("--seed-statements needs an empty database (or run seed_archive --force).")
            seeding.archive_seed(statements=seed_statements, seed=1, log=lambda *_: None)
        names = [name.strip() for name in exports.split(",") if name.strip()]
        if unknown := set(names) - set(EXPORTS):
            raise CommandError(f"Unknown exports: {', '.join(sorted(unknown))}.")
        client = Client(HTTP_HOST="localhost")  # not "testserver": this is not a test run
        client.force_login(self._reader())
        self.stdout.write(
            f"Database: {connection.vendor}; {Statement.objects.count()} statements, {Claim.objects.count()} claims; "
            f"process max RSS so far {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB"
        )
        for name in names:
            self.stdout.write(self._measure(client, name))

    def _reader(self):
        user = get_user_model().objects.filter(username="bench-export-reporter").first()
        return user or user_set_role(username="bench-export-reporter", role="reporter")[0]

    def _measure(self, client: Client, name: str) -> str:
        kind, fmt = name.split(".")
        started = time.perf_counter()
        with rss_peak() as memory:
            response = client.get(reverse(f"api-export-{kind}-{fmt}"))
            if response.status_code != 200:
                raise CommandError(f"{name}: HTTP {response.status_code}")
            size = lines = 0
            for part in response.streaming_content:
                size += len(part)
                lines += part.count(b"\n")
        seconds = time.perf_counter() - started
        rows = lines - (1 if fmt == "csv" else 0)  # CSV: header line; a quoted newline in a cell is rare here
        return (
            f"{name:<20} {rows:>9} rows  {seconds:7.1f} s  {rows / seconds if seconds else 0:>9,.0f} rows/s  "
            f"{size / 1e6:8.1f} MB out  peak RSS +{(memory['peak'] - memory['base']) / 2**20:6.1f} MB "
            f"(base {memory['base'] / 2**20:.0f} MB)"
        )
