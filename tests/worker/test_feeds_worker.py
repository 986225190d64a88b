"""Feeds and webhooks with a real worker and beat on a real broker: poll, fetch, extract, announce.

Run with CLAIMDESK_TEST_WORKER=1, DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL (Redis), as .ci/run does.
"""

import os

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from sources.models import Article, ExtractionStatus, FeedItem, FeedItemStatus
from tests.factories import FeedFactory, OutletFactory, UserFactory, WebhookEndpointFactory
from tests.feeds.conftest import PUBLISHED, rss
from tests.localsite import Answer, LocalSite, Request
from tests.worker.test_real_worker import ROOT, purge_broker, start_worker, wait_until  # noqa: F401 (fixtures)

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(
        os.environ.get("CLAIMDESK_TEST_WORKER") != "1", reason="needs CLAIMDESK_TEST_WORKER=1 and a broker"
    ),
]

SECRET = "whsec_c2VjcmV0LWZvci10aGUtd29ya2VyLXRlc3QtMTIzNA=="


@pytest.mark.django_db(transaction=True)
def test_beat_polls_a_feed_the_worker_extracts_its_articles_and_the_webhooks_verify(
    start_worker,  # noqa: F811
    purge_broker,  # noqa: F811
    monkeypatch,
):
    # The worker process reads these from its environment: the local server, and short beat ticks.
    monkeypatch.setenv("INGEST_ALLOW_PRIVATE_URLS", "true")
    monkeypatch.setenv("FEEDS_BEAT_INTERVAL", "2")
    monkeypatch.setenv("WEBHOOK_BEAT_INTERVAL", "2")
    with LocalSite() as site:
        verified: list[dict] = []

        def receive(request: Request) -> Answer:
            try:
                verified.append(Webhook(SECRET).verify(request.body, request.headers))
            except WebhookVerificationError:
                return Answer(400)
            return Answer(204)

        site.routes["/hook"] = receive
        site.routes["/putin"] = Answer(
            200, (ROOT / "sample" / "putin_address.txt").read_bytes(), {"Content-Type": "text/plain"}
        )
        site.routes["/feed.xml"] = Answer(
            200, rss([{"guid": "p", "link": f"{site.url}/putin", "title": "Putin appeals", "pub": PUBLISHED}])
        )
        WebhookEndpointFactory(url=f"{site.url}/hook", secret=SECRET, events=["article.extracted"], owner=UserFactory())
        FeedFactory(outlet=OutletFactory(name="Sky News"), url=f"{site.url}/feed.xml")

        start_worker(beat=True)

        def done() -> bool:
            return Article.objects.filter(extraction_status=ExtractionStatus.DONE).exists() and bool(verified)

        assert wait_until(done, timeout=240), "the feed's article was not extracted and announced"
    article = Article.objects.get()
    assert (article.outlet.name, article.published_at) == ("Sky News", PUBLISHED)
    assert article.statements.filter(speaker__name="Vladimir Putin").exists()
    assert FeedItem.objects.get().status == FeedItemStatus.INGESTED
    assert verified[0]["data"]["article"]["id"] == article.pk
