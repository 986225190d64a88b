"""Browser tests: the system Chromium driven by Playwright against Django's live server."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

CHROMIUM = Path("/usr/bin/chromium")

# Records every Content-Security-Policy violation; init scripts run before the page's own scripts.
CSP_RECORDER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item):
    # Playwright's sync API runs an event loop in this thread; the ORM calls of the test body and
    # of its fixtures are still synchronous and safe. Set only around browser tests (these hooks
    # apply to tests/e2e/ only), so nothing else in the run inherits it.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):
    try:
        return (yield)
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is missing; browser tests need the system Chromium")
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session", autouse=True)
def _database_before_browser(django_db_setup) -> None:
    """Create the test database before Playwright starts its event loop in this thread."""


@pytest.fixture(autouse=True)
def _live_db(transactional_db, settings) -> None:
    # The live server runs in another thread: data must be committed to be seen there.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def eager_celery() -> Iterator[None]:
    """Run extraction inside the live server's request, on commit, as a worker would."""
    from newsroom.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


class BrowserErrors:
    """Console errors, uncaught exceptions, dialogs and CSP violations seen by one page."""

    def __init__(self) -> None:
        self.console: list[str] = []
        self.dialogs: list[str] = []
        # Responses a test expects to fail, e.g. its own forged POST (Chromium logs them as errors).
        self.expected_statuses: set[int] = set()

    def watch(self, page) -> None:
        page.add_init_script(CSP_RECORDER)
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self.console.append(f"pageerror: {exc}"))
        page.on("dialog", self._on_dialog)

    def _on_console(self, message) -> None:
        if message.type != "error":
            return
        text = message.text
        if any(f"status of {status}" in text for status in self.expected_statuses):
            return
        self.console.append(text)

    def _on_dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def assert_clean(self, *pages) -> None:
        violations = [v for p in pages if not p.is_closed() for v in p.evaluate("window.__cspViolations || []")]
        assert not violations, f"CSP violations: {violations}"
        assert not self.console, f"console errors: {self.console}"
        assert not self.dialogs, f"dialogs opened: {self.dialogs}"


@pytest.fixture
def errors(page) -> Iterator[BrowserErrors]:
    recorder = BrowserErrors()
    recorder.watch(page)
    yield recorder
    recorder.assert_clean(page)


def login_as(context, live_server, user) -> None:
    """Sign a browser context in by session cookie (the login form has its own test)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}])


def wait_for_htmx(page) -> None:
    """Wait until htmx has no request in flight and has finished settling swapped content."""
    page.wait_for_function(
        "() => window.htmx && !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping')"
    )
