""" "Download these results" on the review queue and search pages carries the page's filters."""

import csv
import html
import io
import re

import pytest
from django.urls import reverse

from tests.factories import ArticleFactory, ClaimFactory, OutletFactory, SpeakerFactory, StatementFactory

pytestmark = pytest.mark.django_db


def _link(content: str, fmt: str) -> str:
    match = re.search(rf'href="(/api/v1/exports/[a-z]+\.{fmt}[^"]*)" download', content)
    assert match, f"no {fmt} download link"
    return html.unescape(match.group(1))


def _csv_ids(client, url: str) -> list[int]:
    response = client.get(url)
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    return [int(row["id"]) for row in csv.DictReader(io.StringIO(body))]


def test_queue_download_carries_filters(reporter_client):
    putin = SpeakerFactory(name="Vladimir Putin", slug="vladimir-putin", alias_names=["Putin"])
    outlet = OutletFactory(name="Sky News")
    wanted = StatementFactory(claim=ClaimFactory(speaker=putin), article=ArticleFactory(outlet=outlet)).claim
    StatementFactory(claim=ClaimFactory(speaker=putin))  # another outlet
    StatementFactory(article=ArticleFactory(outlet=outlet))  # another speaker
    StatementFactory(claim=ClaimFactory(speaker=putin, status="contested"), article=ArticleFactory(outlet=outlet))

    content = reporter_client.get(reverse("review_queue"), {"speaker": "vladimir-putin", "outlet": outlet.pk}).content
    url = _link(content.decode(), "csv")
    assert f"speaker={putin.pk}" in url
    assert f"outlet={outlet.pk}" in url
    assert "status=unreviewed" in url
    assert _csv_ids(reporter_client, url) == [wanted.pk]
    assert _link(content.decode(), "ndjson").startswith("/api/v1/exports/claims.ndjson?")


def test_search_download_carries_words_and_filters(reporter_client):
    wanted = StatementFactory(claim=ClaimFactory(text="inflation will fall", status="contested"))
    StatementFactory(claim=ClaimFactory(text="inflation will rise"))  # unreviewed
    StatementFactory(claim=ClaimFactory(text="taxes will fall", status="contested"))
    content = reporter_client.get(reverse("search"), {"q": "inflation", "status": "contested"}).content.decode()
    url = _link(content, "csv")
    assert url.startswith("/api/v1/exports/statements.csv?")
    assert _csv_ids(reporter_client, url) == [wanted.pk]


def test_search_page_without_a_search_has_no_download(reporter_client):
    assert "/api/v1/exports/" not in reporter_client.get(reverse("search")).content.decode()


def test_header_search_box_for_signed_in_readers_only(reporter_client, anonymous_client, outsider_client):
    page = reporter_client.get(reverse("speaker_list")).content.decode()
    assert 'role="search"' in page
    assert 'id="header-search-q"' in page
    assert 'id="header-search-q"' not in anonymous_client.get(reverse("login")).content.decode()
    assert 'id="header-search-q"' not in outsider_client.get(reverse("login")).content.decode()
