import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory

from claims import permissions
from newsroom.settings import env_bool, env_int

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("value", ["yes", "no", "on", "True please"])
def test_env_bool_refuses_junk(monkeypatch, value):
    monkeypatch.setenv("SOME_FLAG", value)
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
        env_bool("SOME_FLAG", False)


def test_env_helpers_read_values(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "TRUE")
    monkeypatch.setenv("SOME_NUMBER", "42")
    assert env_bool("SOME_FLAG", False) is True
    assert env_int("SOME_NUMBER", 1) == 42
    monkeypatch.setenv("SOME_NUMBER", "forty")
    with pytest.raises(ImproperlyConfigured):
        env_int("SOME_NUMBER", 1)


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "ALLOWED_HOSTS")}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean | env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_under_production_settings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY="x" * 20 + "a-long-random-production-secret-value",
        ALLOWED_HOSTS="claims.example",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_without_secret_key_fails_loudly():
    result = _manage("check", DEBUG="false", ALLOWED_HOSTS="claims.example")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize(
    ("role", "reads", "reviews", "superuser"),
    [
        ("reporter", True, False, False),
        ("editor", True, True, False),
        ("admin", True, True, True),
    ],
)
def test_add_user_creates_each_role(db, capsys, role, reads, reviews, superuser):
    call_command("add_user", "casey", "--role", role, "--password", "a-long-password-1")

    user = authenticate(RequestFactory().post("/accounts/login/"), username="casey", password="a-long-password-1")
    assert user is not None
    assert permissions.user_can_read(user) is reads
    assert permissions.user_can_review_claims(user) is reviews
    assert user.is_superuser is superuser
    assert "(as given)" in capsys.readouterr().out


def test_add_user_prints_a_generated_password_that_works(db, capsys):
    call_command("add_user", "drew", "--role", "reporter")
    password = capsys.readouterr().out.strip().rsplit(" ", 1)[-1]
    assert authenticate(RequestFactory().post("/accounts/login/"), username="drew", password=password) is not None


def test_add_user_refuses_an_unknown_role(db):
    with pytest.raises(CommandError):
        call_command("add_user", "x", "--role", "overlord")


def test_user_without_a_role_can_do_nothing(outsider):
    assert not permissions.user_can_read(outsider)
    assert not permissions.user_can_review_claims(outsider)


def _web_process_prints(script: str) -> str:
    """What `script` prints, run in a fresh interpreter with the project's settings (as a web worker starts)."""
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=os.environ | {"DJANGO_SETTINGS_MODULE": "newsroom.settings"},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_web_process_never_imports_spacy():
    script = (
        "import sys, django; django.setup();"
        "from django.test import Client; import newsroom.wsgi, newsroom.urls;"
        "from django.urls import get_resolver; get_resolver().url_patterns;"
        "assert Client(HTTP_HOST='localhost').get('/accounts/login/').status_code == 200;"
        "print('spacy' in sys.modules)"
    )
    assert _web_process_prints(script) == "False"


def test_the_web_process_freezes_its_start_up_objects_out_of_garbage_collection():
    script = (
        "import gc; before = gc.get_freeze_count(); import newsroom.wsgi as w;"
        "print(gc.get_threshold() == w.GC_THRESHOLDS, before, gc.get_freeze_count())"
    )
    tuned, before, frozen = _web_process_prints(script).split()
    assert tuned == "True"
    assert int(before) == 0
    assert int(frozen) > 50_000  # Django, the apps and their models, loaded before the first request


_STATIC_PAGE_SCRIPT = """
import re, django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="claims.example")
page = client.get("/accounts/login/")
assert page.status_code == 200, page.status_code
links = re.findall(r'(?:href|src)="(/static/[^"]+)"', page.content.decode())
assert links, "no static links"
for link in links:
    assert client.get(link).status_code == 200, link
print(" ".join(links))
"""


@pytest.mark.parametrize("collected", [False, True], ids=["fresh-clone", "after-collectstatic"])
def test_production_settings_serve_pages_and_static_files_with_or_without_collectstatic(tmp_path, collected):
    env = {
        "DEBUG": "false",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "claims.example",
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(tmp_path / "static"),
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
    }
    if collected:
        assert _manage("collectstatic", "--noinput", "-v0", **env).returncode == 0
    clean = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "ALLOWED_HOSTS")}
    result = subprocess.run(
        [sys.executable, "-c", _STATIC_PAGE_SCRIPT], cwd=ROOT, env=clean | env, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    links = result.stdout.split()
    hashed = [link for link in links if re.search(r"\.[0-9a-f]{12}\.(css|js|svg)$", link)]
    assert "/static/claimdesk.css" in links or collected
    assert bool(hashed) == collected, links


def test_sessions_are_cached_in_redis_when_there_is_one():
    script = "from django.conf import settings; print(settings.SESSION_ENGINE)"
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "newsroom.settings"}
    with_redis = subprocess.run(
        [sys.executable, "-c", "import django; django.setup();" + script],
        cwd=ROOT, env=env | {"REDIS_URL": "redis://127.0.0.1:6379/0"}, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert with_redis.stdout.strip() == "django.contrib.sessions.backends.cached_db", with_redis.stderr
