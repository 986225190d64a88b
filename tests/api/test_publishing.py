"""POST /api/v1/claims/{id}/publish/: a second editor signs off; refusals are JSON 403/409/400."""

import pytest

from claims.services import claim_set_status
from tests.factories import StatementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def drafted(editor):
    claim = StatementFactory().claim
    claim_set_status(claim=claim, status="contested", note="No source.", by=editor, expected_version=1)
    return claim


def _url(claim) -> str:
    return f"/api/v1/claims/{claim.pk}/publish/"


def test_second_editor_publishes(second_editor_api, drafted):
    response = second_editor_api.post(_url(drafted), {"version": 2}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["publication"] == "published"
    assert body["version"] == 3
    assert body["published_at"]
    drafted.refresh_from_db()
    assert drafted.published_review.signed_off_by.username == "ed2"


def test_author_is_refused_with_json_403(editor_api, drafted):
    response = editor_api.post(_url(drafted), {"version": 2}, format="json")
    assert response.status_code == 403
    assert "second editor" in response.json()["detail"]
    drafted.refresh_from_db()
    assert drafted.published_review_id is None


def test_author_may_publish_when_setting_off(editor_api, drafted, settings):
    settings.REVIEW_REQUIRES_SECOND_EDITOR = False
    assert editor_api.post(_url(drafted), {"version": 2}, format="json").status_code == 200


def test_stale_version_is_409_with_current_state(second_editor_api, drafted):
    response = second_editor_api.post(_url(drafted), {"version": 1}, format="json")
    assert response.status_code == 409
    assert response.json()["current"]["version"] == 2
    assert response.json()["current"]["publication"] == "draft"


def test_publishing_again_is_409(second_editor_api, drafted):
    assert second_editor_api.post(_url(drafted), {"version": 2}, format="json").status_code == 200
    response = second_editor_api.post(_url(drafted), {"version": 3}, format="json")
    assert response.status_code == 409
    assert "already published" in response.json()["detail"]


@pytest.mark.parametrize("body", [{}, {"version": "2"}, {"version": 2, "status": "evidenced"}, {"version": 0}])
def test_bad_body_is_400_and_changes_nothing(second_editor_api, drafted, body):
    response = second_editor_api.post(_url(drafted), body, format="json")
    assert response.status_code == 400
    assert response.json()["detail"]
    drafted.refresh_from_db()
    assert drafted.published_review_id is None


def test_reporter_is_403(reporter_api, drafted):
    assert reporter_api.post(_url(drafted), {"version": 2}, format="json").status_code == 403


def test_claim_list_shows_publication_without_extra_queries(reporter_api, drafted, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        rows = reporter_api.get("/api/v1/claims/").json()["results"]
    assert [r["publication"] for r in rows] == ["draft"]
