"""Webhooks: outbox on commit, Standard Webhooks signatures checked by a local receiver, retries, disabling."""

import datetime as dt
import json
from unittest import mock

import pytest
from django.db import transaction
from django.utils import timezone
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from claims import tasks
from claims.models import DeliveryStatus, WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookMessage
from claims.services import article_store_statements, claim_set_status
from claims.services.webhooks import (
    webhook_deliveries_resend,
    webhook_deliveries_send_due,
    webhook_delivery_attempt,
    webhook_endpoints_enable,
    webhook_event_emit,
    webhook_headers,
)
from sources.models import ExtractionStatus
from tests.factories import ArticleFactory, ClaimFactory, WebhookEndpointFactory
from tests.localsite import Answer, LocalSite, Request

pytestmark = pytest.mark.django_db

PAYLOAD = {"claim": {"id": 7, "status": "contested"}}


@pytest.fixture
def sent():
    with mock.patch.object(tasks.deliver_webhook, "delay") as delay:
        yield delay


@pytest.fixture
def receiver(settings):
    """A receiver that verifies each delivery's signature with the endpoint's secret: 204 if valid, 400 if not."""
    settings.INGEST_ALLOW_PRIVATE_URLS = True
    with LocalSite() as site:
        site.secret = "whsec_" + "c2VjcmV0LWZvci10aGUtdGVzdC1yZWNlaXZlci0xMjM0"
        site.verified: list[dict] = []

        def verify(request: Request) -> Answer:
            try:
                site.verified.append(Webhook(site.secret).verify(request.body, request.headers))
            except WebhookVerificationError:
                return Answer(400, b"bad signature")
            return Answer(204)

        site.routes["/hook"] = verify
        yield site


def _endpoint(site, path: str = "/hook", **fields) -> WebhookEndpoint:
    return WebhookEndpointFactory(url=f"{site.url}{path}", secret=site.secret, **fields)


def _due(delivery: WebhookDelivery) -> None:
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())


def test_headers_match_the_standard_webhooks_test_vector():
    headers = webhook_headers(
        secret="whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        msg_id="msg_p5jXN8AQM9LWM0D4loKWxJek",
        body=b'{"test": 2432232314}',
        sent_at=dt.datetime.fromtimestamp(1614265330, dt.UTC),
    )
    assert headers["webhook-signature"] == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    assert headers["webhook-timestamp"] == "1614265330"
    assert headers["webhook-id"] == "msg_p5jXN8AQM9LWM0D4loKWxJek"


def test_an_event_is_recorded_for_subscribed_active_endpoints_and_sent_on_commit(
    sent, django_capture_on_commit_callbacks
):
    wanted = WebhookEndpointFactory(events=["claim.reviewed"])
    WebhookEndpointFactory(events=["article.extracted"])
    WebhookEndpointFactory(events=["claim.reviewed"], is_active=False)

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        message = webhook_event_emit(event="claim.reviewed", payload=PAYLOAD)
        sent.assert_not_called()

    delivery = WebhookDelivery.objects.get()
    assert delivery.endpoint == wanted
    assert delivery.message == message
    assert message.msg_id.startswith("msg_")
    sent.assert_called_once_with(delivery.pk)


def test_a_rolled_back_event_records_and_sends_nothing(sent, django_capture_on_commit_callbacks):
    WebhookEndpointFactory()

    def review_that_fails() -> None:
        with transaction.atomic():
            webhook_event_emit(event="claim.reviewed", payload=PAYLOAD)
            raise RuntimeError("the review failed after the event")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        review_that_fails()

    assert not WebhookMessage.objects.exists()
    sent.assert_not_called()


def test_unknown_events_are_refused():
    with pytest.raises(ValueError, match="Unknown webhook event"):
        webhook_event_emit(event="claim.deleted", payload={})


def test_the_receiver_verifies_the_signature_and_the_attempt_is_logged(receiver, sent):
    endpoint = _endpoint(receiver)
    message = webhook_event_emit(event="claim.reviewed", payload=PAYLOAD)
    delivery = WebhookDelivery.objects.get()

    attempt = webhook_delivery_attempt(delivery_id=delivery.pk)

    delivery.refresh_from_db()
    assert receiver.verified == [
        {"type": "claim.reviewed", "timestamp": message.created_at.isoformat(), "data": PAYLOAD}
    ]
    assert (attempt.succeeded, attempt.response_code) == (True, 204)
    assert (delivery.status, delivery.attempts, delivery.last_response_code) == (DeliveryStatus.SUCCEEDED, 1, 204)
    request = receiver.requests[0]
    assert request.headers["webhook-id"] == message.msg_id
    with pytest.raises(WebhookVerificationError):
        Webhook("whsec_" + "b3RoZXItc2VjcmV0LW90aGVyLXNlY3JldC0xMjM0NTY3OA==").verify(request.body, request.headers)
    endpoint.refresh_from_db()
    assert endpoint.failing_since is None
    assert webhook_delivery_attempt(delivery_id=delivery.pk) is None  # delivered: never sent twice


def test_a_failed_attempt_is_retried_with_growing_backoff(receiver, sent):
    receiver.routes["/down"] = Answer(503, b"maintenance")
    endpoint = _endpoint(receiver, "/down")
    webhook_event_emit(event="claim.reviewed", payload=PAYLOAD)
    delivery = WebhookDelivery.objects.get()

    first = webhook_delivery_attempt(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    first_gap = delivery.next_attempt_at - first.attempted_at
    assert webhook_delivery_attempt(delivery_id=delivery.pk) is None  # not due yet
    _due(delivery)
    second = webhook_delivery_attempt(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    second_gap = delivery.next_attempt_at - second.attempted_at

    assert (first.response_code, first.succeeded) == (503, False)
    assert "HTTP 503" in first.error
    assert dt.timedelta(seconds=7) < first_gap < dt.timedelta(seconds=13)
    assert dt.timedelta(seconds=31) < second_gap < dt.timedelta(seconds=49)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.PENDING, 2)
    assert WebhookAttempt.objects.filter(delivery=delivery).count() == 2
    endpoint.refresh_from_db()
    assert endpoint.failing_since == first.attempted_at


def test_a_delivery_gives_up_after_its_retry_window(receiver, sent):
    receiver.routes["/down"] = Answer(500)
    _endpoint(receiver, "/down")
    webhook_event_emit(event="claim.reviewed", payload=PAYLOAD)
    delivery = WebhookDelivery.objects.get()
    WebhookDelivery.objects.filter(pk=delivery.pk).update(retry_until=timezone.now() - dt.timedelta(seconds=1))

    webhook_delivery_attempt(delivery_id=delivery.pk)

    delivery.refresh_from_db()
    assert (delivery.status, delivery.next_attempt_at) == (DeliveryStatus.FAILED, None)


def test_an_endpoint_failing_for_a_day_is_disabled_with_the_reason_and_a_success_clears_failures(receiver, sent):
    receiver.routes["/down"] = Answer(500)
    endpoint = _endpoint(receiver, "/down", failing_since=timezone.now() - dt.timedelta(hours=25))
    webhook_event_emit(event="claim.reviewed", payload=PAYLOAD)
    webhook_event_emit(event="claim.reviewed", payload=PAYLOAD)
    first, second = WebhookDelivery.objects.order_by("pk")

    webhook_delivery_attempt(delivery_id=first.pk)

    endpoint.refresh_from_db()
    assert not endpoint.is_active
    assert endpoint.disabled_reason.startswith("Disabled: every delivery failed since")
    assert "HTTP 500" in endpoint.disabled_reason
    assert webhook_delivery_attempt(delivery_id=second.pk) is None  # disabled: nothing more is sent
    assert webhook_deliveries_send_due() == []

    webhook_endpoints_enable(endpoints=[endpoint])
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(url=f"{receiver.url}/hook")
    assert webhook_delivery_attempt(delivery_id=second.pk).succeeded
    endpoint.refresh_from_db()
    assert (endpoint.is_active, endpoint.failing_since, endpoint.disabled_reason) == (True, None, "")


def test_private_addresses_are_refused_by_default(receiver, sent, settings):
    settings.INGEST_ALLOW_PRIVATE_URLS = False
    _endpoint(receiver)
    webhook_event_emit(event="claim.reviewed", payload=PAYLOAD)

    attempt = webhook_delivery_attempt(delivery_id=WebhookDelivery.objects.get().pk)

    assert not attempt.succeeded
    assert "private or local" in attempt.error
    assert receiver.requests == []


def test_a_receiver_that_times_out_is_a_failed_attempt(receiver, sent, settings):
    settings.WEBHOOK_TIMEOUT = 0.5
    receiver.routes["/slow"] = Answer(204, delay=1.5)
    _endpoint(receiver, "/slow")
    webhook_event_emit(event="claim.reviewed", payload=PAYLOAD)

    attempt = webhook_delivery_attempt(delivery_id=WebhookDelivery.objects.get().pk)

    assert (attempt.succeeded, attempt.response_code) == (False, None)
    assert "Could not" in attempt.error


def test_redirects_are_not_followed(receiver, sent):
    receiver.routes["/moved"] = Answer(301, headers={"Location": "/hook"})
    _endpoint(receiver, "/moved")
    webhook_event_emit(event="claim.reviewed", payload=PAYLOAD)

    attempt = webhook_delivery_attempt(delivery_id=WebhookDelivery.objects.get().pk)

    assert (attempt.succeeded, attempt.response_code) == (False, 301)
    assert receiver.paths("POST") == ["/moved"]


def test_resend_sends_a_given_up_delivery_again_with_a_new_window(receiver, sent, django_capture_on_commit_callbacks):
    _endpoint(receiver)
    webhook_event_emit(event="claim.reviewed", payload=PAYLOAD)
    delivery = WebhookDelivery.objects.get()
    WebhookDelivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.FAILED, next_attempt_at=None)
    sent.reset_mock()

    with django_capture_on_commit_callbacks(execute=True):
        assert webhook_deliveries_resend(deliveries=[delivery]) == 1

    sent.assert_called_once_with(delivery.pk)
    assert webhook_delivery_attempt(delivery_id=delivery.pk).succeeded
    delivery.refresh_from_db()
    assert delivery.retry_until > timezone.now() + dt.timedelta(hours=23)


def test_the_relay_sends_only_due_pending_deliveries(sent, django_capture_on_commit_callbacks):
    endpoint = WebhookEndpointFactory()
    for _ in range(3):
        webhook_event_emit(event="claim.reviewed", payload=PAYLOAD)
    due, later, done = WebhookDelivery.objects.order_by("pk")
    WebhookDelivery.objects.filter(pk=later.pk).update(next_attempt_at=timezone.now() + dt.timedelta(minutes=5))
    WebhookDelivery.objects.filter(pk=done.pk).update(status=DeliveryStatus.SUCCEEDED)
    sent.reset_mock()

    with django_capture_on_commit_callbacks(execute=True):
        assert webhook_deliveries_send_due() == [due.pk]

    sent.assert_called_once_with(due.pk)
    assert endpoint.deliveries.count() == 3


def test_reviewing_a_claim_emits_claim_reviewed_in_the_same_transaction(editor, sent):
    WebhookEndpointFactory(events=["claim.reviewed"])
    claim = ClaimFactory(version=1)

    review = claim_set_status(
        claim=claim, status="contested", note="See the ONS figures.", by=editor, expected_version=1
    )

    message = WebhookMessage.objects.get()
    assert message.event == "claim.reviewed"
    assert message.payload["claim"] == {
        "id": claim.pk,
        "text": claim.text,
        "speaker_id": claim.speaker_id,
        "status": "contested",
    }
    assert message.payload["review"]["id"] == review.pk
    assert message.payload["review"]["reviewer"] == "ed"


def test_storing_extracted_statements_emits_article_extracted(sent):
    WebhookEndpointFactory(events=["article.extracted"])
    article = ArticleFactory(extraction_status=ExtractionStatus.RUNNING, extraction_task_id="t1")

    assert article_store_statements(article_id=article.pk, task_id="t1", extracted=[])

    message = WebhookMessage.objects.get()
    assert message.event == "article.extracted"
    assert message.payload["article"]["id"] == article.pk
    assert message.payload["statement_count"] == 0
    body = json.loads(json.dumps(message.payload))
    assert body["article"]["title"] == article.title
