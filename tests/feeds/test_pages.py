"""Outlet pages: feeds' state shown, editors add outlets and feeds, resume paused feeds; add_feed command."""

from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from claims import tasks
from sources.models import Feed, FeedItem, Outlet
from tests.factories import ArticleFactory, FeedFactory, OutletFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent_polls():
    with mock.patch.object(tasks.poll_feed, "delay") as delay:
        yield delay


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_outlet_page_shows_each_feeds_last_poll_items_error_and_pause_reason(reporter_client):
    outlet = OutletFactory(name="Riverside Post")
    FeedFactory(outlet=outlet, url="https://riverside.example/ok.xml", items_found=42, last_polled_at=timezone.now())
    FeedFactory(
        outlet=outlet,
        url="https://riverside.example/bad.xml",
        consecutive_errors=2,
        last_error="The feed answered HTTP 503.",
    )
    FeedFactory(
        outlet=outlet,
        url="https://riverside.example/gone.xml",
        paused=True,
        pause_reason="Paused after 10 failed polls in a row.",
    )

    content = reporter_client.get(reverse("outlet_detail", args=[outlet.pk])).content.decode()

    assert "<h1>Riverside Post</h1>" in content
    assert ">42<" in content
    assert "Failing (2 in a row)" in content
    assert "The feed answered HTTP 503." in content
    assert "Paused after 10 failed polls in a row." in content
    assert "Add a feed" not in content  # reporters read only
    assert "Resume" not in content


def test_outlet_page_lists_the_latest_items_with_their_outcome(reporter_client):
    feed = FeedFactory()
    article = ArticleFactory(title="Barrier holds")
    FeedItem.objects.create(
        feed=feed, key="a" * 64, url="https://x.example/a", title="Barrier holds", status="ingested", article=article
    )
    FeedItem.objects.create(
        feed=feed,
        key="b" * 64,
        url="https://x.example/b",
        title="<i>Slow page</i>",
        status="failed",
        error="Could not fetch: timeout.",
    )

    content = reporter_client.get(reverse("outlet_detail", args=[feed.outlet_id])).content.decode()

    assert f'href="{reverse("article_detail", args=[article.pk])}">Barrier holds</a>' in content
    assert "&lt;i&gt;Slow page&lt;/i&gt;" in content
    assert "Could not fetch: timeout." in content


def test_feed_error_text_and_outlet_names_are_escaped(editor_client):
    outlet = OutletFactory(name="<img src=x onerror=alert(1)>")
    FeedFactory(outlet=outlet, paused=True, pause_reason="<script>alert('feed')</script>", last_error="<b>x</b>")

    detail = editor_client.get(reverse("outlet_detail", args=[outlet.pk])).content.decode()
    listing = editor_client.get(reverse("outlet_list")).content.decode()

    for content in (detail, listing):
        assert "<img src=x" not in content
        assert "&lt;img src=x onerror=alert(1)&gt;" in content
    assert "<script>alert" not in detail
    assert "&lt;script&gt;alert(&#x27;feed&#x27;)&lt;/script&gt;" in detail


def test_editor_adds_a_feed_and_it_is_polled_after_commit(
    editor_client, sent_polls, django_capture_on_commit_callbacks
):
    outlet = OutletFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            reverse("feed_add", args=[outlet.pk]), {"url": "https://riverside.example/rss", "interval_minutes": 30}
        )

    feed = Feed.objects.get()
    assert response.status_code == 302
    assert (feed.outlet, feed.url, feed.interval_minutes) == (outlet, "https://riverside.example/rss", 30)
    sent_polls.assert_called_once_with(feed.pk)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"url": "ftp://riverside.example/rss"}, "not an http(s) URL"),
        ({"url": "https://riverside.example/rss", "interval_minutes": 0}, "greater than or equal to 1"),
        ({"url": "https://known.example/rss"}, "already followed"),
    ],
)
def test_a_bad_feed_is_refused_with_the_reason_and_nothing_is_added(editor_client, sent_polls, data, message):
    FeedFactory(url="https://known.example/rss")
    outlet = OutletFactory()

    response = editor_client.post(reverse("feed_add", args=[outlet.pk]), data)

    assert response.status_code == 422
    assert message in response.content.decode()
    assert Feed.objects.count() == 1
    sent_polls.assert_not_called()


def test_editor_adds_an_outlet(editor_client):
    response = editor_client.post(reverse("outlet_add"), {"name": "Harbour Gazette", "domain": "gazette.example"})

    outlet = Outlet.objects.get(name="Harbour Gazette")
    assert response.url == reverse("outlet_detail", args=[outlet.pk])
    duplicate = editor_client.post(reverse("outlet_add"), {"name": "harbour gazette"})
    assert duplicate.status_code == 422
    assert Outlet.objects.count() == 1


def test_editor_resumes_a_paused_feed(editor_client):
    feed = FeedFactory(paused=True, pause_reason="Paused after 10 failed polls", consecutive_errors=10)

    content = editor_client.get(reverse("outlet_detail", args=[feed.outlet_id])).content.decode()
    assert reverse("feed_resume", args=[feed.pk]) in content
    response = editor_client.post(reverse("feed_resume", args=[feed.pk]))

    feed.refresh_from_db()
    assert response.url == reverse("outlet_detail", args=[feed.outlet_id])
    assert (feed.paused, feed.pause_reason, feed.consecutive_errors) == (False, "", 0)


def test_reporter_cannot_resume_or_add(reporter_client):
    feed = FeedFactory(paused=True)
    assert reporter_client.post(reverse("feed_resume", args=[feed.pk])).status_code == 403
    assert (
        reporter_client.post(reverse("feed_add", args=[feed.outlet_id]), {"url": "https://x.example/f"}).status_code
        == 403
    )
    feed.refresh_from_db()
    assert feed.paused
    assert Feed.objects.count() == 1


def test_outlet_list_counts_feeds_and_articles(reporter_client):
    outlet = OutletFactory(name="Counted")
    FeedFactory(outlet=outlet)
    FeedFactory(outlet=outlet, paused=True)

    response = reporter_client.get(reverse("outlet_list"))

    (row,) = [o for o in response.context["page"].object_list if o.pk == outlet.pk]
    assert (row.feed_count, row.paused_count, row.article_count) == (2, 1, 0)


def test_add_feed_command_creates_the_outlet_and_polls_at_once(sent_polls, capsys, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("add_feed", "Sky News", "https://feeds.skynews.example/home.xml", "--interval", "10")

    feed = Feed.objects.get()
    assert (feed.outlet.name, feed.interval_minutes) == ("Sky News", 10)
    assert "Following https://feeds.skynews.example/home.xml for Sky News every 10 minutes" in capsys.readouterr().out
    sent_polls.assert_called_once_with(feed.pk)


def test_add_feed_command_refuses_a_bad_url_and_creates_nothing(sent_polls):
    with pytest.raises(CommandError, match="http"):
        call_command("add_feed", "New Outlet", "file:///etc/passwd")
    assert not Outlet.objects.exists()
    sent_polls.assert_not_called()
