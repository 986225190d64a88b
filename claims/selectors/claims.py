"""Claim reads: lists, one claim, its history and appearances, the review queue, status counts, the API list."""

import datetime as dt
import hashlib
from typing import Any

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

from claims.models import Claim, ClaimReview, ClaimStatus, Statement
from claims.permissions import user_can_read
from claims.selectors.common import User, filter_given, published_between, search_words
from claims.selectors.keyset import KeysetPage, keyset_page_or_first
from claims.selectors.statements import statement_list

# Seconds a per-status count may be served from the cache (see claim_status_counts).
COUNTS_TTL = 30


def claim_list(*, user: User) -> QuerySet[Claim]:
    if not user_can_read(user):
        return Claim.objects.none()
    return Claim.objects.select_related("speaker")


def claim_get(*, user: User, claim_id: int) -> Claim | None:
    return claim_list(user=user).filter(pk=claim_id).first()


def claim_review_list(*, claim: Claim) -> QuerySet[ClaimReview]:
    """A claim's history, newest first."""
    return claim.reviews.select_related("reviewer").order_by("-created_at", "-id")


def claim_appearance_list(*, user: User, claim: Claim, exclude_article_id: int | None = None) -> QuerySet[Statement]:
    """Where else the claim was said: its statements in other articles."""
    queryset = statement_list(user=user).filter(claim=claim).order_by("-published_at", "-id")
    if exclude_article_id is not None:
        queryset = queryset.exclude(article_id=exclude_article_id)
    return queryset


def claim_queue_filter(
    *,
    user: User,
    status: str | None = ClaimStatus.UNREVIEWED,
    speaker_id: int | None = None,
    outlet_id: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    suggested_status: str | None = None,
) -> QuerySet[Claim]:
    """Claims matching the review queue's filters; outlet and dates are where the claim was said."""
    queryset = filter_given(
        claim_list(user=user), status=status, speaker_id=speaker_id, suggested_status=suggested_status
    )
    said = filter_given(
        Statement.objects.filter(claim=OuterRef("pk"), rejected=False),
        article__outlet_id=outlet_id,
        **published_between(date_from, date_to),
    )
    # EXISTS, not a join: a claim said twice in the outlet is still one row.
    return queryset.filter(Exists(said))


# The review queue's orders: the key is the `order` query parameter, the value the keyset field.
QUEUE_ORDERS = {"worthy": "check_worthiness", "newest": "created_at"}


def claim_review_queue(
    *, user: User, cursor: str | None = None, limit: int = 25, order: str = "worthy", **filters: Any
) -> KeysetPage:
    """Unreviewed claims (or `status=`), most check-worthy first (or `order="newest"`), keyset-paginated.

    Served by claim_worthy_queue_idx or claim_queue_idx: (status, key desc, id desc).
    """
    field = QUEUE_ORDERS.get(order, QUEUE_ORDERS["worthy"])
    return keyset_page_or_first(claim_queue_filter(user=user, **filters), field=field, cursor=cursor, limit=limit)


def claim_status_counts(*, claims: QuerySet[Claim]) -> dict[str, int]:
    """How many of `claims` have each status, in one query, cached briefly.

    At 300,000 claims the count is a scan (~100+ ms), too slow for every queue page. The cache key
    holds the query and a freshness stamp read from three indexes (newest claim change, newest
    review, newest statement), so a review or a new extraction shows at once; a rejection or merge
    that changes no claim row may show up to COUNTS_TTL seconds late.
    """
    try:
        sql = str(claims.order_by().query)
    except EmptyResultSet:  # claims.none(): nothing to count
        return dict.fromkeys(ClaimStatus.values, 0)
    key = "claim-status-counts:" + hashlib.sha256(f"{sql}|{_counts_stamp()}".encode()).hexdigest()
    cached = cache.get(key)
    if cached is not None:
        return cached
    totals = claims.order_by().aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in ClaimStatus.values}
    )
    counts = {status: totals[status] or 0 for status in ClaimStatus.values}
    cache.set(key, counts, COUNTS_TTL)
    return counts


def _counts_stamp() -> str:
    """One query, four index look-ups (claim_sync_idx and three primary keys)."""
    tables = {m: m._meta.db_table for m in (Claim, ClaimReview, Statement)}
    sql = (
        f"SELECT (SELECT MAX(updated_at) FROM {tables[Claim]}), (SELECT MAX(id) FROM {tables[Claim]}), "  # noqa: S608
        f"(SELECT MAX(id) FROM {tables[ClaimReview]}), (SELECT MAX(id) FROM {tables[Statement]})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return "|".join(str(value) for value in cursor.fetchone())


def claim_api_list(
    *,
    user: User,
    status: str | None = None,
    speaker_id: int | None = None,
    speaker_slug: str | None = None,
    article_id: int | None = None,
    outlet_id: int | None = None,
    updated_since: dt.datetime | None = None,
    query: str = "",
    appearance_limit: int | None = None,
) -> QuerySet[Claim]:
    """Claims with speaker, appearances (`visible_statements`) and latest review (`latest_reviews`).

    `appearance_limit` keeps each claim's first appearances only (a window function in the same
    prefetch query): a list page must not carry every one of a claim said thousands of times.

    Three queries for any number of rows: claims, their statements with articles, their latest
    reviews. Article and outlet filters are EXISTS, so a claim said twice there is still one row.
    """
    queryset = filter_given(
        claim_list(user=user),
        status=status,
        speaker_id=speaker_id,
        speaker__slug=speaker_slug,
        updated_at__gte=updated_since,
    )
    if article_id or outlet_id:
        said = Statement.objects.filter(claim=OuterRef("pk"), rejected=False)
        said = filter_given(said, article_id=article_id, article__outlet_id=outlet_id)
        queryset = queryset.filter(Exists(said))
    for word in search_words(query):
        queryset = queryset.filter(text__icontains=word)
    appearances = (
        Statement.objects.filter(rejected=False)
        .select_related("article")
        .only("id", "claim_id", "start", "end", "published_at", "article__id", "article__title", "article__url")
        .order_by("published_at", "pk")
    )
    if appearance_limit is not None:
        appearances = appearances[:appearance_limit]
    latest = ClaimReview.objects.filter(claim_id=OuterRef("claim_id")).order_by("-created_at", "-pk").values("pk")[:1]
    return queryset.prefetch_related(
        Prefetch("statements", queryset=appearances, to_attr="visible_statements"),
        Prefetch(
            "reviews",
            queryset=ClaimReview.objects.filter(pk=Subquery(latest)).select_related("reviewer"),
            to_attr="latest_reviews",
        ),
    )
