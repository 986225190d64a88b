"""The claim panel and the review form: statuses, notes, evidence, and two editors at once."""

import pytest
from django.urls import reverse

from claims.models import Claim, ClaimReview, ClaimStatus
from claims.services import claim_set_status

pytestmark = pytest.mark.django_db


def _review_url(claim: Claim) -> str:
    return reverse("claim_review", args=[claim.pk])


def test_claim_page_shows_speaker_suggestion_history_and_other_appearances(reporter_client, sample):
    claim = sample["claim"]
    Claim.objects.filter(pk=claim.pk).update(suggested_status="unevidenced", suggested_reason="providing no evidence")
    url = reverse("claim_detail", args=[claim.pk]) + f"?statement={sample['statement'].pk}"
    content = reporter_client.get(url).content.decode()
    assert "Vladimir Putin" in content
    assert "Reported speech" in content  # the statement's kind
    assert "providing no evidence" in content
    assert "Contradicted by satellite images." in content
    assert "Second report" in content  # the same claim in another article
    assert "<html" in content


def test_claim_panel_is_a_partial_for_htmx(reporter_client, sample):
    response = reporter_client.get(reverse("claim_detail", args=[sample["claim"].pk]), HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert "<html" not in content
    assert 'class="claim"' in content
    assert "HX-Request" in response["Vary"]


def test_editor_sets_status_with_note_and_evidence(editor_client, editor, sample):
    claim = sample["claim"]
    response = editor_client.post(
        _review_url(claim),
        {
            "status": "evidenced",
            "note": "Confirmed by the ministry.",
            "expected_version": claim.version,
            "evidence_url_0": "https://example.org/report",
            "evidence_title_0": "Ministry report",
            "statement": sample["statement"].pk,
        },
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    review = ClaimReview.objects.filter(claim=claim).first()
    assert claim.status == ClaimStatus.EVIDENCED
    assert claim.version == 3
    assert review.reviewer == editor
    assert review.evidence == [{"url": "https://example.org/report", "title": "Ministry report"}]


def test_htmx_review_returns_the_panel_and_tells_the_page(editor_client, sample):
    claim = sample["claim"]
    response = editor_client.post(
        _review_url(claim), {"status": "unevidenced", "expected_version": claim.version}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "claimStatusChanged" in response["HX-Trigger"]
    assert "Marked unevidenced." in response.content.decode()


def test_bad_evidence_url_is_shown_not_saved(editor_client, sample):
    claim = sample["claim"]
    response = editor_client.post(
        _review_url(claim),
        {"status": "evidenced", "expected_version": claim.version, "evidence_url_0": "javascript:alert(1)"},
    )
    assert response.status_code == 422
    assert "is not an http(s) URL" in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.CONTESTED


def test_conflict_shows_the_other_change_and_keeps_my_values(editor_client, second_editor, sample):
    claim = sample["claim"]
    loaded_version = claim.version
    claim_set_status(
        claim=Claim.objects.get(pk=claim.pk),
        status="evidenced",
        note="Their note: the figures check out.",
        by=second_editor,
        expected_version=loaded_version,
    )
    response = editor_client.post(
        _review_url(claim),
        {
            "status": "unevidenced",
            "note": "My note: no source given.",
            "evidence_url_0": "https://example.org/mine",
            "expected_version": loaded_version,
        },
    )
    content = response.content.decode()
    assert response.status_code == 409
    assert "ed2" in content
    assert "Their note: the figures check out." in content
    assert "My note: no source given." in content  # kept in the textarea
    assert 'value="https://example.org/mine"' in content
    assert f'name="expected_version" value="{loaded_version + 1}"' in content
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.EVIDENCED  # nothing overwritten


def test_saving_again_after_a_conflict_wins(editor_client, second_editor, sample):
    claim = sample["claim"]
    claim_set_status(claim=claim, status="evidenced", by=second_editor, expected_version=claim.version)
    editor_client.post(_review_url(claim), {"status": "unevidenced", "expected_version": claim.version - 1})
    response = editor_client.post(_review_url(claim), {"status": "unevidenced", "expected_version": claim.version})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.UNEVIDENCED


def test_unknown_claim_is_404(reporter_client):
    assert reporter_client.get(reverse("claim_detail", args=[999999])).status_code == 404
