import datetime as dt
from email.utils import format_datetime

import pytest

from tests.localsite import Answer, LocalSite


@pytest.fixture
def site(settings):
    """A local server for feeds and pages; private addresses are allowed for this test only."""
    settings.INGEST_ALLOW_PRIVATE_URLS = True
    with LocalSite() as local:
        yield local


def rss(items: list[dict], *, version: str = "2.0", title: str = "Riverside Post") -> bytes:
    """An RSS document; each item dict may carry guid, link, title, author, pub (datetime), description."""
    parts = []
    for item in items:
        fields = [f"<title>{item.get('title', 'Untitled')}</title>"]
        if "link" in item:
            fields.append(f"<link>{item['link']}</link>")
        if "guid" in item:
            fields.append(f'<guid isPermaLink="false">{item["guid"]}</guid>')
        if "author" in item:
            fields.append(f"<author>newsroom@example.org ({item['author']})</author>")
        if "pub" in item:
            fields.append(f"<pubDate>{format_datetime(item['pub'], usegmt=True)}</pubDate>")
        fields.append(f"<description>{item.get('description', 'Summary')}</description>")
        parts.append("<item>" + "".join(fields) + "</item>")
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="{version}"><channel><title>{title}</title>'
        f"<link>https://riverside.example/</link><description>News</description>{''.join(parts)}</channel></rss>"
    ).encode()


def page(title: str, sentence: str) -> Answer:
    html = (
        f"<html><head><title>{title}</title></head><body><article><p>{sentence}</p>"
        "<p>Local residents said they were relieved but wanted further investment in the river defences, "
        "according to the council's own survey of the area.</p></article></body></html>"
    )
    return Answer(200, html.encode(), {"Content-Type": "text/html; charset=utf-8"})


PUBLISHED = dt.datetime(2026, 11, 29, 8, 30, tzinfo=dt.UTC)
