"""Feed items become articles once, queued for extraction: the claims-level tasks end to end."""

from unittest import mock

import pytest

from claims import tasks
from claims.services.feeds import feed_item_intake
from sources.feeds.services import feed_poll
from sources.models import Article, ExtractionStatus, FeedItem, FeedItemStatus
from tests.factories import ArticleFactory, FeedFactory, OutletFactory
from tests.feeds.conftest import PUBLISHED, page, rss
from tests.localsite import Answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def run_tasks_inline():
    """Polls and item intakes run in the test; extraction is only recorded as sent."""
    with (
        mock.patch.object(tasks.poll_feed, "delay", side_effect=lambda feed_id: tasks.poll_feed(feed_id)),
        mock.patch.object(tasks.ingest_feed_item, "delay", side_effect=lambda item_id: tasks.ingest_feed_item(item_id)),
        mock.patch.object(tasks.extract_article, "delay") as extraction,
    ):
        yield extraction


def _serve_stories(site, count: int = 3) -> None:
    items = []
    for n in range(count):
        site.routes[f"/story/{n}"] = page(f"Story {n}", f"The agency said barrier number {n} protected {n}000 homes.")
        items.append(
            {
                "guid": f"s{n}",
                "link": f"{site.url}/story/{n}",
                "title": f"Story {n}",
                "author": "Jo Bloggs",
                "pub": PUBLISHED,
            }
        )
    site.routes["/feed.xml"] = Answer(200, rss(items), {"Content-Type": "application/rss+xml"})


def test_beat_polls_the_due_feed_and_each_new_item_becomes_an_article_queued_for_extraction(
    site, run_tasks_inline, django_capture_on_commit_callbacks
):
    _serve_stories(site)
    feed = FeedFactory(outlet=OutletFactory(name="Riverside Post"), url=f"{site.url}/feed.xml")

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.poll_due_feeds() == 1

    articles = Article.objects.order_by("title")
    assert [a.title for a in articles] == ["Story 0", "Story 1", "Story 2"]
    first = articles[0]
    assert first.outlet.name == "Riverside Post"
    assert first.byline == "Jo Bloggs"
    assert first.published_at == PUBLISHED
    assert first.url == f"{site.url}/story/0"
    assert first.extraction_status == ExtractionStatus.QUEUED
    assert sorted(c.args[0] for c in run_tasks_inline.call_args_list) == sorted(a.pk for a in articles)
    assert set(FeedItem.objects.filter(feed=feed).values_list("status", flat=True)) == {FeedItemStatus.INGESTED}
    assert site.paths().count("/story/0") == 1


def test_each_page_is_fetched_once_across_polls(site, run_tasks_inline, django_capture_on_commit_callbacks):
    _serve_stories(site, 2)
    feed = FeedFactory(url=f"{site.url}/feed.xml")
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            tasks.poll_feed(feed.pk)

    assert Article.objects.count() == 2
    assert site.paths().count("/story/1") == 1


def test_a_page_that_times_out_fails_its_item_only(
    site, settings, run_tasks_inline, django_capture_on_commit_callbacks
):
    settings.INGEST_FETCH_TIMEOUT = 0.5
    _serve_stories(site, 3)
    site.routes["/story/1"] = Answer(200, b"<html></html>", delay=1.5)
    feed = FeedFactory(url=f"{site.url}/feed.xml")

    with django_capture_on_commit_callbacks(execute=True):
        tasks.poll_feed(feed.pk)

    failed = FeedItem.objects.get(status=FeedItemStatus.FAILED)
    assert failed.url.endswith("/story/1")
    assert "Could not fetch" in failed.error
    assert Article.objects.count() == 2


def test_an_item_whose_link_is_already_stored_is_a_duplicate_and_not_fetched(site, run_tasks_inline):
    _serve_stories(site, 1)
    known = ArticleFactory(url=f"{site.url}/story/0")
    feed = FeedFactory(url=f"{site.url}/feed.xml")
    (item_id,) = feed_poll(feed_id=feed.pk).new_item_ids

    item = feed_item_intake(item_id=item_id)

    item.refresh_from_db()
    assert (item.status, item.article) == (FeedItemStatus.DUPLICATE, known)
    assert "/story/0" not in site.paths()


def test_an_item_with_new_link_but_same_text_is_a_duplicate_by_content_hash(site, run_tasks_inline):
    site.routes["/a"] = page("Same", "The agency said the barrier protected 4,000 homes during the storm.")
    site.routes["/b"] = site.routes["/a"]
    site.routes["/feed.xml"] = Answer(
        200, rss([{"guid": "1", "link": f"{site.url}/a"}, {"guid": "2", "link": f"{site.url}/b"}])
    )
    feed = FeedFactory(url=f"{site.url}/feed.xml")
    first_id, second_id = sorted(feed_poll(feed_id=feed.pk).new_item_ids)

    first = feed_item_intake(item_id=first_id)
    second = feed_item_intake(item_id=second_id)

    second.refresh_from_db()
    assert second.status == FeedItemStatus.DUPLICATE
    assert second.article_id == first.article_id
    assert Article.objects.count() == 1


def test_the_same_story_in_two_outlets_feeds_is_one_article(site, run_tasks_inline, django_capture_on_commit_callbacks):
    _serve_stories(site, 1)
    site.routes["/other.xml"] = site.routes["/feed.xml"]
    one = FeedFactory(url=f"{site.url}/feed.xml")
    two = FeedFactory(url=f"{site.url}/other.xml")
    with django_capture_on_commit_callbacks(execute=True):
        tasks.poll_feed(one.pk)
        tasks.poll_feed(two.pk)

    assert Article.objects.count() == 1
    assert FeedItem.objects.get(feed=two).status == FeedItemStatus.DUPLICATE
    assert site.paths().count("/story/0") == 1


def test_intake_is_idempotent(site, run_tasks_inline):
    _serve_stories(site, 1)
    feed = FeedFactory(url=f"{site.url}/feed.xml")
    (item_id,) = feed_poll(feed_id=feed.pk).new_item_ids

    assert feed_item_intake(item_id=item_id) is not None
    assert feed_item_intake(item_id=item_id) is None
    assert Article.objects.count() == 1
    assert site.paths().count("/story/0") == 1


def test_a_wire_story_in_four_outlets_feeds_is_one_article_and_three_duplicates(
    site, run_tasks_inline, django_capture_on_commit_callbacks
):
    for n in range(4):
        site.routes[f"/wire/{n}"] = page("Wire", "The agency said the barrier protected 4,000 homes during the storm.")
        site.routes[f"/feed{n}.xml"] = Answer(200, rss([{"guid": "w", "link": f"{site.url}/wire/{n}"}]))
        FeedFactory(url=f"{site.url}/feed{n}.xml")

    with django_capture_on_commit_callbacks(execute=True):
        tasks.poll_due_feeds()

    statuses = sorted(FeedItem.objects.values_list("status", flat=True))
    assert statuses == [FeedItemStatus.DUPLICATE] * 3 + [FeedItemStatus.INGESTED]
    assert Article.objects.count() == 1
