"""Article pages: the list and its live status cell, adding articles, the article with its marks."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims.models import ClaimStatus
from claims.views.articles import text_segments
from sources.models import Article, ExtractionStatus
from sources.services import IngestError
from tests.factories import ArticleFactory, ClaimFactory, StatementFactory

pytestmark = pytest.mark.django_db

SAMPLE_TEXT = "The minister said the budget was balanced. Critics said it was not."


def test_article_list_shows_outlet_status_and_counts(reporter_client, sample):
    content = reporter_client.get(reverse("article_list")).content.decode()
    assert "Putin appeals to troops" in content
    assert sample["article"].outlet.name in content
    assert "extraction-done" in content


def test_status_cell_polls_while_running_and_stops_when_done(reporter_client):
    article = ArticleFactory(extraction_status=ExtractionStatus.RUNNING)
    listed = reporter_client.get(reverse("article_list")).content.decode()
    assert f'data-hx-get="{reverse("article_status", args=[article.pk])}"' in listed
    assert 'data-hx-trigger="every 2s"' in listed

    running = reporter_client.get(reverse("article_status", args=[article.pk]), HTTP_HX_REQUEST="true")
    assert running.status_code == 200
    assert b"every 2s" in running.content

    Article.objects.filter(pk=article.pk).update(extraction_status=ExtractionStatus.DONE)
    done = reporter_client.get(reverse("article_status", args=[article.pk]), HTTP_HX_REQUEST="true")
    assert done.status_code == 286  # htmx stops polling
    assert b"every 2s" not in done.content
    assert b"Done" in done.content


def test_failed_extraction_shows_the_reason(reporter_client):
    article = ArticleFactory(extraction_status=ExtractionStatus.FAILED, extraction_error="Model not installed")
    response = reporter_client.get(reverse("article_status", args=[article.pk]))
    assert response.status_code == 286
    assert b"Model not installed" in response.content


def test_editor_adds_pasted_article(editor_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = editor_client.post(
            reverse("article_add"),
            {"title": "Budget day", "outlet": "The Daily", "published": "2024-03-01", "text": SAMPLE_TEXT},
        )
    article = Article.objects.get(title="Budget day")
    assert response.status_code == 302
    assert response.url == reverse("article_detail", args=[article.pk])
    assert article.outlet.name == "The Daily"
    assert article.published_at.date().isoformat() == "2024-03-01"
    assert len(callbacks) == 1  # extraction enqueued after commit


def test_editor_adds_uploaded_file(editor_client, django_capture_on_commit_callbacks):
    upload = SimpleUploadedFile("story.md", SAMPLE_TEXT.encode(), content_type="text/markdown")
    with django_capture_on_commit_callbacks(execute=False):
        response = editor_client.post(reverse("article_add"), {"title": "Uploaded", "file": upload})
    assert response.status_code == 302
    assert Article.objects.filter(title="Uploaded").exists()


def test_unsupported_upload_shows_ingest_error(editor_client):
    upload = SimpleUploadedFile("story.pdf", b"%PDF-1.4", content_type="application/pdf")
    response = editor_client.post(reverse("article_add"), {"file": upload})
    assert response.status_code == 422
    assert "Unsupported file type" in response.content.decode()
    assert not Article.objects.exists()


def test_url_ingest_error_is_shown_on_the_form(editor_client, monkeypatch):
    def refuse(**kwargs):
        raise IngestError("Fetching private addresses is not allowed.")

    monkeypatch.setattr("claims.services.intake.article_ingest_url", refuse)
    response = editor_client.post(reverse("article_add"), {"url": "http://10.0.0.1/x", "fetch": "on"})
    assert response.status_code == 422
    assert "Fetching private addresses is not allowed." in response.content.decode()


def test_add_needs_exactly_one_source(editor_client):
    response = editor_client.post(reverse("article_add"), {"title": "Nothing"})
    assert response.status_code == 422
    assert "Paste the article text" in response.content.decode()


def test_duplicate_redirects_to_existing_article_with_a_message(editor_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        editor_client.post(reverse("article_add"), {"title": "First", "text": SAMPLE_TEXT})
    existing = Article.objects.get()
    response = editor_client.post(reverse("article_add"), {"title": "Again", "text": SAMPLE_TEXT}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("article_detail", args=[existing.pk])
    assert "already in Claimdesk" in response.content.decode()
    assert Article.objects.count() == 1


def test_reporter_cannot_add_articles(reporter_client):
    response = reporter_client.post(reverse("article_add"), {"title": "X", "text": SAMPLE_TEXT})
    assert response.status_code == 403
    assert not Article.objects.exists()


def test_article_page_marks_statements_in_place(reporter_client, sample):
    content = reporter_client.get(reverse("article_detail", args=[sample["article"].pk])).content.decode()
    statement = sample["statement"]
    assert (
        f'<mark id="statement-{statement.pk}" class="stmt status-contested" tabindex="0" '
        f'data-start="{statement.start}"' in content
    )
    assert 'title="Vladimir Putin — Contested"' in content
    assert 'the operation was going to plan<span class="visually-hidden"' in content
    # grouped by speaker, each opening its claim by htmx with an href fallback
    assert content.index(">Dmitry Peskov</a>") < content.index(">Vladimir Putin</a>")
    claim_url = f"{reverse('claim_detail', args=[statement.claim_id])}?statement={statement.pk}"
    assert f'href="{claim_url}"' in content
    assert f'data-hx-get="{claim_url}"' in content


def test_text_segments_cover_the_text_exactly():
    text = "Alpha beta gamma delta."
    article = ArticleFactory(text=text)
    a = StatementFactory(article=article, content="beta", claim=ClaimFactory(text="beta"))
    overlapping = StatementFactory(article=article, content="beta gamma", claim=ClaimFactory(text="beta gamma"))
    segments = text_segments(text, [overlapping, a])
    assert "".join(s.text for s in segments) == text
    assert [s.start for s in segments] == [0, 6, 10]
    assert sum(1 for s in segments if s.statement) == 1


def test_editor_reextracts(editor_client, sample, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = editor_client.post(reverse("article_reextract", args=[sample["article"].pk]))
    assert response.status_code == 302
    assert len(callbacks) == 1
    sample["article"].refresh_from_db()
    assert sample["article"].extraction_status == ExtractionStatus.QUEUED


def test_list_counts_claims_by_status(reporter_client):
    article = ArticleFactory(title="Counted")
    StatementFactory(article=article, claim=ClaimFactory(status=ClaimStatus.EVIDENCED))
    content = reporter_client.get(reverse("article_list")).content.decode()
    assert '1<span class="visually-hidden"> evidenced</span>' in content


def test_article_page_badge_polls_and_reloads_the_page_when_done(reporter_client):
    article = ArticleFactory(extraction_status=ExtractionStatus.QUEUED)
    page = reporter_client.get(reverse("article_detail", args=[article.pk])).content.decode()
    url = reverse("article_status", args=[article.pk]) + "?on=article"
    assert f'data-hx-get="{url}"' in page

    Article.objects.filter(pk=article.pk).update(extraction_status=ExtractionStatus.DONE)
    response = reporter_client.get(url, HTTP_HX_REQUEST="true")
    assert response["HX-Refresh"] == "true"
