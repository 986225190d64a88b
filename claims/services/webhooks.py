"""Webhooks: events written to the outbox in the causing transaction, delivered by Celery.

Deliveries follow Standard Webhooks (https://www.standardwebhooks.com/): headers webhook-id,
webhook-timestamp and webhook-signature "v1,<base64 HMAC-SHA256 of id.timestamp.body>". A failed
attempt is retried with exponential backoff and jitter until WEBHOOK_RETRY_WINDOW has passed; an
endpoint whose every attempt failed for WEBHOOK_DISABLE_AFTER is disabled with the reason kept.
"""

import datetime as dt
import json
import random
import time
from collections.abc import Iterable

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from standardwebhooks.webhooks import Webhook

from claims.models import (
    DeliveryStatus,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEventType,
    WebhookMessage,
)
from claims.services.queueing import task_send_on_commit
from sources.fetching import FetchError, http_request

DELIVER_WEBHOOK = "deliver_webhook"

FIRST_RETRY = dt.timedelta(seconds=10)
MAX_RETRY_GAP = dt.timedelta(hours=6)
RESPONSE_MAX_BYTES = 1024 * 1024


def webhook_event_emit(*, event: str, payload: dict) -> WebhookMessage | None:
    """Record `event` for every active endpoint subscribed to it; sent once the transaction commits.

    Call it inside the transaction that causes the event, so a rollback sends nothing. Returns the
    outbox message, or None when no endpoint wants the event. `payload` must be JSON-serialisable
    (datetimes and decimals are encoded by DjangoJSONEncoder). Raises ValueError for unknown events.
    """
    if event not in WebhookEventType.values:
        raise ValueError(f"Unknown webhook event {event!r}; use one of {', '.join(WebhookEventType.values)}.")
    # Filtered in Python: JSONField list containment is not available on SQLite.
    endpoints = [e for e in WebhookEndpoint.objects.filter(is_active=True).only("pk", "events") if event in e.events]
    if not endpoints:
        return None
    now = timezone.now()
    retry_until = now + dt.timedelta(seconds=settings.WEBHOOK_RETRY_WINDOW)
    with transaction.atomic():
        message = WebhookMessage.objects.create(event=event, payload=payload)
        deliveries = WebhookDelivery.objects.bulk_create(
            [
                WebhookDelivery(message=message, endpoint=e, next_attempt_at=now, retry_until=retry_until)
                for e in endpoints
            ]
        )
        for delivery in deliveries:
            task_send_on_commit(name=DELIVER_WEBHOOK, args=(delivery.pk,))
    return message


def webhook_body(message: WebhookMessage) -> bytes:
    """The delivered JSON: {"type", "timestamp" (the event's, ISO 8601), "data"}."""
    document = {"type": message.event, "timestamp": message.created_at.isoformat(), "data": message.payload}
    return json.dumps(document, cls=DjangoJSONEncoder, separators=(",", ":")).encode("utf-8")


def webhook_headers(*, secret: str, msg_id: str, body: bytes, sent_at: dt.datetime) -> dict[str, str]:
    """Standard Webhooks headers; `sent_at` must be aware (the library labels naive times as UTC)."""
    signature = Webhook(secret).sign(msg_id=msg_id, timestamp=sent_at.astimezone(dt.UTC), data=body.decode("utf-8"))
    return {
        "Content-Type": "application/json",
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(sent_at.timestamp())),
        "webhook-signature": signature,
    }


def _take(delivery_id: int, now: dt.datetime) -> WebhookDelivery | None:
    # The conditional UPDATE is the lock: a second worker (a redelivered message, the sweep) finds
    # next_attempt_at pushed past now and leaves the delivery alone.
    lease = now + dt.timedelta(seconds=settings.WEBHOOK_TIMEOUT * 3 + 30)
    taken = WebhookDelivery.objects.filter(
        pk=delivery_id, status=DeliveryStatus.PENDING, next_attempt_at__lte=now, endpoint__is_active=True
    ).update(next_attempt_at=lease)
    if not taken:
        return None
    return WebhookDelivery.objects.select_related("message", "endpoint").get(pk=delivery_id)


def webhook_delivery_attempt(*, delivery_id: int, now: dt.datetime | None = None) -> WebhookAttempt | None:
    """POST one due delivery and log the attempt; None when it is not due, done or its endpoint disabled.

    Timestamp and signature are made at sending time, not event time, so a retry a day later is
    not refused as too old by the receiver.
    """
    now = now or timezone.now()
    delivery = _take(delivery_id, now)
    if delivery is None:
        return None
    body = webhook_body(delivery.message)
    sent_at = timezone.now()
    headers = webhook_headers(
        secret=delivery.endpoint.secret, msg_id=delivery.message.msg_id, body=body, sent_at=sent_at
    )
    started = time.monotonic()
    try:
        answer = http_request(
            "POST",
            delivery.endpoint.url,
            timeout=settings.WEBHOOK_TIMEOUT,
            max_bytes=RESPONSE_MAX_BYTES,
            headers=headers,
            body=body,
            follow_redirects=False,
            allow_private=settings.INGEST_ALLOW_PRIVATE_URLS,
        )
        code, error = (
            answer.status,
            "" if 200 <= answer.status < 300 else f"The endpoint answered HTTP {answer.status}.",
        )
    except FetchError as exc:
        code, error = None, str(exc)
    duration_ms = int((time.monotonic() - started) * 1000)
    return _record_attempt(delivery, at=sent_at, code=code, error=error, duration_ms=duration_ms)


def _retry_gap(attempts: int) -> dt.timedelta:
    gap = min(FIRST_RETRY * 4 ** (attempts - 1), MAX_RETRY_GAP)
    return gap * random.uniform(0.8, 1.2)


@transaction.atomic
def _record_attempt(
    delivery: WebhookDelivery, *, at: dt.datetime, code: int | None, error: str, duration_ms: int
) -> WebhookAttempt:
    attempt = WebhookAttempt.objects.create(
        delivery=delivery,
        attempted_at=at,
        response_code=code,
        succeeded=not error,
        error=error[:2000],
        duration_ms=duration_ms,
    )
    attempts = delivery.attempts + 1
    fields: dict = {"attempts": attempts, "last_attempt_at": at, "last_response_code": code, "last_error": error[:2000]}
    endpoint = delivery.endpoint
    if not error:
        fields |= {"status": DeliveryStatus.SUCCEEDED, "next_attempt_at": None}
        WebhookEndpoint.objects.filter(pk=endpoint.pk, failing_since__isnull=False).update(failing_since=None)
    else:
        if at >= delivery.retry_until:
            fields |= {"status": DeliveryStatus.FAILED, "next_attempt_at": None}
        else:
            fields["next_attempt_at"] = min(at + _retry_gap(attempts), delivery.retry_until)
        _endpoint_note_failure(endpoint, at=at, error=error)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(**fields)
    return attempt


def _endpoint_note_failure(endpoint: WebhookEndpoint, *, at: dt.datetime, error: str) -> None:
    # Read under a row lock: two workers failing at once must not both miss the other's failing_since.
    current = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    failing_since = current.failing_since or at
    fields: dict = {"failing_since": failing_since}
    if at - failing_since >= dt.timedelta(seconds=settings.WEBHOOK_DISABLE_AFTER):
        since = timezone.localtime(failing_since).strftime("%Y-%m-%d %H:%M %Z")
        fields |= {
            "is_active": False,
            "disabled_at": at,
            "disabled_reason": f"Disabled: every delivery failed since {since}. Last error: {error}"[:500],
        }
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(**fields)


def webhook_deliveries_send_due(*, now: dt.datetime | None = None, limit: int = 500) -> list[int]:
    """The relay: send every due pending delivery (first tries whose message was lost, and retries)."""
    now = now or timezone.now()
    ids = list(
        WebhookDelivery.objects.filter(
            status=DeliveryStatus.PENDING, next_attempt_at__lte=now, endpoint__is_active=True
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    for delivery_id in ids:
        task_send_on_commit(name=DELIVER_WEBHOOK, args=(delivery_id,))
    return ids


def webhook_deliveries_resend(*, deliveries: Iterable[WebhookDelivery]) -> int:
    """Send deliveries again now (admin action), each with a fresh retry window; how many."""
    now = timezone.now()
    ids = [d.pk for d in deliveries]
    with transaction.atomic():
        count = WebhookDelivery.objects.filter(pk__in=ids).update(
            status=DeliveryStatus.PENDING,
            next_attempt_at=now,
            retry_until=now + dt.timedelta(seconds=settings.WEBHOOK_RETRY_WINDOW),
        )
        for delivery_id in ids:
            task_send_on_commit(name=DELIVER_WEBHOOK, args=(delivery_id,))
    return count


def webhook_endpoints_enable(*, endpoints: Iterable[WebhookEndpoint]) -> int:
    """Enable endpoints again (admin action), forgetting their failures; how many."""
    return WebhookEndpoint.objects.filter(pk__in=[e.pk for e in endpoints]).update(
        is_active=True, failing_since=None, disabled_at=None, disabled_reason=""
    )


def webhook_events_clean(events: Iterable[str]) -> list[str]:
    """Known event names, sorted and unique; raises ValueError naming an unknown one."""
    chosen = sorted(set(events))
    unknown = [e for e in chosen if e not in WebhookEventType.values]
    if unknown:
        raise ValueError(f"Unknown webhook event {unknown[0]!r}.")
    return chosen
