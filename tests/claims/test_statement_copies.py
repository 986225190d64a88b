"""Statements' copies of claim status, outlet and date never drift from their claim and article.

Each service that changes one of the originals is run, then statement_copies_drift() must be empty
and the copies must hold the new values; filtered search reads the copies, so it follows too.
"""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from claims.extraction import ExtractedStatement
from claims.models import ClaimStatus, Statement
from claims.selectors import statements as statement_selectors
from claims.services import (
    article_store_statements,
    article_update_metadata,
    claim_set_status,
    speaker_merge,
    statement_add,
    statement_correct_speaker,
)
from sources.models import Article, ExtractionStatus
from tests.factories import ArticleFactory, ClaimFactory, OutletFactory, SpeakerFactory, StatementFactory

pytestmark = pytest.mark.django_db


def _assert_no_drift() -> None:
    assert list(statement_selectors.statement_copies_drift().values_list("pk", flat=True)) == []


def _statuses(claim) -> set[str]:
    return set(Statement.objects.filter(claim=claim).values_list("claim_status", flat=True))


def test_drift_check_finds_a_statement_whose_copy_disagrees():
    statement = StatementFactory()
    _assert_no_drift()
    Statement.objects.filter(pk=statement.pk).update(claim_status=ClaimStatus.CONTESTED)
    assert list(statement_selectors.statement_copies_drift()) == [statement]
    Statement.objects.filter(pk=statement.pk).update(claim_status=ClaimStatus.UNREVIEWED, outlet=None)
    assert list(statement_selectors.statement_copies_drift()) == [statement]


def test_review_copies_the_new_status_to_every_statement_of_the_claim(editor):
    claim = ClaimFactory()
    StatementFactory.create_batch(3, claim=claim)
    other = StatementFactory()

    claim_set_status(claim=claim, status=ClaimStatus.CONTESTED, by=editor, expected_version=1)

    assert _statuses(claim) == {ClaimStatus.CONTESTED}
    assert Statement.objects.get(pk=other.pk).claim_status == ClaimStatus.UNREVIEWED
    _assert_no_drift()
    found = statement_selectors.statement_search(user=editor, status=ClaimStatus.CONTESTED)
    assert set(found.values_list("claim_id", flat=True)) == {claim.pk}


def test_speaker_merge_with_twin_claims_copies_the_winning_status(editor, second_editor):
    target, source = SpeakerFactory(name="Vladimir Putin"), SpeakerFactory(name="V. Putin")
    twin_target = ClaimFactory(speaker=target, text="Talks are possible")
    twin_source = ClaimFactory(speaker=source, text="talks are possible!")
    StatementFactory(claim=twin_target)
    StatementFactory(claim=twin_source)
    claim_set_status(claim=twin_source, status=ClaimStatus.CONTESTED, by=editor, expected_version=1)
    claim_set_status(claim=twin_source, status=ClaimStatus.UNEVIDENCED, by=second_editor, expected_version=2)

    speaker_merge(source=source, target=target, by=editor)

    # The twin that had no review took the source's status, and so did the statement it already had.
    assert _statuses(twin_target) == {ClaimStatus.UNEVIDENCED}
    assert Statement.objects.filter(claim=twin_target).count() == 2
    _assert_no_drift()


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


TEXT = "Putin said the operation was going to plan. Peskov said talks were possible."


def _extract(article: Article, task_id: str) -> None:
    Article.objects.filter(pk=article.pk).update(
        extraction_status=ExtractionStatus.RUNNING, extraction_task_id=task_id, extraction_started_at=timezone.now()
    )
    extracted = [
        _extracted(TEXT, "the operation was going to plan", "Vladimir Putin"),
        _extracted(TEXT, "talks were possible", "Dmitry Peskov"),
    ]
    assert article_store_statements(article_id=article.pk, task_id=task_id, extracted=extracted)


def test_extraction_and_reextraction_copy_reviewed_status_outlet_and_date(editor):
    article = ArticleFactory(text=TEXT)
    _extract(article, "first")
    statement = Statement.objects.get(article=article, content="talks were possible")
    assert statement.outlet_id == article.outlet_id
    assert statement.claim_status == ClaimStatus.UNREVIEWED
    claim_set_status(claim=statement.claim, status=ClaimStatus.EVIDENCED, by=editor, expected_version=1)

    _extract(article, "second")

    again = Statement.objects.get(article=article, content="talks were possible")
    assert again.pk != statement.pk
    assert again.claim_id == statement.claim_id
    assert again.claim_status == ClaimStatus.EVIDENCED
    _assert_no_drift()


def test_corrections_and_additions_copy_the_status_of_the_claim_they_join(editor):
    article = ArticleFactory(text=TEXT)
    _extract(article, "first")
    peskov = Statement.objects.get(article=article, content="talks were possible").speaker
    reviewed = ClaimFactory(speaker=peskov, text="The operation was going to plan")
    claim_set_status(claim=reviewed, status=ClaimStatus.CONTESTED, by=editor, expected_version=1)
    moved = Statement.objects.get(article=article, content="the operation was going to plan")

    statement_correct_speaker(statement=moved, speaker=reviewed.speaker, by=editor)

    assert Statement.objects.get(pk=moved.pk).claim_id == reviewed.pk
    assert Statement.objects.get(pk=moved.pk).claim_status == ClaimStatus.CONTESTED
    added = statement_add(article=article, text="Putin said the operation", speaker_name="Putin", by=editor)
    assert added.outlet_id == article.outlet_id
    _assert_no_drift()


def test_article_metadata_edit_moves_outlet_and_date_of_its_statements(editor):
    article = ArticleFactory()
    statements = StatementFactory.create_batch(2, article=article)
    elsewhere = StatementFactory()
    new_outlet = OutletFactory(name="Harbour Herald")

    article_update_metadata(article=article, outlet_name="Harbour Herald", published="2024-02-03", by=editor)

    day = dt.datetime(2024, 2, 3, tzinfo=dt.UTC)
    rows = Statement.objects.filter(pk__in=[s.pk for s in statements]).values_list("outlet_id", "published_at")
    assert set(rows) == {(new_outlet.pk, day)}
    assert Statement.objects.get(pk=elsewhere.pk).outlet_id == elsewhere.article.outlet_id
    _assert_no_drift()
    found = statement_selectors.statement_search(
        user=editor, outlet_id=new_outlet.pk, date_from=day.date(), date_to=day.date()
    )
    assert set(found.values_list("pk", flat=True)) == {s.pk for s in statements}

    # No date: the statements fall back to when the article was stored, as extraction does.
    article_update_metadata(article=article, outlet_name="", published=None, by=editor)
    article.refresh_from_db()
    assert set(Statement.objects.filter(article=article).values_list("outlet_id", "published_at")) == {
        (None, article.created_at)
    }
    _assert_no_drift()


def test_article_metadata_edit_refuses_bad_dates_and_reporters(editor, reporter):
    article = ArticleFactory()
    statement = StatementFactory(article=article)
    before = Statement.objects.values_list("outlet_id", "published_at").get(pk=statement.pk)

    with pytest.raises(ValidationError):
        article_update_metadata(article=article, published="yesterday-ish", by=editor)
    with pytest.raises(PermissionDenied):
        article_update_metadata(article=article, outlet_name="Elsewhere", by=reporter)

    assert Statement.objects.values_list("outlet_id", "published_at").get(pk=statement.pk) == before
    article.refresh_from_db()
    assert article.outlet_id == before[0]
    _assert_no_drift()


def test_the_admin_cannot_change_a_claims_status_behind_the_review_history(admin_client):
    statement = StatementFactory()
    claim = statement.claim
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    assert 'name="status"' not in page.content.decode()
    form = {
        "speaker": claim.speaker_id,
        "text": claim.text,
        "status": ClaimStatus.CONTESTED,
        "suggested_status": claim.suggested_status,
        "suggested_reason": claim.suggested_reason,
        "appearance_count": claim.appearance_count,
        "reviews-TOTAL_FORMS": 0,
        "reviews-INITIAL_FORMS": 0,
    }
    admin_client.post(url, form)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.UNREVIEWED
    _assert_no_drift()
