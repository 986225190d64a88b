"""Outages with a real worker on a real Redis this test starts on its own port, a backlog running.

A worker SIGKILLed mid-article, and Redis restarted empty: every article reaches done, within
generous bounds (the recovery times are printed, never asserted). Runs with CLAIMDESK_TEST_WORKER=1
on PostgreSQL, as .ci/run does, or on SQLite (the test database is a file both processes open).
"""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from claims.services.intake import article_intake
from sources.models import Article, ExtractionStatus
from tests.reliability.conftest import free_port, publishing_to, subprocess_database_url, wait_until

ROOT = Path(__file__).resolve().parents[2]
# shared/ sits beside the checkout (CI, /work/main) or beside the folder of worktrees.
DEV_CORPUS = next(
    (p / "shared" / "corpus" / "dev" for p in (ROOT.parent, ROOT.parent.parent) if (p / "shared").is_dir()),
    ROOT.parent / "shared" / "corpus" / "dev",
)
# Short intervals so the test is quick; the production defaults are in newsroom/settings.py.
OUTBOX_ENV = {
    "EXTRACTION_HEARTBEAT": "1",
    "EXTRACTION_LEASE": "5",
    "EXTRACTION_RESEND_AFTER": "5",
    "EXTRACTION_SWEEP_INTERVAL": "2",
}

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(
        os.environ.get("CLAIMDESK_TEST_WORKER") != "1", reason="needs CLAIMDESK_TEST_WORKER=1 and redis-server"
    ),
    pytest.mark.django_db(transaction=True),
]


class Redis:
    """A throw-away redis-server on a free port of this suite's range: no data kept across restarts."""

    def __init__(self, tmp_path: Path) -> None:
        self.port = free_port()
        self.dir = tmp_path
        self.process: subprocess.Popen | None = None
        self.start()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            cwd=self.dir,
            stdout=subprocess.DEVNULL,
        )
        ping = ["redis-cli", "-p", str(self.port), "ping"]
        assert wait_until(lambda: subprocess.run(ping, capture_output=True).stdout.strip() == b"PONG", timeout=30)

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)


class Celery:
    """`celery worker` or `celery beat` on the test database and the given broker."""

    def __init__(self, tmp_path: Path, broker: str, *args: str) -> None:
        name = args[0]
        env = (
            os.environ
            | OUTBOX_ENV
            | {
                "DATABASE_URL": subprocess_database_url(),
                "CELERY_BROKER_URL": broker,
                "REDIS_URL": broker.rsplit("/", 1)[0] + "/1",
                "CLAIMDESK_VAR_DIR": str(tmp_path),
            }
        )
        self.log_path = tmp_path / f"{name}-{time.monotonic_ns()}.log"
        self.log = open(self.log_path, "wb")  # noqa: SIM115
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "newsroom", *args, "--loglevel=INFO"],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self) -> None:
        """SIGKILL the whole process group, parent and pool children: nothing gets to clean up."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()


@pytest.fixture
def redis(tmp_path):
    server = Redis(tmp_path)
    yield server
    server.kill()


@pytest.fixture
def start(tmp_path, redis):
    started: list[Celery] = []

    def run(*args: str) -> Celery:
        started.append(Celery(tmp_path, redis.url, *args))
        return started[-1]

    yield run
    for process in started:
        process.stop()
    for process in started:
        print(f"--- {process.log_path.name}\n{process.log_path.read_text(errors='replace')[-3000:]}")


@pytest.fixture
def publish_to(redis, settings):
    """The test process sends its messages to the test's Redis, with the test's outbox timings."""
    for name, value in OUTBOX_ENV.items():
        setattr(settings, name, int(value))
    with publishing_to(redis.url, {"socket_connect_timeout": 3}):
        yield


def _worker_args(n: int) -> tuple[str, ...]:
    """An extraction worker, as docker-compose runs it."""
    return (
        "worker",
        "-Q",
        "celery",
        "--concurrency=1",
        "-n",
        f"outage{n}-{os.getpid()}@%h",
        "--without-mingle",
        "--without-gossip",
    )


def _sweeper_args(tmp_path: Path) -> tuple[str, ...]:
    """Beat with the outbox sweep's own small worker, as docker-compose runs it."""
    schedule = str(tmp_path / "beat-schedule")
    return (
        "worker",
        "-Q",
        "outbox",
        "--beat",
        "-s",
        schedule,
        "--concurrency=1",
        "-n",
        f"sweeper-{os.getpid()}@%h",
        "--without-mingle",
        "--without-gossip",
    )


def _ingest_backlog(n: int, offset: int = 0) -> list[int]:
    texts = [json.loads(p.read_text())["text"] for p in sorted(DEV_CORPUS.glob("dev-*.json"))[offset : offset + n]]
    assert len(texts) == n, f"the dev corpus in {DEV_CORPUS} has too few articles"
    return [article_intake(raw=text).article.pk for text in texts]


def _count(ids: list[int], status: str) -> int:
    return Article.objects.filter(pk__in=ids, extraction_status=status).count()


def test_a_sigkilled_worker_loses_nothing(start, publish_to, tmp_path):
    start(*_sweeper_args(tmp_path))
    worker = start(*_worker_args(1))
    ids = _ingest_backlog(10)
    assert wait_until(lambda: _count(ids, ExtractionStatus.DONE) >= 1, timeout=180, interval=0.05)
    assert wait_until(lambda: _count(ids, ExtractionStatus.RUNNING) == 1, timeout=120, interval=0.05)
    running = Article.objects.get(pk__in=ids, extraction_status=ExtractionStatus.RUNNING).pk

    worker.kill()
    killed_at = time.monotonic()
    start(*_worker_args(2))

    assert wait_until(lambda: Article.objects.get(pk=running).extraction_status != ExtractionStatus.RUNNING, 120)
    taken_back = time.monotonic() - killed_at
    assert wait_until(lambda: _count(ids, ExtractionStatus.DONE) == len(ids), timeout=600), (
        f"{_count(ids, ExtractionStatus.DONE)} of {len(ids)} done"
    )
    print(
        f"FIGURE killed worker: article taken back after {taken_back:.1f} s (lease 5 s, sweep every 2 s), "
        f"backlog of {len(ids)} done {time.monotonic() - killed_at:.1f} s after the kill"
    )
    assert Article.objects.get(pk=running).extraction_attempts == 2


def test_redis_restarted_empty_loses_nothing(start, publish_to, redis, tmp_path):
    start(*_sweeper_args(tmp_path))
    start(*_worker_args(3))
    ids = _ingest_backlog(10)
    assert wait_until(lambda: _count(ids, ExtractionStatus.DONE) >= 1, timeout=180, interval=0.05)

    redis.kill()  # the queued messages are gone with it
    during = _ingest_backlog(2, offset=10)  # stored, their message refused: left due
    assert _count(during, ExtractionStatus.QUEUED) == 2
    time.sleep(5)
    redis.start()
    back_at = time.monotonic()

    assert wait_until(lambda: _count(ids + during, ExtractionStatus.DONE) == len(ids + during), timeout=600), (
        f"{_count(ids + during, ExtractionStatus.DONE)} of {len(ids + during)} done"
    )
    print(f"FIGURE Redis restarted empty: backlog of {len(ids + during)} done {time.monotonic() - back_at:.1f} s after")
    assert not Article.objects.filter(pk__in=ids + during, extraction_attempts__gt=2).exists()
