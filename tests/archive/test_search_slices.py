"""Reading search matches in slices of time returns exactly the newest matches, whatever the estimate.

PostgreSQL only (the slices serve its full-text search); the SQLite run skips this module.
"""

import datetime as dt

import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.utils import timezone

from claims import search_slices
from claims.models import Statement
from tests.factories import ArticleFactory, ClaimFactory, StatementFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text slices are PostgreSQL's"),
]


@pytest.fixture
def spread():
    """Forty matching statements over two years, a few hours to months apart, and some that do not match."""
    now = timezone.now()
    claim = ClaimFactory(text="Inflation has fallen again")
    other = ClaimFactory(text="The army has never been stronger")
    for n in range(40):
        at = now - dt.timedelta(hours=3 * n * n + 1)
        StatementFactory(claim=claim, article=ArticleFactory(published_at=at))
        if n % 3 == 0:
            StatementFactory(claim=other, article=ArticleFactory(published_at=at))
    search_slices.stats_forget()
    return Statement.objects.filter(search_vector=SearchQuery("inflation", config="english"))


def _newest(matches, n):
    return list(matches.order_by("-published_at", "-id").values_list("pk", flat=True)[:n])


def _newest_ids(matches, **kwargs):
    return [pk for (pk,) in search_slices.newest_matches(matches, **kwargs)]


@pytest.mark.parametrize("total", [0.0, 1e-9, 0.01, 0.5, 1.0])
@pytest.mark.parametrize("limit", [1, 7, 40, 100])
def test_slices_return_the_newest_matches_in_order_for_any_estimate(spread, total, limit):
    share = search_slices.Share(words=total, total=total)
    assert _newest_ids(spread, share=share, limit=limit) == _newest(spread, limit)


def test_slices_respect_the_searchs_own_date_bounds(spread):
    now = timezone.now()
    since, before = now - dt.timedelta(days=60), now - dt.timedelta(days=5)
    bounded = spread.filter(published_at__gte=since, published_at__lt=before)
    share = search_slices.Share(words=0.5, total=0.5)
    found = _newest_ids(bounded, share=share, limit=5, date_from=since, date_before=before)
    assert found == _newest(bounded, 5)
    assert found


def test_the_walk_for_common_words_leaves_the_planner_settings_as_they_were(spread):
    share = search_slices.Share(words=0.9, total=0.9)
    search_slices.newest_matches(spread, share=share, limit=3)
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_bitmapscan")
        assert cursor.fetchone()[0] == "on"


def test_the_estimate_reads_word_and_filter_frequencies_from_the_statistics(spread):
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE claims_statement")
    search_slices.stats_forget()
    common = search_slices.match_share(query="inflation", filters={}, speaker_ids=[])
    unknown = search_slices.match_share(query="zanzibar", filters={}, speaker_ids=[])
    assert common.words > 0.5  # 40 of 54 statements
    assert unknown.words == 0.0
    filtered = search_slices.match_share(query="inflation", filters={"claim_status": "contested"}, speaker_ids=[])
    assert filtered.words == common.words
    assert filtered.total < common.total
    search_slices.stats_forget()  # the next tests must not plan with this test's statistics


@pytest.mark.parametrize("words", [0.0, 0.001, 0.9])
@pytest.mark.parametrize("column", ["speaker_id", "claim_status", "outlet_id"])
def test_filters_select_the_same_statements_through_an_index_or_row_by_row(spread, words, column):
    value = getattr(spread.order_by("id").first(), column)
    share = search_slices.Share(words=words, total=words)
    applied = search_slices.filters_apply(spread, filters={column: value}, share=share)
    assert set(applied.values_list("pk", flat=True)) == set(
        spread.filter(**{column: value}).values_list("pk", flat=True)
    )
    sql = str(applied.values("pk").query)
    # A rare word's matches are few: the filter (here on every statement) is checked on them, never
    # ANDed in as its own index's bitmap. A common word walks the filter's date-ordered index.
    indexable = f'"claims_statement"."{column}" = ' in sql
    assert indexable == (words >= 0.5), sql
