"""Lists over large tables count up to a cap (sources/counting.py) and say "more than" past it."""

import pytest
from django.db import connection
from django.db.models import OuterRef
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import ClaimStatus
from claims.selectors import statements as statement_selectors
from claims.templatetags.claimdesk import capped
from claims.views.common import CappedPaginator
from sources.counting import COUNT_CAP, CappedCount, capped_count
from sources.models import Article, Outlet
from tests.factories import ArticleFactory, ClaimFactory, OutletFactory, StatementFactory

pytestmark = pytest.mark.django_db


def test_a_capped_count_reads_at_most_one_row_past_the_cap():
    for _ in range(5):
        ArticleFactory()
    with CaptureQueriesContext(connection) as queries:
        assert capped_count(Article.objects.all(), cap=3) == 4
    assert "LIMIT 4" in queries.captured_queries[0]["sql"]
    assert capped_count(Article.objects.all(), cap=10) == 5


def test_a_capped_count_annotation_counts_each_row_up_to_the_cap():
    busy, quiet = OutletFactory(name="Busy"), OutletFactory(name="Quiet")
    for _ in range(5):
        ArticleFactory(outlet=busy)
    ArticleFactory(outlet=quiet)
    counts = dict(
        Outlet.objects.annotate(n=CappedCount(Article.objects.filter(outlet=OuterRef("pk")), cap=3)).values_list(
            "name", "n"
        )
    )
    assert counts == {"Busy": 4, "Quiet": 1}


def test_a_capped_count_shows_as_more_than_the_cap():
    assert capped(COUNT_CAP) == COUNT_CAP
    assert capped(COUNT_CAP + 1) == f"{COUNT_CAP:,}+"


def test_a_filtered_search_past_the_cap_says_there_are_more(reporter_client, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 3)
    claim = ClaimFactory(status=ClaimStatus.CONTESTED)
    for _ in range(5):
        StatementFactory(claim=claim)

    page = reporter_client.get(reverse("search"), {"status": ClaimStatus.CONTESTED}).content.decode()
    assert "More than 3 statements: add words or filters to narrow them" in page
    assert page.count('class="result-text"') == 3

    monkeypatch.setattr(CappedPaginator, "cap", 5)
    page = reporter_client.get(reverse("search"), {"status": ClaimStatus.CONTESTED}).content.decode()
    assert "5 statements" in page
    assert "More than" not in page


def test_a_deep_article_page_shows_its_rows_with_their_counts(reporter_client, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 30)
    for n in range(27):
        StatementFactory(article=ArticleFactory(title=f"Article {n:02d}"))
    response = reporter_client.get(reverse("article_list"), {"page": 2})
    rows = list(response.context["articles"])
    assert [a.statement_count for a in rows] == [1, 1]
    assert "Page 2 of 2" in response.content.decode()

    monkeypatch.setattr(CappedPaginator, "cap", 25)
    response = reporter_client.get(reverse("article_list"), {"page": 2})
    page = response.context["page"]
    # Past the cap no page is offered: page 2 falls back to the last one within it.
    assert (page.number, page.paginator.num_pages, page.paginator.capped) == (1, 1, True)
    assert len(response.context["articles"]) == 25


def test_a_list_paged_up_to_the_cap_says_how_to_reach_older_rows(reporter_client, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 30)
    for n in range(31):
        ArticleFactory(title=f"Article {n:02d}")
    last = reporter_client.get(reverse("article_list"), {"page": 2}).content.decode()
    assert "Only the first 30 are paged: narrow the list to reach older ones." in last
    assert 'rel="next"' not in last
    first = reporter_client.get(reverse("article_list")).content.decode()
    assert "Only the first" not in first
    assert 'rel="next"' in first


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL ranks a window of the newest matches")
def test_a_search_whose_ranking_window_is_full_says_it_shows_the_newest(reporter_client, monkeypatch):
    monkeypatch.setattr(statement_selectors, "SEARCH_RANK_WINDOW", 3)
    claim = ClaimFactory(text="Ferry fares rose again")
    for _ in range(5):
        StatementFactory(claim=claim, article=ArticleFactory())
    page = reporter_client.get(reverse("search"), {"q": "ferry"}).content.decode()
    assert "The newest 3 statements matching “ferry”, best match first" in page
    assert page.count('class="result-text"') == 3

    monkeypatch.setattr(statement_selectors, "SEARCH_RANK_WINDOW", 6)
    page = reporter_client.get(reverse("search"), {"q": "ferry"}).content.decode()
    assert "5 statements matching “ferry”" in page
    assert "The newest" not in page
