"""DRF permission classes; each delegates to the one rule in claims/permissions.py.

An anonymous request fails these too, and DRF answers it 401 (TokenAuthentication comes first, so
the response carries `WWW-Authenticate: Token`); a signed-in user without the role gets 403.
"""

from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from claims.permissions import (
    user_can_ingest,
    user_can_link_claims,
    user_can_publish_claims,
    user_can_read,
    user_can_review_claims,
)


class CanRead(BasePermission):
    message = "You need the reporter or editor role."

    def has_permission(self, request: Request, view: APIView) -> bool:
        return user_can_read(request.user)


class CanReviewClaimsOrReadOnly(BasePermission):
    """Readers read; only editors change a claim's status."""

    message = "Only editors can review claims."

    def has_permission(self, request: Request, view: APIView) -> bool:
        if request.method in SAFE_METHODS:
            return user_can_read(request.user)
        return user_can_review_claims(request.user)


class CanIngestOrReadOnly(BasePermission):
    """Readers read; only editors add or re-extract articles."""

    message = "Only editors can add or re-extract articles."

    def has_permission(self, request: Request, view: APIView) -> bool:
        if request.method in SAFE_METHODS:
            return user_can_read(request.user)
        return user_can_ingest(request.user)


class CanPublishClaims(BasePermission):
    """Editors publish; whether this editor may sign off this verdict is the service's check (403)."""

    message = "Only editors can publish verdicts."

    def has_permission(self, request: Request, view: APIView) -> bool:
        return user_can_publish_claims(request.user)


class CanLinkClaims(BasePermission):
    """Editors answer possible matches, split and merge claims."""

    message = "Only editors can match, split or merge claims."

    def has_permission(self, request: Request, view: APIView) -> bool:
        return user_can_link_claims(request.user)
