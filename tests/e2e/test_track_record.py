"""The speaker's track record and the check-worthy queue in a real browser: drawn without scripts, no CSP
violation, the chart and its table reachable by assistive technology."""

import datetime as dt
import os

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from claims.models import ClaimStatus
from claims.services.users import user_set_role
from tests.e2e.conftest import BrowserErrors, login_as
from tests.factories import ArticleFactory, ClaimFactory, OutletFactory, SpeakerFactory, StatementFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def reporter_user():
    return user_set_role(username="rep", role="reporter", password="reporter-password-1")[0]


def test_speaker_track_record_draws_without_javascript(browser, live_server, reporter_user):
    speaker = SpeakerFactory(name="Ada Minister", slug="ada")
    outlet = OutletFactory(name="The Daily")
    statuses = [ClaimStatus.CONTESTED, ClaimStatus.EVIDENCED, ClaimStatus.UNREVIEWED, ClaimStatus.UNEVIDENCED]
    for n in range(8):
        when = timezone.make_aware(dt.datetime(2026, 1 + n % 6, 5, 12))
        claim = ClaimFactory(speaker=speaker, status=statuses[n % 4], first_seen_at=when, appearance_count=1 + n % 3)
        for _ in range(claim.appearance_count):
            StatementFactory(claim=claim, article=ArticleFactory(outlet=outlet, published_at=when))

    context = browser.new_context(java_script_enabled=False)
    login_as(context, live_server, reporter_user)
    page = context.new_page()
    page.goto(f"{live_server.url}{reverse('speaker_detail', args=['ada'])}")
    chart = page.get_by_role("img", name="Verdicts on Ada Minister's claims over time")
    expect(chart).to_be_visible()
    assert page.locator("svg.verdict-chart rect.bar").count() == 8
    box = page.locator("svg.verdict-chart rect.status-contested").first.bounding_box()
    assert box["height"] > 0
    expect(page.get_by_role("table", name="Verdicts on Ada Minister's claims by the month first said")).to_be_attached()
    expect(page.get_by_role("heading", name="Claims said most often")).to_be_visible()
    expect(page.get_by_role("cell", name="The Daily")).to_be_visible()
    if os.environ.get("CLAIMDESK_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["CLAIMDESK_SCREENSHOTS"], "speaker.png"), full_page=True)
    context.close()


def test_queue_orders_by_check_worthiness_with_reasons_and_no_csp_violation(
    page: Page, live_server, reporter_user, errors: BrowserErrors
):
    for text, score, reasons in (  # the check-worthy one is older
        ("Waiting lists doubled since 2019.", 0.96, ["a figure", "a change over time"]),
        ("I am proud of our team.", 0.04, ["about the speaker"]),
    ):
        claim = ClaimFactory(
            text=text, check_worthiness=score, check_worthiness_reasons=reasons, check_worthiness_version="cw-t"
        )
        StatementFactory(claim=claim)
    login_as(page.context, live_server, reporter_user)
    page.goto(f"{live_server.url}{reverse('review_queue')}")
    rows = page.locator("table.queue tbody tr")
    expect(rows.first).to_contain_text("Waiting lists doubled since 2019.")
    expect(rows.first.get_by_role("listitem").first).to_have_text("a figure")
    page.get_by_role("link", name="Newest first").click()
    expect(page.locator("table.queue tbody tr").first).to_contain_text("I am proud of our team.")
    if os.environ.get("CLAIMDESK_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["CLAIMDESK_SCREENSHOTS"], "queue.png"), full_page=True)
