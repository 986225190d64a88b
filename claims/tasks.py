"""Celery tasks: thin, idempotent wrappers around claims.services."""

from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import InterfaceError, OperationalError

from claims import services
from claims.services import feeds, webhooks
from claims.services.checkworthiness import SCORE_CLAIMS
from claims.services.feeds import INGEST_FEED_ITEM, POLL_FEED
from claims.services.outbox import EXTRACT_ARTICLE
from claims.services.queueing import task_register
from claims.services.webhooks import DELIVER_WEBHOOK

TRANSIENT_ERRORS = (OperationalError, InterfaceError)


class ExtractionTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        # Retries exhausted, or an error that is not transient: record why and stop.
        article_id = kwargs.get("article_id", args[0] if args else None)
        if article_id is not None:
            services.article_mark_failed(article_id=article_id, reason=f"{exc.__class__.__name__}: {exc}")


@shared_task(
    base=ExtractionTask,
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=5,
    retry_backoff_max=120,
    retry_jitter=True,
    max_retries=settings.EXTRACTION_MAX_ATTEMPTS - 1,
    soft_time_limit=settings.EXTRACTION_SOFT_TIME_LIMIT,
    time_limit=settings.EXTRACTION_TIME_LIMIT,
)
def extract_article(self: Task, article_id: int) -> bool:
    try:
        return services.article_extract(article_id=article_id, task_id=self.request.id or f"local-{article_id}")
    except SoftTimeLimitExceeded:
        services.article_mark_failed(
            article_id=article_id,
            reason=f"Extraction took longer than {settings.EXTRACTION_SOFT_TIME_LIMIT} seconds.",
        )
        return False
    except TRANSIENT_ERRORS as exc:
        services.article_requeue_after_error(
            article_id=article_id,
            task_id=self.request.id or f"local-{article_id}",
            reason=f"Retrying after {exc.__class__.__name__}: {exc}",
        )
        raise


task_register(name=EXTRACT_ARTICLE, task=extract_article)


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=5,
    retry_backoff_max=120,
    max_retries=3,
    soft_time_limit=settings.EXTRACTION_SOFT_TIME_LIMIT,
    time_limit=settings.EXTRACTION_TIME_LIMIT,
)
def score_claims(*claim_ids: int) -> int:
    """Score claims' check-worthiness; rerunning stores the same scores again, so redelivery is harmless."""
    return services.claims_score_check_worthiness(claim_ids=claim_ids)


task_register(name=SCORE_CLAIMS, task=score_claims)


# Not acks_late: a sweep lost with its worker is simply the next one, EXTRACTION_SWEEP_INTERVAL later.
@shared_task(ignore_result=True)
def sweep_extraction_outbox() -> int:
    """Re-send due queued articles and take back those whose lease expired; the number sent."""
    return len(services.article_outbox_sweep().sent)


FEED_TASK_OPTIONS = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "ignore_result": True,
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": 5,
    "retry_jitter": True,
    "max_retries": 3,
}


@shared_task(**FEED_TASK_OPTIONS)
def poll_due_feeds() -> int:
    return len(feeds.feeds_poll_due())


@shared_task(**FEED_TASK_OPTIONS, soft_time_limit=120, time_limit=150)
def poll_feed(feed_id: int) -> str:
    return feeds.feed_poll_and_queue_items(feed_id=feed_id).status


@shared_task(**FEED_TASK_OPTIONS, soft_time_limit=120, time_limit=150)
def ingest_feed_item(item_id: int) -> None:
    feeds.feed_item_intake(item_id=item_id)


task_register(name=POLL_FEED, task=poll_feed)
task_register(name=INGEST_FEED_ITEM, task=ingest_feed_item)


@shared_task(acks_late=True, ignore_result=True, autoretry_for=TRANSIENT_ERRORS, retry_backoff=5, max_retries=3)
def send_due_webhooks() -> int:
    return len(webhooks.webhook_deliveries_send_due())


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=5,
    max_retries=3,
    soft_time_limit=settings.WEBHOOK_TIMEOUT * 3 + 20,
    time_limit=settings.WEBHOOK_TIMEOUT * 3 + 30,
)
def deliver_webhook(delivery_id: int) -> None:
    # HTTP failures are not raised: the delivery row schedules its own retry, which the beat sends.
    webhooks.webhook_delivery_attempt(delivery_id=delivery_id)


task_register(name=DELIVER_WEBHOOK, task=deliver_webhook)
