"""The development app: installed only on request, its reference views as guarded and as exact as
the API they are compared with, and its load generator counting what a local server answers."""

import http.server
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.urls import URLPattern, get_resolver

from claims.services import claim_set_status
from devtools.loadgen import load_run
from tests.factories import ArticleFactory, StatementFactory

ROOT = Path(__file__).resolve().parents[2]
# name -> expected status per role
MATRIX = {
    "dev-claims-reference": {"anonymous": 401, "outsider": 403, "reporter": 200, "editor": 200},
    "dev-claims-bare": {"anonymous": 401, "outsider": 403, "reporter": 200, "editor": 200},
}


def _installed_apps(**env: str) -> dict:
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        "from django.core.management import get_commands; "
        "print(json.dumps({'apps': settings.INSTALLED_APPS, 'commands': sorted(get_commands())}))"
    )
    environment = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "CLAIMDESK_DEV_APPS")}
    environment |= {"DJANGO_SETTINGS_MODULE": "newsroom.settings", **env}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_production_settings_do_not_install_the_dev_app_or_its_commands():
    production = {"DEBUG": "false", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "claimdesk.example"}
    shipped = _installed_apps(**production)
    assert "devtools" not in shipped["apps"]
    assert not {"seed_archive", "bench_archive"} & set(shipped["commands"])
    benchmark_run = _installed_apps(**production, CLAIMDESK_DEV_APPS="true")
    assert "devtools" in benchmark_run["apps"]
    assert {"seed_archive", "bench_archive"} <= set(benchmark_run["commands"])
    assert "devtools" in _installed_apps(DEBUG="true")["apps"]


def test_every_dev_route_is_in_the_matrix():
    names = {p.name for p in get_resolver("devtools.urls").url_patterns if isinstance(p, URLPattern)}
    assert names == set(MATRIX)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_dev_views_refuse_who_may_not_read(name, client, outsider, reporter, editor):
    from django.urls import reverse

    StatementFactory()
    for role, user in (("anonymous", None), ("outsider", outsider), ("reporter", reporter), ("editor", editor)):
        client.logout()
        if user is not None:
            client.force_login(user)
        assert client.get(reverse(name)).status_code == MATRIX[name][role], role


@pytest.mark.django_db
def test_reference_and_bare_views_return_the_claims_list_json(client, editor):
    for n in range(4):
        statement = StatementFactory(article=ArticleFactory())
        StatementFactory(claim=statement.claim, article=ArticleFactory())
        if n % 2:
            claim_set_status(claim=statement.claim, status="contested", note=f"n{n}", by=editor, expected_version=1)
    client.force_login(editor)
    shipped = client.get("/api/v1/claims/", {"page_size": 3}).json()
    assert len(shipped["results"]) == 3
    for path in ("/dev/api/claims-reference/", "/dev/api/claims-bare/"):
        page = client.get(path, {"page_size": 3}).json()
        assert page["next"] == shipped["next"].replace("/api/v1/claims/", path)
        assert (page["next_cursor"], page["results"]) == (shipped["next_cursor"], shipped["results"])


def test_load_generator_counts_answers_and_errors_from_a_local_server():
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            body = b"{}"
            self.send_response(200 if self.path == "/ok" else 500)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        ok = load_run(url=f"{base}/ok", headers={}, connections=2, seconds=0.3)
        failing = load_run(url=f"{base}/fail", headers={}, connections=1, seconds=0.2)
    finally:
        server.shutdown()
    assert len(ok.latencies_ms) > 0
    assert ok.errors == 0
    assert ok.bytes_read == 2 * len(ok.latencies_ms)
    assert failing.errors == len(failing.latencies_ms) > 0
