"""Feed documents to entries: RSS, Atom, JSON Feed, malformed input, canonical links."""

import json

import pytest

from sources.feeds.parsing import FeedParseError, canonical_url, parse_feed
from tests.feeds.conftest import PUBLISHED, rss


def test_rss_2_entries_keep_link_title_author_and_published_time():
    body = rss(
        [
            {
                "guid": "a-1",
                "link": "https://riverside.example/a",
                "title": "Flood",
                "author": "Jo Bloggs",
                "pub": PUBLISHED,
            }
        ]
    )

    (entry,) = parse_feed(body, content_type="application/rss+xml").entries

    assert entry.url == "https://riverside.example/a"
    assert entry.title == "Flood"
    assert entry.author == "Jo Bloggs"
    assert entry.published_at == PUBLISHED


def test_rss_091_is_read():
    body = rss([{"link": "https://riverside.example/old", "title": "Old format"}], version="0.91")
    assert [e.title for e in parse_feed(body).entries] == ["Old format"]


def test_atom_entries_resolve_relative_links_against_the_feed_address():
    body = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Gazette</title>
    <entry><id>urn:uuid:1</id><title>Budget</title><link rel="alternate" href="/budget"/>
    <updated>2026-11-29T08:30:00Z</updated><author><name>Ann Editor</name></author></entry></feed>"""

    (entry,) = parse_feed(body, base_url="https://gazette.example/feeds/atom.xml").entries

    assert entry.url == "https://gazette.example/budget"
    assert entry.author == "Ann Editor"
    assert entry.published_at == PUBLISHED


@pytest.mark.parametrize("version", ["https://jsonfeed.org/version/1", "https://jsonfeed.org/version/1.1"])
def test_json_feed_items(version):
    document = {
        "version": version,
        "title": "Courier",
        "items": [
            {
                "id": "1",
                "url": "https://courier.example/1",
                "title": "One",
                "date_published": "2026-11-29T08:30:00Z",
                "authors": [{"name": "Sam"}],
                "author": {"name": "Sam"},
            },
            {"id": "2", "external_url": "https://elsewhere.example/2", "title": "Two"},
        ],
    }
    entries = parse_feed(json.dumps(document).encode(), content_type="application/feed+json").entries

    assert [(e.url, e.author) for e in entries] == [
        ("https://courier.example/1", "Sam"),
        ("https://elsewhere.example/2", ""),
    ]
    assert entries[0].published_at == PUBLISHED


def test_one_malformed_json_item_does_not_lose_the_others():
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "items": [
            {"id": "1", "url": "https://courier.example/1", "date_published": "last tuesday"},
            "not an object",
            {"id": "3", "title": "no link at all"},
            {"id": "4", "url": "https://courier.example/4"},
        ],
    }
    parsed = parse_feed(json.dumps(document).encode())

    assert [e.url for e in parsed.entries] == ["https://courier.example/4"]
    assert len(parsed.skipped) == 3


def test_rss_entry_without_a_link_is_skipped_and_the_rest_kept():
    parsed = parse_feed(rss([{"title": "No link"}, {"link": "https://riverside.example/b", "title": "B"}]))

    assert [e.title for e in parsed.entries] == ["B"]
    assert "no http(s) link" in parsed.skipped[0]


def test_truncated_xml_keeps_the_entries_before_the_break():
    body = rss([{"link": "https://riverside.example/a"}, {"link": "https://riverside.example/b"}])[:-40]
    assert [e.url for e in parse_feed(body).entries] == ["https://riverside.example/a", "https://riverside.example/b"]


@pytest.mark.parametrize(
    "body",
    [b"<<<>>> not xml", b"<html><body><p>Welcome</p></body></html>", b'{"hello": "world"}', b"{broken json", b""],
)
def test_documents_that_are_not_feeds_are_refused(body):
    with pytest.raises(FeedParseError):
        parse_feed(body)


def test_guid_keys_the_entry_and_the_link_is_canonical():
    first = parse_feed(rss([{"guid": "g", "link": "https://X.example:443/a?utm_source=rss&id=4#top"}])).entries[0]
    moved = parse_feed(rss([{"guid": "g", "link": "https://x.example/other"}])).entries[0]

    assert first.url == "https://x.example/a?id=4"
    assert first.key == moved.key  # same guid, same item, whatever its link says now


def test_canonical_url_keeps_meaningful_query_order():
    assert canonical_url("HTTP://News.Example:80/s?b=2&a=1&fbclid=x") == "http://news.example/s?b=2&a=1"


def test_an_overlong_link_is_skipped_not_stored():
    parsed = parse_feed(rss([{"link": "https://x.example/" + "a" * 2100}, {"link": "https://x.example/ok"}]))

    assert [e.url for e in parsed.entries] == ["https://x.example/ok"]
    assert "longer than 2000" in parsed.skipped[0]
