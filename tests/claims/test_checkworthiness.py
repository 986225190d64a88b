"""Check-worthiness stored on claims: scored by the worker at extraction, rescored on re-extraction,
editors' claims scored by a task enqueued on commit, old claims by the backfill command."""

from io import StringIO
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import transaction

from claims.extraction import ExtractedStatement
from claims.extraction.checkworthiness import MODEL_VERSION, CheckWorthiness
from claims.models import Claim
from claims.services import article_store_statements, statement_add
from claims.services.intake import article_intake
from claims.tasks import extract_article, score_claims
from sources.models import Article, ExtractionStatus
from tests.factories import ArticleFactory, ClaimFactory

SAMPLE = Path(__file__).resolve().parents[2] / "sample" / "putin_address.txt"
FIGURE = "Unemployment fell to 4.2 percent last year, the lowest level since 2008."
THANKS = "Thank you all so much for coming tonight."


@pytest.fixture
def no_send():
    with mock.patch("claims.tasks.extract_article.delay"), mock.patch("claims.tasks.score_claims.delay") as score:
        yield score


def _statement(content: str, start: int, worthiness: CheckWorthiness | None = None) -> ExtractedStatement:
    return ExtractedStatement(
        speaker="Ann Lee",
        speaker_kind="person",
        speaker_aliases=("Ann Lee",),
        speaker_role=None,
        content=content,
        start=start,
        end=start + len(content),
        kind="direct",
        cue="said",
        paragraph=0,
        confidence=0.9,
        evidence_hint=None,
        evidence_cue=None,
        check_worthiness=worthiness,
    )


def _running_article() -> Article:
    text = f"{FIGURE} {THANKS}"
    return ArticleFactory(text=text, extraction_status=ExtractionStatus.RUNNING, extraction_task_id="t1")


def test_extraction_scores_every_claim_it_stores_and_enqueues_nothing(db, no_send, django_capture_on_commit_callbacks):
    article = article_intake(raw=SAMPLE.read_text(encoding="utf-8"), outlet_name="Sky News", published="2022-02-25")
    with django_capture_on_commit_callbacks(execute=True):
        assert extract_article.apply(args=[article.article.pk], task_id="t-1").result is True

    claims = list(Claim.objects.all())
    assert len(claims) >= 8
    assert {c.check_worthiness_version for c in claims} == {MODEL_VERSION}
    assert all(0 < c.check_worthiness < 1 for c in claims)
    assert all(isinstance(c.check_worthiness_reasons, list) for c in claims)
    assert any(c.check_worthiness_reasons for c in claims)
    no_send.assert_not_called()


def test_re_extraction_recomputes_the_stored_score(db, no_send, django_capture_on_commit_callbacks):
    article = article_intake(raw=SAMPLE.read_text(encoding="utf-8"), outlet_name="Sky News", published="2022-02-25")
    extract_article.apply(args=[article.article.pk], task_id="t-1")
    scored = dict(Claim.objects.values_list("pk", "check_worthiness"))
    Claim.objects.update(check_worthiness=0.5, check_worthiness_reasons=["stale"], check_worthiness_version="old")

    Article.objects.filter(pk=article.article.pk).update(extraction_status=ExtractionStatus.QUEUED)
    extract_article.apply(args=[article.article.pk], task_id="t-2")

    assert dict(Claim.objects.values_list("pk", "check_worthiness")) == scored
    assert not Claim.objects.filter(check_worthiness_version="old").exists()


def test_stored_scores_are_the_extractors(db, no_send):
    article = _running_article()
    extracted = [
        _statement(FIGURE, 0, CheckWorthiness(score=0.93, reasons=("a figure",))),
        _statement(THANKS, len(FIGURE) + 1, CheckWorthiness(score=0.04, reasons=("thanks or a greeting",))),
    ]
    article_store_statements(article_id=article.pk, task_id="t1", extracted=extracted)

    rows = dict(Claim.objects.values_list("text", "check_worthiness"))
    assert rows == {FIGURE: 0.93, THANKS: 0.04}
    assert Claim.objects.get(text=FIGURE).check_worthiness_reasons == ["a figure"]


def test_statements_stored_without_scores_send_their_claims_to_the_worker_on_commit(
    db, no_send, django_capture_on_commit_callbacks
):
    article = _running_article()
    with django_capture_on_commit_callbacks(execute=True):
        article_store_statements(article_id=article.pk, task_id="t1", extracted=[_statement(FIGURE, 0)])
    claim = Claim.objects.get()
    no_send.assert_called_once_with(claim.pk)

    assert score_claims.apply(args=[claim.pk]).result == 1
    claim.refresh_from_db()
    assert claim.check_worthiness > 0.9
    assert claim.check_worthiness_version == MODEL_VERSION
    assert "a figure" in claim.check_worthiness_reasons
    # Redelivered: the same score, nothing changed.
    assert score_claims.apply(args=[claim.pk, 999_999]).result == 0


def test_an_editors_added_statement_is_scored_by_the_worker_after_commit(
    db, editor, no_send, django_capture_on_commit_callbacks
):
    article = ArticleFactory(text=f"Ann Lee said: {FIGURE}")
    with django_capture_on_commit_callbacks(execute=True):
        statement = statement_add(article=article, by=editor, text=FIGURE, speaker_name="Ann Lee")
    no_send.assert_called_once_with(statement.claim_id)


def test_a_rolled_back_addition_enqueues_nothing(db, editor, no_send, django_capture_on_commit_callbacks):
    article = ArticleFactory(text=f"Ann Lee said: {FIGURE}")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        statement_add(article=article, by=editor, text=FIGURE, speaker_name="Ann Lee")
        transaction.set_rollback(True)
    no_send.assert_not_called()
    assert not Claim.objects.exists()


def test_backfill_scores_unscored_claims_and_rescore_takes_older_models(db):
    unscored = ClaimFactory(text=FIGURE)
    old = ClaimFactory(text=THANKS, check_worthiness=0.7, check_worthiness_version="cw-old")
    current = ClaimFactory(text="Hello.", check_worthiness=0.3, check_worthiness_version=MODEL_VERSION)
    out = StringIO()

    call_command("backfill_checkworthiness", "--batch-size", "1", stdout=out)
    assert "Scored 1 claim(s)." in out.getvalue()
    unscored.refresh_from_db()
    assert unscored.check_worthiness_version == MODEL_VERSION
    assert unscored.check_worthiness > 0.9
    assert Claim.objects.get(pk=old.pk).check_worthiness == 0.7

    call_command("backfill_checkworthiness", "--rescore", stdout=StringIO())
    old.refresh_from_db()
    assert old.check_worthiness < 0.2
    assert old.check_worthiness_version == MODEL_VERSION
    assert Claim.objects.get(pk=current.pk).check_worthiness == 0.3  # already this model's: left alone
