"""Concurrent writers on the embedded default: editors through a live server, the worker beside them.

A conflict between two editors must be a 409, never `database is locked` as a 500; the worker's
statement writes wait for the lock instead of failing. Runs on PostgreSQL too, where it must hold
the same way.
"""

import os
import subprocess
import sys
import threading

import pytest
import requests
from rest_framework.authtoken.models import Token

from claims.models import Claim, ClaimReview
from claims.services.users import user_set_role
from sources.models import Article, ExtractionStatus
from tests.factories import ArticleFactory, ClaimFactory
from tests.reliability.conftest import ROOT, running_server, subprocess_database_url

EDITORS = 4
ROUNDS = 20
WORKER_ROUNDS = 8

pytestmark = pytest.mark.django_db(transaction=True)


def _editor_loop(base: str, token: str, claim_ids: list[int], barrier: threading.Barrier, out: list) -> None:
    session = requests.Session()
    session.headers["Authorization"] = f"Token {token}"
    for round_no in range(ROUNDS):
        url = f"{base}/api/v1/claims/{claim_ids[round_no % len(claim_ids)]}/"
        loaded = session.get(url, timeout=60)
        out.append(("GET", loaded.status_code, loaded.text[:300]))
        version = loaded.json()["version"] if loaded.status_code == 200 else 1
        barrier.wait(timeout=120)  # every editor saves the same claim at the same instant
        saved = session.patch(
            url, json={"status": "contested", "note": f"round {round_no}", "version": version}, timeout=60
        )
        out.append(("PATCH", saved.status_code, saved.text[:300]))


def test_four_editors_and_the_worker_writing_at_once_get_only_200_or_409(tmp_path, server_log):
    claim_ids = [ClaimFactory().pk for _ in range(3)]
    tokens = [
        Token.objects.create(
            user=user_set_role(username=f"editor{n}", role="editor", password="editor-password-1")[0]
        ).key
        for n in range(EDITORS)
    ]
    sentences = ". ".join(f"The minister said figure {n} rose by {n} percent" for n in range(40))
    article_ids = [ArticleFactory(text=f"{sentences}. Article {n}.").pk for n in range(3)]

    with running_server(tmp_path) as base:
        worker = subprocess.Popen(
            [sys.executable, "-m", "tests.reliability.storing_worker", str(WORKER_ROUNDS), *map(str, article_ids)],
            cwd=ROOT,
            env={
                **os.environ,
                "DATABASE_URL": subprocess_database_url(),
                "CLAIMDESK_VAR_DIR": str(tmp_path),
            },
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        results: list[tuple[str, int, str]] = []
        barrier = threading.Barrier(EDITORS)
        threads = [
            threading.Thread(target=_editor_loop, args=(base, token, claim_ids, barrier, results)) for token in tokens
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=600)
        worker_output, _ = worker.communicate(timeout=600)

    unexpected = [r for r in results if r[1] not in ((200,) if r[0] == "GET" else (200, 409))]
    assert not unexpected, f"{unexpected[:5]}\n{server_log()}"
    assert len(results) == 2 * EDITORS * ROUNDS
    assert worker.returncode == 0, worker_output[-3000:]
    assert f"stored {WORKER_ROUNDS * len(article_ids)}" in worker_output

    saved = sum(1 for method, code, _ in results if method == "PATCH" and code == 200)
    conflicts = sum(1 for method, code, _ in results if method == "PATCH" and code == 409)
    print(
        f"FIGURE {EDITORS} editors x {ROUNDS} rounds beside the worker: "
        f"{saved} saved (200), {conflicts} conflicts (409)"
    )
    # Every 200 is one review and one version step; a 409 changed nothing.
    assert ClaimReview.objects.count() == saved
    assert sum(v - 1 for v in Claim.objects.filter(pk__in=claim_ids).values_list("version", flat=True)) == saved
    assert saved >= ROUNDS  # at least one editor wins each round
    assert Article.objects.filter(pk__in=article_ids, extraction_status=ExtractionStatus.DONE).count() == 3


@pytest.mark.parametrize("database_url", ["", "sqlite:////tmp/claimdesk-settings-check/db.sqlite3"])
def test_sqlite_tuning_holds_however_sqlite_is_chosen(database_url, tmp_path):
    code = "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'])"
    env = os.environ | {"DATABASE_URL": database_url, "CLAIMDESK_VAR_DIR": str(tmp_path)}
    env = {k: v for k, v in env.items() if k != "DJANGO_SETTINGS_MODULE"} | {
        "DJANGO_SETTINGS_MODULE": "newsroom.settings"
    }
    printed = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    assert "'transaction_mode': 'IMMEDIATE'" in printed
    assert "journal_mode=WAL" in printed
    assert "'timeout': 20" in printed
