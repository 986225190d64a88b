"""`make run`'s demo_setup: the sample article carries its outlet (Sky News) and date (25 February 2022)."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.management import call_command

from sources.models import Article
from sources.services import article_ingest

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[1] / "sample" / "putin_address.txt"


@pytest.fixture(autouse=True)
def _fast(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _sample() -> Article:
    return Article.objects.select_related("outlet").get()


def test_demo_setup_sample_has_outlet_and_date(capsys):
    call_command("demo_setup")
    article = _sample()
    assert article.outlet.name == "Sky News"
    assert article.published_at.date() == dt.date(2022, 2, 25)
    assert "Sky News, 25 February 2022" in capsys.readouterr().out


def test_demo_setup_fills_a_sample_stored_without_them():
    article_ingest(raw=SAMPLE.read_text(encoding="utf-8"), title="Pasted earlier")
    assert _sample().outlet is None
    call_command("demo_setup")
    article = _sample()
    assert (article.outlet.name, article.published_at.date()) == ("Sky News", dt.date(2022, 2, 25))
    assert article.title == "Pasted earlier"  # what it had is kept
