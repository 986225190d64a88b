"""Servers the reliability tests start: runserver on the test database, on this suite's ports."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
# The ports these tests may use (shared machines give each suite its own range).
PORTS = range(
    int(os.environ.get("CLAIMDESK_TEST_PORT_FIRST", "8700")),
    int(os.environ.get("CLAIMDESK_TEST_PORT_LAST", "8719")) + 1,
)


def free_port() -> int:
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORTS}")


def subprocess_database_url() -> str:
    """The test database as a DATABASE_URL, for a server or worker process beside the test."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def wait_until(predicate, timeout: float = 120, interval: float = 0.5) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


def _answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code == 200
    except requests.RequestException:
        return False


@contextmanager
def running_server(tmp_path: Path, **env: str) -> Iterator[str]:
    """`manage.py runserver` (threaded, as a newcomer runs it) on the test database; yields its URL."""
    port = free_port()
    log = open(tmp_path / f"server-{port}.log", "wb")  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=os.environ | {"DATABASE_URL": subprocess_database_url(), "CLAIMDESK_VAR_DIR": str(tmp_path)} | env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        if not wait_until(lambda: process.poll() is None and _answers(f"{url}/healthz"), timeout=60):
            raise RuntimeError((tmp_path / f"server-{port}.log").read_text(errors="replace")[-3000:])
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


@pytest.fixture
def server_log(tmp_path):
    def read() -> str:
        return "\n".join(p.read_text(errors="replace")[-4000:] for p in tmp_path.glob("server-*.log"))

    return read


@contextmanager
def publishing_to(url: str, options: dict) -> Iterator[None]:
    """This process's Celery app sends its messages to `url` for the block.

    broker_write_url, because CELERY_BROKER_URL in the environment (CI) outranks conf.broker_url.
    """
    from kombu import pools

    from newsroom.celery import app

    def use(write_url: str | None, transport_options: dict) -> None:
        app.pool.force_close_all()
        pools.reset()  # kombu's producer pools are global, keyed by broker address
        app.conf.broker_write_url, app.conf.broker_transport_options = write_url, transport_options
        app._pool = None
        app.amqp._producer_pool = None

    saved = app.conf.get("broker_write_url"), app.conf.broker_transport_options
    use(url, options)
    try:
        yield
    finally:
        use(*saved)
