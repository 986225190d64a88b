"""Bad input is a JSON 4xx naming the problem, never a 500."""

import pytest
from django.middleware.csrf import _get_new_csrf_string
from django.test import override_settings
from rest_framework.test import APIClient

from claims.models import ClaimReview
from sources.models import Article
from tests.factories import ClaimFactory, StatementFactory

pytestmark = pytest.mark.django_db


def _patch_raw(client, claim, body: str | bytes):
    return client.patch(f"/api/v1/claims/{claim.pk}/", body, content_type="application/json")


def test_malformed_json_is_400(editor_api):
    claim = ClaimFactory()
    response = _patch_raw(editor_api, claim, '{"status": "evidenced",')
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Malformed JSON")


def test_deeply_nested_json_is_400_not_a_recursion_500(editor_api):
    claim = ClaimFactory()
    deep = "[" * 100_000 + "]" * 100_000
    response = _patch_raw(editor_api, claim, deep)
    assert response.status_code == 400
    assert "nested" in response.json()["detail"]
    just_too_deep = '{"evidence": ' + "[" * 40 + "]" * 40 + "}"
    assert _patch_raw(editor_api, claim, just_too_deep).status_code == 400


def test_nul_characters_are_refused(editor_api):
    claim = ClaimFactory()
    response = _patch_raw(editor_api, claim, '{"status": "evidenced", "note": "a\\u0000b", "version": 1}')
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]
    posted = editor_api.post("/api/v1/articles/", {"text": "The mayor said hello.\x00"}, format="json")
    assert posted.status_code == 400
    for url, param in (("/api/v1/statements/", "q"), ("/api/v1/speakers/", "q"), ("/api/v1/claims/", "speaker")):
        refused = editor_api.get(url, {param: "a\x00b"})
        assert refused.status_code == 400
        assert refused.json()["errors"] == {param: ["Null characters are not allowed."]}  # said once
    assert not ClaimReview.objects.exists()
    assert not Article.objects.exists()


def test_unknown_status_and_bad_dates_in_filters_are_400(reporter_api):
    for params in (
        {"status": "maybe"},
        {"status": ""},
        {"updated_since": "yesterday"},
        {"updated_since": "2026-02-30T10:00:00Z"},
        {"updated_since": ""},
        {"ordering": "text"},
        {"article": "abc"},
        {"article": str(2**70)},
        {"status": ["evidenced", "contested"]},
    ):
        response = reporter_api.get("/api/v1/claims/", params)
        assert response.status_code == 400, params
        assert response.json()["errors"], params


def test_huge_page_size_is_clamped_to_100(reporter_api):
    StatementFactory.create_batch(3)
    response = reporter_api.get("/api/v1/statements/", {"page_size": 10**12})
    assert response.status_code == 200
    assert len(response.json()["results"]) == 3


def test_page_size_above_cap_returns_at_most_100(reporter_api):
    ClaimFactory.create_batch(101)
    body = reporter_api.get("/api/v1/claims/", {"page_size": 5000}).json()
    assert len(body["results"]) == 100
    assert body["next"]


@pytest.mark.parametrize("value", ["0", "-5", "ten", "1.5", ""])
def test_non_positive_or_non_integer_page_size_is_400(reporter_api, value):
    response = reporter_api.get("/api/v1/claims/", {"page_size": value})
    assert response.status_code == 400
    assert "page_size" in response.json()["errors"]


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_oversized_body_is_413_json(editor_api):
    response = editor_api.post("/api/v1/articles/", {"text": "word " * 1000}, format="json")
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert "larger" in response.json()["detail"]
    assert not Article.objects.exists()


def test_wrong_content_type_is_415(editor_api):
    response = editor_api.post("/api/v1/articles/", "text=hello", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415
    assert response.json()["detail"]


def test_unknown_api_address_is_json_404(editor_api):
    response = editor_api.patch("/api/v1/nothing-here/", {}, format="json")
    assert response.status_code == 404
    assert response.json() == {"detail": "No such API endpoint."}


# --- CSRF on session writes -----------------------------------------------------------------------


def _session_client(user) -> APIClient:
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def test_session_write_without_csrf_token_is_403(editor):
    claim = ClaimFactory()
    client = _session_client(editor)
    response = client.patch(f"/api/v1/claims/{claim.pk}/", {"status": "evidenced", "version": 1}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    claim.refresh_from_db()
    assert claim.status == "unreviewed"


def test_session_write_with_csrf_token_is_accepted_and_reads_need_none(editor):
    claim = ClaimFactory()
    client = _session_client(editor)
    assert client.get("/api/v1/claims/").status_code == 200
    token = _get_new_csrf_string()  # what a page of the site sets as the csrftoken cookie
    client.cookies["csrftoken"] = token
    response = client.patch(
        f"/api/v1/claims/{claim.pk}/", {"status": "evidenced", "version": 1}, format="json", HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 200


def test_control_character_speaker_matches_nothing_rather_than_400(reporter_api):
    # Found by schemathesis: "\x1f" is a valid string per the schema, and DRF's trimming made it blank.
    StatementFactory()
    response = reporter_api.get("/api/v1/statements/", {"speaker": "\x1f"})
    assert response.status_code == 200
    assert response.json()["results"] == []
    assert reporter_api.get("/api/v1/claims/", {"speaker": "\t"}).json()["results"] == []
