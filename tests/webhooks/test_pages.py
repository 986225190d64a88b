"""The integrations page (admins) and the admin's webhook actions: register, re-send, enable."""

from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse

from claims import tasks
from claims.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from claims.services.webhooks import webhook_delivery_attempt, webhook_event_emit
from tests.factories import UserFactory, WebhookEndpointFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user():
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(admin_user) -> Client:
    client = Client()
    client.force_login(admin_user)
    return client


@pytest.fixture
def sent():
    with mock.patch.object(tasks.deliver_webhook, "delay") as delay:
        yield delay


def test_admins_see_each_endpoint_with_its_state(admin_client, admin_user):
    WebhookEndpointFactory(url="https://ok.example/hook", owner=admin_user)
    WebhookEndpointFactory(url="https://flaky.example/hook", failing_since="2026-11-29T08:00:00Z")
    WebhookEndpointFactory(
        url="https://dead.example/hook",
        is_active=False,
        disabled_reason="Disabled: every delivery failed since 2026-11-28 08:00 UTC. Last error: HTTP 500",
    )

    content = admin_client.get(reverse("webhook_endpoints")).content.decode()

    assert "https://ok.example/hook" in content
    assert "Active" in content
    assert "Failing since 29 Nov 2026" in content
    assert "Disabled: every delivery failed since 2026-11-28" in content
    assert "Your endpoint" not in content  # the disabled one is someone else's


def test_the_owner_of_a_disabled_endpoint_is_told_on_the_page(admin_client, admin_user):
    WebhookEndpointFactory(
        url="https://mine.example/hook",
        owner=admin_user,
        is_active=False,
        disabled_reason="Disabled: <b>every</b> delivery failed.",
    )

    content = admin_client.get(reverse("webhook_endpoints")).content.decode()

    assert "Your endpoint https://mine.example/hook was disabled" in content
    assert "&lt;b&gt;every&lt;/b&gt;" in content
    assert "<b>every</b>" not in content


def test_editors_who_are_not_admins_are_refused(editor_client):
    assert editor_client.get(reverse("webhook_endpoints")).status_code == 403


def test_admin_registers_an_endpoint_with_events_and_a_generated_secret(admin_client, admin_user):
    response = admin_client.post(
        reverse("admin:claims_webhookendpoint_add"),
        {
            "url": "https://partner.example/hooks/claimdesk",
            "description": "Partner CMS",
            "events": ["claim.reviewed", "article.extracted"],
            "secret": "whsec_c2VjcmV0LWZvci10aGUtdGVzdC1yZWNlaXZlci0xMjM0",
            "owner": admin_user.pk,
            "is_active": "on",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.events == ["claim.reviewed", "article.extracted"]
    assert endpoint.owner == admin_user


def test_admin_refuses_an_unknown_event(admin_client, admin_user):
    response = admin_client.post(
        reverse("admin:claims_webhookendpoint_add"),
        {
            "url": "https://partner.example/h",
            "events": ["claim.deleted"],
            "secret": "whsec_eA==",
            "owner": admin_user.pk,
        },
    )
    assert response.status_code == 200
    assert not WebhookEndpoint.objects.exists()


def test_generated_secrets_are_standard_webhooks_secrets():
    endpoint = WebhookEndpointFactory()
    other = WebhookEndpointFactory()
    assert endpoint.secret.startswith("whsec_")
    assert endpoint.secret != other.secret


def test_admin_resend_action_queues_the_delivery_again(admin_client, sent, django_capture_on_commit_callbacks):
    WebhookEndpointFactory()
    webhook_event_emit(event="claim.reviewed", payload={"claim": {"id": 1}})
    delivery = WebhookDelivery.objects.get()
    WebhookDelivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.FAILED, next_attempt_at=None)
    sent.reset_mock()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:claims_webhookdelivery_changelist"), {"action": "resend", "_selected_action": [delivery.pk]}
        )

    delivery.refresh_from_db()
    assert response.status_code == 302
    assert delivery.status == DeliveryStatus.PENDING
    sent.assert_called_once_with(delivery.pk)


def test_admin_enable_action_forgets_failures(admin_client):
    endpoint = WebhookEndpointFactory(is_active=False, failing_since="2026-11-28T08:00:00Z", disabled_reason="Disabled")

    admin_client.post(
        reverse("admin:claims_webhookendpoint_changelist"), {"action": "enable", "_selected_action": [endpoint.pk]}
    )

    endpoint.refresh_from_db()
    assert (endpoint.is_active, endpoint.failing_since, endpoint.disabled_reason) == (True, None, "")


def test_admin_delivery_page_lists_each_attempt(admin_client, sent):
    WebhookEndpointFactory(url="http://127.0.0.1:9/unreachable")
    webhook_event_emit(event="claim.reviewed", payload={"claim": {"id": 1}})
    delivery = WebhookDelivery.objects.get()

    webhook_delivery_attempt(delivery_id=delivery.pk)

    content = admin_client.get(reverse("admin:claims_webhookdelivery_change", args=[delivery.pk])).content.decode()
    assert "private or local" in content
