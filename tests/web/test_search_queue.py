"""Search (speakers as you type, statements by words) and the review queue pages."""

import pytest
from django.urls import reverse

from claims.models import ClaimStatus
from claims.templatetags.claimdesk import highlight
from tests.factories import ArticleFactory, ClaimFactory, SpeakerFactory, StatementFactory

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


def test_a_search_page_loads_its_matching_speakers_after_the_results(reporter_client, sample):
    content = reporter_client.get(reverse("search"), {"q": "Peskof"}).content.decode()
    suggest = reverse("speaker_suggest") + "?q=Peskof"
    assert f'data-hx-get="{suggest}" data-hx-trigger="load"' in content
    assert "No speaker matches" not in content  # not before the lookup has answered
    encoded = reporter_client.get(reverse("search"), {"q": "fares & tolls"}).content.decode()
    assert "?q=fares%20%26%20tolls" in encoded
    chips = reporter_client.get(suggest, HTTP_HX_REQUEST="true").content.decode()
    assert "Dmitry Peskov" in chips
    assert 'data-hx-trigger="load"' not in reporter_client.get(reverse("search")).content.decode()


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


def _scored(text: str, score: float, reasons: list[str]):
    claim = ClaimFactory(
        text=text, check_worthiness=score, check_worthiness_reasons=reasons, check_worthiness_version="cw-test"
    )
    StatementFactory(claim=claim)
    return claim


def test_review_queue_puts_the_most_check_worthy_first_and_shows_why(reporter_client):
    _scored("figure claim", 0.93, ["a figure", "a change over time"])
    _scored("thanks claim", 0.02, ["thanks or a greeting"])
    _scored("comparison claim", 0.61, ["a comparison"])
    StatementFactory(claim=ClaimFactory(text="unscored claim"))
    content = reporter_client.get(reverse("review_queue")).content.decode()
    order = [content.index(t) for t in ("figure claim", "comparison claim", "thanks claim", "unscored claim")]
    assert order == sorted(order)
    assert "<li>a figure</li><li>a change over time</li>" in content
    assert '<td class="num">0.93</td>' in content
    assert "not scored yet" in content


def test_review_queue_date_order_is_one_click_away(reporter_client):
    older = _scored("older worthy claim", 0.9, ["a figure"])
    _scored("newer dull claim", 0.1, [])
    first = reporter_client.get(reverse("review_queue"), {"speaker": ""}).content.decode()
    assert first.index("older worthy claim") < first.index("newer dull claim")
    assert 'href="?speaker=&amp;order=newest">Newest first</a>' in first
    newest = reporter_client.get(reverse("review_queue"), {"order": "newest"}).content.decode()
    assert newest.index("newer dull claim") < newest.index("older worthy claim")
    assert '<input type="hidden" name="order" value="newest"' in newest  # kept when filtering
    assert older.pk  # both listed


def test_review_queue_check_worthy_pages_cover_everything_once_with_ties(reporter_client):
    # Ties on the score are broken by id, so a page boundary inside a run of equal scores loses nothing.
    claims = [_scored(f"scored claim {n:02d}", [0.9, 0.5, 0.5, 0.1][n % 4], []) for n in range(30)]
    seen, cursor = [], None
    for _ in range(5):
        response = reporter_client.get(reverse("review_queue"), {"cursor": cursor} if cursor else {})
        page = response.context["page"]
        seen += [c.pk for c in page.items]
        cursor = page.next_cursor
        if not cursor:
            break
    assert sorted(seen) == sorted(c.pk for c in claims)
    scores = [c.check_worthiness for c in sorted(claims, key=lambda c: seen.index(c.pk))]
    assert scores == sorted(scores, reverse=True)


def test_review_queue_mangled_or_foreign_cursor_is_the_first_page(reporter_client):
    _scored("only claim", 0.5, [])
    newest_cursor = "MjAyNi0wMS0wMVQwMDowMDowMCswMDowMHwx"  # a created_at cursor given to the score order
    for cursor in (newest_cursor, "bm90IGEgY3Vyc29y", "aW5mfDE"):  # , "not a cursor", "inf|1"
        response = reporter_client.get(reverse("review_queue"), {"cursor": cursor})
        assert response.status_code == 200
        assert "only claim" in response.content.decode()


def test_claim_page_shows_the_score_and_its_reasons(reporter_client):
    claim = _scored("Exports fell 12%", 0.87, ["a figure", "a change over time"])
    content = reporter_client.get(reverse("claim_detail", args=[claim.pk])).content.decode()
    assert '0.87 <ul class="reasons"><li>a figure</li><li>a change over time</li></ul>' in content
    unscored = StatementFactory(claim=ClaimFactory(text="not yet")).claim
    assert "Not scored yet" in reporter_client.get(reverse("claim_detail", args=[unscored.pk])).content.decode()


def test_search_results_count_every_match_across_pages(reporter_client):
    claim = ClaimFactory(text="Ferry fares rose again this spring")
    for _ in range(23):  # two pages of 20
        StatementFactory(claim=claim, article=ArticleFactory())
    StatementFactory(claim=ClaimFactory(text="Bus fares were frozen"))

    first = reporter_client.get(reverse("search"), {"q": "ferry fares"}).content.decode()
    second = reporter_client.get(reverse("search"), {"q": "ferry fares", "page": 2}).content.decode()

    assert "23 statements matching" in first
    assert first.count('class="result-text"') == 20
    assert second.count('class="result-text"') == 3
