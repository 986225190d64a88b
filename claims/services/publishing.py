"""Publishing verdicts: a review is a draft until an editor signs it off; then the public sees it."""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone

from claims.claimreview import fact_check_url
from claims.models import Claim, ClaimReview, ClaimStatus
from claims.permissions import check_user_can_publish_claims, check_user_can_sign_off
from claims.services.reviews import ClaimConflict
from claims.services.webhooks import webhook_event_emit


class NothingToPublish(ClaimConflict):
    """The claim's current version is already published (or was never reviewed): a 409 with its state."""

    def __init__(self, *, current: Claim, latest_review: ClaimReview | None) -> None:
        super().__init__(current=current, latest_review=latest_review)
        self.args = ("This claim's current verdict is already published; there is no draft to sign off.",)


def _conflict(claim_id: int, exc_class: type[ClaimConflict] = ClaimConflict) -> ClaimConflict:
    current = Claim.objects.select_related("speaker").get(pk=claim_id)
    return exc_class(current=current, latest_review=current.reviews.select_related("reviewer").first())


@transaction.atomic
def claim_publish(*, claim: Claim, by: AbstractBaseUser, expected_version: int) -> ClaimReview:
    """Sign off the verdict the editor saw (the review that produced `expected_version`) and publish it.

    Returns that review, now signed off. Errors: PermissionDenied (not an editor, or the verdict's own
    author while settings.REVIEW_REQUIRES_SECOND_EDITOR is on), ClaimConflict (the claim changed since
    `expected_version`; 409), NothingToPublish (that version is no draft: already published, or not a
    review; 409), ValidationError (the draft sets the claim back to unreviewed: no verdict to publish).
    A correction of a published claim is published the same way and replaces the public verdict; the
    earlier signed-off reviews stay listed publicly as what was corrected.
    """
    check_user_can_publish_claims(by)
    # The review with this version is the draft the editor read: any later review or publication
    # bumps the claim's version, and the UPDATE below only matches the version they saw.
    review = ClaimReview.objects.filter(claim_id=claim.pk, version=expected_version).first()
    if not Claim.objects.filter(pk=claim.pk, version=expected_version).exists():
        raise _conflict(claim.pk)
    if review is None or review.signed_off_at is not None:
        raise _conflict(claim.pk, NothingToPublish)
    if review.to_status == ClaimStatus.UNREVIEWED:
        raise ValidationError({"status": "An unreviewed claim has no verdict to publish."})
    check_user_can_sign_off(by, review)
    now = timezone.now()
    updated = Claim.objects.filter(pk=claim.pk, version=expected_version).update(
        published_review=review,
        published_at=Coalesce(F("published_at"), now),
        version=F("version") + 1,
        updated_at=now,
    )
    if not updated:  # another editor reviewed or published between the checks and here
        raise _conflict(claim.pk)
    ClaimReview.objects.filter(pk=review.pk).update(signed_off_by=by, signed_off_at=now)
    review.signed_off_by, review.signed_off_at = by, now
    claim.refresh_from_db(fields=["published_review", "published_at", "version", "updated_at"])
    webhook_event_emit(event="claim.published", payload=_published_payload(claim, review))  # sent on commit
    return review


def _published_payload(claim: Claim, review: ClaimReview) -> dict:
    return {
        "claim": {
            "id": claim.pk,
            "text": claim.text,
            "speaker_id": claim.speaker_id,
            "published_at": claim.published_at,
        },
        "verdict": {
            "review_id": review.pk,
            "status": review.to_status,
            "note": review.note,
            "evidence": review.evidence,
            "reviewer": review.reviewer.get_username(),
            "signed_off_by": review.signed_off_by.get_username(),
            "signed_off_at": review.signed_off_at,
            # A correction replaces an earlier published verdict of the same claim.
            "correction": ClaimReview.objects.filter(
                claim_id=claim.pk, signed_off_at__lt=review.signed_off_at
            ).exists(),
        },
        "url": fact_check_url(claim),
    }
