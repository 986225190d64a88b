"""The extraction outbox: the article row is the record of work, the broker only a doorbell.

A queued article carries `send_after`, when its message is due to be sent (again). A running one
carries a lease (`lease_expires_at`, `lease_holder`) that its worker renews every few seconds while
it parses. The periodic sweep sends every due article and queues again every article whose lease
expired, so a message lost with the broker, or a worker killed mid-article, costs one sweep interval
plus the resend delay or the lease, never the hard time limit. Delivery is at least once: the task
claims the article with a conditional UPDATE, so a duplicate message costs that one UPDATE.
"""

import datetime as dt
import logging
import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.db import DatabaseError, connections, transaction
from django.db.models import F, Q
from django.utils import timezone

from claims.services.queueing import task_send
from sources.models import Article, ExtractionStatus

logger = logging.getLogger(__name__)

# The worker task that runs article_extract (registered by claims.tasks; see services/queueing.py).
EXTRACT_ARTICLE = "extract_article"
# How many due articles one sweep sends; the next sweep sends the rest.
SWEEP_BATCH = 500


def worker_id() -> str:
    """`host:pid` of this process, recorded as the lease holder."""
    return f"{socket.gethostname()}:{os.getpid()}"


def _seconds(name: str) -> dt.timedelta:
    return dt.timedelta(seconds=getattr(settings, name))


def article_enqueue_extraction(*, article: Article, reset_attempts: bool = False) -> None:
    """Mark the article queued and ring the broker once the surrounding transaction commits.

    If the send fails (broker down), the article stays queued and due, and the sweep sends it.
    """
    now = timezone.now()
    fields = {
        "extraction_status": ExtractionStatus.QUEUED,
        "extraction_queued_at": now,
        "send_after": now + _seconds("EXTRACTION_RESEND_AFTER"),
        "lease_expires_at": None,
        "lease_holder": "",
    }
    if reset_attempts:
        fields |= {"extraction_attempts": 0, "extraction_error": ""}
    Article.objects.filter(pk=article.pk).update(**fields)
    for name, value in fields.items():
        setattr(article, name, value)
    transaction.on_commit(partial(article_send_extraction, article_id=article.pk))


def article_reextract(*, article: Article) -> None:
    with transaction.atomic():
        article_enqueue_extraction(article=article, reset_attempts=True)


def article_send_extraction(*, article_id: int) -> bool:
    """Send the article's extraction message; False (logged, article left due) if the broker refused it."""
    try:
        task_send(name=EXTRACT_ARTICLE, args=(article_id,))
    # Any failure to publish (connection refused, timeout, a broker error) leaves the row to the
    # sweep: the article was stored, so the request that stored it must not fail.
    except Exception as exc:
        logger.warning("Broker unavailable, article %s stays queued for the sweep: %r", article_id, exc)
        Article.objects.filter(pk=article_id, extraction_status=ExtractionStatus.QUEUED).update(
            send_after=timezone.now()
        )
        return False
    return True


def _claimable(now: dt.datetime) -> Q:
    # A running row without a lease predates leases: its worker had the hard time limit to finish.
    legacy_cutoff = now - _seconds("EXTRACTION_TIME_LIMIT") - dt.timedelta(seconds=30)
    return (
        Q(extraction_status=ExtractionStatus.QUEUED)
        | Q(extraction_status=ExtractionStatus.RUNNING, lease_expires_at__lt=now)
        | Q(
            extraction_status=ExtractionStatus.RUNNING,
            lease_expires_at__isnull=True,
            extraction_started_at__lt=legacy_cutoff,
        )
    )


def article_claim_for_extraction(*, article_id: int, task_id: str) -> Article | None:
    """Take the article and its lease for this task; None when a live lease holds it or it is finished.

    The conditional UPDATE is the lock: of two deliveries racing, one updates the row and the other
    none. An article whose lease expired (its worker died) may be taken over.
    """
    now = timezone.now()
    taken = Article.objects.filter(_claimable(now), pk=article_id).update(
        extraction_status=ExtractionStatus.RUNNING,
        extraction_task_id=task_id,
        extraction_started_at=now,
        extraction_attempts=F("extraction_attempts") + 1,
        lease_expires_at=now + _seconds("EXTRACTION_LEASE"),
        lease_holder=worker_id(),
        send_after=None,
    )
    if not taken:
        return None
    article = Article.objects.get(pk=article_id)
    if article.extraction_attempts > settings.EXTRACTION_MAX_ATTEMPTS:
        reason = f"Gave up after {settings.EXTRACTION_MAX_ATTEMPTS} attempts. {article.extraction_error}".strip()
        article_mark_failed(article_id=article_id, reason=reason)
        return None
    return article


def article_mark_failed(*, article_id: int, reason: str) -> None:
    """Record that extraction gave up, and why; a finished article is left as it is."""
    Article.objects.filter(pk=article_id).exclude(extraction_status=ExtractionStatus.DONE).update(
        extraction_status=ExtractionStatus.FAILED,
        extraction_error=reason[:2000],
        extraction_finished_at=timezone.now(),
        send_after=None,
        lease_expires_at=None,
        lease_holder="",
    )


def article_renew_lease(*, article_id: int, task_id: str) -> bool:
    """Extend the lease this task holds; False once it no longer holds it."""
    return bool(
        Article.objects.filter(
            pk=article_id, extraction_task_id=task_id, extraction_status=ExtractionStatus.RUNNING
        ).update(lease_expires_at=timezone.now() + _seconds("EXTRACTION_LEASE"))
    )


@contextmanager
def article_lease_heartbeat(*, article_id: int, task_id: str) -> Iterator[None]:
    """Renew the article's lease every EXTRACTION_HEARTBEAT seconds while the block runs.

    A thread with its own database connection, so a long spaCy parse keeps the lease alive; a
    worker that dies stops renewing and the sweep takes the article back once the lease expires.
    """
    if transaction.get_connection().in_atomic_block:
        # Another connection cannot see this transaction's claim (eager runs, tests): nothing to renew.
        yield
        return
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(settings.EXTRACTION_HEARTBEAT):
                try:
                    if not article_renew_lease(article_id=article_id, task_id=task_id):
                        return
                except DatabaseError as exc:  # a locked or lost database: try again next beat
                    logger.warning("Lease renewal for article %s failed: %r", article_id, exc)
        finally:
            connections.close_all()  # this thread's connections only

    thread = threading.Thread(target=beat, name=f"lease-{article_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=settings.EXTRACTION_HEARTBEAT + 30)


def article_requeue_after_error(*, article_id: int, task_id: str, reason: str) -> None:
    """Give back the lease of a run that hit a transient error; its retry, or the sweep, runs it again."""
    Article.objects.filter(
        pk=article_id, extraction_task_id=task_id, extraction_status=ExtractionStatus.RUNNING
    ).update(
        extraction_status=ExtractionStatus.QUEUED,
        extraction_error=reason[:2000],
        send_after=timezone.now() + _seconds("EXTRACTION_RESEND_AFTER"),
        lease_expires_at=None,
        lease_holder="",
    )


@dataclass(frozen=True)
class SweepResult:
    reclaimed: int  # running articles whose lease had expired, queued again
    sent: list[int]  # queued articles whose message was due, sent (again)


def article_outbox_sweep(*, now: dt.datetime | None = None) -> SweepResult:
    """Queue again the articles of dead workers, then send every queued article that is due.

    Runs every EXTRACTION_SWEEP_INTERVAL seconds from beat, whatever the workers are doing: a
    queued article is re-sent each EXTRACTION_RESEND_AFTER seconds until a worker takes it, since
    the broker may have lost its message (a duplicate is a no-op for the task).
    """
    now = now or timezone.now()
    expired = _claimable(now) & Q(extraction_status=ExtractionStatus.RUNNING)
    # One UPDATE with the condition: a lease renewed since the sweep began no longer matches.
    reclaimed = Article.objects.filter(expired).update(
        extraction_status=ExtractionStatus.QUEUED, send_after=now, lease_expires_at=None, lease_holder=""
    )
    due = Q(extraction_status=ExtractionStatus.QUEUED) & (Q(send_after__lte=now) | Q(send_after__isnull=True))
    ids = list(
        Article.objects.filter(due)
        .order_by(F("send_after").asc(nulls_first=True), "pk")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    # Stamp the next due time before sending, so no database lock is held while talking to the broker.
    Article.objects.filter(due, pk__in=ids).update(send_after=now + _seconds("EXTRACTION_RESEND_AFTER"))
    sent = []
    for position, article_id in enumerate(ids):
        if not article_send_extraction(article_id=article_id):
            # The broker is down: the rest stay due for the next sweep instead of each timing out.
            Article.objects.filter(extraction_status=ExtractionStatus.QUEUED, pk__in=ids[position:]).update(
                send_after=now
            )
            break
        sent.append(article_id)
    if reclaimed or ids:
        logger.warning(
            "Outbox sweep: %d expired lease(s) taken back, %d of %d due article(s) sent", reclaimed, len(sent), len(ids)
        )
    return SweepResult(reclaimed=reclaimed, sent=sent)
