"""Article text is untrusted: every page shows it as text, never as markup."""

import pytest
from django.urls import reverse

from claims.models import Claim, ClaimMatch
from tests.factories import ArticleFactory, ClaimFactory, ClaimReviewFactory, SpeakerFactory, StatementFactory

pytestmark = pytest.mark.django_db

HOSTILE = (
    '<script>window.__xss=1</script> the budget <img src=x onerror="window.__xss=2"> '
    '<a href="javascript:window.__xss=3">click</a> </textarea><b>bold</b>'
)
RAW_MARKERS = ("<script>", "<img src=x", 'href="javascript:', "</textarea><b>")


@pytest.fixture
def hostile(db):
    speaker = SpeakerFactory(name='Eve <img src=x onerror="window.__xss=4">', slug="eve")
    article = ArticleFactory(title="<script>window.__xss=5</script>Title", text=f"Intro. {HOSTILE} Outro.")
    claim = ClaimFactory(speaker=speaker, text=HOSTILE)
    statement = StatementFactory(article=article, claim=claim, content=HOSTILE)
    return article, claim, statement


def _assert_inert(html: str) -> None:
    for marker in RAW_MARKERS:
        assert marker not in html, marker
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in html


def test_article_page_escapes(reporter_client, hostile):
    article, _, _ = hostile
    _assert_inert(reporter_client.get(reverse("article_detail", args=[article.pk])).content.decode())


def test_claim_page_and_panel_escape(editor_client, hostile):
    _, claim, statement = hostile
    url = reverse("claim_detail", args=[claim.pk]) + f"?statement={statement.pk}"
    _assert_inert(editor_client.get(url).content.decode())
    _assert_inert(editor_client.get(url, HTTP_HX_REQUEST="true").content.decode())


def test_search_results_escape_around_highlights(reporter_client, hostile):
    html = reporter_client.get(reverse("search"), {"q": "budget"}).content.decode()
    _assert_inert(html)
    assert '<mark class="hit">budget</mark>' in html


def test_speaker_pages_escape(reporter_client, hostile):
    _assert_inert(reporter_client.get(reverse("speaker_detail", args=["eve"])).content.decode())
    listing = reporter_client.get(reverse("speaker_list")).content.decode()
    assert '<img src=x onerror="window.__xss=4">' not in listing
    suggest = reporter_client.get(reverse("speaker_suggest"), {"q": "eve"}).content.decode()
    assert "&lt;img src=x" in suggest


def test_article_list_and_queue_escape_titles(reporter_client, hostile):
    listing = reporter_client.get(reverse("article_list")).content.decode()
    assert "<script>window.__xss=5" not in listing
    assert "&lt;script&gt;window.__xss=5" in listing
    queue = reporter_client.get(reverse("review_queue")).content.decode()
    assert "<script>" not in queue


def test_statement_correct_page_escapes(editor_client, hostile):
    _, _, statement = hostile
    _assert_inert(editor_client.get(reverse("statement_correct", args=[statement.pk])).content.decode())


def test_pages_carry_no_inline_script_or_style(reporter_client, hostile):
    article, _, _ = hostile
    html = reporter_client.get(reverse("article_detail", args=[article.pk])).content.decode()
    assert " style=" not in html
    assert " onclick=" not in html
    assert "hx-on" not in html
    assert html.count("<script") == 2  # htmx and claimdesk.js, both from static/
    assert 'src="/static/vendor/htmx.min.js"' in html


def test_possible_matches_and_checked_before_escape(editor_client, hostile):
    _, claim, _statement = hostile
    claim.status = "contested"
    claim.save()
    ClaimReviewFactory(claim=claim, note=HOSTILE)
    later = StatementFactory(claim=claim, content=HOSTILE)
    asking = StatementFactory(content="the budget")
    ClaimMatch.objects.create(article=asking.article, fingerprint="f", statement=asking, claim=claim, score=0.6)
    for target in (later, asking):
        url = reverse("claim_detail", args=[target.claim_id]) + f"?statement={target.pk}"
        html = editor_client.get(url, HTTP_HX_REQUEST="true").content.decode()
        _assert_inert(html)
    Claim.objects.filter(pk=claim.pk).update(repeat=True)
    _assert_inert(editor_client.get(reverse("review_queue"), {"repeats_first": "on"}).content.decode())
