"""The newsroom in a real browser: editors review, reporters search, nobody runs article scripts."""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from claims.models import Claim, ClaimStatus
from claims.services.users import user_set_role
from sources.models import Article, ExtractionStatus
from tests.e2e.conftest import BrowserErrors, login_as, wait_for_htmx
from tests.factories import ArticleFactory, ClaimFactory, SpeakerFactory, StatementFactory

pytestmark = pytest.mark.e2e

SAMPLE = Path(__file__).resolve().parents[2] / "sample" / "putin_address.txt"


@pytest.fixture
def editor_user():
    return user_set_role(username="ed", role="editor", password="editor-password-1")[0]


@pytest.fixture
def second_editor_user():
    return user_set_role(username="ed2", role="editor", password="editor-password-2")[0]


@pytest.fixture
def reporter_user():
    return user_set_role(username="rep", role="reporter", password="reporter-password-1")[0]


def _extractor_available() -> bool:
    try:
        from claims.extraction import extract  # noqa: F401
    except ImportError:
        return False
    return True


def test_editor_adds_sample_article_and_marks_a_putin_statement_contested(
    page: Page, live_server, editor_user, eager_celery, errors: BrowserErrors
):
    if not _extractor_available():
        pytest.skip("claims.extraction is not installed yet; this flow needs the real extractor")
    # Sign in through the real form.
    page.goto(f"{live_server.url}{reverse('login')}")
    page.fill("#id_username", "ed")
    page.fill("#id_password", "editor-password-1")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Articles")).to_be_visible()

    # Add the sample article by pasting it; extraction runs on commit (eager Celery).
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Add article").click()
    page.get_by_label("Title").fill("Putin appeals to Ukrainian troops")
    page.get_by_label("Outlet").fill("Sky News")
    page.get_by_label("Article text").fill(SAMPLE.read_text(encoding="utf-8"))
    page.get_by_role("button", name="Add article").click()
    expect(page.get_by_role("heading", name="Putin appeals to Ukrainian troops")).to_be_visible()

    # The list shows extraction done (the status cell polls until it is).
    page.get_by_role("link", name="Articles", exact=True).click()
    expect(page.locator(".extraction-status").first).to_contain_text("Done", timeout=60_000)
    page.get_by_role("link", name="Putin appeals to Ukrainian troops").click()

    # Open a statement by Vladimir Putin: the claim panel loads beside the text.
    putin_group = page.locator(".speaker-heading", has_text="Vladimir Putin")
    expect(putin_group).to_be_visible()
    first = page.locator("h3.speaker-heading:has-text('Vladimir Putin') + ol a.statement-link").first
    statement_id = first.get_attribute("data-statement")
    first.click()
    wait_for_htmx(page)
    panel = page.locator("#claim-panel")
    expect(panel.get_by_role("button", name="Contested")).to_be_visible()

    # Mark it Contested with a note and an evidence link.
    panel.get_by_label("Note").fill("No evidence offered; contradicted by UN monitors.")
    panel.get_by_label("Evidence link 1 URL").fill("https://example.org/un-report")
    panel.get_by_label("Evidence link 1 title").fill("UN monitoring report")
    panel.get_by_role("button", name="Contested").click()
    wait_for_htmx(page)
    expect(panel).to_contain_text("Marked contested.")
    expect(page.locator(f"#statement-{statement_id}")).to_have_class(re.compile(r"status-contested"))

    # Reload: it persisted.
    page.reload()
    page.locator(f"a.statement-link[data-statement='{statement_id}']").click()
    wait_for_htmx(page)
    expect(panel.locator("#claim-status")).to_have_text("Contested")
    expect(panel.locator(".history")).to_contain_text("No evidence offered; contradicted by UN monitors.")
    expect(panel.get_by_role("link", name="UN monitoring report")).to_have_attribute(
        "href", "https://example.org/un-report"
    )


def test_reporter_searches_peskov_and_finds_his_statement(
    page: Page, live_server, reporter_user, errors: BrowserErrors
):
    peskov = SpeakerFactory(name="Dmitry Peskov", slug="dmitry-peskov", alias_names=["Peskov"])
    statement = StatementFactory(
        claim=ClaimFactory(speaker=peskov, text="Mr Putin was ready to send the delegation to Minsk"),
        article=ArticleFactory(title="Kremlin offers talks"),
    )
    login_as(page.context, live_server, reporter_user)
    page.goto(f"{live_server.url}{reverse('search')}")

    box = page.get_by_label("Search speakers and statements")
    box.press_sequentially("Peskof")  # a typo still finds the speaker as you type
    expect(page.locator("#speaker-suggestions")).to_contain_text("Dmitry Peskov")

    box.fill("Peskov")
    page.get_by_role("button", name="Search").click()
    results = page.locator("ol.results")
    expect(results).to_contain_text("Mr Putin was ready to send the")
    expect(results).to_contain_text("Dmitry Peskov")
    # The submitted page fetches its matching speakers after the results.
    expect(page.locator("#speaker-suggestions")).to_contain_text("Dmitry Peskov")

    # Words he said are highlighted when searched for.
    page.get_by_label("Search speakers and statements").fill("delegation")
    page.get_by_role("button", name="Search").click()
    expect(results.locator("mark.hit", has_text="delegation")).to_be_visible()

    results.get_by_role("link", name=re.compile("ready to send")).click()
    expect(page).to_have_url(re.compile(rf"#statement-{statement.pk}$"))
    expect(page.locator(f"#statement-{statement.pk}")).to_be_visible()


def test_reporter_cannot_change_a_status(page: Page, live_server, reporter_user, errors: BrowserErrors):
    statement = StatementFactory()
    claim = statement.claim
    login_as(page.context, live_server, reporter_user)
    page.goto(f"{live_server.url}{reverse('claim_detail', args=[claim.pk])}")
    expect(page.locator(".claim-text")).to_be_visible()
    expect(page.get_by_role("button", name="Contested")).to_have_count(0)

    # A forged POST with the reporter's own CSRF token is refused.
    errors.expected_statuses.add(403)
    status = page.evaluate(
        """async ([url, version]) => {
            const token = JSON.parse(document.body.getAttribute("data-hx-headers"))["X-CSRFToken"];
            const body = new URLSearchParams({status: "evidenced", expected_version: String(version)});
            const response = await fetch(url, {method: "POST", body, headers: {"X-CSRFToken": token}});
            return response.status;
        }""",
        [reverse("claim_review", args=[claim.pk]), claim.version],
    )
    assert status == 403
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.UNREVIEWED


def test_two_editors_conflict_shows_both_changes(browser, live_server, editor_user, second_editor_user):
    statement = StatementFactory(claim=ClaimFactory(text="Inflation has halved this year"))
    claim = statement.claim
    url = f"{live_server.url}{reverse('claim_detail', args=[claim.pk])}?statement={statement.pk}"
    recorder = BrowserErrors()
    recorder.expected_statuses.add(409)  # the second save is a conflict, by design
    pages = []
    for user in (editor_user, second_editor_user):
        context = browser.new_context()
        login_as(context, live_server, user)
        page = context.new_page()
        recorder.watch(page)
        page.goto(url)
        expect(page.get_by_role("button", name="Evidenced", exact=True)).to_be_visible()
        pages.append(page)
    first, second = pages

    first.get_by_label("Note").fill("ONS figures confirm it.")
    first.get_by_role("button", name="Evidenced", exact=True).click()
    wait_for_htmx(first)
    expect(first.locator("#claim-status")).to_have_text("Evidenced")

    second.get_by_label("Note").fill("Only food prices fell.")
    second.get_by_label("Evidence link 1 URL").fill("https://example.org/cpi")
    second.get_by_role("button", name="Unevidenced").click()
    wait_for_htmx(second)
    conflict = second.locator(".conflict")
    expect(conflict.locator("strong")).to_have_text("ed")
    expect(conflict).to_contain_text("Evidenced")
    expect(conflict).to_contain_text("ONS figures confirm it.")
    expect(second.get_by_label("Note")).to_have_value("Only food prices fell.")
    expect(second.get_by_label("Evidence link 1 URL")).to_have_value("https://example.org/cpi")
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.EVIDENCED

    # Having seen the other change, the second editor saves deliberately.
    second.get_by_role("button", name="Unevidenced").click()
    wait_for_htmx(second)
    expect(second.locator("#claim-status")).to_have_text("Unevidenced")
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.UNEVIDENCED
    recorder.assert_clean(first, second)
    for page in pages:
        page.context.close()


HOSTILE = (
    "<script>window.__xss = 1; document.title = 'pwned'</script> the budget is fine "
    '<img src=x onerror="window.__xss = 2; alert(2)"> '
    '<a href="javascript:window.__xss=3;alert(3)">read more</a> </textarea><b>bold</b>'
)


def test_hostile_article_runs_no_script(page: Page, live_server, editor_user, errors: BrowserErrors):
    speaker = SpeakerFactory(name="Eve Hostile", slug="eve-hostile")
    article = ArticleFactory(title="<script>window.__xss=5</script>Hostile", text=f"Intro. {HOSTILE} Outro.")
    statement = StatementFactory(article=article, claim=ClaimFactory(speaker=speaker, text=HOSTILE), content=HOSTILE)
    login_as(page.context, live_server, editor_user)

    urls = [
        reverse("article_detail", args=[article.pk]),
        f"{reverse('search')}?q=budget",
        f"{reverse('claim_detail', args=[statement.claim_id])}?statement={statement.pk}",
        reverse("article_list"),
    ]
    for url in urls:
        page.goto(f"{live_server.url}{url}")
        expect(page.locator("main")).to_contain_text("window.__xss")  # shown as text
        assert page.evaluate("window.__xss") is None
        assert "pwned" not in page.title()
        assert page.locator("main img").count() == 0
        assert page.locator("main a[href^='javascript:']").count() == 0

    # Opening the claim from the article loads the panel through htmx: still inert.
    page.goto(f"{live_server.url}{reverse('article_detail', args=[article.pk])}")
    page.locator(f"#statement-{statement.pk}").click()
    wait_for_htmx(page)
    expect(page.locator("#claim-panel .claim-text")).to_contain_text("<script>")
    assert page.evaluate("window.__xss") is None


def test_keyboard_moves_between_statements_and_sets_status(page: Page, live_server, editor_user, errors: BrowserErrors):
    article = ArticleFactory(text="Ann said taxes will fall. Bob said rents will rise.")
    speaker = SpeakerFactory(name="Ann Example")
    StatementFactory(article=article, claim=ClaimFactory(speaker=speaker, text="taxes will fall"))
    second = StatementFactory(article=article, claim=ClaimFactory(speaker=speaker, text="rents will rise"))
    login_as(page.context, live_server, editor_user)
    page.goto(f"{live_server.url}{reverse('article_detail', args=[article.pk])}")

    page.keyboard.press("j")
    wait_for_htmx(page)
    page.keyboard.press("j")
    wait_for_htmx(page)
    expect(page.locator("#claim-panel .claim-text")).to_contain_text("rents will rise")
    page.keyboard.press("n")
    expect(page.get_by_label("Note")).to_be_focused()
    page.keyboard.type("typing e and c here changes nothing")
    page.locator("#claim-panel .claim-text").click()
    page.keyboard.press("c")
    wait_for_htmx(page)
    expect(page.locator("#claim-status")).to_have_text("Contested")
    expect(page.locator(f"#statement-{second.pk}")).to_have_class(re.compile("status-contested"))
    assert Claim.objects.get(pk=second.claim_id).status == ClaimStatus.CONTESTED


def test_selecting_text_fills_the_add_statement_form(page: Page, live_server, editor_user, errors: BrowserErrors):
    text = "Ann said taxes will fall. Bob said rents will rise."
    article = ArticleFactory(text=text)
    StatementFactory(article=article, claim=ClaimFactory(text="taxes will fall"))
    login_as(page.context, live_server, editor_user)
    page.goto(f"{live_server.url}{reverse('article_detail', args=[article.pk])}")

    # Select "rents will rise" with the mouse-equivalent Range API, then release the mouse.
    page.evaluate(
        """(words) => {
            const container = document.getElementById("article-text");
            const node = [...container.querySelectorAll("[data-start]")].map(e => e.firstChild)
                .find(n => n.textContent.includes(words));
            const at = node.textContent.indexOf(words);
            const range = document.createRange();
            range.setStart(node, at);
            range.setEnd(node, at + words.length);
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
            container.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
        }""",
        "rents will rise",
    )
    start = text.index("rents will rise")
    expect(page.locator("#add-statement-form [name='start']")).to_have_value(str(start))
    expect(page.locator("#add-statement-form [name='end']")).to_have_value(str(start + len("rents will rise")))
    page.locator("#add-statement-form [name='speaker_name']").fill("Bob Example")
    page.get_by_role("button", name="Add statement").click()
    expect(page.locator("mark.stmt", has_text="rents will rise")).to_be_visible()


def test_status_cell_updates_by_itself_and_stops_polling(page: Page, live_server, reporter_user, errors: BrowserErrors):
    article = ArticleFactory(title="Still extracting", extraction_status=ExtractionStatus.RUNNING)
    login_as(page.context, live_server, reporter_user)
    page.goto(f"{live_server.url}{reverse('article_list')}")
    cell = page.locator(f"#article-status-{article.pk}")
    expect(cell).to_contain_text("Running")

    # A worker finishes: the cell notices on its next poll, then stops polling (HTTP 286).
    Article.objects.filter(pk=article.pk).update(
        extraction_status=ExtractionStatus.FAILED, extraction_error="spaCy model missing"
    )
    expect(cell).to_contain_text("Failed", timeout=15_000)
    expect(cell).to_contain_text("spaCy model missing")
    expect(cell).not_to_have_attribute("data-hx-trigger", "every 2s")


ACCESSIBLE_NAMES = """() => {
    const visible = (el) => el.type !== "hidden" && !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
    const named = (el) => {
        if ((el.getAttribute("aria-label") || "").trim()) return true;
        if (el.getAttribute("aria-labelledby")) return true;
        if (el.labels && [...el.labels].some((l) => l.textContent.trim())) return true;
        if (el.tagName === "BUTTON" || el.tagName === "A") return el.textContent.trim() !== "";
        return false;
    };
    return [...document.querySelectorAll("button, input, select, textarea, a[href]")]
        .filter(visible).filter((el) => !named(el)).map((el) => el.outerHTML.slice(0, 120));
}"""


def test_controls_have_accessible_names(page: Page, live_server, editor_user, errors: BrowserErrors):
    statement = StatementFactory()
    login_as(page.context, live_server, editor_user)
    urls = [
        reverse("article_list"),
        reverse("article_add"),
        reverse("article_detail", args=[statement.article_id]),
        reverse("claim_detail", args=[statement.claim_id]),
        reverse("review_queue"),
        f"{reverse('search')}?q=claim",
        reverse("speaker_list"),
        reverse("speaker_detail", args=[statement.speaker.slug]),
        reverse("statement_correct", args=[statement.pk]),
        reverse("statement_add", args=[statement.article_id]),
    ]
    for url in urls:
        page.goto(f"{live_server.url}{url}")
        assert page.evaluate(ACCESSIBLE_NAMES) == [], url
