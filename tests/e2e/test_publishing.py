"""In a browser: a verdict set by one editor, signed off by another, public with valid JSON-LD;
a CSV downloaded from the review queue; no serious axe-core violation on the pages involved."""

import csv
import io
import json
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from claims.models import Claim
from claims.services.users import user_set_role
from tests.e2e.conftest import BrowserErrors, login_as, wait_for_htmx
from tests.factories import ArticleFactory, ClaimFactory, OutletFactory, SpeakerFactory, StatementFactory

pytestmark = pytest.mark.e2e

AXE = Path(__file__).parent / "vendor" / "axe.min.js"


@pytest.fixture
def editor_user():
    return user_set_role(username="ed", role="editor", password="editor-password-1")[0]


@pytest.fixture
def second_editor_user():
    return user_set_role(username="ed2", role="editor", password="editor-password-2")[0]


@pytest.fixture
def reporter_user():
    return user_set_role(username="rep", role="reporter", password="reporter-password-1")[0]


def serious_axe_violations(page: Page) -> list[str]:
    """Run axe-core in the page (evaluated by the driver, so the page's CSP is untouched)."""
    if not page.evaluate("() => Boolean(window.axe)"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;true")
    results = page.evaluate("async () => await window.axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_second_editor_signs_off_and_public_page_has_claimreview(
    browser, live_server, editor_user, second_editor_user, settings
):
    settings.NEWSROOM_URL = live_server.url
    statement = StatementFactory(
        claim=ClaimFactory(
            speaker=SpeakerFactory(name="Vladimir Putin", role="President"),
            text="Ukraine never had a tradition of genuine statehood",
        ),
        article=ArticleFactory(
            title="Putin's address", url="https://news.example/address", outlet=OutletFactory(name="Sky News")
        ),
    )
    claim = statement.claim
    url = f"{live_server.url}{reverse('claim_detail', args=[claim.pk])}?statement={statement.pk}"
    recorder = BrowserErrors()
    pages = {}
    for user in (editor_user, second_editor_user):
        context = browser.new_context()
        login_as(context, live_server, user)
        pages[user.username] = page = context.new_page()
        recorder.watch(page)
    first, second = pages["ed"], pages["ed2"]

    # The first editor sets the verdict: a draft, and no sign-off button for its author.
    first.goto(url)
    expect(first.get_by_role("heading", level=1)).to_have_text("Claim by Vladimir Putin")
    assert serious_axe_violations(first) == []
    first.get_by_label("Note").fill("Historians document Ukrainian statehood since 1917.")
    first.get_by_label("Evidence link 1 URL").fill("https://example.org/history")
    first.get_by_label("Evidence link 1 title").fill("A history of Ukraine")
    first.get_by_role("button", name="Unevidenced").click()
    wait_for_htmx(first)
    expect(first.locator("#publication-state")).to_have_text("Draft, awaiting sign-off")
    expect(first.get_by_role("button", name="Sign off and publish")).to_have_count(0)
    expect(first.locator("#publication")).to_contain_text("Waiting for another editor")

    # Nobody outside sees a draft.
    public_url = f"{live_server.url}{reverse('fact_check', args=[claim.pk])}"
    anonymous = browser.new_context().new_page()
    assert anonymous.goto(public_url).status == 404

    # The second editor signs it off from the keyboard ("p").
    second.goto(url)
    expect(second.get_by_role("button", name="Sign off and publish")).to_be_visible()
    second.keyboard.press("p")
    wait_for_htmx(second)
    expect(second.locator("#publication-state")).to_have_text("Published")
    expect(second.locator(".history")).to_contain_text("Signed off by ed2")
    assert Claim.objects.get(pk=claim.pk).published_review.signed_off_by == second_editor_user

    # The public page, without signing in: the verdict and one valid ClaimReview.
    recorder.watch(anonymous)
    assert anonymous.goto(public_url).status == 200
    expect(anonymous.get_by_role("heading", level=1)).to_contain_text("Vladimir Putin")
    expect(anonymous.locator("#verdict-heading")).to_contain_text("Unevidenced")
    expect(anonymous.get_by_role("link", name="A history of Ukraine")).to_have_attribute(
        "href", "https://example.org/history"
    )
    expect(anonymous.locator("main")).to_contain_text("Sky News")
    blocks = anonymous.locator('script[type="application/ld+json"]')
    expect(blocks).to_have_count(1)
    data = json.loads(blocks.text_content())
    assert data["@type"] == "ClaimReview"
    assert data["claimReviewed"] == "Ukraine never had a tradition of genuine statehood"
    assert data["reviewRating"]["alternateName"] == "Unevidenced"
    assert data["itemReviewed"]["author"]["name"] == "Vladimir Putin"
    assert data["itemReviewed"]["appearance"][0]["url"] == "https://news.example/address"
    assert data["url"] == public_url
    assert serious_axe_violations(anonymous) == []
    recorder.assert_clean(first, second, anonymous)
    for page in (first, second, anonymous):
        page.context.close()


def test_reporter_downloads_queue_csv(page: Page, live_server, reporter_user, errors: BrowserErrors):
    putin = SpeakerFactory(name="Vladimir Putin", slug="vladimir-putin", alias_names=["Putin"])
    wanted = [StatementFactory(claim=ClaimFactory(speaker=putin, text=f"=cmd claim {n}")).claim for n in range(3)]
    StatementFactory(claim=ClaimFactory(text="someone else's claim"))
    login_as(page.context, live_server, reporter_user)
    page.goto(f"{live_server.url}{reverse('review_queue')}")
    assert serious_axe_violations(page) == []
    page.get_by_label("Speaker").fill("vladimir-putin")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("table.queue tbody tr")).to_have_count(3)

    with page.expect_download() as info:
        page.get_by_role("link", name="CSV").click()
    download = info.value
    assert download.suggested_filename.startswith("claims-")
    assert download.suggested_filename.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    assert sorted(int(r["id"]) for r in rows) == sorted(c.pk for c in wanted)
    assert all(r["text"].startswith("'=cmd") for r in rows)  # formula-safe


def test_header_search_box_on_every_page(page: Page, live_server, reporter_user, errors: BrowserErrors):
    StatementFactory(claim=ClaimFactory(text="the bridge will open in May"))
    login_as(page.context, live_server, reporter_user)
    page.goto(f"{live_server.url}{reverse('speaker_list')}")
    box = page.get_by_role("searchbox", name="Quick search")
    box.fill("bridge")
    box.press("Enter")
    expect(page.locator("ol.results")).to_contain_text("the bridge will open in May")
    assert serious_axe_violations(page) == []
