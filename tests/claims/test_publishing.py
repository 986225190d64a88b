"""Publishing: a second editor signs a verdict off; corrections are reviews signed off the same way."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from claims.models import Claim, ClaimReview, PublicationState
from claims.selectors.publishing import claim_publication_history, claim_publication_state
from claims.services import ClaimConflict, NothingToPublish, claim_publish, claim_set_status
from tests.factories import StatementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def drafted(editor):
    """A claim `editor` marked contested: a draft at version 2."""
    claim = StatementFactory().claim
    claim_set_status(claim=claim, status="contested", note="No source given.", by=editor, expected_version=1)
    return claim


def _state(claim: Claim) -> str:
    claim.refresh_from_db()
    return claim_publication_state(claim=claim, latest_review=claim.reviews.first())


def test_a_review_is_a_draft_until_signed_off(drafted):
    assert _state(drafted) == PublicationState.DRAFT
    assert drafted.published_review is None


def test_second_editor_signs_off_and_publishes(drafted, editor, second_editor):
    review = claim_publish(claim=drafted, by=second_editor, expected_version=2)
    drafted.refresh_from_db()
    assert drafted.published_review == review
    assert drafted.published_at == review.signed_off_at
    assert drafted.version == 3
    assert review.reviewer == editor
    assert ClaimReview.objects.get(pk=review.pk).signed_off_by == second_editor
    assert _state(drafted) == PublicationState.PUBLISHED


def test_author_cannot_sign_off_own_verdict_when_second_editor_required(drafted, editor, settings):
    settings.REVIEW_REQUIRES_SECOND_EDITOR = True
    with pytest.raises(PermissionDenied, match="second editor"):
        claim_publish(claim=drafted, by=editor, expected_version=2)
    drafted.refresh_from_db()
    assert (drafted.published_review_id, drafted.version) == (None, 2)
    assert not ClaimReview.objects.filter(signed_off_at__isnull=False).exists()


def test_author_may_publish_own_verdict_when_setting_is_off(drafted, editor, settings):
    settings.REVIEW_REQUIRES_SECOND_EDITOR = False
    review = claim_publish(claim=drafted, by=editor, expected_version=2)
    assert review.signed_off_by == editor
    assert _state(drafted) == PublicationState.PUBLISHED


def test_reporter_cannot_publish(drafted, reporter):
    with pytest.raises(PermissionDenied):
        claim_publish(claim=drafted, by=reporter, expected_version=2)
    drafted.refresh_from_db()
    assert drafted.published_review_id is None


def test_stale_version_is_a_conflict(drafted, editor, second_editor):
    claim_set_status(claim=drafted, status="evidenced", note="Found it", by=editor, expected_version=2)
    with pytest.raises(ClaimConflict) as caught:
        claim_publish(claim=drafted, by=second_editor, expected_version=2)  # signs off what they saw: stale
    assert caught.value.current.version == 3
    drafted.refresh_from_db()
    assert drafted.published_review_id is None


def test_publishing_twice_is_a_conflict_not_a_second_signoff(drafted, second_editor, editor, settings):
    claim_publish(claim=drafted, by=second_editor, expected_version=2)
    with pytest.raises(NothingToPublish):
        claim_publish(claim=drafted, by=second_editor, expected_version=3)
    assert ClaimReview.objects.filter(signed_off_at__isnull=False).count() == 1


def test_a_claim_set_back_to_unreviewed_has_nothing_to_publish(drafted, editor, second_editor):
    claim_set_status(claim=drafted, status="unreviewed", by=editor, expected_version=2)
    with pytest.raises(ValidationError):
        claim_publish(claim=drafted, by=second_editor, expected_version=3)


def test_never_reviewed_claim_has_nothing_to_publish(second_editor):
    claim = StatementFactory().claim
    with pytest.raises(NothingToPublish):
        claim_publish(claim=claim, by=second_editor, expected_version=1)


# --- corrections ---------------------------------------------------------------------------------


@pytest.fixture
def published(drafted, second_editor):
    claim_publish(claim=drafted, by=second_editor, expected_version=2)
    drafted.refresh_from_db()
    return drafted


def test_correction_needs_a_note_and_a_verdict(published, editor):
    with pytest.raises(ValidationError) as no_note:
        claim_set_status(claim=published, status="evidenced", note="  ", by=editor, expected_version=3)
    assert "note" in no_note.value.message_dict
    with pytest.raises(ValidationError) as unreviewed:
        claim_set_status(claim=published, status="unreviewed", note="Withdrawn", by=editor, expected_version=3)
    assert "status" in unreviewed.value.message_dict
    published.refresh_from_db()
    assert published.version == 3


def test_correction_stays_a_draft_until_signed_off(published, editor, second_editor):
    first = published.published_review
    claim_set_status(
        claim=published, status="evidenced", note="The ministry published data.", by=editor, expected_version=3
    )
    published.refresh_from_db()
    assert published.published_review == first  # the public still sees the first verdict
    assert _state(published) == PublicationState.CORRECTION

    with pytest.raises(PermissionDenied):
        claim_publish(claim=published, by=editor, expected_version=4)  # the correction's author
    correction = claim_publish(claim=published, by=second_editor, expected_version=4)
    published.refresh_from_db()
    assert published.published_review == correction
    assert published.published_at == first.signed_off_at  # first publication time is kept
    assert [r.to_status for r in claim_publication_history(claim=published)] == ["contested", "evidenced"]
    assert _state(published) == PublicationState.PUBLISHED


def test_publishing_emits_claim_published_webhook(drafted, editor, second_editor, settings):
    from claims.models import WebhookMessage
    from tests.factories import WebhookEndpointFactory

    settings.NEWSROOM_URL = "https://check.example"
    WebhookEndpointFactory(events=["claim.published"])
    claim_publish(claim=drafted, by=second_editor, expected_version=2)
    message = WebhookMessage.objects.get(event="claim.published")
    assert message.payload["claim"]["id"] == drafted.pk
    assert message.payload["verdict"]["status"] == "contested"
    assert message.payload["verdict"]["signed_off_by"] == "ed2"
    assert message.payload["verdict"]["correction"] is False
    assert message.payload["url"] == f"https://check.example/fact-checks/{drafted.pk}/"


def test_refused_sign_off_emits_nothing(drafted, editor):
    from claims.models import WebhookMessage
    from tests.factories import WebhookEndpointFactory

    WebhookEndpointFactory(events=["claim.published"])
    with pytest.raises(PermissionDenied):
        claim_publish(claim=drafted, by=editor, expected_version=2)
    assert not WebhookMessage.objects.filter(event="claim.published").exists()
