"""Speakers' stored statement and contested counts never drift from a recount.

Each service that adds, removes, rejects or re-attributes statements, or changes a claim's status
or speaker, is run; then speaker_counts_drift() must be empty and the counts must be the new ones.
The lists, search and the contested sort read these stored counts.
"""

import threading
import time

import pytest
from django.db import close_old_connections, connection, transaction
from django.urls import reverse

from claims.models import ClaimStatus, Speaker, Statement
from claims.selectors import speakers as speaker_selectors
from claims.selectors import track_record
from claims.services import (
    claim_set_status,
    speaker_merge,
    speakers_refresh_counts,
    statement_add,
    statement_correct_speaker,
    statement_reject,
)
from tests.claims.test_matching_service import _article, store
from tests.factories import ArticleFactory, ClaimFactory, SpeakerFactory, StatementFactory

pytestmark = pytest.mark.django_db

SAID = "Inflation fell to 2% in March."
ALSO = "Unemployment is at a record low."


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run services as committed requests do: their after-commit work (the recounts) runs on return."""

    def run(service, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(*args, **kwargs)

    return run


def counts(speaker: Speaker) -> tuple[int, int]:
    speaker.refresh_from_db()
    return speaker.statement_count, speaker.contested_count


def assert_no_drift() -> None:
    assert list(speaker_selectors.speaker_counts_drift().values_list("name", flat=True)) == []


def test_drift_check_finds_a_count_changed_behind_the_services():
    statement = StatementFactory()
    assert_no_drift()
    Speaker.objects.filter(pk=statement.speaker_id).update(statement_count=5)
    assert list(speaker_selectors.speaker_counts_drift()) == [statement.speaker]


def test_extraction_counts_new_speakers_and_re_extraction_uncounts_the_dropped_ones(committed):
    article = _article(3, SAID, ALSO)
    committed(store, article, ("Rachel Reeves", SAID), ("Rachel Reeves", ALSO))
    reeves = Speaker.objects.get(name="Rachel Reeves")
    assert counts(reeves) == (2, 0)

    committed(store, article, ("Rachel Reeves", SAID), ("Jeremy Hunt", ALSO))  # re-extraction: one elsewhere
    assert counts(reeves) == (1, 0)
    assert counts(Speaker.objects.get(name="Jeremy Hunt")) == (1, 0)
    assert_no_drift()


def test_corrections_move_reject_and_add_statements(editor, committed):
    first, second = StatementFactory(), StatementFactory()
    first_speaker, other = first.speaker, SpeakerFactory()
    committed(statement_correct_speaker, statement=first, by=editor, speaker=other)
    committed(statement_reject, statement=second, by=editor)
    article = ArticleFactory(text=f"She said: {SAID}")
    committed(statement_add, article=article, by=editor, text=SAID, speaker=other)

    assert counts(first_speaker) == (0, 0)
    assert counts(second.speaker) == (0, 0)
    assert counts(other) == (2, 0)
    assert_no_drift()


def test_verdicts_count_contested_claims_and_the_contested_sort_follows(editor, reporter, committed):
    quiet, loud = StatementFactory(), StatementFactory()
    claim = loud.claim
    committed(claim_set_status, claim=claim, status=ClaimStatus.CONTESTED, note="No.", by=editor, expected_version=1)
    assert counts(loud.speaker) == (1, 1)
    order = track_record.speaker_list_sorted(speakers=speaker_selectors.speaker_list(user=reporter), sort="contested")
    assert order.first() == loud.speaker

    committed(claim_set_status, claim=claim, status=ClaimStatus.EVIDENCED, note="Yes.", by=editor, expected_version=2)
    assert counts(loud.speaker) == (1, 0)
    assert counts(quiet.speaker) == (1, 0)
    assert_no_drift()


def test_a_speaker_merge_adds_statements_and_contested_claims_to_the_target(editor, committed):
    source, target = SpeakerFactory(), SpeakerFactory()
    StatementFactory(claim=ClaimFactory(speaker=source, status=ClaimStatus.CONTESTED))
    StatementFactory(claim=ClaimFactory(speaker=target))
    committed(speaker_merge, source=source, target=target, by=editor)
    assert counts(target) == (2, 1)
    assert_no_drift()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite runs one writer at a time")
def test_two_transactions_adding_statements_for_one_speaker_count_both():
    """Each transaction's recount runs after its commit, locked: the later one counts both."""
    speaker = SpeakerFactory()
    claim = ClaimFactory(speaker=speaker)
    article = ArticleFactory(text=f"{speaker.name} said {claim.text}.")
    start = article.text.index(claim.text)
    both_added = threading.Barrier(2, timeout=20)
    errors = []

    def add_one(first: bool) -> None:
        try:
            with transaction.atomic():
                Statement.objects.create(
                    article=article, speaker=speaker, claim=claim, content=claim.text, start=start,
                    end=start + len(claim.text), kind="direct", published_at=article.published_at,
                )  # fmt: skip
                both_added.wait()  # each has its statement, uncommitted, before either recounts
                # the second recounts while the first, recounted, has not committed yet
                time.sleep(0 if first else 0.3)
                speakers_refresh_counts(speaker_ids=[speaker.pk])
                time.sleep(1 if first else 0)
        except Exception as exc:
            errors.append(exc)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=add_one, args=(first,)) for first in (True, False)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert counts(speaker)[0] == 2
    assert_no_drift()


def test_deleting_a_statement_in_the_admin_recounts_its_speaker(admin_client, committed):
    kept, deleted = StatementFactory(), StatementFactory()
    StatementFactory(claim=deleted.claim, article=ArticleFactory())
    speaker = deleted.speaker

    url = reverse("admin:claims_statement_delete", args=[deleted.pk])
    response = committed(admin_client.post, url, {"post": "yes"})

    assert response.status_code == 302
    assert counts(speaker) == (1, 0)
    assert counts(kept.speaker) == (1, 0)
    assert_no_drift()


def test_a_failing_recount_after_commit_never_fails_the_saved_review(editor, committed, monkeypatch, caplog):
    from django.db import OperationalError

    from claims.services import speakers as speaker_services

    def recount_fails(**kwargs):
        raise OperationalError("deadlock detected")

    monkeypatch.setattr(speaker_services, "speakers_recount_now", recount_fails)
    claim = StatementFactory().claim
    review = committed(
        claim_set_status, claim=claim, status=ClaimStatus.CONTESTED, note="No.", by=editor, expected_version=1
    )
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.CONTESTED
    assert review.pk is not None
    assert "deadlock detected" in caplog.text
