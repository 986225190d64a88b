"""Reads at archive shape: search agrees on SQLite and PostgreSQL, deep cursor pages, bench smoke.

The search fixtures run in both suite runs (SQLite and DATABASE_URL=postgres://...), asserting the
same ids, so the two backends' search paths cannot drift apart unnoticed.
"""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from claims.models import Claim, ClaimStatus
from claims.selectors import claims as claim_selectors
from claims.selectors import keyset
from claims.selectors import speakers as speaker_selectors
from claims.selectors import statements as statement_selectors
from claims.services import claim_set_status
from tests.factories import ArticleFactory, ClaimFactory, SpeakerFactory, StatementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(editor):
    putin = SpeakerFactory(name="Vladimir Putin", alias_names=["Putin", "Mr Putin"])
    kovacs = SpeakerFactory(name="Miriam Kovacs", alias_names=["Kovacs", "Defence Secretary Miriam Kovacs"])
    day = timezone.now() - dt.timedelta(days=30)
    texts = {
        "inflation": (putin, "Inflation has fallen to three per cent this year"),
        "deficit": (kovacs, "The budget deficit will double by the end of the decade"),
        "velbrook": (kovacs, "Unemployment has fallen sharply in Velbrook"),
        "army": (putin, "The army has never been stronger"),
    }
    ids = {}
    for n, (key, (speaker, text)) in enumerate(texts.items()):
        claim = ClaimFactory(speaker=speaker, text=text)
        article = ArticleFactory(published_at=day + dt.timedelta(days=n))
        ids[key] = StatementFactory(article=article, claim=claim).pk
    deficit = Claim.objects.get(statements__pk=ids["deficit"])
    claim_set_status(claim=deficit, status=ClaimStatus.CONTESTED, by=editor, expected_version=deficit.version)
    return {"ids": ids, "putin": putin, "kovacs": kovacs, "user": editor}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("inflation", {"inflation"}),
        ("fallen", {"inflation", "velbrook"}),
        ("budget deficit", {"deficit"}),
        ("Velbrook", {"velbrook"}),
        ("stronger army", {"army"}),
        ("zanzibar", set()),
    ],
)
def test_statement_search_finds_the_same_statements_on_every_backend(archive, query, expected):
    found = statement_selectors.statement_search(user=archive["user"], query=query)
    assert {s.pk for s in found} == {archive["ids"][k] for k in expected}


def test_statement_search_filters_by_speaker_and_status(archive):
    user, ids = archive["user"], archive["ids"]
    by_speaker = statement_selectors.statement_search(user=user, query="fallen", speaker_id=archive["kovacs"].pk)
    assert [s.pk for s in by_speaker] == [ids["velbrook"]]
    contested = statement_selectors.statement_search(user=user, query="deficit", status=ClaimStatus.CONTESTED)
    assert [s.pk for s in contested] == [ids["deficit"]]
    assert not statement_selectors.statement_search(user=user, query="inflation", status=ClaimStatus.CONTESTED).exists()


@pytest.mark.parametrize("typo", ["Vladimr Putin", "Vladimr Puttin", "Puttin", "Miriam Kovac"])
def test_speaker_search_tolerates_a_typo_on_every_backend(archive, typo):
    found = speaker_selectors.speaker_search(user=archive["user"], query=typo)
    expected = archive["kovacs"] if "Kovac" in typo else archive["putin"]
    assert found
    assert found[0] == expected


def test_a_deep_cursor_page_returns_the_rows_after_the_cursor(editor):
    call_command("seed_archive", "--statements", "600", "--seed", "3")
    queue = list(Claim.objects.filter(status=ClaimStatus.UNREVIEWED).order_by("-created_at", "-id"))
    assert len(queue) > 120
    cursor = keyset.cursor_encode(at=queue[99].created_at, pk=queue[99].pk, field="created_at")
    page = claim_selectors.claim_review_queue(user=editor, cursor=cursor, limit=10, order="newest")
    assert [c.pk for c in page.items] == [c.pk for c in queue[100:110]]
    walked, cursor = [], None
    for _ in range(5):
        page = claim_selectors.claim_review_queue(user=editor, cursor=cursor, limit=20, order="newest")
        walked += [c.pk for c in page.items]
        cursor = page.next_cursor
    assert walked == [c.pk for c in queue[:100]]


def test_bench_archive_runs_at_tiny_size(tmp_path, capsys):
    call_command("seed_archive", "--statements", "300", "--seed", "1")
    call_command("bench_archive", "--requests", "3", "--skip-http", "--out", str(tmp_path))
    out = capsys.readouterr().out
    assert "archive --statements 300 " in out
    for name in (
        "speaker_search_typo1",
        "speaker_search_typo2",
        "statement_search_common",
        "statement_search_rare",
        "statement_search_phrase",
        "statement_search_status",
        "statement_search_outlet",
        "statement_search_date",
        "review_queue_deep",
        "speaker_page",
    ):
        assert name in out
        assert (tmp_path / f"{name}.txt").read_text().strip()


@pytest.mark.parametrize(
    ("query", "filters"),
    [
        ("fallen", {}),
        ("Putin", {}),  # his statements by his name alone: equal ranks, newest first
        ("budget deficit", {}),
        ("Kovacs", {}),
        ("fallen", {"speaker_id": "kovacs"}),
        ("", {}),
        ("zanzibar", {}),
    ],
)
def test_a_search_page_ranks_ids_in_the_order_the_search_gives(archive, query, filters):
    filters = {key: archive[value].pk for key, value in filters.items()}
    user = archive["user"]
    ordered = [s.pk for s in statement_selectors.statement_search(user=user, query=query, **filters)]
    assert list(statement_selectors.statement_search_ids(user=user, query=query, **filters)) == ordered


def test_search_results_come_in_the_order_asked_with_what_a_row_shows_in_one_query(archive, django_assert_num_queries):
    ids = archive["ids"]
    asked = [ids["army"], ids["inflation"], ids["deficit"]]
    with django_assert_num_queries(1):
        rows = statement_selectors.statement_results(user=archive["user"], ids=asked)
        shown = [(s.speaker.name, s.claim.status, s.article.title, s.content) for s in rows]
    assert [s.pk for s in rows] == asked
    assert shown[2][:2] == ("Miriam Kovacs", ClaimStatus.CONTESTED)
    assert statement_selectors.statement_results(user=archive["user"], ids=[]) == []


def test_search_results_leave_out_what_the_reader_may_not_see(archive, outsider):
    ids = archive["ids"]
    rejected = Claim.objects.get(statements__pk=ids["army"]).statements.get()
    rejected.rejected = True
    rejected.save(update_fields=["rejected"])
    asked = [ids["army"], ids["inflation"]]
    assert [s.pk for s in statement_selectors.statement_results(user=archive["user"], ids=asked)] == [ids["inflation"]]
    assert statement_selectors.statement_results(user=outsider, ids=asked) == []
