"""Publishing reads: what the public fact-check page shows, and where a claim's verdict stands."""

from django.db.models import QuerySet

from claims.models import Claim, ClaimReview, ClaimStatus, PublicationState, Statement
from claims.selectors.common import ARTICLE_BODY

# Appearances listed on a public fact-check page (and in its ClaimReview JSON-LD), oldest first.
PUBLIC_APPEARANCES = 50


def claim_public_get(*, claim_id: int) -> Claim | None:
    """A published claim with its speaker and published review; None when unpublished or missing.

    Anyone may read it: there is no user, because the page is public.
    """
    return (
        Claim.objects.filter(pk=claim_id, published_review__isnull=False)
        .select_related("speaker", "published_review")
        .first()
    )


def claim_public_appearances(*, claim: Claim, limit: int = PUBLIC_APPEARANCES) -> list[Statement]:
    """Where and when the claim was said: kept statements with article and outlet, oldest first."""
    statements = (
        Statement.objects.filter(claim=claim, rejected=False)
        .select_related("article__outlet")
        .defer(*ARTICLE_BODY)
        .order_by("published_at", "pk")
    )
    return list(statements[:limit])


def claim_publication_history(*, claim: Claim) -> list[ClaimReview]:
    """Every verdict published for the claim, oldest first: the last is current, the others were corrected."""
    reviews: QuerySet[ClaimReview] = ClaimReview.objects.filter(claim=claim, signed_off_at__isnull=False)
    return list(reviews.order_by("signed_off_at", "pk"))


def claim_publication_state(*, claim: Claim, latest_review: ClaimReview | None) -> str:
    """A PublicationState value from the claim row and its newest review (no query)."""
    return publication_state(
        published_review_id=claim.published_review_id,
        latest_review_id=latest_review.pk if latest_review is not None else None,
        latest_to_status=latest_review.to_status if latest_review is not None else None,
    )


def publication_state(
    *, published_review_id: int | None, latest_review_id: int | None, latest_to_status: str | None
) -> str:
    """A PublicationState value from plain ids: the published review's and the newest review's."""
    if published_review_id is None:
        if latest_review_id is None or latest_to_status == ClaimStatus.UNREVIEWED:
            return PublicationState.UNREVIEWED
        return PublicationState.DRAFT
    if latest_review_id is not None and latest_review_id != published_review_id:
        return PublicationState.CORRECTION
    return PublicationState.PUBLISHED


def publication_state_from_versions(*, claim: Claim) -> str:
    """A PublicationState value from the claim and its select_related published review (no query).

    Publishing bumps the claim's version past its review's; any later version is a newer draft.
    """
    published = claim.published_review
    if published is None:
        return PublicationState.UNREVIEWED if claim.status == ClaimStatus.UNREVIEWED else PublicationState.DRAFT
    return PublicationState.PUBLISHED if claim.version <= published.version + 1 else PublicationState.CORRECTION
