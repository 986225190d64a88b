import http.server
import socket
import threading
from pathlib import Path
from unittest import mock

import pytest

from sources.models import Article
from sources.services import IngestError, article_ingest, article_ingest_upload, article_ingest_url

SAMPLE = Path(__file__).resolve().parents[2] / "sample" / "putin_address.txt"
ARTICLE = "The health minister said on Monday that waiting lists had fallen for a third month.\n\nShe added more."


def test_ingestion_alone_queues_nothing(db, sent_tasks, django_capture_on_commit_callbacks):
    """sources knows nothing of extraction: queueing is the caller's `on_created` (claims' intake)."""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = article_ingest(raw=ARTICLE)

    assert result.created
    assert callbacks == []
    sent_tasks.assert_not_called()
    assert result.article.extraction_queued_at is None


def test_on_created_runs_in_the_storing_transaction(db):
    def fail(article):
        assert Article.objects.filter(pk=article.pk).exists()
        raise RuntimeError("the hook failed")

    with pytest.raises(RuntimeError):
        article_ingest(raw=ARTICLE, on_created=fail)
    assert not Article.objects.exists()


def test_same_article_ingested_twice_is_one_article(db, sent_tasks):
    first = article_ingest(raw=ARTICLE)
    second = article_ingest(raw="  " + ARTICLE.replace("\n\n", "\n\n\n") + "\n")

    assert second.created is False
    assert second.article.pk == first.article.pk
    assert Article.objects.count() == 1


def test_sample_title_is_never_the_section_label(db, sent_tasks):
    article = article_ingest(raw=SAMPLE.read_text(encoding="utf-8")).article

    assert article.title.startswith("Russian President Vladimir Putin has appealed")
    assert not article.text.startswith("World")
    assert {"text": "World", "reason": article.removed[0]["reason"]} == article.removed[0]


@pytest.mark.parametrize(
    ("raw", "message"),
    [("", "empty"), ("   \n\n  ", "empty"), ("World\n\n0:47\n\nRead more: elsewhere", "boilerplate")],
)
def test_empty_input_is_refused_and_nothing_is_stored(db, sent_tasks, raw, message):
    with pytest.raises(IngestError, match=message):
        article_ingest(raw=raw)
    assert not Article.objects.exists()


def test_oversized_article_is_refused(db, sent_tasks, settings):
    settings.INGEST_MAX_BYTES = 1000
    with pytest.raises(IngestError, match="larger than"):
        article_ingest(raw="word " * 300)
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "photo.txt", "binary"),
        ("Caf\xe9 owner said prices rose".encode("latin-1"), "story.txt", "UTF-8"),
        (b"The minister said it works.", "story.pdf", "Unsupported file type"),
        (b"The minister said it works.", "story", "Unsupported file type"),
    ],
)
def test_bad_uploads_are_refused_with_a_clear_message(db, sent_tasks, data, filename, message):
    with pytest.raises(IngestError, match=message):
        article_ingest_upload(data=data, filename=filename)
    assert not Article.objects.exists()


def test_html_upload_is_cleaned(db, sent_tasks):
    page = (
        "<html><head><title>Port strike ends</title><script>alert(1)</script></head><body><article>"
        "<p>Union leaders said on Friday that dock workers would return to work after a deal on pay.</p>"
        "<p>The port authority said cargo would move again by the weekend, ending a week of delays.</p>"
        "</article></body></html>"
    )
    article = article_ingest_upload(data=page.encode(), filename="strike.html").article

    assert article.title == "Port strike ends"
    assert "dock workers would return to work" in article.text
    assert "alert(1)" not in article.text
    assert "<script>" in article.raw_text  # kept as received


@pytest.fixture
def local_site():
    pages = {
        "/story": (
            200,
            "text/html; charset=utf-8",
            b"<html><head><title>Flood defences</title></head><body>"
            b"<article><p>The environment agency said the new flood barrier had protected 4,000 homes "
            b"during the storm, according to its latest assessment.</p><p>Local residents said they "
            b"were relieved but wanted further investment in the river defences.</p></article></body></html>",
        ),
        "/huge": (200, "text/plain", b"a" * 5000),
        "/moved": (302, "text/plain", b""),
        "/to-private": (302, "text/plain", b""),
        "/loop": (302, "text/plain", b""),
    }
    locations = {"/moved": "/story", "/to-private": "http://10.255.255.1/internal", "/loop": "/loop"}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            status, content_type, body = pages.get(self.path, (404, "text/plain", b"missing"))
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            if status == 302:
                self.send_header("Location", locations[self.path])
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_url_ingest_fetches_and_cleans_the_page(db, sent_tasks, settings, local_site):
    settings.INGEST_ALLOW_PRIVATE_URLS = True
    article = article_ingest_url(url=f"{local_site}/moved", outlet_name="Riverside Post").article

    assert article.url == f"{local_site}/story"  # the address after the redirect
    assert "protected 4,000 homes" in article.text
    assert article.title == "Flood defences"


def test_url_ingest_refuses_loopback_by_default(db, sent_tasks, local_site):
    with pytest.raises(IngestError, match="private or local"):
        article_ingest_url(url=f"{local_site}/story")
    assert not Article.objects.exists()


@pytest.mark.parametrize("url", ["ftp://example.com/x", "file:///etc/passwd", "http://169.254.169.254/latest"])
def test_url_ingest_refuses_other_schemes_and_link_local(db, sent_tasks, url):
    with pytest.raises(IngestError):
        article_ingest_url(url=url)


def test_url_ingest_rechecks_each_redirect(db, sent_tasks, settings, local_site):
    settings.INGEST_ALLOW_PRIVATE_URLS = True  # loopback only: other private ranges stay refused
    with pytest.raises(IngestError, match="private or local"):
        article_ingest_url(url=f"{local_site}/to-private")
    with pytest.raises(IngestError, match="Too many redirects"):
        article_ingest_url(url=f"{local_site}/loop")
    assert not Article.objects.exists()


def test_url_ingest_connects_to_the_address_it_checked(db, sent_tasks, settings, local_site):
    """DNS rebinding: the name answers loopback (allowed here) once, then a private address.

    The fetch resolves the name once and connects there; a second lookup at connection time, as
    a check-then-connect fetch does, would be sent to 10.255.255.1.
    """
    settings.INGEST_ALLOW_PRIVATE_URLS = True
    port = int(local_site.rsplit(":", 1)[1])
    real_getaddrinfo = socket.getaddrinfo
    answers = iter(["127.0.0.1"] + ["10.255.255.1"] * 10)
    lookups = []

    def rebinding(host, *args, **kwargs):
        if host != "rebind.example":
            return real_getaddrinfo(host, *args, **kwargs)
        lookups.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port))]

    with mock.patch("socket.getaddrinfo", side_effect=rebinding):
        article = article_ingest_url(url=f"http://rebind.example:{port}/story").article

    assert "protected 4,000 homes" in article.text
    assert lookups == ["rebind.example"]


def test_url_ingest_caps_the_body(db, sent_tasks, settings, local_site):
    settings.INGEST_ALLOW_PRIVATE_URLS = True
    settings.INGEST_MAX_BYTES = 1000
    with pytest.raises(IngestError, match="larger than"):
        article_ingest_url(url=f"{local_site}/huge")
