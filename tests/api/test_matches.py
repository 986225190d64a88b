"""Answering a possible match through the API: same claim joins, different claim keeps apart, once."""

import pytest

from claims.models import ClaimEvent, ClaimMatch, MatchState
from claims.services import claim_fingerprint
from tests.factories import ArticleFactory, ClaimFactory, SpeakerFactory, StatementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def match() -> ClaimMatch:
    earlier = ClaimFactory(
        speaker=SpeakerFactory(name="Ana Ruiz"), text="waiting lists were halved", status="contested"
    )
    StatementFactory(claim=earlier, content="waiting lists were halved")
    article = ArticleFactory()
    said = StatementFactory(
        article=article,
        claim=ClaimFactory(speaker=SpeakerFactory(name="Leo Marsh"), text="we cut waiting lists by half"),
        content="we cut waiting lists by half",
    )
    return ClaimMatch.objects.create(
        article=article, fingerprint=claim_fingerprint(said.content), statement=said, claim=earlier, score=0.62
    )


def _post(client, match: ClaimMatch, answer: str):
    return client.post(f"/api/v1/matches/{match.pk}/{answer}/")


def test_confirming_joins_the_statement_to_the_earlier_claim(editor_api, match):
    response = _post(editor_api, match, "confirm")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["id"], body["state"], body["claim_id"]) == (match.pk, "confirmed", match.claim_id)
    assert body["decided_at"]
    match.statement.refresh_from_db()
    assert match.statement.claim_id == match.claim_id
    claim = editor_api.get(f"/api/v1/claims/{match.claim_id}/").json()
    assert claim["appearance_count"] == 2
    assert ClaimEvent.objects.filter(claim=match.claim, kind="confirmed").exists()


def test_rejecting_keeps_it_apart_and_is_kept(editor_api, match):
    response = _post(editor_api, match, "reject")
    assert response.status_code == 200
    assert response.json()["state"] == "rejected"
    match.statement.refresh_from_db()
    assert match.statement.claim_id != match.claim_id
    listed = editor_api.get(f"/api/v1/claims/{match.statement.claim_id}/").json()
    assert listed["possible_matches"] == []


def test_a_second_answer_is_a_409_and_changes_nothing(editor_api, second_editor_api, match):
    assert _post(editor_api, match, "reject").status_code == 200
    response = _post(second_editor_api, match, "confirm")
    assert response.status_code == 409
    assert response.json() == {"detail": "Someone has already answered this possible match."}
    assert ClaimMatch.objects.get(pk=match.pk).state == MatchState.REJECTED
    match.statement.refresh_from_db()
    assert match.statement.claim_id != match.claim_id


@pytest.mark.parametrize(("client", "expected"), [("anon_api", 401), ("outsider_api", 403), ("reporter_api", 403)])
def test_only_editors_answer(request, client, expected, match):
    response = _post(request.getfixturevalue(client), match, "confirm")
    assert response.status_code == expected
    assert "detail" in response.json()
    assert ClaimMatch.objects.get(pk=match.pk).state == MatchState.POSSIBLE


def test_an_unknown_match_is_a_json_404(editor_api):
    response = editor_api.post("/api/v1/matches/999999/confirm/")
    assert response.status_code == 404
    assert "detail" in response.json()


def test_answers_are_in_the_openapi_schema(reporter_api):
    schema = reporter_api.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    assert {"/api/v1/matches/{id}/confirm/", "/api/v1/matches/{id}/reject/"} <= set(schema["paths"])
