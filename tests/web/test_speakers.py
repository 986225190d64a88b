"""Speaker pages, aliases and merging two speakers without losing anything."""

import pytest
from django.urls import reverse

from claims.models import Claim, ClaimReview, ClaimStatus, Speaker, SpeakerAlias, Statement
from claims.services import claim_set_status, speaker_merge
from tests.factories import ClaimFactory, SpeakerFactory, StatementFactory

pytestmark = pytest.mark.django_db


def test_speaker_page_lists_statements_with_status_and_counts(reporter_client, sample):
    content = reporter_client.get(reverse("speaker_detail", args=["vladimir-putin"])).content.decode()
    assert "President" in content
    assert "Putin" in content  # alias
    assert content.count('class="result card"') == 2  # said in two articles
    assert 'class="badge status-contested"' in content


def test_unknown_speaker_is_404(reporter_client):
    assert reporter_client.get(reverse("speaker_detail", args=["nobody"])).status_code == 404


def test_editor_adds_alias(editor_client, sample):
    response = editor_client.post(reverse("speaker_alias_add", args=["dmitry-peskov"]), {"name": "Kremlin spokesman"})
    assert response.status_code == 302
    assert SpeakerAlias.objects.filter(speaker=sample["peskov"], normalized="kremlin spokesman").exists()


def test_merge_moves_aliases_statements_and_merges_twin_claims(editor, second_editor):
    target = SpeakerFactory(name="Vladimir Putin", alias_names=["Putin"])
    source = SpeakerFactory(name="V. Putin", alias_names=["Putin", "President Putin"])
    twin_target = ClaimFactory(speaker=target, text="Talks are possible")
    twin_source = ClaimFactory(speaker=source, text="talks are possible!")  # same fingerprint
    only_source = ClaimFactory(speaker=source, text="The operation is on schedule")
    StatementFactory(claim=twin_target)
    moved_statement = StatementFactory(claim=twin_source)
    StatementFactory(claim=only_source)
    # The source's copy has more reviews: its status wins.
    claim_set_status(claim=twin_source, status="contested", by=editor, expected_version=1)
    claim_set_status(claim=twin_source, status="unevidenced", by=second_editor, expected_version=2)
    claim_set_status(claim=twin_target, status="evidenced", by=editor, expected_version=1)

    speaker_merge(source=source, target=target, by=editor)

    assert not Speaker.objects.filter(pk=source.pk).exists()
    assert set(target.aliases.values_list("normalized", flat=True)) == {
        "vladimir putin",
        "putin",
        "v. putin",
        "president putin",
    }
    twin_target.refresh_from_db()
    assert not Claim.objects.filter(pk=twin_source.pk).exists()
    assert twin_target.status == ClaimStatus.UNEVIDENCED
    assert twin_target.appearance_count == 2
    assert sorted(ClaimReview.objects.filter(claim=twin_target).values_list("version", flat=True)) == [2, 3, 4]
    assert twin_target.version == 4
    assert Statement.objects.get(pk=moved_statement.pk).claim == twin_target
    assert Claim.objects.get(pk=only_source.pk).speaker == target
    assert not Statement.objects.filter(speaker_id=source.pk).exists()


def test_merge_page(editor_client, sample):
    response = editor_client.post(reverse("speaker_merge", args=["dmitry-peskov"]), {"target": "vladimir-putin"})
    assert response.status_code == 302
    assert response.url == reverse("speaker_detail", args=["vladimir-putin"])
    assert sample["peskov_statement"].__class__.objects.get(pk=sample["peskov_statement"].pk).speaker == sample["putin"]


def test_merge_into_itself_is_refused(editor_client, sample):
    response = editor_client.post(reverse("speaker_merge", args=["dmitry-peskov"]), {"target": "dmitry-peskov"})
    assert response.status_code == 422
    assert "cannot be merged into itself" in response.content.decode()


def test_reporter_cannot_merge(reporter_client, sample):
    response = reporter_client.post(reverse("speaker_merge", args=["dmitry-peskov"]), {"target": "vladimir-putin"})
    assert response.status_code == 403
    assert Speaker.objects.filter(slug="dmitry-peskov").exists()


def test_merge_target_must_be_exact_not_a_fuzzy_guess(editor_client, sample):
    response = editor_client.post(reverse("speaker_merge", args=["dmitry-peskov"]), {"target": "Vladimir Putn"})
    assert response.status_code == 422
    assert Speaker.objects.filter(slug="dmitry-peskov").exists()


def test_merge_by_exact_alias(editor_client, sample):
    response = editor_client.post(reverse("speaker_merge", args=["dmitry-peskov"]), {"target": "putin"})
    assert response.status_code == 302
    assert not Speaker.objects.filter(slug="dmitry-peskov").exists()
