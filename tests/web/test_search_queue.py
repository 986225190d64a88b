"""Search (speakers as you type, statements by words) and the review queue pages."""

import pytest
from django.urls import reverse

from claims.models import ClaimStatus
from claims.templatetags.claimdesk import highlight
from tests.factories import ClaimFactory, SpeakerFactory, StatementFactory

pytestmark = pytest.mark.django_db


def test_highlight_escapes_first_then_marks():
    assert str(highlight("<b>budget</b> & budgets", "budget")) == (
        '&lt;b&gt;<mark class="hit">budget</mark>&lt;/b&gt; &amp; <mark class="hit">budgets</mark>'
    )


def test_highlight_without_query_only_escapes():
    assert str(highlight("<script>x</script>", "")) == "&lt;script&gt;x&lt;/script&gt;"


def test_speaker_suggestions_tolerate_typos(reporter_client):
    SpeakerFactory(name="Office for Budget Responsibility", slug="obr")
    response = reporter_client.get(reverse("speaker_suggest"), {"q": "budgt"}, HTTP_HX_REQUEST="true")
    assert "Office for Budget Responsibility" in response.content.decode()
    assert "<html" not in response.content.decode()


def test_search_box_asks_for_suggestions_as_you_type(reporter_client):
    content = reporter_client.get(reverse("search")).content.decode()
    assert f'data-hx-get="{reverse("speaker_suggest")}"' in content
    assert 'data-hx-trigger="input changed delay:250ms' in content


def test_search_finds_statement_highlighted_with_link_to_it(reporter_client, sample):
    content = reporter_client.get(reverse("search"), {"q": "talks"}).content.decode()
    statement = sample["peskov_statement"]
    assert f"{reverse('article_detail', args=[statement.article_id])}#statement-{statement.pk}" in content
    assert '<mark class="hit">talks</mark> were possible' in content
    assert "Dmitry Peskov" in content


def test_search_filters_by_speaker_name_and_status(reporter_client, sample):
    by_putin = reporter_client.get(reverse("search"), {"q": "talks", "speaker": "Putin"}).content.decode()
    assert "0 statements" in by_putin
    contested = reporter_client.get(reverse("search"), {"status": "contested"}).content.decode()
    assert "2 statements" in contested


def test_review_queue_lists_unreviewed_newest_first_with_counts(reporter_client):
    older = ClaimFactory(text="older claim")
    newer = ClaimFactory(text="newer claim")
    StatementFactory(claim=older)
    StatementFactory(claim=newer)
    StatementFactory(claim=ClaimFactory(status=ClaimStatus.EVIDENCED, text="reviewed claim"))
    content = reporter_client.get(reverse("review_queue")).content.decode()
    assert content.index("newer claim") < content.index("older claim")
    assert "reviewed claim" not in content
    assert '<span class="count-number">2</span> Unreviewed' in content
    assert '<span class="count-number">1</span> Evidenced' in content


def test_review_queue_pages_by_cursor(reporter_client):
    for n in range(30):
        StatementFactory(claim=ClaimFactory(text=f"queued claim {n:02d}"))
    first = reporter_client.get(reverse("review_queue"))
    assert "queued claim 29" in first.content.decode()
    cursor = first.context["page"].next_cursor
    second = reporter_client.get(reverse("review_queue"), {"cursor": cursor}).content.decode()
    assert "queued claim 04" in second
    assert "queued claim 05" not in second
    assert "queued claim 29" not in second


def test_review_queue_unknown_speaker_filter_matches_nothing(reporter_client, sample):
    content = reporter_client.get(reverse("review_queue"), {"speaker": "zzzzqqq"}).content.decode()
    assert "Nothing waiting for review" in content
