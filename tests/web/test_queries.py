"""A list page costs the same number of queries for 1 row or 10 (STYLE 10)."""

from collections.abc import Callable

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import ClaimStatus
from sources.models import FeedItem
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    ClaimReviewFactory,
    FeedFactory,
    OutletFactory,
    SpeakerFactory,
    StatementFactory,
    UserFactory,
    WebhookEndpointFactory,
)

pytestmark = pytest.mark.django_db


def _queries(client, url: str, params: dict | None = None) -> list[str]:
    client.get(url, params or {})  # warm the session
    cache.clear()  # count the worst case: nothing cached (e.g. status counts)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code in (200, 286)
    return [q["sql"] for q in ctx.captured_queries]


def _same_cost(client, make_row: Callable[[int], None], url: Callable[[], str], params: dict | None = None) -> None:
    make_row(0)
    one = _queries(client, url(), params)
    for n in range(1, 10):
        make_row(n)
    ten = _queries(client, url(), params)
    assert len(one) == len(ten), "\n".join(["1 row:", *one, "10 rows:", *ten])


def test_article_list(reporter_client):
    def row(n):
        StatementFactory(claim=ClaimFactory(status=ClaimStatus.CONTESTED))

    _same_cost(reporter_client, row, lambda: reverse("article_list"))


def test_review_queue(reporter_client):
    _same_cost(reporter_client, lambda n: StatementFactory(), lambda: reverse("review_queue"))


def test_search_results(reporter_client):
    _same_cost(
        reporter_client,
        lambda n: StatementFactory(claim=ClaimFactory(text=f"the budget line {n}")),
        lambda: reverse("search"),
        {"q": "budget"},
    )


def test_speaker_list(reporter_client):
    _same_cost(reporter_client, lambda n: SpeakerFactory(alias_names=[f"Alias {n}"]), lambda: reverse("speaker_list"))


def test_speaker_statements(reporter_client):
    speaker = SpeakerFactory(slug="the-speaker")
    _same_cost(
        reporter_client,
        lambda n: StatementFactory(claim=ClaimFactory(speaker=speaker)),
        lambda: reverse("speaker_detail", args=["the-speaker"]),
    )


def test_article_statements(reporter_client):
    article = ArticleFactory()
    _same_cost(
        reporter_client,
        lambda n: StatementFactory(article=article, claim=ClaimFactory(speaker=SpeakerFactory())),
        lambda: reverse("article_detail", args=[article.pk]),
    )


def test_article_statements_for_editor(editor_client):
    article = ArticleFactory()
    _same_cost(
        editor_client,
        lambda n: StatementFactory(article=article, claim=ClaimFactory(speaker=SpeakerFactory())),
        lambda: reverse("article_detail", args=[article.pk]),
    )


def test_claim_history_and_appearances(editor_client):
    claim = ClaimFactory()

    def row(n):
        StatementFactory(claim=claim)
        ClaimReviewFactory(claim=claim, version=n + 2)

    _same_cost(editor_client, row, lambda: reverse("claim_detail", args=[claim.pk]))


def test_outlet_list(reporter_client):
    def row(n):
        outlet = OutletFactory()
        FeedFactory(outlet=outlet, paused=bool(n % 2))
        ArticleFactory(outlet=outlet)

    _same_cost(reporter_client, row, lambda: reverse("outlet_list"))


def test_outlet_feeds_and_items(reporter_client):
    outlet = OutletFactory()

    def row(n):
        feed = FeedFactory(outlet=outlet)
        FeedItem.objects.create(feed=feed, key=f"{n:064d}", url=f"https://x.example/{n}", article=ArticleFactory())

    _same_cost(reporter_client, row, lambda: reverse("outlet_detail", args=[outlet.pk]))


def test_webhook_endpoints(client):
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    _same_cost(
        client,
        lambda n: WebhookEndpointFactory(owner=admin if n % 2 else UserFactory(is_staff=True)),
        lambda: reverse("webhook_endpoints"),
    )


def test_review_queue_with_repeats_first(reporter_client):
    def row(n):
        claim = ClaimFactory(status=ClaimStatus.CONTESTED, repeat=True)
        StatementFactory(claim=claim)
        StatementFactory()

    _same_cost(reporter_client, row, lambda: reverse("review_queue"), {"repeats_first": "on"})
