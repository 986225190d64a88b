"""The claim page's sign-off, and the public fact-check page with its ClaimReview JSON-LD."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Claim
from claims.services import claim_publish, claim_set_status
from tests.factories import ArticleFactory, OutletFactory, SpeakerFactory, StatementFactory

pytestmark = pytest.mark.django_db

LD_BLOCK = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture
def drafted(editor):
    statement = StatementFactory(
        article=ArticleFactory(
            title="Budget day", url="https://news.example/budget", outlet=OutletFactory(name="Sky News")
        ),
        claim__speaker=SpeakerFactory(name="Rishi Example", role="Chancellor"),
    )
    claim = statement.claim
    claim_set_status(
        claim=claim,
        status="unevidenced",
        note="The ministry has no such figures.",
        evidence=[{"url": "https://stats.example/table", "title": "Ministry table"}],
        by=editor,
        expected_version=1,
    )
    return claim


def _publish_url(claim: Claim) -> str:
    return reverse("claim_publish", args=[claim.pk])


# --- claim page: who sees the sign-off ------------------------------------------------------------


def test_second_editor_sees_sign_off_button(drafted, second_editor):
    from django.test import Client

    client = Client()
    client.force_login(second_editor)
    content = client.get(reverse("claim_detail", args=[drafted.pk])).content.decode()
    assert "Sign off and publish" in content
    assert 'aria-keyshortcuts="p"' in content
    assert "Draft, awaiting sign-off" in content


def test_author_sees_no_sign_off_button_but_waits(editor_client, drafted):
    content = editor_client.get(reverse("claim_detail", args=[drafted.pk])).content.decode()
    assert "Sign off and publish" not in content
    assert "Waiting for another editor" in content


def test_author_sees_sign_off_button_when_setting_off(editor_client, drafted, settings):
    settings.REVIEW_REQUIRES_SECOND_EDITOR = False
    assert "Sign off and publish" in editor_client.get(reverse("claim_detail", args=[drafted.pk])).content.decode()


def test_reporter_sees_no_sign_off(reporter_client, drafted):
    content = reporter_client.get(reverse("claim_detail", args=[drafted.pk])).content.decode()
    assert "Sign off and publish" not in content
    assert "Waiting for another editor" not in content


def test_claim_page_has_one_h1(reporter_client, drafted):
    content = reporter_client.get(reverse("claim_detail", args=[drafted.pk])).content.decode()
    assert content.count("<h1") == 1


# --- claim page: publishing -----------------------------------------------------------------------


def test_second_editor_publishes_from_claim_page(drafted, second_editor):
    from django.test import Client

    client = Client()
    client.force_login(second_editor)
    response = client.post(_publish_url(drafted), {"expected_version": 2})
    assert response.status_code == 302
    drafted.refresh_from_db()
    assert drafted.published_review.signed_off_by == second_editor
    page = client.get(response.url).content.decode()
    assert "Signed off and published." in page
    assert reverse("fact_check", args=[drafted.pk]) in page


def test_htmx_publish_returns_the_panel(drafted, second_editor):
    from django.test import Client

    client = Client()
    client.force_login(second_editor)
    response = client.post(_publish_url(drafted), {"expected_version": 2}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert 'id="publication-state"' in response.content.decode()


def test_forged_publish_by_author_is_refused_and_changes_nothing(editor_client, drafted):
    response = editor_client.post(_publish_url(drafted), {"expected_version": 2})
    assert response.status_code == 403
    drafted.refresh_from_db()
    assert drafted.published_review_id is None


def test_reporter_publish_is_refused(reporter_client, drafted):
    assert reporter_client.post(_publish_url(drafted), {"expected_version": 2}).status_code == 403
    drafted.refresh_from_db()
    assert drafted.published_review_id is None


def test_stale_publish_shows_conflict(drafted, editor, second_editor):
    from django.test import Client

    claim_set_status(claim=drafted, status="evidenced", note="Found it", by=editor, expected_version=2)
    client = Client()
    client.force_login(second_editor)
    response = client.post(_publish_url(drafted), {"expected_version": 2})
    assert response.status_code == 409
    assert "changed by someone else" in response.content.decode()
    drafted.refresh_from_db()
    assert drafted.published_review_id is None


# --- the public page ------------------------------------------------------------------------------


def test_unpublished_claim_is_404_to_anonymous(anonymous_client, drafted):
    assert anonymous_client.get(reverse("fact_check", args=[drafted.pk])).status_code == 404
    assert anonymous_client.get(reverse("fact_check", args=[999_999])).status_code == 404


def _published(drafted, second_editor) -> Claim:
    claim_publish(claim=drafted, by=second_editor, expected_version=2)
    drafted.refresh_from_db()
    return drafted


def test_public_page_shows_the_fact_check_without_sign_in(anonymous_client, drafted, second_editor):
    claim = _published(drafted, second_editor)
    response = anonymous_client.get(reverse("fact_check", args=[claim.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    for expected in (
        claim.text,
        "Rishi Example",
        "Chancellor",
        "Budget day",
        "Sky News",
        'href="https://news.example/budget"',
        "Unevidenced",
        "The ministry has no such figures.",
        'href="https://stats.example/table"',
        "Ministry table",
    ):
        assert expected in content, expected
    assert "Corrections" not in content
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_public_page_embeds_one_valid_claimreview(anonymous_client, drafted, second_editor, settings):
    settings.NEWSROOM_URL = "https://check.example"
    claim = _published(drafted, second_editor)
    content = anonymous_client.get(reverse("fact_check", args=[claim.pk])).content.decode()
    blocks = LD_BLOCK.findall(content)
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "ClaimReview"
    assert data["claimReviewed"] == claim.text
    assert data["reviewRating"]["@type"] == "Rating"
    assert data["reviewRating"]["alternateName"] == "Unevidenced"
    assert data["itemReviewed"]["@type"] == "Claim"
    assert data["itemReviewed"]["author"] == {"@type": "Person", "name": "Rishi Example"}
    assert data["itemReviewed"]["appearance"][0]["url"] == "https://news.example/budget"
    assert data["author"]["@type"] == "Organization"
    assert data["datePublished"] == claim.published_review.signed_off_at.isoformat()
    assert data["url"] == f"https://check.example/fact-checks/{claim.pk}/"


def test_public_page_shows_corrections_once_signed_off(anonymous_client, drafted, editor, second_editor):
    claim = _published(drafted, second_editor)
    claim_set_status(
        claim=claim, status="evidenced", note="The ministry published the table.", by=editor, expected_version=3
    )
    url = reverse("fact_check", args=[claim.pk])
    pending = anonymous_client.get(url).content.decode()
    assert "Corrections" not in pending  # a draft correction is not public
    assert json.loads(LD_BLOCK.findall(pending)[0])["reviewRating"]["alternateName"] == "Unevidenced"

    claim_publish(claim=claim, by=second_editor, expected_version=4)
    content = anonymous_client.get(url).content.decode()
    assert "Corrections" in content
    assert "The ministry published the table." in content
    assert "(corrected)" in content
    assert json.loads(LD_BLOCK.findall(content)[0])["reviewRating"]["alternateName"] == "Evidenced"


def test_public_page_escapes_hostile_claim_text(anonymous_client, editor, second_editor):
    hostile = 'budget </script><script>alert(1)</script> & <b>"quoted"</b>'
    statement = StatementFactory(
        claim__text=hostile, claim__speaker=SpeakerFactory(name="<img src=x onerror=alert(1)>")
    )
    claim_set_status(
        claim=statement.claim, status="contested", note="<script>alert(2)</script>", by=editor, expected_version=1
    )
    claim_publish(claim=statement.claim, by=second_editor, expected_version=2)
    content = anonymous_client.get(reverse("fact_check", args=[statement.claim.pk])).content.decode()
    assert "<script>alert" not in content
    assert "<img src=x" not in content
    assert content.count("</script>") == content.count("<script")  # nothing closes the JSON-LD early
    blocks = LD_BLOCK.findall(content)
    assert len(blocks) == 1
    assert "</" not in blocks[0]
    assert json.loads(blocks[0])["claimReviewed"] == hostile  # escaped, yet the same data once parsed


def test_public_page_query_count_does_not_grow_with_appearances(anonymous_client, drafted, second_editor):
    claim = _published(drafted, second_editor)
    url = reverse("fact_check", args=[claim.pk])

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert anonymous_client.get(url).status_code == 200
        return len(ctx.captured_queries)

    one = count()
    for _ in range(9):
        StatementFactory(claim=claim)
    # claim with speaker and published review; appearances with article and outlet; published history.
    assert count() == one == 3
