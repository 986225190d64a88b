"""Polling feeds served by a local server: conditional GET, moved feeds, errors, backoff, pausing."""

import datetime as dt
import json
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sources.feeds.services import FeedError, feed_add, feed_ids_take_due, feed_poll, feed_resume
from sources.models import Feed, FeedItem
from tests.factories import FeedFactory, OutletFactory
from tests.feeds.conftest import PUBLISHED, rss
from tests.localsite import Answer

pytestmark = pytest.mark.django_db

ETAG = 'W/"feed-v1"'
LAST_MODIFIED = "Sun, 29 Nov 2026 08:30:00 GMT"


def _feed(site, path: str = "/feed.xml", **fields) -> Feed:
    return FeedFactory(url=f"{site.url}{path}", **fields)


def test_first_poll_records_each_item_with_its_author_and_time(site):
    site.routes["/feed.xml"] = Answer(
        200,
        rss(
            [
                {"guid": "1", "link": f"{site.url}/a", "title": "A", "author": "Jo Bloggs", "pub": PUBLISHED},
                {"guid": "2", "link": f"{site.url}/b", "title": "B"},
            ]
        ),
        {"Content-Type": "application/rss+xml"},
    )
    feed = _feed(site)

    outcome = feed_poll(feed_id=feed.pk)

    feed.refresh_from_db()
    assert outcome.status == "fetched"
    assert len(outcome.new_item_ids) == 2
    first = FeedItem.objects.get(title="A")
    assert (first.author, first.published_at, first.url) == ("Jo Bloggs", PUBLISHED, f"{site.url}/a")
    assert feed.items_found == 2
    assert feed.consecutive_errors == 0
    assert feed.last_polled_at is not None
    assert dt.timedelta(minutes=11) < feed.next_poll_at - feed.last_polled_at < dt.timedelta(minutes=19)


def test_validators_are_kept_verbatim_and_sent_back_and_304_changes_nothing(site):
    def answer(request):
        if request.headers.get("If-None-Match") == ETAG:
            return Answer(304)
        return Answer(
            200, rss([{"guid": "1", "link": f"{site.url}/a"}]), {"ETag": ETAG, "Last-Modified": LAST_MODIFIED}
        )

    site.routes["/feed.xml"] = answer
    feed = _feed(site)
    feed_poll(feed_id=feed.pk)

    outcome = feed_poll(feed_id=feed.pk)

    feed.refresh_from_db()
    assert outcome.status == "not_modified"
    assert outcome.new_item_ids == []
    assert (feed.etag, feed.last_modified) == (ETAG, LAST_MODIFIED)
    assert site.requests[0].headers.get("If-None-Match") is None
    assert site.requests[1].headers["If-None-Match"] == ETAG
    assert site.requests[1].headers["If-Modified-Since"] == LAST_MODIFIED
    assert feed.items_found == 1


def test_the_same_document_again_is_not_parsed_again_when_the_server_ignores_validators(site):
    site.routes["/feed.xml"] = Answer(200, rss([{"guid": "1", "link": f"{site.url}/a"}]), {"ETag": ETAG})
    feed = _feed(site)
    feed_poll(feed_id=feed.pk)

    with mock.patch("sources.feeds.services.parse_feed") as parse:
        outcome = feed_poll(feed_id=feed.pk)

    parse.assert_not_called()
    assert outcome.status == "not_modified"
    assert site.requests[1].headers["If-None-Match"] == ETAG  # sent, ignored by this server


def test_a_feed_of_500_items_is_recorded_in_one_poll_with_a_bounded_number_of_queries(site):
    items = [{"guid": f"g{n}", "link": f"{site.url}/story/{n}", "title": f"Story {n}"} for n in range(500)]
    site.routes["/feed.xml"] = Answer(200, rss(items))
    feed = _feed(site)

    with CaptureQueriesContext(connection) as queries:
        outcome = feed_poll(feed_id=feed.pk)

    assert len(outcome.new_item_ids) == 500
    assert FeedItem.objects.filter(feed=feed).count() == 500
    # feed, known keys, 3 insert batches, new ids, feed update, savepoints: never one per item
    assert len(queries) < 15, [q["sql"][:80] for q in queries.captured_queries]
    assert feed_poll(feed_id=feed.pk).new_item_ids == []


def test_items_repeating_with_changed_text_are_not_recorded_again(site):
    site.routes["/feed.xml"] = Answer(200, rss([{"guid": "1", "link": f"{site.url}/a", "title": "Minister resigns"}]))
    feed = _feed(site)
    feed_poll(feed_id=feed.pk)
    site.routes["/feed.xml"] = Answer(
        200,
        rss([{"guid": "1", "link": f"{site.url}/a", "title": "Minister resigns (updated)", "description": "More"}]),
    )

    assert feed_poll(feed_id=feed.pk).new_item_ids == []
    assert FeedItem.objects.get().title == "Minister resigns"


def test_a_permanently_moved_feed_is_followed_and_its_address_updated(site):
    site.routes["/old.xml"] = Answer(301, headers={"Location": "/new.xml"})
    site.routes["/new.xml"] = Answer(200, rss([{"link": f"{site.url}/a"}]))
    feed = _feed(site, "/old.xml")

    feed_poll(feed_id=feed.pk)

    feed.refresh_from_db()
    assert feed.url == f"{site.url}/new.xml"
    assert feed.items_found == 1


def test_a_temporary_redirect_keeps_the_address(site):
    site.routes["/feed.xml"] = Answer(302, headers={"Location": "/today.xml"})
    site.routes["/today.xml"] = Answer(200, rss([{"link": f"{site.url}/a"}]))
    feed = _feed(site)

    feed_poll(feed_id=feed.pk)

    feed.refresh_from_db()
    assert feed.url == f"{site.url}/feed.xml"


def test_a_feed_that_times_out_backs_off_with_the_error_shown(site, settings):
    settings.FEEDS_FETCH_TIMEOUT = 0.5
    site.routes["/feed.xml"] = Answer(200, rss([]), delay=1.5)
    feed = _feed(site)

    outcome = feed_poll(feed_id=feed.pk)

    feed.refresh_from_db()
    assert outcome.status == "failed"
    assert "Could not" in feed.last_error
    assert feed.consecutive_errors == 1
    # 15 minutes doubled once, +/-20% jitter
    assert dt.timedelta(minutes=23) < feed.next_poll_at - feed.last_polled_at < dt.timedelta(minutes=37)


def test_malformed_xml_is_an_error_and_keeps_the_old_validators(site):
    feed = _feed(site, etag='"v1"')
    site.routes["/feed.xml"] = Answer(200, b"<rss><channel><<<garbage", {"ETag": '"v2"'})

    feed_poll(feed_id=feed.pk)

    feed.refresh_from_db()
    assert "feed" in feed.last_error.lower()
    assert feed.etag == '"v1"'
    assert not FeedItem.objects.exists()


def test_backoff_grows_then_the_feed_is_paused_with_the_reason(site, settings):
    settings.FEEDS_PAUSE_AFTER_ERRORS = 3
    site.routes["/feed.xml"] = Answer(500, b"oops")
    feed = _feed(site)
    delays = []
    for _ in range(3):
        feed_poll(feed_id=feed.pk)
        feed.refresh_from_db()
        delays.append(feed.next_poll_at - feed.last_polled_at)

    assert delays[0] < delays[1] < delays[2]
    assert feed.paused
    assert feed.pause_reason.startswith("Paused after 3 failed polls in a row. Last error: The feed answered HTTP 500")
    Feed.objects.filter(pk=feed.pk).update(next_poll_at=timezone.now())
    assert feed_ids_take_due() == []
    assert feed_poll(feed_id=feed.pk).status == "skipped"

    feed_resume(feed=feed)

    feed.refresh_from_db()
    assert (feed.paused, feed.consecutive_errors, feed.pause_reason) == (False, 0, "")
    assert feed_ids_take_due() == [feed.pk]


def test_retry_after_on_429_is_honoured(site):
    site.routes["/feed.xml"] = Answer(429, headers={"Retry-After": "86400"})
    feed = _feed(site)

    feed_poll(feed_id=feed.pk)

    feed.refresh_from_db()
    assert feed.next_poll_at - feed.last_polled_at >= dt.timedelta(hours=24)


def test_oversized_feed_is_refused(site, settings):
    settings.FEEDS_MAX_BYTES = 1000
    site.routes["/feed.xml"] = Answer(200, rss([{"link": f"{site.url}/{n}"} for n in range(50)]))
    feed = _feed(site)

    assert feed_poll(feed_id=feed.pk).status == "failed"
    feed.refresh_from_db()
    assert "larger than" in feed.last_error


def test_private_addresses_are_refused_by_default(site, settings):
    settings.INGEST_ALLOW_PRIVATE_URLS = False
    site.routes["/feed.xml"] = Answer(200, rss([{"link": f"{site.url}/a"}]))
    feed = _feed(site)

    feed_poll(feed_id=feed.pk)

    feed.refresh_from_db()
    assert "private or local" in feed.last_error
    assert site.requests == []


def test_json_feed_and_atom_are_polled(site):
    site.routes["/feed.json"] = Answer(
        200,
        json.dumps(
            {"version": "https://jsonfeed.org/version/1.1", "items": [{"id": "j1", "url": f"{site.url}/j"}]}
        ).encode(),
        {"Content-Type": "application/feed+json"},
    )
    site.routes["/atom.xml"] = Answer(
        200,
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><entry><id>a1</id><title>Atom story</title>'
        b'<link href="/atom-story"/><updated>2026-11-29T08:30:00Z</updated></entry></feed>',
        {"Content-Type": "application/atom+xml"},
    )
    json_feed, atom_feed = _feed(site, "/feed.json"), _feed(site, "/atom.xml")

    feed_poll(feed_id=json_feed.pk)
    feed_poll(feed_id=atom_feed.pk)

    assert FeedItem.objects.get(feed=json_feed).url == f"{site.url}/j"
    assert FeedItem.objects.get(feed=atom_feed).url == f"{site.url}/atom-story"


def test_an_entry_without_a_link_is_noted_and_the_others_recorded(site):
    site.routes["/feed.xml"] = Answer(200, rss([{"title": "Broken"}, {"guid": "ok", "link": f"{site.url}/ok"}]))
    feed = _feed(site)

    outcome = feed_poll(feed_id=feed.pk)

    feed.refresh_from_db()
    assert len(outcome.new_item_ids) == 1
    assert feed.consecutive_errors == 0
    assert feed.last_error.startswith("Last poll skipped 1 entry")


def test_due_feeds_are_taken_once_until_their_poll_reschedules_them():
    outlet = OutletFactory()
    due = FeedFactory(outlet=outlet)
    FeedFactory(outlet=outlet, next_poll_at=timezone.now() + dt.timedelta(minutes=5))
    FeedFactory(outlet=outlet, paused=True)

    assert feed_ids_take_due() == [due.pk]
    assert feed_ids_take_due() == []


@pytest.mark.parametrize(
    ("url", "interval", "message"),
    [("ftp://x.example/feed", None, "http"), ("not a url", None, "http"), ("https://x.example/f", 0, "between")],
)
def test_feed_add_refuses_bad_input(url, interval, message):
    with pytest.raises(FeedError, match=message):
        feed_add(outlet=OutletFactory(), url=url, interval_minutes=interval if interval is not None else None)
    assert not Feed.objects.exists()


def test_feed_add_refuses_a_feed_already_followed():
    feed_add(outlet=OutletFactory(name="Gazette"), url="https://x.example/feed")
    with pytest.raises(FeedError, match="already followed for Gazette"):
        feed_add(outlet=OutletFactory(), url="https://x.example/feed")
