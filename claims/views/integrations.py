"""Integrations: webhook endpoints and their state, for admins (endpoints are edited in the admin)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from claims.permissions import check_user_can_see_integrations
from claims.selectors.webhooks import webhook_endpoint_list


@login_required
@require_GET
def webhook_endpoints(request: HttpRequest) -> HttpResponse:
    check_user_can_see_integrations(request.user)
    endpoints = list(webhook_endpoint_list(user=request.user))
    yours_disabled = [e for e in endpoints if e.owner_id == request.user.pk and not e.is_active]
    context = {"endpoints": endpoints, "yours_disabled": yours_disabled}
    return render(request, "claims/webhook_endpoints.html", context)
