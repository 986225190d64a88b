"""An editor follows an outlet's feed in the browser; its article is extracted and announced by a signed webhook."""

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from claims.services.users import user_set_role
from sources.models import Article, ExtractionStatus
from tests.e2e.conftest import BrowserErrors, login_as
from tests.factories import WebhookEndpointFactory
from tests.feeds.conftest import PUBLISHED, rss
from tests.localsite import Answer, LocalSite, Request

pytestmark = pytest.mark.e2e

SAMPLE = Path(__file__).resolve().parents[2] / "sample" / "putin_address.txt"
SECRET = "whsec_c2VjcmV0LWZvci10aGUtYnJvd3Nlci10ZXN0LTEyMzQ="


@pytest.fixture
def site(settings):
    settings.INGEST_ALLOW_PRIVATE_URLS = True  # the feed, the page and the receiver are on 127.0.0.1
    with LocalSite() as local:
        local.verified = []

        def receive(request: Request) -> Answer:
            try:
                local.verified.append(Webhook(SECRET).verify(request.body, request.headers))
            except WebhookVerificationError:
                return Answer(400)
            return Answer(204)

        local.routes["/hook"] = receive
        local.routes["/story"] = Answer(200, SAMPLE.read_bytes(), {"Content-Type": "text/plain; charset=utf-8"})
        local.routes["/feed.xml"] = Answer(
            200,
            rss(
                [
                    {
                        "guid": "putin-1",
                        "link": f"{local.url}/story",
                        "title": "Putin appeals to Ukrainian troops",
                        "author": "Sky News reporter",
                        "pub": PUBLISHED,
                    }
                ]
            ),
            {"Content-Type": "application/rss+xml"},
        )
        yield local


def test_editor_follows_a_feed_and_its_article_is_extracted_and_announced(
    page: Page, context, live_server, site, eager_celery, errors: BrowserErrors
):
    editor = user_set_role(username="ed", role="editor", password="editor-password-1")[0]
    WebhookEndpointFactory(url=f"{site.url}/hook", secret=SECRET, events=["article.extracted"], owner=editor)
    login_as(context, live_server, editor)

    page.goto(f"{live_server.url}{reverse('outlet_list')}")
    page.get_by_label("Outlet name").fill("Sky News")
    page.get_by_role("button", name="Add outlet").click()
    expect(page.get_by_role("heading", name="Sky News", level=1)).to_be_visible()

    # Adding the feed polls it on commit; with eager Celery the item is fetched and extracted at once.
    page.get_by_label("Feed URL").fill(f"{site.url}/feed.xml")
    page.get_by_role("button", name="Add feed").click()
    expect(page.get_by_text("Feed added")).to_be_visible(timeout=120_000)
    row = page.locator("table.feeds tbody tr").first
    expect(row).to_contain_text(f"{site.url}/feed.xml")
    expect(row.locator(".num")).to_have_text("1")
    expect(row).to_contain_text("OK")

    page.get_by_role("link", name="Articles from Sky News").click()
    expect(page.get_by_role("link", name="Putin appeals to Ukrainian troops")).to_be_visible()
    expect(page.locator(".extraction-status").first).to_contain_text("Done", timeout=60_000)

    article = Article.objects.get()
    assert (article.outlet.name, article.byline, article.published_at) == ("Sky News", "Sky News reporter", PUBLISHED)
    assert article.extraction_status == ExtractionStatus.DONE
    assert article.statements.exists()
    (message,) = site.verified
    assert message["type"] == "article.extracted"
    assert message["data"]["article"]["id"] == article.pk
    assert message["data"]["statement_count"] == article.statements.count()
