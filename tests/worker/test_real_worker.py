"""A real Celery worker on a real broker (Redis in CI) against the test database.

Run with CLAIMDESK_TEST_WORKER=1, DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL (Redis), as .ci/run does.
"""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from claims.services.intake import article_intake
from sources.models import Article, ExtractionStatus

ROOT = Path(__file__).resolve().parents[2]
# shared/ sits beside the checkout (CI, /work/main) or beside the folder of worktrees.
DEV_CORPUS = next(
    (p / "shared" / "corpus" / "dev" for p in (ROOT.parent, ROOT.parent.parent) if (p / "shared").is_dir()),
    ROOT.parent / "shared" / "corpus" / "dev",
)

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(
        os.environ.get("CLAIMDESK_TEST_WORKER") != "1", reason="needs CLAIMDESK_TEST_WORKER=1 and a broker"
    ),
]


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor != "postgresql":
        pytest.skip("the worker tests share the test database over PostgreSQL")
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Worker:
    def __init__(self, tmp_path: Path, *, beat: bool) -> None:
        env = os.environ | {
            "DATABASE_URL": _database_url(),
            "EXTRACTION_HEARTBEAT": "1",
            "EXTRACTION_LEASE": "5",
            "EXTRACTION_RESEND_AFTER": "5",
            "EXTRACTION_SWEEP_INTERVAL": "2",
            "CLAIMDESK_VAR_DIR": str(tmp_path),
        }
        args = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "newsroom",
            "worker",
            "--concurrency=1",
            "--loglevel=INFO",
            "-n",
            f"test-{os.getpid()}-{time.monotonic_ns()}@%h",
            "--without-mingle",
            "--without-gossip",
        ]
        if beat:
            args += ["--beat", "-s", str(tmp_path / "beat-schedule")]
        self.log = open(tmp_path / "worker.log", "wb")  # noqa: SIM115
        self.process = subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def kill(self) -> None:
        """SIGKILL the whole worker, parent and pool children: nothing gets to clean up."""
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
def start_worker(tmp_path):
    workers: list[Worker] = []

    def start(*, beat: bool = False) -> Worker:
        workers.append(Worker(tmp_path, beat=beat))
        return workers[-1]

    yield start
    for worker in workers:
        worker.stop()
    log = tmp_path / "worker.log"
    if log.exists():
        print(log.read_text(errors="replace")[-4000:])


@pytest.fixture
def purge_broker():
    from newsroom.celery import app

    app.control.purge()
    yield app
    app.control.purge()


def wait_until(predicate, timeout: float = 120, interval: float = 0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


def _dev_texts(n: int) -> list[str]:
    return [json.loads(path.read_text())["text"] for path in sorted(DEV_CORPUS.glob("dev-*.json"))[:n]]


def _all_done(ids: list[int]) -> bool:
    return Article.objects.filter(pk__in=ids, extraction_status=ExtractionStatus.DONE).count() == len(ids)


@pytest.mark.django_db(transaction=True)
def test_worker_extracts_an_ingested_article(start_worker, purge_broker):
    start_worker()
    article = article_intake(raw=(ROOT / "sample" / "putin_address.txt").read_text(), outlet_name="Sky News").article

    assert wait_until(lambda: _all_done([article.pk])), "the worker did not finish the article"
    article.refresh_from_db()
    assert article.statements.filter(speaker__name="Vladimir Putin").exists()
    assert article.extraction_attempts == 1


@pytest.mark.django_db(transaction=True)
def test_articles_lost_when_the_broker_restarts_empty_are_picked_up_by_the_sweep(start_worker, purge_broker, settings):
    settings.EXTRACTION_RESEND_AFTER = 5  # as the worker's environment says
    ids = [article_intake(raw=text).article.pk for text in _dev_texts(3)]
    purge_broker.control.purge()  # the broker restarted empty: the messages are gone
    assert Article.objects.filter(pk__in=ids, extraction_status=ExtractionStatus.QUEUED).count() == 3

    start_worker(beat=True)

    assert wait_until(lambda: _all_done(ids), timeout=90), "the sweep did not re-send the lost articles"


@pytest.mark.django_db(transaction=True)
def test_article_of_a_killed_worker_is_picked_up_again(start_worker, purge_broker, settings):
    settings.EXTRACTION_RESEND_AFTER = 5
    ids = [article_intake(raw=text).article.pk for text in _dev_texts(16)]
    worker = start_worker()
    assert wait_until(
        lambda: Article.objects.filter(pk__in=ids, extraction_status=ExtractionStatus.RUNNING).exists(), interval=0.02
    )
    worker.kill()
    stuck = list(
        Article.objects.filter(pk__in=ids).exclude(extraction_status=ExtractionStatus.DONE).values_list("pk", flat=True)
    )
    assert stuck, "the worker finished everything before it was killed"

    # No fast-forward: the dead worker stops renewing its lease, and the sweep takes the article
    # back once it expires. Its message also stays unacknowledged in the broker.
    start_worker(beat=True)

    assert wait_until(lambda: _all_done(ids), timeout=150), "articles of the killed worker were not picked up"
    assert not Article.objects.filter(pk__in=ids, extraction_attempts__gt=settings.EXTRACTION_MAX_ATTEMPTS).exists()
