"""Feeds' writes: adding a feed, taking due feeds, polling with conditional GET and backoff, item outcomes.

Sources level: nothing here knows about extraction. claims.services.feeds wraps polling and item
intake so that new articles are sent to extraction.
"""

import datetime as dt
import hashlib
import random
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from sources.feeds.parsing import FeedEntry, FeedParseError, parse_feed
from sources.fetching import FetchError, HttpAnswer, http_request
from sources.models import Article, Feed, FeedItem, FeedItemStatus, Outlet

# A feed handed to a worker is not handed out again for this long, unless its poll finished first.
POLL_LEASE = dt.timedelta(minutes=5)
# A taken item whose worker died is taken again after this long.
ITEM_LEASE = dt.timedelta(minutes=10)


class FeedError(ValueError):
    """A feed that cannot be added as given; the message is shown to the editor."""


@dataclass(frozen=True)
class PollOutcome:
    status: str  # "fetched", "not_modified", "failed" or "skipped" (gone or paused)
    new_item_ids: list[int] = field(default_factory=list)
    message: str = ""


def feed_add(*, outlet: Outlet, url: str, interval_minutes: int | None = None) -> Feed:
    """Follow a feed for an outlet, polled first at once. Raises FeedError for a bad or known URL."""
    url = url.strip()
    interval = settings.FEEDS_DEFAULT_INTERVAL if interval_minutes is None else interval_minutes
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise FeedError(f"{url or '(empty)'!r} is not an http(s) URL.") from None
    if not 1 <= interval <= 1440:
        raise FeedError("The interval must be between 1 and 1440 minutes.")
    known = Feed.objects.filter(url=url).select_related("outlet").first()
    if known:
        raise FeedError(f"This feed is already followed for {known.outlet.name}.")
    feed = Feed(outlet=outlet, url=url, interval_minutes=interval, next_poll_at=timezone.now())
    feed.full_clean(exclude=["outlet"])
    feed.save()
    return feed


def feed_resume(*, feed: Feed) -> None:
    """Unpause a feed and poll it at once, with its error count reset."""
    Feed.objects.filter(pk=feed.pk).update(
        paused=False, pause_reason="", consecutive_errors=0, next_poll_at=timezone.now()
    )


def feed_ids_take_due(*, now: dt.datetime | None = None, limit: int = 500) -> list[int]:
    """Ids of feeds due for a poll, each leased for POLL_LEASE so the next beat does not take it too.

    Two beats racing may both take a feed; a double poll only costs a request, since items are
    unique per feed and taken once.
    """
    now = now or timezone.now()
    due = Q(paused=False, next_poll_at__lte=now)
    ids = list(Feed.objects.filter(due).order_by("next_poll_at").values_list("pk", flat=True)[:limit])
    Feed.objects.filter(due, pk__in=ids).update(next_poll_at=now + POLL_LEASE)
    return ids


def _conditional_headers(feed: Feed) -> dict[str, str]:
    headers = {"Accept": "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9"}
    if feed.etag:
        headers["If-None-Match"] = feed.etag
    if feed.last_modified:
        headers["If-Modified-Since"] = feed.last_modified
    return headers


def feed_poll(*, feed_id: int, now: dt.datetime | None = None) -> PollOutcome:
    """Fetch a feed (conditional GET), record its new items, schedule the next poll.

    Errors (network, HTTP status, size, not a feed) are recorded on the feed, back it off
    exponentially with jitter and pause it after FEEDS_PAUSE_AFTER_ERRORS in a row.
    """
    now = now or timezone.now()
    feed = Feed.objects.filter(pk=feed_id, paused=False).first()
    if feed is None:
        return PollOutcome("skipped")
    retry_after = None
    try:
        answer = http_request(
            "GET",
            feed.url,
            timeout=settings.FEEDS_FETCH_TIMEOUT,
            max_bytes=settings.FEEDS_MAX_BYTES,
            headers=_conditional_headers(feed),
            allow_private=settings.INGEST_ALLOW_PRIVATE_URLS,
        )
        if answer.status == 304:
            _poll_succeeded(feed, now=now, answer=None, new_count=0, note="")
            return PollOutcome("not_modified")
        if answer.status != 200:
            retry_after = _retry_after(answer)
            raise FetchError(f"The feed answered HTTP {answer.status}.")
        body_hash = hashlib.sha256(answer.body).hexdigest()
        if body_hash == feed.body_hash:
            # Servers that ignore conditional requests: the same bytes again are not parsed again.
            _poll_succeeded(feed, now=now, answer=answer, new_count=0, note=feed.last_error)
            return PollOutcome("not_modified")
        parsed = parse_feed(answer.body, content_type=answer.headers.get("content-type", ""), base_url=answer.url)
    except (FetchError, FeedParseError) as exc:
        return _poll_failed(feed, now=now, message=str(exc), retry_after=retry_after)
    note = _skipped_note(parsed.skipped)
    with transaction.atomic():
        new_ids = _record_entries(feed, parsed.entries)
        _poll_succeeded(feed, now=now, answer=answer, new_count=len(new_ids), note=note)
        Feed.objects.filter(pk=feed.pk).update(body_hash=body_hash)
    return PollOutcome("fetched", new_ids, note)


def _skipped_note(skipped: list[str]) -> str:
    if not skipped:
        return ""
    return f"Last poll skipped {len(skipped)} entr{'y' if len(skipped) == 1 else 'ies'}: " + "; ".join(skipped[:3])


def _retry_after(answer: HttpAnswer) -> dt.timedelta | None:
    """A 429 or 503's Retry-After in seconds (capped at a day); the HTTP-date form is ignored."""
    value = answer.headers.get("retry-after", "").strip()
    if answer.status not in (429, 503) or not value.isdigit():
        return None
    return dt.timedelta(seconds=min(int(value), 86400))


def _jittered(delay: dt.timedelta) -> dt.timedelta:
    # Jitter spreads feeds that failed together (one DNS outage) so they do not all retry at once.
    return delay * random.uniform(0.8, 1.2)


def _poll_succeeded(feed: Feed, *, now: dt.datetime, answer: HttpAnswer | None, new_count: int, note: str) -> None:
    fields = {
        "last_polled_at": now,
        "next_poll_at": now + _jittered(dt.timedelta(minutes=feed.interval_minutes)),
        "consecutive_errors": 0,
        "last_error": note,
        "items_found": F("items_found") + new_count,
    }
    if answer is not None:
        # Validators kept exactly as received, and only from a full answer (a 304 keeps the old ones).
        fields |= {
            "etag": answer.headers.get("etag", "")[:500],
            "last_modified": answer.headers.get("last-modified", "")[:100],
        }
        moved = answer.moved_permanently_to
        if moved and not Feed.objects.filter(url=moved).exclude(pk=feed.pk).exists():
            fields["url"] = moved
    Feed.objects.filter(pk=feed.pk).update(**fields)


def _poll_failed(feed: Feed, *, now: dt.datetime, message: str, retry_after: dt.timedelta | None) -> PollOutcome:
    errors = feed.consecutive_errors + 1
    backoff = dt.timedelta(minutes=feed.interval_minutes) * 2 ** min(errors, 16)
    delay = max(
        min(_jittered(backoff), dt.timedelta(seconds=settings.FEEDS_MAX_BACKOFF)), retry_after or dt.timedelta()
    )
    paused = errors >= settings.FEEDS_PAUSE_AFTER_ERRORS
    reason = f"Paused after {errors} failed polls in a row. Last error: {message}"[:500] if paused else ""
    Feed.objects.filter(pk=feed.pk).update(
        consecutive_errors=errors,
        last_error=message[:2000],
        last_polled_at=now,
        next_poll_at=now + delay,
        paused=paused,
        pause_reason=reason,
    )
    return PollOutcome("failed", message=message)


def _record_entries(feed: Feed, entries: list[FeedEntry]) -> list[int]:
    """Store entries not seen before in this feed; ids of the new items."""
    by_key = {entry.key: entry for entry in entries}
    keys = list(by_key)
    known: set[str] = set()
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        known.update(FeedItem.objects.filter(feed=feed, key__in=chunk).values_list("key", flat=True))
    fresh = [key for key in keys if key not in known]
    FeedItem.objects.bulk_create(
        [
            FeedItem(
                feed=feed,
                key=key,
                url=by_key[key].url,
                title=by_key[key].title,
                author=by_key[key].author,
                published_at=by_key[key].published_at,
            )
            for key in fresh
        ],
        batch_size=200,
        ignore_conflicts=True,  # a concurrent poll of the same feed may have stored some first
    )
    ids: list[int] = []
    for start in range(0, len(fresh), 500):
        ids += FeedItem.objects.filter(feed=feed, key__in=fresh[start : start + 500]).values_list("pk", flat=True)
    return ids


def feed_item_take(*, item_id: int, now: dt.datetime | None = None) -> FeedItem | None:
    """The item, taken for intake; None when it is done or another live worker has it.

    The conditional UPDATE is the lock: of two deliveries of the same message one takes the item.
    """
    now = now or timezone.now()
    takeable = Q(status=FeedItemStatus.NEW) & (Q(processed_at__isnull=True) | Q(processed_at__lt=now - ITEM_LEASE))
    if not FeedItem.objects.filter(takeable, pk=item_id).update(processed_at=now):
        return None
    return FeedItem.objects.select_related("feed__outlet").get(pk=item_id)


def feed_item_known_article(*, item: FeedItem) -> Article | None:
    """An article already stored for the item's link (canonical URL), from any feed or by hand."""
    earlier = FeedItem.objects.filter(url=item.url, article__isnull=False).exclude(pk=item.pk).values("article_id")[:1]
    return Article.objects.filter(Q(url=item.url) | Q(pk__in=earlier)).order_by("pk").first()


def feed_item_finish(*, item: FeedItem, status: str, article: Article | None = None, error: str = "") -> None:
    """Record an item's outcome: ingested, duplicate of `article`, or failed with `error`."""
    fields = {"status": status, "article": article, "error": error[:2000], "processed_at": timezone.now()}
    FeedItem.objects.filter(pk=item.pk).update(**fields)
    for name, value in fields.items():
        setattr(item, name, value)


def feed_items_stalled(*, now: dt.datetime | None = None, limit: int = 500) -> list[int]:
    """New items whose intake message was lost or whose worker died: to be sent again."""
    now = now or timezone.now()
    stalled = Q(status=FeedItemStatus.NEW) & (
        Q(processed_at__isnull=True, created_at__lt=now - ITEM_LEASE) | Q(processed_at__lt=now - ITEM_LEASE)
    )
    return list(FeedItem.objects.filter(stalled).values_list("pk", flat=True)[:limit])


def outlet_create(*, name: str, domain: str = "") -> Outlet:
    """A new outlet; raises FeedError when the name is empty or taken."""
    name = name.strip()
    if not name:
        raise FeedError("Give the outlet's name.")
    if Outlet.objects.filter(name__iexact=name).exists():
        raise FeedError(f"An outlet called {name} already exists.")
    return Outlet.objects.create(name=name[:200], domain=domain.strip()[:253])
