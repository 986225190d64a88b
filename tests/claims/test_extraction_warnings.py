"""One failing rule costs one candidate: the article still ends done with its other statements (issue 10.1)."""

from pathlib import Path
from unittest import mock

import pytest
from django.urls import reverse

from claims.extraction import reported
from claims.services.intake import article_intake
from claims.tasks import extract_article
from sources.models import Article, ExtractionStatus

SAMPLE = Path(__file__).resolve().parents[2] / "sample" / "putin_address.txt"


@pytest.fixture
def extracted_with_a_broken_rule(db, monkeypatch):
    real = reported._reported

    def broken(verb, lemma, *args):
        if lemma == "claim":  # every "claimed" report in the article fails
            raise RuntimeError("injected rule failure")
        return real(verb, lemma, *args)

    monkeypatch.setattr(reported, "_reported", broken)
    with mock.patch("claims.tasks.extract_article.delay"):
        article = article_intake(raw=SAMPLE.read_text(encoding="utf-8"), outlet_name="Sky News").article
    assert extract_article.apply(args=[article.pk], task_id=f"test-{article.pk}").result is True
    return Article.objects.get(pk=article.pk)


def test_article_is_done_with_every_other_statement_and_counts_the_warning(extracted_with_a_broken_rule, db):
    article = extracted_with_a_broken_rule
    assert article.extraction_status == ExtractionStatus.DONE
    assert article.extraction_warnings >= 1
    detail = article.extraction_warning_details[0]
    assert detail["rule"] == "reported:claim"
    assert "RuntimeError: injected rule failure" in detail["error"]
    assert article.text[detail["start"] : detail["end"]].startswith("claim")
    statements = list(article.statements.all())
    assert len(statements) >= 8  # the quotes and every other report of the Putin article
    assert all(article.text[s.start : s.end] == s.content for s in statements)
    assert not any(s.cue.startswith("claim") for s in statements)


def test_a_clean_run_clears_the_warnings(extracted_with_a_broken_rule, monkeypatch):
    article = extracted_with_a_broken_rule
    monkeypatch.undo()
    Article.objects.filter(pk=article.pk).update(extraction_status=ExtractionStatus.QUEUED)
    extract_article.apply(args=[article.pk], task_id="clean-run")
    article.refresh_from_db()
    assert (article.extraction_warnings, article.extraction_warning_details) == (0, [])
    assert article.statements.filter(cue__startswith="claim").exists()


def test_warnings_show_on_the_article_page_and_in_the_api(extracted_with_a_broken_rule, reporter_client):
    page = reporter_client.get(reverse("article_detail", args=[extracted_with_a_broken_rule.pk]))
    assert b"could not be read and" in page.content
    api = reporter_client.get(f"/api/v1/articles/{extracted_with_a_broken_rule.pk}/")
    assert api.json()["extraction_warnings"] >= 1
