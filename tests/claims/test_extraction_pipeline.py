"""The background pipeline: claiming, storing, retries, failures, re-extraction (the sweep: test_outbox)."""

import datetime as dt
from pathlib import Path
from unittest import mock

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.db import OperationalError
from django.utils import timezone

from claims.extraction import EXTRACTOR_VERSION, ExtractedStatement
from claims.models import Claim, ClaimReview, ClaimStatus, Speaker, Statement, StatementOrigin
from claims.services import article_store_statements, claim_set_status
from claims.services.intake import article_intake
from claims.services.outbox import article_claim_for_extraction
from claims.tasks import extract_article
from sources.models import Article, ExtractionStatus
from tests.factories import ArticleFactory

SAMPLE = Path(__file__).resolve().parents[2] / "sample" / "putin_address.txt"


@pytest.fixture
def no_send():
    with mock.patch("claims.tasks.extract_article.delay") as delay:
        yield delay


@pytest.fixture
def sample_article(db, no_send):
    return article_intake(
        raw=SAMPLE.read_text(encoding="utf-8"), outlet_name="Sky News", published="2022-02-25"
    ).article


def run_task(article_id: int):
    return extract_article.apply(args=[article_id], task_id=f"test-{article_id}")


def test_task_extracts_the_sample_article_into_statements_and_claims(sample_article):
    assert run_task(sample_article.pk).result is True

    article = Article.objects.get(pk=sample_article.pk)
    statements = list(article.statements.select_related("speaker"))
    assert article.extraction_status == ExtractionStatus.DONE
    assert article.extractor_version == EXTRACTOR_VERSION
    assert article.extraction_attempts == 1
    assert len(statements) >= 8
    assert all(article.text[s.start : s.end] == s.content for s in statements)
    assert {"Vladimir Putin", "Dmitry Peskov"} <= {s.speaker.name for s in statements}
    assert Claim.objects.count() == len({s.claim_id for s in statements})
    putin = Speaker.objects.get(name="Vladimir Putin")
    assert "mr putin" in set(putin.aliases.values_list("normalized", flat=True))


def test_running_the_task_twice_gives_the_same_statements(sample_article):
    run_task(sample_article.pk)
    first = sorted(Statement.objects.values_list("start", "end", "speaker__name", "claim_id"))
    Article.objects.filter(pk=sample_article.pk).update(extraction_status=ExtractionStatus.QUEUED)
    run_task(sample_article.pk)

    assert sorted(Statement.objects.values_list("start", "end", "speaker__name", "claim_id")) == first
    assert Claim.objects.count() == len({row[3] for row in first})


def test_a_finished_article_is_left_alone(sample_article):
    run_task(sample_article.pk)
    assert run_task(sample_article.pk).result is False
    assert Article.objects.get(pk=sample_article.pk).extraction_attempts == 1


def test_an_article_held_by_a_live_lease_is_not_taken(sample_article):
    assert article_claim_for_extraction(article_id=sample_article.pk, task_id="first") is not None
    assert article_claim_for_extraction(article_id=sample_article.pk, task_id="second") is None
    # Not even by a redelivery of the same message while the lease lives: one run at a time.
    assert article_claim_for_extraction(article_id=sample_article.pk, task_id="first") is None
    # Once the lease expired (its worker died), any delivery takes it over.
    Article.objects.filter(pk=sample_article.pk).update(lease_expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert article_claim_for_extraction(article_id=sample_article.pk, task_id="second") is not None
    assert Article.objects.get(pk=sample_article.pk).extraction_attempts == 2


def test_a_deleted_article_is_a_quiet_no_op(db):
    assert run_task(987654).result is False


def test_transient_database_error_is_retried_then_succeeds(sample_article):
    from claims.services import extraction

    real_store = extraction.article_store_statements
    calls = []

    def flaky_store(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("database is locked")
        return real_store(**kwargs)

    with mock.patch.object(extraction, "article_store_statements", side_effect=flaky_store):
        result = run_task(sample_article.pk)

    article = Article.objects.get(pk=sample_article.pk)
    assert result.successful()
    assert len(calls) == 2
    assert article.extraction_status == ExtractionStatus.DONE
    assert article.extraction_attempts == 2
    assert article.statements.exists()


def test_persistent_database_error_gives_up_with_the_reason(sample_article):
    with mock.patch("claims.extraction.engine.extract", side_effect=OperationalError("server closed the connection")):
        result = run_task(sample_article.pk)

    article = Article.objects.get(pk=sample_article.pk)
    assert result.failed()
    assert article.extraction_status == ExtractionStatus.FAILED
    assert "server closed the connection" in article.extraction_error
    assert article.extraction_attempts == 3


def test_extractor_bug_marks_the_article_failed_without_retrying(sample_article):
    with mock.patch("claims.extraction.engine.extract", side_effect=ValueError("bad parse")):
        run_task(sample_article.pk)

    article = Article.objects.get(pk=sample_article.pk)
    assert article.extraction_status == ExtractionStatus.FAILED
    assert article.extraction_error == "ValueError: bad parse"
    assert article.extraction_attempts == 1


def test_soft_time_limit_marks_the_article_failed(sample_article):
    with mock.patch("claims.extraction.engine.extract", side_effect=SoftTimeLimitExceeded()):
        run_task(sample_article.pk)

    article = Article.objects.get(pk=sample_article.pk)
    assert article.extraction_status == ExtractionStatus.FAILED
    assert "longer than" in article.extraction_error


def test_article_that_already_failed_three_times_is_given_up(sample_article, settings):
    Article.objects.filter(pk=sample_article.pk).update(extraction_attempts=settings.EXTRACTION_MAX_ATTEMPTS)
    run_task(sample_article.pk)

    article = Article.objects.get(pk=sample_article.pk)
    assert article.extraction_status == ExtractionStatus.FAILED
    assert article.extraction_error.startswith("Gave up after 3 attempts")
    assert not article.statements.exists()


def _statement(text: str, content: str, speaker: str = "Jana Novak", **overrides) -> ExtractedStatement:
    start = text.index(content)
    fields = {
        "speaker": speaker,
        "speaker_kind": "person",
        "speaker_aliases": ("Ms Novak",),
        "speaker_role": None,
        "content": content,
        "start": start,
        "end": start + len(content),
        "kind": "indirect",
        "cue": "said",
        "paragraph": 0,
        "confidence": 0.9,
        "evidence_hint": None,
        "evidence_cue": None,
    } | overrides
    return ExtractedStatement(**fields)


TEXT = (
    "Finance minister Jana Novak said the deficit had halved. "
    "She said taxes would not rise, providing no evidence for the claim. "
    "Ms Novak added that growth was strong."
)


def _store(article: Article, statements: list[ExtractedStatement], task_id: str = "t") -> None:
    Article.objects.filter(pk=article.pk).update(extraction_status=ExtractionStatus.RUNNING, extraction_task_id=task_id)
    assert article_store_statements(article_id=article.pk, task_id=task_id, extracted=statements)


def test_reextraction_keeps_reviewed_claims_and_their_history(db, editor):
    article = ArticleFactory(text=TEXT)
    deficit, taxes, growth = "the deficit had halved", "taxes would not rise", "growth was strong"
    _store(
        article,
        [
            _statement(TEXT, deficit),
            _statement(TEXT, taxes, evidence_hint="unevidenced", evidence_cue="providing no evidence"),
            _statement(TEXT, growth),
        ],
    )
    reviewed = Claim.objects.get(text=deficit)
    claim_set_status(
        claim=reviewed, status=ClaimStatus.CONTESTED, note="Treasury figures disagree", by=editor, expected_version=1
    )
    assert Claim.objects.get(text=taxes).suggested_status == ClaimStatus.UNEVIDENCED
    assert Claim.objects.get(text=taxes).suggested_reason == "providing no evidence"

    # A new extractor finds the deficit statement again and drops the others.
    _store(article, [_statement(TEXT, deficit, kind="indirect", confidence=0.95)], task_id="t2")

    kept = Claim.objects.get(pk=reviewed.pk)
    assert kept.status == ClaimStatus.CONTESTED
    assert kept.statements.get().confidence == 0.95
    assert ClaimReview.objects.filter(claim=kept).count() == 1
    assert not Claim.objects.filter(text__in=[taxes, growth]).exists()  # unreviewed and gone


def test_reviewed_claim_with_no_statement_left_is_kept(db, editor):
    article = ArticleFactory(text=TEXT)
    _store(article, [_statement(TEXT, "growth was strong")])
    claim = Claim.objects.get()
    claim_set_status(claim=claim, status=ClaimStatus.EVIDENCED, by=editor, expected_version=1)

    _store(article, [], task_id="t2")

    claim.refresh_from_db()
    assert claim.status == ClaimStatus.EVIDENCED
    assert claim.appearance_count == 0


def test_editor_corrections_survive_reextraction(db):
    article = ArticleFactory(text=TEXT)
    _store(article, [_statement(TEXT, "the deficit had halved"), _statement(TEXT, "growth was strong")])
    wrong = Statement.objects.get(content="growth was strong")
    Statement.objects.filter(pk=wrong.pk).update(rejected=True, origin=StatementOrigin.CORRECTED)

    _store(article, [_statement(TEXT, "the deficit had halved"), _statement(TEXT, "growth was strong")], task_id="t2")

    assert Statement.objects.filter(content="growth was strong").count() == 1
    assert Statement.objects.get(content="growth was strong").rejected
    assert Statement.objects.filter(content="the deficit had halved", origin=StatementOrigin.MACHINE).count() == 1


def test_same_words_by_same_speaker_in_two_articles_are_one_claim(db):
    first, second = ArticleFactory(text=TEXT), ArticleFactory(text="Later, " + TEXT)
    _store(first, [_statement(first.text, "the deficit had halved")])
    _store(second, [_statement(second.text, "the deficit had halved")], task_id="t2")

    claim = Claim.objects.get()
    assert claim.appearance_count == 2
    assert Speaker.objects.filter(name="Jana Novak").count() == 1


def test_store_is_refused_when_another_run_took_the_article(db):
    article = ArticleFactory(text=TEXT)
    Article.objects.filter(pk=article.pk).update(extraction_status=ExtractionStatus.RUNNING, extraction_task_id="new")

    assert not article_store_statements(
        article_id=article.pk, task_id="old", extracted=[_statement(TEXT, "growth was strong")]
    )
    assert not Statement.objects.exists()


def test_a_claim_said_again_elsewhere_is_seen_by_incremental_sync(db):
    first, second = ArticleFactory(text=TEXT), ArticleFactory(text="Later, " + TEXT)
    _store(first, [_statement(first.text, "the deficit had halved")])
    before = Claim.objects.get().updated_at

    _store(second, [_statement(second.text, "the deficit had halved")], task_id="t2")

    claim = Claim.objects.get()
    assert claim.appearance_count == 2
    assert claim.updated_at > before
