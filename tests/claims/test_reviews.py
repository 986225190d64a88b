import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from claims.models import ClaimReview, ClaimStatus
from claims.services import ClaimConflict, claim_set_status
from tests.factories import ClaimFactory


def test_editor_sets_status_with_note_and_evidence_recorded_in_history(editor):
    claim = ClaimFactory()

    review = claim_set_status(
        claim=claim,
        status=ClaimStatus.CONTESTED,
        note="  The ministry's own figures show a rise.  ",
        evidence=[{"url": "https://stats.example/report", "title": "Annual report"}, {"url": "", "title": ""}],
        by=editor,
        expected_version=1,
    )

    claim.refresh_from_db()
    assert (claim.status, claim.version) == (ClaimStatus.CONTESTED, 2)
    assert (review.from_status, review.to_status, review.reviewer, review.version) == (
        "unreviewed",
        "contested",
        editor,
        2,
    )
    assert review.note == "The ministry's own figures show a rise."
    assert review.evidence == [{"url": "https://stats.example/report", "title": "Annual report"}]


def test_second_editor_saving_a_stale_version_gets_a_conflict_with_the_first_change(editor, second_editor):
    claim = ClaimFactory()
    seen_by_second = type(claim).objects.get(pk=claim.pk)
    claim_set_status(
        claim=claim, status=ClaimStatus.EVIDENCED, note="Matches the census", by=editor, expected_version=1
    )

    with pytest.raises(ClaimConflict) as conflict:
        claim_set_status(claim=seen_by_second, status=ClaimStatus.CONTESTED, by=second_editor, expected_version=1)

    assert conflict.value.current.status == ClaimStatus.EVIDENCED
    assert conflict.value.current.version == 2
    assert conflict.value.latest_review.reviewer == editor
    assert conflict.value.latest_review.note == "Matches the census"
    assert ClaimReview.objects.count() == 1


def test_history_records_each_change_in_order(editor, second_editor):
    claim = ClaimFactory()
    claim_set_status(claim=claim, status=ClaimStatus.EVIDENCED, by=editor, expected_version=1)
    claim_set_status(claim=claim, status=ClaimStatus.UNREVIEWED, note="Reopened", by=second_editor, expected_version=2)

    history = list(claim.reviews.order_by("version").values_list("from_status", "to_status", "reviewer__username"))
    assert history == [("unreviewed", "evidenced", "ed"), ("evidenced", "unreviewed", "ed2")]


@pytest.mark.parametrize("status", ["false", "", "EVIDENCED", "pants-on-fire"])
def test_unknown_status_is_refused(editor, status):
    claim = ClaimFactory()
    with pytest.raises(ValidationError, match="Unknown status"):
        claim_set_status(claim=claim, status=status, by=editor, expected_version=1)
    claim.refresh_from_db()
    assert claim.version == 1


@pytest.mark.parametrize(
    "evidence",
    [
        [{"url": "javascript:alert(1)", "title": "x"}],
        [{"url": "not a url"}],
        ["https://example.com"],
        [{"url": "ftp://x.example/a"}],
    ],
)
def test_bad_evidence_links_are_refused(editor, evidence):
    claim = ClaimFactory()
    with pytest.raises(ValidationError):
        claim_set_status(claim=claim, status=ClaimStatus.EVIDENCED, evidence=evidence, by=editor, expected_version=1)
    assert not ClaimReview.objects.exists()


def test_reporter_and_outsider_cannot_set_status(reporter, outsider):
    claim = ClaimFactory()
    for user in (reporter, outsider):
        with pytest.raises(PermissionDenied):
            claim_set_status(claim=claim, status=ClaimStatus.EVIDENCED, by=user, expected_version=1)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.UNREVIEWED
