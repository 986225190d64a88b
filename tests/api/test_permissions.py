"""Every API route, every role: anonymous 401, no role 403, reporters read, editors also write."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from claims.api import urls as api_urls
from claims.models import ClaimMatch
from claims.services import claim_publish, claim_set_status
from tests.factories import ArticleFactory, StatementFactory

pytestmark = pytest.mark.django_db

READ = {"anonymous": 401, "outsider": 403, "reporter": 200, "editor": 200}

# name -> (method, expected status per role). A new route without an entry fails the test below.
MATRIX = {
    "api-claim-list": ("get", READ),
    "api-claim-detail": ("get", READ),
    "api-claim-history": ("get", READ),
    "api-claim-claimreview": ("get", READ),
    "api-export-claims-csv": ("get", READ),
    "api-export-claims-ndjson": ("get", READ),
    "api-export-statements-csv": ("get", READ),
    "api-export-statements-ndjson": ("get", READ),
    # The world's draft correction was set by `editor`: signing off one's own verdict is refused.
    "api-claim-publish": ("post", {"anonymous": 401, "outsider": 403, "reporter": 403, "editor": 403}),
    "api-statement-list": ("get", READ),
    "api-statement-detail": ("get", READ),
    "api-speaker-list": ("get", READ),
    "api-speaker-detail": ("get", READ),
    "api-speaker-statements": ("get", READ),
    "api-article-list": ("get", READ),
    "api-article-detail": ("get", READ),
    "api-article-reextract": ("post", {"anonymous": 401, "outsider": 403, "reporter": 403, "editor": 202}),
    "api-match-confirm": ("post", {"anonymous": 401, "outsider": 403, "reporter": 403, "editor": 200}),
    "api-match-reject": ("post", {"anonymous": 401, "outsider": 403, "reporter": 403, "editor": 200}),
}
WRITES = {
    "api-claim-detail": ("patch", {"anonymous": 401, "outsider": 403, "reporter": 403, "editor": 200}),
    "api-article-list": ("post", {"anonymous": 401, "outsider": 403, "reporter": 403, "editor": 202}),
}


@pytest.fixture
def world(editor, second_editor):
    """A claim published by a second editor, then given a draft correction by `editor` (version 4)."""
    statement = StatementFactory(article=ArticleFactory(text="The mayor said the roads were fixed."))
    claim_set_status(claim=statement.claim, status="contested", by=editor, expected_version=1)
    claim_publish(claim=statement.claim, by=second_editor, expected_version=2)
    claim_set_status(claim=statement.claim, status="evidenced", note="Repairs done", by=editor, expected_version=3)
    earlier = StatementFactory(content="the roads were repaired")
    ClaimMatch.objects.create(
        article=statement.article, fingerprint="f", statement=statement, claim=earlier.claim, score=0.6
    )
    return statement


def _body(name: str) -> tuple:
    return ({"version": 4}, "json") if name == "api-claim-publish" else ()


def _path(name: str, statement) -> str:
    pattern = next(p for p in api_urls.urlpatterns if p.name == name)
    if "<int:pk>" not in str(pattern.pattern):
        return reverse(name)
    pk = {
        "claim": statement.claim_id,
        "statement": statement.pk,
        "speaker": statement.speaker_id,
        "match": ClaimMatch.objects.filter(statement=statement).values_list("pk", flat=True).first(),
    }.get(name.split("-")[1], statement.article_id)
    return reverse(name, kwargs={"pk": pk})


def _client(role: str, request) -> APIClient:
    return request.getfixturevalue({"anonymous": "anon_api"}.get(role, f"{role}_api"))


def test_every_api_route_has_a_matrix_entry():
    names = {p.name for p in api_urls.urlpatterns}
    assert names == set(MATRIX)


def _api_names(resolver: URLResolver) -> set[str]:
    names = set()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            names |= _api_names(entry)
        elif isinstance(entry, URLPattern) and (entry.name or "").startswith("api-"):
            names.add(entry.name)
    return names


def test_matrix_covers_every_named_api_route_in_the_site():
    assert _api_names(get_resolver()) - {"api-schema", "api-docs"} == set(MATRIX)


@pytest.mark.parametrize("role", ["anonymous", "outsider", "reporter", "editor"])
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_read_routes(name, role, world, request, django_capture_on_commit_callbacks):
    method, expected = MATRIX[name]
    with django_capture_on_commit_callbacks(execute=False):
        response = getattr(_client(role, request), method)(_path(name, world), *_body(name))
    assert response.status_code == expected[role], getattr(response, "content", b"(streamed)")
    if role == "anonymous":
        assert response["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize("role", ["anonymous", "outsider", "reporter", "editor"])
@pytest.mark.parametrize("name", sorted(WRITES))
def test_write_routes(name, role, world, request, django_capture_on_commit_callbacks):
    method, expected = WRITES[name]
    body = {
        "api-claim-detail": {"status": "unevidenced", "note": "Correction", "version": 4},
        "api-article-list": {"text": "The minister said taxes would fall next year."},
    }[name]
    with django_capture_on_commit_callbacks(execute=False):
        response = getattr(_client(role, request), method)(_path(name, world), body, format="json")
    assert response.status_code == expected[role], response.content
    assert response["Content-Type"].startswith("application/json")


def test_inactive_user_token_is_refused(editor, editor_api):
    editor.is_active = False
    editor.save()
    assert editor_api.get("/api/v1/claims/").status_code == 401
