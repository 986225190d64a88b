"""Redis is an accelerator: with it down, pages and API reads answer, and ingestion is stored.

"Down" is a Redis address nothing listens on (connection refused), for the cache and the broker.
"""

import logging

import pytest
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from newsroom.settings import redis_cache
from sources.models import Article, ExtractionStatus
from tests.factories import ArticleFactory, StatementFactory
from tests.reliability.conftest import free_port, publishing_to

TEXT = "The minister said the economy grew by four percent last year. Officials said growth was strong."


@pytest.fixture
def redis_down(settings):
    """Cache and broker pointed at a port with no server, as when Redis has died."""
    dead = f"redis://127.0.0.1:{free_port()}/0"
    settings.CACHES = {"default": redis_cache(dead)}
    with publishing_to(dead, {"socket_connect_timeout": 0.5}):
        yield


def test_pages_and_api_reads_answer_with_redis_down(redis_down, editor_client, editor, caplog):
    statement = StatementFactory()
    api = APIClient()
    api.force_authenticate(editor)
    caplog.set_level(logging.ERROR, logger="newsroom.cache")

    pages = [
        reverse("search") + "?q=minister",
        reverse("review_queue"),
        reverse("article_list"),
        reverse("article_detail", args=[statement.article_id]),
        reverse("claim_detail", args=[statement.claim_id]),
    ]
    for url in pages:
        assert editor_client.get(url).status_code == 200, url
    for url in [
        "/api/v1/claims/",
        f"/api/v1/claims/{statement.claim_id}/",
        f"/api/v1/articles/{statement.article_id}/",
    ]:
        response = api.get(url)  # the user throttle reads and writes the cache: it fails open
        assert response.status_code == 200, (url, response.content[:300])
    assert "Exception ignored" in caplog.text  # each miss forced by the outage is logged


def test_ingest_with_redis_down_is_stored_and_accepted(redis_down, editor, caplog, django_capture_on_commit_callbacks):
    api = APIClient()
    api.force_authenticate(editor)

    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/api/v1/articles/", {"text": TEXT}, format="json")

    assert response.status_code == 202, response.content[:500]
    article = Article.objects.get(pk=response.json()["id"])
    assert article.extraction_status == ExtractionStatus.QUEUED
    assert article.send_after <= timezone.now()  # the refused send left it due at once
    assert "stays queued for the sweep" in caplog.text


def test_the_article_page_ingests_with_redis_down(redis_down, editor_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(reverse("article_add"), {"text": TEXT, "title": "Growth"})

    assert response.status_code == 302
    assert Article.objects.filter(title="Growth", extraction_status=ExtractionStatus.QUEUED).exists()


def test_an_unexpected_api_error_is_json(editor, monkeypatch):
    api = APIClient(raise_request_exception=False)
    api.force_authenticate(editor)
    article = ArticleFactory()
    monkeypatch.setattr("claims.api.serializers.articles.ArticleDetailSerializer.to_representation", lambda *a: 1 / 0)

    response = api.get(f"/api/v1/articles/{article.pk}/")

    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert "unexpected error" in response.json()["detail"]


def test_signed_in_editor_stays_signed_in_when_redis_restarts_empty_or_dies(settings, client, editor):
    """Production (REDIS_URL set) keeps sessions in the cache, written through to the database."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "s"}}
    client.force_login(editor)
    queue = reverse("review_queue")
    assert client.get(queue).status_code == 200
    caches["default"].clear()  # Redis restarted empty
    assert client.get(queue).status_code == 200
    settings.CACHES = {"default": redis_cache(f"redis://127.0.0.1:{free_port()}/0")}  # Redis down
    response = client.get(queue)
    assert response.status_code == 200
    assert response.wsgi_request.user == editor
