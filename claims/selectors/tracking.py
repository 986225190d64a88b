"""Reads for claim tracking: open possible matches, repeats."""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from claims.models import Claim, ClaimMatch, MatchState, Statement
from claims.permissions import user_can_read
from claims.selectors.claims import claim_queue_filter

User = AbstractBaseUser | AnonymousUser
OPEN_MATCHES_SHOWN = 10


def claim_match_get(*, user: User, match_id: int) -> ClaimMatch | None:
    if not user_can_read(user):
        return None
    return ClaimMatch.objects.select_related("claim", "statement").filter(pk=match_id).first()


def claim_open_matches(*, user: User, claim: Claim, statement: Statement | None = None) -> list[ClaimMatch]:
    """Possible matches awaiting an answer for the statement (or any of the claim's), best first."""
    if not user_can_read(user):
        return []
    queryset = ClaimMatch.objects.filter(state=MatchState.POSSIBLE, statement__rejected=False)
    queryset = queryset.filter(statement=statement) if statement else queryset.filter(statement__claim=claim)
    return list(queryset.select_related("claim__speaker", "statement").order_by("-score", "id")[:OPEN_MATCHES_SHOWN])


def claim_repeat_list(*, user: User, **filters: Any) -> QuerySet[Claim]:
    """Claims said again after a contested or unevidenced verdict, most recently said first; the
    review queue's filters (claim_queue_filter) other than status apply."""
    queryset = claim_queue_filter(user=user, status=None, **filters)
    return queryset.filter(repeat=True).order_by("-last_seen_at", "-id")
