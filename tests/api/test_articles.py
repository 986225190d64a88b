from pathlib import Path
from unittest import mock

import pytest

from claims.models import Statement
from claims.tasks import extract_article
from sources.models import Article, ExtractionStatus
from tests.factories import ArticleFactory, StatementFactory

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[2] / "sample" / "putin_address.txt"
TEXT = "The mayor said the new bridge would open in May. Critics said it would not."


def test_editor_posts_text_and_gets_202_with_status_url(editor_api, editor, django_capture_on_commit_callbacks):
    with mock.patch.object(extract_article, "delay") as delay, django_capture_on_commit_callbacks(execute=True):
        response = editor_api.post(
            "/api/v1/articles/",
            {"text": TEXT, "title": "Bridge", "outlet": "City Paper", "published": "2026-01-02"},
            format="json",
        )
    assert response.status_code == 202, response.json()
    body = response.json()
    article = Article.objects.get(pk=body["id"])
    assert body["status_url"].endswith(f"/api/v1/articles/{article.pk}/")
    assert response["Location"] == body["status_url"]
    assert body["extraction_status"] == "queued"
    assert body["outlet"]["name"] == "City Paper"
    assert body["published_at"].startswith("2026-01-02")
    assert article.created_by == editor
    delay.assert_called_once_with(article.pk)


def test_duplicate_text_returns_existing_article_200(editor_api):
    existing = ArticleFactory(text=TEXT)
    with mock.patch.object(extract_article, "delay"):
        response = editor_api.post("/api/v1/articles/", {"text": TEXT}, format="json")
    assert response.status_code == 200
    assert response.json()["id"] == existing.pk
    assert Article.objects.count() == 1


def test_url_fetch_failure_is_400_json(editor_api, settings):
    settings.INGEST_ALLOW_PRIVATE_URLS = False
    response = editor_api.post("/api/v1/articles/", {"url": "http://127.0.0.1:9/article"}, format="json")
    assert response.status_code == 400
    assert response.json()["detail"]


def test_post_needs_text_or_url_and_a_real_date(editor_api):
    assert "text" in editor_api.post("/api/v1/articles/", {"title": "x"}, format="json").json()["errors"]
    bad_date = editor_api.post("/api/v1/articles/", {"text": TEXT, "published": "2026-13-45"}, format="json")
    assert bad_date.status_code == 400
    assert "published" in bad_date.json()["errors"]
    blank = editor_api.post("/api/v1/articles/", {"text": "   \n "}, format="json")
    assert blank.status_code == 400
    not_a_string = editor_api.post("/api/v1/articles/", {"text": TEXT, "title": 12}, format="json")
    assert not_a_string.status_code == 400
    assert Article.objects.count() == 0


def test_reporter_cannot_post_or_reextract(reporter_api, outsider_api, anon_api):
    article = ArticleFactory()
    assert reporter_api.post("/api/v1/articles/", {"text": TEXT}, format="json").status_code == 403
    assert reporter_api.post(f"/api/v1/articles/{article.pk}/reextract/").status_code == 403
    assert outsider_api.post("/api/v1/articles/", {"text": TEXT}, format="json").status_code == 403
    assert anon_api.post("/api/v1/articles/", {"text": TEXT}, format="json").status_code == 401
    assert Article.objects.count() == 1


def test_list_and_detail_show_status_and_counts(reporter_api):
    article = ArticleFactory(extraction_status=ExtractionStatus.FAILED, extraction_error="boom", extraction_attempts=3)
    StatementFactory(article=article)
    row = reporter_api.get("/api/v1/articles/").json()["results"][0]
    assert (row["extraction_status"], row["extraction_error"], row["attempts"]) == ("failed", "boom", 3)
    assert row["statement_count"] == 1
    assert row["claim_counts"] == {"unreviewed": 1, "evidenced": 0, "unevidenced": 0, "contested": 0}
    assert "text" not in row
    detail = reporter_api.get(f"/api/v1/articles/{article.pk}/").json()
    assert detail["text"] == Article.objects.get(pk=article.pk).text
    failed = reporter_api.get("/api/v1/articles/", {"status": "failed"}).json()["results"]
    assert [r["id"] for r in failed] == [article.pk]
    assert reporter_api.get("/api/v1/articles/", {"status": "exploded"}).status_code == 400


def test_article_list_query_count_is_constant(reporter_api, django_assert_max_num_queries):
    StatementFactory()
    # token user, groups, articles with outlet and counts
    with django_assert_max_num_queries(3):
        assert len(reporter_api.get("/api/v1/articles/").json()["results"]) == 1
    StatementFactory.create_batch(19)
    with django_assert_max_num_queries(3):
        assert len(reporter_api.get("/api/v1/articles/").json()["results"]) == 20


def test_editor_reextracts_202(editor_api, django_capture_on_commit_callbacks):
    article = ArticleFactory(extraction_status=ExtractionStatus.FAILED, extraction_attempts=3, extraction_error="x")
    with mock.patch.object(extract_article, "delay") as delay, django_capture_on_commit_callbacks(execute=True):
        response = editor_api.post(f"/api/v1/articles/{article.pk}/reextract/")
    assert response.status_code == 202
    assert response.json()["extraction_status"] == "queued"
    assert response.json()["attempts"] == 0
    delay.assert_called_once_with(article.pk)
    assert editor_api.post("/api/v1/articles/999999/reextract/").status_code == 404


def _run_inline(article_id: int) -> None:
    extract_article.apply(args=[article_id])


def test_ingest_through_the_api_to_finished_extraction(editor_api, reporter_api, django_capture_on_commit_callbacks):
    """POST the sample article, run its task in-process, and poll its status URL until done."""
    with (
        mock.patch.object(extract_article, "delay", side_effect=_run_inline),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = editor_api.post(
            "/api/v1/articles/",
            {"text": SAMPLE.read_text(), "outlet": "Sample", "published": "2022-02-24"},
            format="json",
        )
    assert response.status_code == 202
    status = reporter_api.get(response["Location"]).json()
    assert status["extraction_status"] == "done", status["extraction_error"]
    assert status["statement_count"] > 0
    statements = reporter_api.get("/api/v1/statements/", {"article": status["id"]}).json()["results"]
    assert len(statements) == Statement.objects.filter(article_id=status["id"]).count() > 0
    assert any(s["speaker"]["name"] == "Vladimir Putin" for s in statements)
