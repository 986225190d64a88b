"""Feeds' reads, shaped for the outlet pages. Callers check who may read (claims.permissions)."""

from django.db.models import Count, OuterRef, Q, QuerySet

from sources.counting import CappedCount
from sources.models import Article, Feed, FeedItem, Outlet


def outlet_list_with_counts() -> QuerySet[Outlet]:
    """Outlets by name, each with `feed_count`, `paused_count` and `article_count` (one query);
    `article_count` stops at COUNT_CAP + 1 (sources/counting.py)."""
    return Outlet.objects.annotate(
        feed_count=Count("feeds", distinct=True),
        paused_count=Count("feeds", filter=Q(feeds__paused=True), distinct=True),
        article_count=CappedCount(Article.objects.filter(outlet=OuterRef("pk"))),
    ).order_by("name", "id")


def outlet_feeds(*, outlet: Outlet) -> QuerySet[Feed]:
    """The outlet's feeds, paused and failing ones first, then by address."""
    return Feed.objects.filter(outlet=outlet).order_by("-paused", "-consecutive_errors", "url")


def outlet_recent_items(*, outlet: Outlet, limit: int = 20) -> QuerySet[FeedItem]:
    """The newest items of the outlet's feeds with their outcome and article (one query)."""
    return (
        FeedItem.objects.filter(feed__outlet=outlet)
        .select_related("article")
        .only("title", "url", "status", "error", "published_at", "created_at", "article__id", "article__title")
        .order_by("-created_at", "-id")[:limit]
    )
