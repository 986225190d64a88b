"""Sign-in lockout (django-axes) and the one rule for a client's address behind proxies."""

from typing import Any

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from rest_framework.throttling import BaseThrottle


def client_ip(request: HttpRequest) -> str:
    """The client's address, by DRF's rule (REST_FRAMEWORK["NUM_PROXIES"] = TRUSTED_PROXY_COUNT).

    With no trusted proxy it is REMOTE_ADDR and X-Forwarded-For is ignored (a client can forge it);
    behind N proxies it is the N-th address from the right of X-Forwarded-For, the one the outermost
    trusted proxy saw. Sign-in lockout (AXES_CLIENT_IP_CALLABLE) and API throttles agree on it.
    """
    return BaseThrottle().get_ident(request)


def login_locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict[str, Any] | None = None
) -> HttpResponse:
    """django-axes' answer to a locked-out sign-in: the form again with the reason, 429."""
    form = AuthenticationForm(request, initial={"username": (credentials or {}).get("username", "")})
    minutes = max(1, settings.LOGIN_RATE_WINDOW // 60)
    context = {"form": form, "lockout": f"Too many failed sign-in attempts. Try again in {minutes} minutes."}
    return render(request, "registration/login.html", context, status=429)
