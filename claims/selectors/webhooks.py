"""Webhook reads for the integrations page."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, Max, Q, QuerySet

from claims.models import DeliveryStatus, WebhookEndpoint
from claims.permissions import user_can_see_integrations


def webhook_endpoint_list(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[WebhookEndpoint]:
    """Every endpoint with its owner and delivery counts by status and last attempt (one query)."""
    if not user_can_see_integrations(user):
        return WebhookEndpoint.objects.none()
    return (
        WebhookEndpoint.objects.select_related("owner")
        .annotate(
            pending_count=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.PENDING)),
            failed_count=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.FAILED)),
            delivered_count=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.SUCCEEDED)),
            last_attempt_at=Max("deliveries__last_attempt_at"),
        )
        .order_by("-is_active", "url", "id")
    )
