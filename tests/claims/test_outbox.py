"""The extraction outbox: send_after, leases, the heartbeat and the sweep."""

import datetime as dt
import os
import time
from unittest import mock

import pytest
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from claims.services import article_outbox_sweep
from claims.services.intake import article_intake
from claims.services.outbox import article_claim_for_extraction, article_lease_heartbeat, article_send_extraction
from sources.models import Article, ExtractionStatus
from tests.factories import ArticleFactory

TEXT = "The minister said the economy grew. Officials said growth was strong."


@pytest.fixture
def delay():
    with mock.patch("claims.tasks.extract_article.delay") as delay:
        yield delay


def _ago(seconds: float) -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=seconds)


def test_ingest_stores_the_article_due_later_and_sends_on_commit(db, delay, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article = article_intake(raw=TEXT).article

    article.refresh_from_db()
    delay.assert_called_once_with(article.pk)
    assert article.extraction_status == ExtractionStatus.QUEUED
    assert article.send_after > timezone.now()  # sent: not due again before the resend delay


def test_ingest_with_the_broker_down_is_stored_and_left_due(db, django_capture_on_commit_callbacks, caplog):
    with (
        mock.patch("claims.tasks.extract_article.delay", side_effect=BrokerError("Error 111 connecting")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        article = article_intake(raw=TEXT).article

    article.refresh_from_db()
    assert article.extraction_status == ExtractionStatus.QUEUED
    assert article.send_after <= timezone.now()
    assert "stays queued for the sweep" in caplog.text


def test_send_reports_a_refused_message(db):
    article = ArticleFactory(extraction_status=ExtractionStatus.QUEUED, send_after=timezone.now() + dt.timedelta(1))
    with mock.patch("claims.tasks.extract_article.delay", side_effect=ConnectionError("refused")):
        assert article_send_extraction(article_id=article.pk) is False
    assert Article.objects.get(pk=article.pk).send_after <= timezone.now()


def test_claim_takes_a_lease_and_records_the_holder(db, settings):
    article = ArticleFactory(extraction_status=ExtractionStatus.QUEUED, send_after=_ago(1))

    claimed = article_claim_for_extraction(article_id=article.pk, task_id="t1")

    assert claimed.extraction_status == ExtractionStatus.RUNNING
    assert claimed.lease_holder.endswith(f":{os.getpid()}")
    assert claimed.send_after is None
    lease_left = (claimed.lease_expires_at - timezone.now()).total_seconds()
    assert settings.EXTRACTION_LEASE - 5 < lease_left <= settings.EXTRACTION_LEASE


def test_sweep_takes_back_expired_leases_and_sends_due_articles_only(db, delay, settings):
    dead = ArticleFactory(
        extraction_status=ExtractionStatus.RUNNING, extraction_task_id="dead", lease_expires_at=_ago(1)
    )
    alive = ArticleFactory(
        extraction_status=ExtractionStatus.RUNNING, extraction_task_id="alive", lease_expires_at=_ago(-20)
    )
    lost = ArticleFactory(extraction_status=ExtractionStatus.QUEUED, send_after=_ago(5))
    never_sent = ArticleFactory(extraction_status=ExtractionStatus.QUEUED, send_after=None)
    waiting = ArticleFactory(extraction_status=ExtractionStatus.QUEUED, send_after=_ago(-30))
    done = ArticleFactory(extraction_status=ExtractionStatus.DONE, send_after=_ago(100))

    result = article_outbox_sweep()

    assert result.reclaimed == 1
    assert sorted(result.sent) == sorted([dead.pk, lost.pk, never_sent.pk])
    assert sorted(call.args[0] for call in delay.call_args_list) == sorted(result.sent)
    statuses = dict(Article.objects.values_list("pk", "extraction_status"))
    assert statuses[dead.pk] == ExtractionStatus.QUEUED
    assert statuses[alive.pk] == ExtractionStatus.RUNNING
    assert statuses[done.pk] == ExtractionStatus.DONE
    assert Article.objects.get(pk=waiting.pk).send_after == waiting.send_after
    # Sent articles are due again only after the resend delay.
    assert Article.objects.get(pk=lost.pk).send_after > timezone.now()


def test_sweep_sends_due_articles_while_others_are_running(db, delay):
    # No "wait longer while workers are busy" rule: a lost message is re-sent whatever else runs.
    ArticleFactory(
        extraction_status=ExtractionStatus.RUNNING, lease_expires_at=_ago(-20), extraction_started_at=_ago(1)
    )
    lost = ArticleFactory(extraction_status=ExtractionStatus.QUEUED, send_after=_ago(1))

    assert article_outbox_sweep().sent == [lost.pk]


def test_sweep_with_the_broker_down_leaves_everything_due(db):
    due = [ArticleFactory(extraction_status=ExtractionStatus.QUEUED, send_after=_ago(5)).pk for _ in range(3)]

    with mock.patch("claims.tasks.extract_article.delay", side_effect=BrokerError("down")) as delay:
        result = article_outbox_sweep()

    assert result.sent == []
    assert delay.call_count == 1  # stops at the first refusal instead of timing out on each
    assert Article.objects.filter(pk__in=due, send_after__lte=timezone.now()).count() == 3


def test_a_running_row_from_before_leases_is_taken_back_after_the_time_limit(db, delay, settings):
    old = ArticleFactory(
        extraction_status=ExtractionStatus.RUNNING,
        lease_expires_at=None,
        extraction_started_at=_ago(settings.EXTRACTION_TIME_LIMIT + 60),
    )
    recent = ArticleFactory(
        extraction_status=ExtractionStatus.RUNNING, lease_expires_at=None, extraction_started_at=_ago(5)
    )

    assert article_outbox_sweep().sent == [old.pk]
    assert Article.objects.get(pk=recent.pk).extraction_status == ExtractionStatus.RUNNING


@pytest.mark.django_db(transaction=True)
def test_heartbeat_renews_the_lease_while_the_work_runs(settings):
    settings.EXTRACTION_HEARTBEAT = 0.2
    article = ArticleFactory(extraction_status=ExtractionStatus.QUEUED)
    claimed = article_claim_for_extraction(article_id=article.pk, task_id="beating")
    Article.objects.filter(pk=article.pk).update(lease_expires_at=_ago(-1))  # nearly expired

    with article_lease_heartbeat(article_id=article.pk, task_id="beating"):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            lease = Article.objects.values_list("lease_expires_at", flat=True).get(pk=article.pk)
            if lease > claimed.lease_expires_at - dt.timedelta(seconds=1):
                break
            time.sleep(0.1)

    assert lease > timezone.now() + dt.timedelta(seconds=settings.EXTRACTION_LEASE - 5)


@pytest.mark.django_db(transaction=True)
def test_heartbeat_stops_once_the_lease_was_taken_over(settings):
    settings.EXTRACTION_HEARTBEAT = 0.1
    article = ArticleFactory(extraction_status=ExtractionStatus.QUEUED)
    article_claim_for_extraction(article_id=article.pk, task_id="old")
    Article.objects.filter(pk=article.pk).update(extraction_task_id="new", lease_expires_at=_ago(-5))

    with article_lease_heartbeat(article_id=article.pk, task_id="old"):
        time.sleep(0.5)

    lease = Article.objects.values_list("lease_expires_at", flat=True).get(pk=article.pk)
    assert lease < timezone.now() + dt.timedelta(seconds=6)  # the new holder's lease, not renewed by "old"
