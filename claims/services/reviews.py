from collections.abc import Iterable, Mapping

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from claims.models import Claim, ClaimReview, ClaimStatus
from claims.permissions import check_user_can_review_claims
from claims.services.copies import statement_copies_refresh
from claims.services.speakers import speakers_refresh_counts
from claims.services.webhooks import webhook_event_emit

MAX_EVIDENCE_LINKS = 20
MAX_NOTE_CHARS = 10_000


class ClaimConflict(Exception):
    """Someone else changed the claim since the editor loaded it; `current` is what they saved."""

    def __init__(self, *, current: Claim, latest_review: ClaimReview | None) -> None:
        super().__init__("This claim was changed by someone else since you opened it.")
        self.current = current
        self.latest_review = latest_review


def clean_evidence(evidence: Iterable[Mapping[str, str]] | None) -> list[dict[str, str]]:
    """Evidence links as [{"url", "title"}]: http(s) URLs only, titles trimmed, blanks dropped."""
    validate_url = URLValidator(schemes=["http", "https"])
    links: list[dict[str, str]] = []
    for item in evidence or []:
        if not isinstance(item, Mapping):
            raise ValidationError({"evidence": "Each evidence link needs a url and an optional title."})
        url = str(item.get("url") or "").strip()
        title = str(item.get("title") or "").strip()[:300]
        if not url and not title:
            continue
        try:
            validate_url(url)
        except ValidationError:
            raise ValidationError({"evidence": f"{url or '(empty)'!r} is not an http(s) URL."}) from None
        links.append({"url": url[:2000], "title": title})
    if len(links) > MAX_EVIDENCE_LINKS:
        raise ValidationError({"evidence": f"At most {MAX_EVIDENCE_LINKS} evidence links."})
    return links


def _check_correction(*, status: str, note: str) -> None:
    """A review of a published claim is a correction, signed off like any verdict and shown publicly."""
    if status == ClaimStatus.UNREVIEWED:
        raise ValidationError({"status": "A published verdict is corrected with another verdict, not unreviewed."})
    if not note.strip():
        raise ValidationError({"note": "Say what changed: a correction to a published verdict is shown publicly."})


@transaction.atomic
def claim_set_status(
    *,
    claim: Claim,
    status: str,
    note: str = "",
    evidence: Iterable[Mapping[str, str]] | None = None,
    by: AbstractBaseUser,
    expected_version: int,
) -> ClaimReview:
    """Change a claim's status with a note and evidence, recorded in its history.

    On a published claim the review is a correction: it needs a note, stays a draft (the public
    keeps the published verdict) until another editor signs it off with claim_publish.
    Concurrent editors: the UPDATE only matches the version the editor loaded. Zero rows means
    another save won; ClaimConflict carries their change so the editor can see it and nothing is lost.
    """
    check_user_can_review_claims(by)
    if status not in ClaimStatus.values:
        raise ValidationError({"status": f"Unknown status {status!r}; use one of {', '.join(ClaimStatus.values)}."})
    if len(note) > MAX_NOTE_CHARS:
        raise ValidationError({"note": f"The note is longer than {MAX_NOTE_CHARS} characters."})
    links = clean_evidence(evidence)
    now = timezone.now()
    # Any change bumps the version, so the status read at expected_version is still the status
    # when the UPDATE below matches that same version.
    previous = (
        Claim.objects.filter(pk=claim.pk, version=expected_version).values_list("status", "published_review_id").first()
    )
    previous_status = previous[0] if previous else None
    if previous is not None and previous[1] is not None:
        _check_correction(status=status, note=note)
    updated = previous_status is not None and Claim.objects.filter(pk=claim.pk, version=expected_version).update(
        # Reviewed now, after every appearance so far: no longer a repeat awaiting a look.
        status=status,
        version=F("version") + 1,
        updated_at=now,
        repeat=False,
    )
    if not updated:
        current = Claim.objects.select_related("speaker").get(pk=claim.pk)
        raise ClaimConflict(current=current, latest_review=current.reviews.select_related("reviewer").first())
    review = ClaimReview.objects.create(
        claim=claim,
        reviewer=by,
        from_status=previous_status,
        to_status=status,
        note=note.strip(),
        evidence=links,
        version=expected_version + 1,
    )
    claim.status, claim.version, claim.updated_at = status, expected_version + 1, now
    if status != previous_status:
        statement_copies_refresh(claim_ids=[claim.pk])
        if ClaimStatus.CONTESTED in (status, previous_status):
            # read again: a speaker merge may have moved the claim since it was loaded
            speakers_refresh_counts(speaker_ids=Claim.objects.filter(pk=claim.pk).values_list("speaker_id", flat=True))
    webhook_event_emit(event="claim.reviewed", payload=_reviewed_payload(claim, review, by))
    return review


def _reviewed_payload(claim: Claim, review: ClaimReview, by: AbstractBaseUser) -> dict:
    return {
        "claim": {"id": claim.pk, "text": claim.text, "speaker_id": claim.speaker_id, "status": claim.status},
        "review": {
            "id": review.pk,
            "from_status": review.from_status,
            "to_status": review.to_status,
            "note": review.note,
            "evidence": review.evidence,
            "reviewer": by.get_username(),
            "version": review.version,
            "created_at": review.created_at,
        },
    }
