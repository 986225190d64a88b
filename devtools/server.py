"""gunicorn as production runs it, started by the benchmarks: one server per `bench_archive` run.

The benchmark's reads over HTTP and the claims-list throughput both go through this server, so the
figures include what a client pays (the WSGI server, production settings, a TCP connection each
request) and not django.test.Client's own bookkeeping.
"""

import contextlib
import http.client
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings


@contextlib.contextmanager
def gunicorn_serving(*, workers: int, port: int) -> Iterator[str]:
    """Run `gunicorn newsroom.wsgi` on 127.0.0.1:`port` with production settings (DEBUG off, the
    docker-compose.yml environment over plain HTTP) and yield its base URL, "http://127.0.0.1:PORT".

    The database, cache and broker are this process's (same environment). The API's per-user rate
    limit is lifted, not removed, so each request still pays for the throttle check it pays in
    production (6,000 an hour would answer 429 within a minute of load). Raises RuntimeError when
    the server does not answer /healthz within 30 s.
    """
    env = {**os.environ, "DEBUG": "false", "SECRET_KEY": settings.SECRET_KEY, "CLAIMDESK_DEV_APPS": "true"}
    env |= {"ALLOWED_HOSTS": "127.0.0.1,localhost", "SECURE_SSL_REDIRECT": "false", "SESSION_COOKIE_SECURE": "false"}
    env |= {"CSRF_COOKIE_SECURE": "false", "API_THROTTLE_USER": "100000000/hour"}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "newsroom.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{base}/healthz")
        yield base
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def _wait_for(url: str) -> None:
    for _ in range(150):
        try:
            urllib.request.urlopen(url, timeout=1)  # noqa: S310 - a local URL we started
            return
        except OSError:  # refused, reset or timed out while gunicorn boots
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def http_get(*, base: str, path: str, session_cookie: str) -> None:
    """GET `path` from the server at `base` as the signed-in benchmark user, on a new connection
    (gunicorn's sync workers close each one), reading the whole body. Raises RuntimeError on any
    answer but 200."""
    host_port = base.removeprefix("http://")
    conn = http.client.HTTPConnection(host_port, timeout=30)
    try:
        conn.request("GET", path, headers={"Cookie": f"sessionid={session_cookie}", "Host": "localhost"})
        response = conn.getresponse()
        response.read()
    finally:
        conn.close()
    if response.status != 200:
        raise RuntimeError(f"GET {path} -> {response.status}")
