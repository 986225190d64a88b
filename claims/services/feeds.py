"""Feeds at the claims level: polls whose new items are fetched as articles and sent to extraction.

sources.feeds polls and records items; this module ties an item to ingestion and extraction so
that sources never needs to know about claims.
"""

from django.db import transaction
from django.utils import timezone

from claims.services.intake import article_intake
from claims.services.queueing import task_send_on_commit
from sources.feeds import services as feeds
from sources.feeds.services import PollOutcome
from sources.models import Feed, FeedItem, FeedItemStatus, Outlet
from sources.services import IngestError

POLL_FEED = "poll_feed"
INGEST_FEED_ITEM = "ingest_feed_item"


def feeds_poll_due() -> list[int]:
    """Send a poll for every due feed and re-send intake of stalled items; ids of the feeds polled."""
    feed_ids = feeds.feed_ids_take_due()
    for feed_id in feed_ids:
        task_send_on_commit(name=POLL_FEED, args=(feed_id,))
    for item_id in feeds.feed_items_stalled():
        task_send_on_commit(name=INGEST_FEED_ITEM, args=(item_id,))
    return feed_ids


def feed_follow(*, outlet: Outlet, url: str, interval_minutes: int | None = None) -> Feed:
    """Add a feed (sources.feeds.services.feed_add, FeedError on bad input) and poll it at once."""
    with transaction.atomic():
        feed = feeds.feed_add(outlet=outlet, url=url, interval_minutes=interval_minutes)
        # Leased like a due feed, so the beat does not poll it a second time meanwhile; if this
        # message is lost, the beat polls it once the lease ends.
        Feed.objects.filter(pk=feed.pk).update(next_poll_at=timezone.now() + feeds.POLL_LEASE)
        task_send_on_commit(name=POLL_FEED, args=(feed.pk,))
    return feed


def feed_poll_and_queue_items(*, feed_id: int) -> PollOutcome:
    """Poll one feed and send one intake task per new item, once the items are committed."""
    outcome = feeds.feed_poll(feed_id=feed_id)
    for item_id in outcome.new_item_ids:
        task_send_on_commit(name=INGEST_FEED_ITEM, args=(item_id,))
    return outcome


def feed_item_intake(*, item_id: int) -> FeedItem | None:
    """Fetch a feed item's page once and store it as an article queued for extraction.

    Idempotent: an item already handled, or held by another live worker, is left alone (None).
    An item whose link or text is already stored becomes a duplicate of that article. A page
    that cannot be fetched or has no article text fails this item only.
    """
    item = feeds.feed_item_take(item_id=item_id)
    if item is None:
        return None
    known = feeds.feed_item_known_article(item=item)
    if known is not None:
        feeds.feed_item_finish(item=item, status=FeedItemStatus.DUPLICATE, article=known)
        return item
    try:
        result = article_intake(
            fetch=True,
            url=item.url,
            title=item.title,
            outlet_name=item.feed.outlet.name,
            byline=item.author,
            published=item.published_at,
        )
    except IngestError as exc:
        feeds.feed_item_finish(item=item, status=FeedItemStatus.FAILED, error=str(exc))
        return item
    status = FeedItemStatus.INGESTED if result.created else FeedItemStatus.DUPLICATE
    feeds.feed_item_finish(item=item, status=status, article=result.article)
    return item
