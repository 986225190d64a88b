"""A web page through the real intake and extraction path: its headline is never part of a statement."""

from pathlib import Path

from claims.services.extraction import article_extract
from claims.services.intake import article_intake
from sources.models import ExtractionStatus

PAGE = Path(__file__).resolve().parents[1] / "sources" / "pages" / "field-12.html"
HEADLINE = "Ferry fares to rise by a fifth, operator says"


def test_field_12_headline_stays_out_of_the_first_statement(db, sent_tasks, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article = article_intake(data=PAGE.read_bytes(), filename="field-12.html").article
    sent_tasks.assert_called_once_with(article.pk)
    assert article.text.startswith(HEADLINE + "\n\nFares on the Skerrow ferry")

    assert article_extract(article_id=article.pk, task_id="field-12") is True

    article.refresh_from_db()
    assert article.extraction_status == ExtractionStatus.DONE
    statements = list(article.statements.select_related("speaker").order_by("start"))
    assert (statements[0].speaker.name, statements[0].content) == (
        "Westmere Shipping",
        "Fares on the Skerrow ferry will rise by 20% in April",
    )
    assert all(HEADLINE not in s.content for s in statements)
    assert all(article.text[s.start : s.end] == s.content for s in statements)
