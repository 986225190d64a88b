"""Who may do what: `user_can_*` for templates, `check_user_can_*` (raising) for views, API, services."""

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied

if TYPE_CHECKING:
    from claims.models import ClaimReview

READER_GROUPS = ("reporter", "editor")
EDITOR_GROUP = "editor"


def _group_names(user: AbstractBaseUser | AnonymousUser) -> set[str]:
    # Cached on the user object: templates ask several times per page.
    if not hasattr(user, "_claimdesk_groups"):
        user._claimdesk_groups = set(user.groups.values_list("name", flat=True))
    return user._claimdesk_groups


def user_can_read(user: AbstractBaseUser | AnonymousUser) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or bool(_group_names(user) & set(READER_GROUPS))


def user_can_review_claims(user: AbstractBaseUser | AnonymousUser) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or EDITOR_GROUP in _group_names(user)


# Editors ingest articles, follow feeds and correct statements; one rule today, named for what it guards.
user_can_ingest = user_can_review_claims
user_can_correct_statements = user_can_review_claims
user_can_manage_feeds = user_can_review_claims


def user_can_see_integrations(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Admins (staff) see the webhook endpoints and their state; endpoints are managed in the admin."""
    return user.is_authenticated and user.is_active and (user.is_staff or user.is_superuser)


user_can_publish_claims = user_can_review_claims


def user_can_sign_off(user: AbstractBaseUser | AnonymousUser, review: "ClaimReview") -> bool:
    """May `user` publish `review`'s verdict? An editor, and not its author while a second editor is required."""
    if not user_can_publish_claims(user):
        return False
    return not (settings.REVIEW_REQUIRES_SECOND_EDITOR and review.reviewer_id == user.pk)


# Confirming or rejecting possible matches, splitting and merging claims.
user_can_link_claims = user_can_review_claims


def check_user_can_read(user: AbstractBaseUser | AnonymousUser) -> None:
    if not user_can_read(user):
        raise PermissionDenied("You need the reporter or editor role.")


def check_user_can_review_claims(user: AbstractBaseUser | AnonymousUser) -> None:
    if not user_can_review_claims(user):
        raise PermissionDenied("Only editors can review claims.")


def check_user_can_ingest(user: AbstractBaseUser | AnonymousUser) -> None:
    if not user_can_ingest(user):
        raise PermissionDenied("Only editors can add or re-extract articles.")


def check_user_can_correct_statements(user: AbstractBaseUser | AnonymousUser) -> None:
    if not user_can_correct_statements(user):
        raise PermissionDenied("Only editors can correct statements.")


def check_user_can_manage_feeds(user: AbstractBaseUser | AnonymousUser) -> None:
    if not user_can_manage_feeds(user):
        raise PermissionDenied("Only editors can add outlets and feeds.")


def check_user_can_see_integrations(user: AbstractBaseUser | AnonymousUser) -> None:
    if not user_can_see_integrations(user):
        raise PermissionDenied("Only admins can see integrations.")


def check_user_can_publish_claims(user: AbstractBaseUser | AnonymousUser) -> None:
    if not user_can_publish_claims(user):
        raise PermissionDenied("Only editors can publish verdicts.")


def check_user_can_sign_off(user: AbstractBaseUser | AnonymousUser, review: "ClaimReview") -> None:
    check_user_can_publish_claims(user)
    if not user_can_sign_off(user, review):
        raise PermissionDenied("A second editor must sign off this verdict: you set it.")


def check_user_can_link_claims(user: AbstractBaseUser | AnonymousUser) -> None:
    if not user_can_link_claims(user):
        raise PermissionDenied("Only editors can match, split or merge claims.")
