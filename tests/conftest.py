from unittest import mock

import pytest
from django.test import Client
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from claims.services.users import user_set_role
from tests.factories import UserFactory


@pytest.fixture
def editor(db):
    return user_set_role(username="ed", role="editor", password="editor-password-1")[0]


@pytest.fixture
def second_editor(db):
    return user_set_role(username="ed2", role="editor", password="editor-password-2")[0]


@pytest.fixture
def reporter(db):
    return user_set_role(username="rep", role="reporter", password="reporter-password-1")[0]


@pytest.fixture
def outsider(db):
    """Signed in, but with no newsroom role."""
    return UserFactory(username="outsider")


@pytest.fixture
def sent_tasks():
    """The extraction messages sent to the broker (none really are)."""
    with mock.patch("claims.tasks.extract_article.delay") as delay:
        yield delay


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor_client(editor) -> Client:
    return _client_for(editor)


@pytest.fixture
def reporter_client(reporter) -> Client:
    return _client_for(reporter)


@pytest.fixture
def outsider_client(outsider) -> Client:
    return _client_for(outsider)


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True, scope="session")
def _celery_broker_in_memory():
    """Tests never send to the development queue in ./var; the worker tests opt into a real broker."""
    import os

    from newsroom.celery import app

    if os.environ.get("CLAIMDESK_TEST_WORKER") != "1":
        app.conf.broker_url = "memory://"
        app.conf.broker_transport_options = {}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Once a browser test has run, Playwright's session-wide event loop stays in this thread and
    # Django refuses synchronous ORM calls outside the e2e hooks: browser tests therefore run last.
    items.sort(key=lambda item: "e2e" in item.keywords)


# Hypothesis: "ci" (the default) keeps the robustness suite to about a minute and runs the same examples
# every time; `--hypothesis-profile=long` explores many more, with fresh random examples, for local runs.
_HEALTH = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
hypothesis_settings.register_profile(
    "ci", max_examples=60, deadline=None, derandomize=True, database=None, suppress_health_check=_HEALTH
)
hypothesis_settings.register_profile("long", max_examples=2000, deadline=None, suppress_health_check=_HEALTH)
hypothesis_settings.load_profile("ci")
