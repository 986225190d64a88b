"""Editors' corrections, through the pages and the services, and that re-extraction keeps them."""

import dataclasses

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from claims.models import Claim, Speaker, Statement, StatementOrigin
from claims.services import (
    article_store_statements,
    statement_add,
    statement_adjust_span,
    statement_correct_speaker,
    statement_reject,
)
from sources.models import Article, ExtractionStatus
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

try:
    from claims.extraction import ExtractedStatement
except ImportError:  # the extractor is not installed: same fields, same shape

    @dataclasses.dataclass(frozen=True)
    class ExtractedStatement:
        speaker: str
        speaker_kind: str
        speaker_aliases: tuple
        speaker_role: str | None
        content: str
        start: int
        end: int
        kind: str
        cue: str
        paragraph: int
        confidence: float
        evidence_hint: str | None
        evidence_cue: str | None


TEXT = (
    "Putin said the operation was going to plan. "
    "Peskov said talks were possible. "
    "The weather was described as grim. "
    "Zelensky said Ukraine would defend itself."
)


def _extracted(text: str, content: str, speaker: str) -> ExtractedStatement:
    start = text.index(content)
    return ExtractedStatement(
        speaker=speaker,
        speaker_kind="person",
        speaker_aliases=(),
        speaker_role=None,
        content=content,
        start=start,
        end=start + len(content),
        kind="indirect",
        cue="said",
        paragraph=0,
        confidence=0.9,
        evidence_hint=None,
        evidence_cue=None,
    )


def _machine_output(text: str) -> list[ExtractedStatement]:
    return [
        _extracted(text, "the operation was going to plan", "Vladimir Putin"),
        _extracted(text, "talks were possible", "Vladimir Putin"),  # wrong speaker
        _extracted(text, "The weather was described as grim", "Vladimir Putin"),  # not a statement
    ]


def _run_extraction(article: Article, extracted: list[ExtractedStatement], task_id: str) -> None:
    Article.objects.filter(pk=article.pk).update(
        extraction_status=ExtractionStatus.RUNNING, extraction_task_id=task_id, extraction_started_at=timezone.now()
    )
    assert article_store_statements(article_id=article.pk, task_id=task_id, extracted=extracted)


def _statement(article: Article, content: str) -> Statement:
    return Statement.objects.get(article=article, content=content)


def test_corrections_survive_reextraction_end_to_end(editor):
    article = ArticleFactory(text=TEXT)
    _run_extraction(article, _machine_output(TEXT), "first")
    assert Statement.objects.filter(article=article).count() == 3

    peskov_statement = statement_correct_speaker(
        statement=_statement(article, "talks were possible"), speaker_name="Dmitry Peskov", by=editor
    )
    statement_reject(statement=_statement(article, "The weather was described as grim"), by=editor)
    added = statement_add(
        article=article, text="Ukraine would defend itself", speaker_name="Volodymyr Zelensky", by=editor
    )

    # The extractor runs again with the same (wrong) output.
    _run_extraction(article, _machine_output(TEXT), "second")

    statements = Statement.objects.filter(article=article)
    talks = statements.filter(content="talks were possible")
    weather = statements.filter(content="The weather was described as grim")
    assert [s.speaker.name for s in talks] == ["Dmitry Peskov"]
    assert talks.get().pk == peskov_statement.pk
    assert [(s.rejected, s.origin) for s in weather] == [(True, StatementOrigin.CORRECTED)]
    assert statements.filter(pk=added.pk, origin=StatementOrigin.MANUAL).exists()
    assert statements.filter(content="the operation was going to plan", origin=StatementOrigin.MACHINE).count() == 1
    # The claim re-linked to Peskov; Putin no longer holds "talks were possible".
    assert not Claim.objects.filter(speaker__name="Vladimir Putin", text="talks were possible").exists()
    assert Claim.objects.get(speaker__name="Dmitry Peskov", text="talks were possible").appearance_count == 1


def test_adjust_span_relinks_the_claim(editor):
    article = ArticleFactory(text=TEXT)
    _run_extraction(article, _machine_output(TEXT), "t")
    statement = _statement(article, "the operation was going to plan")
    old_claim = statement.claim_id
    start = TEXT.index("the operation")
    statement_adjust_span(statement=statement, start=start, end=start + len("the operation"), by=editor)
    statement.refresh_from_db()
    assert statement.content == "the operation"
    assert statement.origin == StatementOrigin.CORRECTED
    assert statement.claim_id != old_claim
    assert not Claim.objects.filter(pk=old_claim).exists()  # unreviewed and unused: gone


@pytest.mark.parametrize(("start", "end"), [(-1, 5), (10, 5), (0, len(TEXT) + 1), (43, 44)])
def test_adjust_span_validates_offsets(editor, start, end):
    article = ArticleFactory(text=TEXT)
    _run_extraction(article, _machine_output(TEXT), "t")
    with pytest.raises(ValidationError):
        statement_adjust_span(statement=_statement(article, "talks were possible"), start=start, end=end, by=editor)


def test_add_rejects_words_not_in_the_article(editor):
    article = ArticleFactory(text=TEXT)
    with pytest.raises(ValidationError):
        statement_add(article=article, text="never said", speaker_name="Someone", by=editor)


def test_corrections_need_an_editor(reporter):
    article = ArticleFactory(text=TEXT)
    _run_extraction(article, _machine_output(TEXT), "t")
    with pytest.raises(PermissionDenied):
        statement_reject(statement=_statement(article, "talks were possible"), by=reporter)


def test_change_speaker_page_to_an_existing_speaker(editor_client, editor):
    article = ArticleFactory(text=TEXT)
    _run_extraction(article, _machine_output(TEXT), "t")
    peskov = Speaker.objects.create(name="Dmitry Peskov", slug="dmitry-peskov")
    statement = _statement(article, "talks were possible")
    response = editor_client.post(reverse("statement_speaker", args=[statement.pk]), {"speaker": peskov.pk})
    assert response.status_code == 302
    assert response.url.endswith(f"#statement-{statement.pk}")
    statement.refresh_from_db()
    assert statement.speaker == peskov
    assert statement.origin == StatementOrigin.CORRECTED


def test_span_page_shows_validation_errors(editor_client):
    article = ArticleFactory(text=TEXT)
    _run_extraction(article, _machine_output(TEXT), "t")
    statement = _statement(article, "talks were possible")
    response = editor_client.post(reverse("statement_span", args=[statement.pk]), {"start": 5, "end": 99999})
    assert response.status_code == 422
    assert "start &lt; end" in response.content.decode() or "start < end" in response.content.decode()


def test_reject_page_hides_the_statement(editor_client, reporter_client):
    article = ArticleFactory(text=TEXT)
    _run_extraction(article, _machine_output(TEXT), "t")
    statement = _statement(article, "The weather was described as grim")
    assert editor_client.post(reverse("statement_reject", args=[statement.pk])).status_code == 302
    page = reporter_client.get(reverse("article_detail", args=[article.pk])).content.decode()
    assert f'id="statement-{statement.pk}"' not in page


def test_add_statement_by_offsets_without_javascript(editor_client):
    article = ArticleFactory(text=TEXT)
    start = TEXT.index("Ukraine would")
    response = editor_client.post(
        reverse("statement_add", args=[article.pk]),
        {
            "start": start,
            "end": start + len("Ukraine would defend itself"),
            "speaker_name": "Volodymyr Zelensky",
            "kind": "indirect",
            "cue": "said",
        },
    )
    assert response.status_code == 302
    added = Statement.objects.get(article=article)
    assert added.content == "Ukraine would defend itself"
    assert added.origin == StatementOrigin.MANUAL
    assert added.speaker.name == "Volodymyr Zelensky"
    assert added.claim.appearance_count == 1
