"""Claim tracking pages: "checked before", possible matches answered with one key, split, merge, repeats."""

import pytest
from django.urls import reverse

from claims.models import Claim, ClaimEvent, ClaimMatch, ClaimStatus, MatchState, Statement
from tests.factories import ArticleFactory, ClaimFactory, SpeakerFactory, StatementFactory

pytestmark = pytest.mark.django_db


def _panel(client, statement: Statement, **headers) -> str:
    url = reverse("claim_detail", args=[statement.claim_id]) + f"?statement={statement.pk}"
    return client.get(url, **headers).content.decode()


def test_a_later_appearance_shows_the_verdict_who_reviewed_why_and_where_it_was_said_before(reporter_client, sample):
    later = StatementFactory(claim=sample["claim"], article=ArticleFactory(title="Third report"))
    html = _panel(reporter_client, later, HTTP_HX_REQUEST="true")
    assert "Checked before:" in html
    assert "Contradicted by satellite images." in html
    assert "Putin appeals to troops" in html  # where it was said before
    assert sample["putin"].name in html


def test_an_unreviewed_claim_shows_no_checked_before(reporter_client, sample):
    assert "Checked before:" not in _panel(reporter_client, sample["peskov_statement"])


def test_editor_sees_possible_match_buttons_with_keys_reporter_does_not(editor_client, reporter_client, sample):
    html = _panel(editor_client, sample["peskov_statement"], HTTP_HX_REQUEST="true")
    assert "May repeat an earlier claim" in html
    assert 'aria-keyshortcuts="s"' in html
    assert 'aria-keyshortcuts="d"' in html
    assert f'data-hx-post="{reverse("match_confirm", args=[sample["match"].pk])}"' in html
    reporter_html = _panel(reporter_client, sample["peskov_statement"])
    assert "May repeat an earlier claim" in reporter_html
    assert "match-confirm" not in reporter_html


def test_confirming_over_htmx_joins_and_renders_the_joined_claim(editor_client, sample):
    statement = sample["peskov_statement"]
    response = editor_client.post(reverse("match_confirm", args=[sample["match"].pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    statement.refresh_from_db()
    assert statement.claim_id == sample["claim"].pk
    assert "Joined to the earlier claim." in response.content.decode()
    assert ClaimMatch.objects.get(pk=sample["match"].pk).state == MatchState.CONFIRMED


def test_answering_twice_is_refused_and_changes_nothing(editor_client, sample):
    url = reverse("match_reject", args=[sample["match"].pk])
    editor_client.post(url)
    response = editor_client.post(reverse("match_confirm", args=[sample["match"].pk]), follow=True)
    assert "Someone has already answered" in response.content.decode()
    assert ClaimMatch.objects.get(pk=sample["match"].pk).state == MatchState.REJECTED
    assert ClaimEvent.objects.filter(kind="rejected").count() == 1


def test_reporter_cannot_confirm(reporter_client, sample):
    assert reporter_client.post(reverse("match_confirm", args=[sample["match"].pk])).status_code == 403
    assert ClaimMatch.objects.get(pk=sample["match"].pk).state == MatchState.POSSIBLE


def test_split_from_the_panel_moves_the_statement_to_its_own_claim(editor_client, sample):
    joined = StatementFactory(claim=sample["claim"], speaker=sample["peskov"], content="the operation went to plan")
    assert "split this statement off" in _panel(editor_client, joined)
    response = editor_client.post(reverse("statement_split", args=[joined.pk]))
    joined.refresh_from_db()
    assert joined.claim_id != sample["claim"].pk
    assert response.status_code == 302
    assert response.url.startswith(reverse("claim_detail", args=[joined.claim_id]))


def test_merge_form_moves_the_other_claims_statements(editor_client, sample):
    other = StatementFactory(claim=ClaimFactory(speaker=SpeakerFactory(), text="the operation is on plan"))
    response = editor_client.post(reverse("claim_merge", args=[sample["claim"].pk]), {"other": other.claim_id})
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.claim_id == sample["claim"].pk


def test_merge_form_errors_are_shown(editor_client, sample):
    url = reverse("claim_merge", args=[sample["claim"].pk])
    assert "No such claim." in editor_client.post(url, {"other": 999999}).content.decode()
    assert "cannot be merged into itself" in editor_client.post(url, {"other": sample["claim"].pk}).content.decode()


def test_queue_shows_repeats_first_when_asked(reporter_client, sample):
    Claim.objects.filter(pk=sample["claim"].pk).update(repeat=True, last_seen_at=sample["elsewhere"].published_at)
    asked = reporter_client.get(reverse("review_queue"), {"repeats_first": "on"}).content.decode()
    assert "Said again after a verdict" in asked
    assert sample["claim"].text in asked  # contested, so only the repeats section lists it
    assert "Said again after a verdict" not in reporter_client.get(reverse("review_queue")).content.decode()
    assert sample["claim"].status == ClaimStatus.CONTESTED
