"""claims' intake: sources' ingestion, then extraction queued on commit; every caller goes through it."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from claims.services.intake import article_intake
from sources.models import Article, ExtractionStatus

ARTICLE = "The health minister said on Monday that waiting lists had fallen for a third month.\n\nShe added more."


def test_pasted_article_is_stored_queued_and_enqueued_after_commit(db, sent_tasks, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = article_intake(raw=ARTICLE, outlet_name="Daily Bugle", published="2026-03-01")

    article = result.article
    assert result.created
    assert article.extraction_status == ExtractionStatus.QUEUED
    assert article.extraction_queued_at is not None
    assert article.outlet.name == "Daily Bugle"
    assert article.published_at.date().isoformat() == "2026-03-01"
    assert article.title == "The health minister said on Monday that waiting lists had fallen for a third month."
    sent_tasks.assert_called_once_with(article.pk)


def test_rolled_back_intake_enqueues_nothing(db, sent_tasks, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                article_intake(raw=ARTICLE)
                raise RuntimeError("the request failed after the save")
        except RuntimeError:
            pass

    assert callbacks == []
    sent_tasks.assert_not_called()
    assert not Article.objects.exists()


def test_ingest_command_reads_files_and_reports_failures(db, sent_tasks, tmp_path, capsys):
    good = tmp_path / "story.md"
    good.write_text(ARTICLE, encoding="utf-8")
    bad = tmp_path / "image.png"
    bad.write_bytes(b"\x89PNG")

    call_command("ingest", str(good), "--outlet", "Gazette", "--published", "2026-01-02")
    with pytest.raises(CommandError, match="1 of 2"):
        call_command("ingest", str(good), str(bad))

    out = capsys.readouterr()
    assert "already stored as article" in out.out
    assert "Unsupported file type" in out.err
    assert Article.objects.get().outlet.name == "Gazette"


def test_ingest_command_refuses_a_bad_date(db, sent_tasks, tmp_path):
    good = tmp_path / "story.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("ingest", str(good), "--published", "next tuesday")
    assert not Article.objects.exists()


def test_an_article_already_stored_is_not_queued_again(db, sent_tasks, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = article_intake(raw=ARTICLE)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = article_intake(raw=ARTICLE)

    assert not again.created
    assert again.article.pk == first.article.pk
    assert callbacks == []
    sent_tasks.assert_called_once_with(first.article.pk)


def test_demo_setup_queues_the_sample_article(db, sent_tasks, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo_setup")

    article = Article.objects.get()
    assert article.extraction_status == ExtractionStatus.QUEUED
    sent_tasks.assert_called_once_with(article.pk)
