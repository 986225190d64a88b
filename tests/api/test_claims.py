import datetime as dt

import pytest
from django.utils import timezone
from django.utils.http import http_date

from claims.models import Claim, ClaimMatch, ClaimReview, ClaimStatus, MatchState
from claims.services import claim_publish, claim_set_status
from tests.factories import ArticleFactory, ClaimFactory, ClaimReviewFactory, SpeakerFactory, StatementFactory

pytestmark = pytest.mark.django_db


def _url(claim: Claim, suffix: str = "") -> str:
    return f"/api/v1/claims/{claim.pk}/{suffix}"


# --- list -----------------------------------------------------------------------------------------


def test_reporter_lists_claims_with_speaker_appearances_and_latest_review(reporter_api):
    statement = StatementFactory(article__url="https://news.example/a")
    ClaimReviewFactory(claim=statement.claim, note="old", version=2)
    ClaimReviewFactory(
        claim=statement.claim, note="newest", version=3, evidence=[{"url": "https://e.example", "title": "E"}]
    )

    response = reporter_api.get("/api/v1/claims/")

    assert response.status_code == 200
    [row] = response.json()["results"]
    assert row["id"] == statement.claim_id
    assert row["speaker"] == {
        "id": statement.speaker.pk,
        "name": statement.speaker.name,
        "slug": statement.speaker.slug,
        "kind": "person",
    }
    assert row["appearances"] == [
        {
            "statement_id": statement.pk,
            "article_id": statement.article_id,
            "title": statement.article.title,
            "url": "https://news.example/a",
            "start": statement.start,
            "end": statement.end,
        }
    ]
    assert row["latest_review"]["note"] == "newest"
    assert row["latest_review"]["evidence"] == [{"url": "https://e.example", "title": "E"}]
    assert {"version", "created_at", "updated_at", "suggested_status", "suggested_reason", "text"} <= set(row)


def test_claim_filters(reporter_api):
    speaker = SpeakerFactory(name="Ada Minister", slug="ada-minister")
    contested = StatementFactory(
        claim__speaker=speaker, claim__status=ClaimStatus.CONTESTED, claim__text="Taxes fell sharply"
    )
    other = StatementFactory(claim__text="Hospitals opened")
    ids = lambda **params: [c["id"] for c in reporter_api.get("/api/v1/claims/", params).json()["results"]]  # noqa: E731

    assert ids(status="contested") == [contested.claim_id]
    assert ids(speaker="ada-minister") == [contested.claim_id]
    assert ids(speaker=str(speaker.pk)) == [contested.claim_id]
    assert ids(article=other.article_id) == [other.claim_id]
    assert ids(outlet=other.article.outlet_id) == [other.claim_id]
    assert ids(q="taxes SHARPLY") == [contested.claim_id]
    assert ids(q="taxes hospitals") == []


def test_updated_since_sync_pages_through_every_change_in_order(reporter_api):
    claims = [ClaimFactory() for _ in range(5)]
    base = timezone.now() - dt.timedelta(hours=1)
    for i, claim in enumerate(claims):
        # two claims share a timestamp: the id breaks the tie, so neither is skipped
        Claim.objects.filter(pk=claim.pk).update(updated_at=base + dt.timedelta(minutes=min(i, 3)))
    since = (base + dt.timedelta(minutes=1)).isoformat()

    seen, url, params = [], "/api/v1/claims/", {"updated_since": since, "page_size": 2}
    while url:
        body = reporter_api.get(url, params).json()
        seen += [c["id"] for c in body["results"]]
        url, params = body["next"], None

    assert seen == [c.pk for c in claims[1:]]


def test_claims_descending_order_and_cursor(reporter_api):
    claims = [ClaimFactory() for _ in range(3)]
    first = reporter_api.get("/api/v1/claims/", {"ordering": "-created_at", "page_size": 2}).json()
    assert [c["id"] for c in first["results"]] == [claims[2].pk, claims[1].pk]
    second = reporter_api.get("/api/v1/claims/", {"ordering": "-created_at", "cursor": first["next_cursor"]}).json()
    assert [c["id"] for c in second["results"]] == [claims[0].pk]
    assert second["next"] is None


def test_cursor_of_another_ordering_or_mangled_is_404(reporter_api):
    ClaimFactory.create_batch(2)
    cursor = reporter_api.get("/api/v1/claims/", {"page_size": 1}).json()["next_cursor"]
    assert reporter_api.get("/api/v1/claims/", {"ordering": "-created_at", "cursor": cursor}).status_code == 404
    assert reporter_api.get("/api/v1/claims/", {"cursor": "not-a-cursor"}).status_code == 404


def test_claim_list_query_count_is_constant(reporter_api, django_assert_max_num_queries):
    def make(n: int) -> None:
        for _ in range(n):
            statement = StatementFactory()
            StatementFactory(claim=statement.claim, article=ArticleFactory())
            ClaimReviewFactory(claim=statement.claim)
            earlier = StatementFactory()
            ClaimMatch.objects.create(
                article=statement.article, fingerprint="f", statement=statement, claim=earlier.claim, score=0.6
            )

    make(1)
    # token user, groups, claims, their statements+articles, their latest reviews+reviewers,
    # their statements with open possible matches, those matches with earlier claims+speakers
    with django_assert_max_num_queries(7):
        assert len(reporter_api.get("/api/v1/claims/").json()["results"]) == 2
    make(9)
    with django_assert_max_num_queries(7):
        assert len(reporter_api.get("/api/v1/claims/").json()["results"]) == 20


def test_claims_carry_tracking_fields_and_possible_matches(reporter_api):
    statement = StatementFactory()
    earlier = StatementFactory(claim__status=ClaimStatus.CONTESTED, claim__text="Waiting lists were halved")
    first_seen = timezone.now() - dt.timedelta(days=30)
    Claim.objects.filter(pk=statement.claim_id).update(first_seen_at=first_seen, last_seen_at=statement.published_at)
    asked = ClaimMatch.objects.create(
        article=statement.article, fingerprint="f", statement=statement, claim=earlier.claim, score=0.64
    )
    ClaimMatch.objects.create(
        article=statement.article,
        fingerprint="g",
        statement=statement,
        claim=ClaimFactory(),
        score=0.7,
        state=MatchState.REJECTED,
    )

    row = reporter_api.get(_url(statement.claim)).json()

    assert row["appearance_count"] == 1
    assert dt.datetime.fromisoformat(row["first_seen"]) == first_seen
    assert dt.datetime.fromisoformat(row["last_seen"]) == statement.published_at
    assert row["repeat"] is False
    assert row["possible_matches"] == [
        {
            "id": asked.pk,
            "statement_id": statement.pk,
            "article_id": statement.article_id,
            "claim_id": earlier.claim_id,
            "text": "Waiting lists were halved",
            "speaker": earlier.speaker.name,
            "status": "contested",
            "score": 0.64,
        }
    ]


def test_repeat_filter(reporter_api):
    repeated = StatementFactory(claim__status=ClaimStatus.CONTESTED).claim
    Claim.objects.filter(pk=repeated.pk).update(repeat=True)
    other = StatementFactory().claim
    ids = lambda **params: [c["id"] for c in reporter_api.get("/api/v1/claims/", params).json()["results"]]  # noqa: E731

    assert ids(repeat="true") == [repeated.pk]
    assert ids(repeat="false") == [other.pk]
    assert sorted(ids()) == sorted([repeated.pk, other.pk])
    bad = reporter_api.get("/api/v1/claims/", {"repeat": "sometimes"})
    assert bad.status_code == 400
    assert "repeat" in bad.json()["errors"]


# --- detail, conditional GET ----------------------------------------------------------------------


def test_detail_has_etag_and_last_modified_and_answers_304(reporter_api):
    claim = StatementFactory().claim
    response = reporter_api.get(_url(claim))
    assert response.status_code == 200
    etag = response["ETag"]
    assert etag
    assert response["Last-Modified"]

    assert reporter_api.get(_url(claim), HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert reporter_api.get(_url(claim), HTTP_IF_NONE_MATCH='"other"').status_code == 200
    assert reporter_api.get(_url(claim), HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]).status_code == 304
    earlier = http_date((claim.updated_at - dt.timedelta(days=1)).timestamp())
    assert reporter_api.get(_url(claim), HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200


def test_etag_changes_after_a_review(editor_api, editor):
    claim = ClaimFactory()
    etag = editor_api.get(_url(claim))["ETag"]
    claim_set_status(claim=claim, status="evidenced", by=editor, expected_version=claim.version)
    response = editor_api.get(_url(claim), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_missing_claim_is_404_json(reporter_api):
    response = reporter_api.get("/api/v1/claims/999999/")
    assert response.status_code == 404
    assert set(response.json()) == {"detail"}
    assert reporter_api.get(f"/api/v1/claims/{2**70}/").status_code == 404


# --- PATCH ----------------------------------------------------------------------------------------


def test_editor_sets_status_with_note_and_evidence(editor_api, editor):
    claim = ClaimFactory()
    response = editor_api.patch(
        _url(claim),
        {
            "status": "contested",
            "note": "Figures disagree",
            "evidence": [{"url": "https://stats.example/x", "title": "Stats"}],
            "version": 1,
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "contested"
    assert body["version"] == 2
    assert body["latest_review"]["note"] == "Figures disagree"
    assert body["latest_review"]["reviewer"] == editor.username
    assert response["ETag"]
    assert ClaimReview.objects.get(claim=claim).evidence == [{"url": "https://stats.example/x", "title": "Stats"}]


def test_stale_version_is_409_with_current_state_and_nothing_overwritten(editor_api, second_editor_api):
    claim = ClaimFactory()
    assert second_editor_api.patch(_url(claim), {"status": "evidenced", "version": 1}, format="json").status_code == 200

    response = editor_api.patch(_url(claim), {"status": "contested", "note": "mine", "version": 1}, format="json")

    assert response.status_code == 409
    current = response.json()["current"]
    assert current["status"] == "evidenced"
    assert current["version"] == 2
    assert current["latest_review"]["reviewer"] == "ed2"
    claim.refresh_from_db()
    assert (claim.status, claim.version) == ("evidenced", 2)


def test_if_match_current_etag_saves_and_stale_etag_is_412(editor_api, second_editor_api):
    claim = ClaimFactory()
    etag = editor_api.get(_url(claim))["ETag"]
    assert (
        second_editor_api.patch(_url(claim), {"status": "evidenced"}, format="json", HTTP_IF_MATCH=etag).status_code
        == 200
    )

    response = editor_api.patch(_url(claim), {"status": "contested"}, format="json", HTTP_IF_MATCH=etag)

    assert response.status_code == 412
    assert response.json()["current"]["status"] == "evidenced"
    claim.refresh_from_db()
    assert claim.status == "evidenced"


def test_if_unmodified_since_older_than_the_last_change_is_412_with_the_current_state(editor_api):
    claim = ClaimFactory()
    before = http_date(claim.updated_at.timestamp() - 3600)

    response = editor_api.patch(
        _url(claim), {"status": "contested", "version": 1}, format="json", HTTP_IF_UNMODIFIED_SINCE=before
    )

    assert response.status_code == 412
    assert response.json()["current"]["id"] == claim.pk
    claim.refresh_from_db()
    assert claim.status == "unreviewed"


def test_patch_without_version_or_if_match_is_400(editor_api):
    claim = ClaimFactory()
    response = editor_api.patch(_url(claim), {"status": "contested"}, format="json")
    assert response.status_code == 400
    assert "version" in response.json()["errors"]


def test_note_only_patch_keeps_status(editor_api):
    claim = ClaimFactory(status=ClaimStatus.EVIDENCED)
    response = editor_api.patch(_url(claim), {"note": "Added a source", "version": 1}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "evidenced"
    assert response.json()["latest_review"]["note"] == "Added a source"


def test_unknown_status_and_read_only_fields_are_400(editor_api):
    claim = ClaimFactory()
    bad_status = editor_api.patch(_url(claim), {"status": "true-ish", "version": 1}, format="json")
    assert bad_status.status_code == 400
    assert "status" in bad_status.json()["errors"]
    read_only = editor_api.patch(_url(claim), {"status": "evidenced", "version": 1, "reviewer": 1}, format="json")
    assert read_only.status_code == 400
    assert "reviewer" in read_only.json()["errors"]
    assert editor_api.patch(_url(claim), {"status": "evidenced", "version": "1"}, format="json").status_code == 400
    claim.refresh_from_db()
    assert claim.version == 1


def test_bad_evidence_url_is_400_naming_the_item(editor_api):
    claim = ClaimFactory()
    response = editor_api.patch(
        _url(claim), {"status": "evidenced", "version": 1, "evidence": [{"url": "javascript:alert(1)"}]}, format="json"
    )
    assert response.status_code == 400
    assert "evidence[0].url" in response.json()["errors"]


def test_reporter_and_outsider_cannot_patch(reporter_api, outsider_api, anon_api):
    claim = ClaimFactory()
    body = {"status": "contested", "version": 1}
    assert reporter_api.patch(_url(claim), body, format="json").status_code == 403
    assert outsider_api.patch(_url(claim), body, format="json").status_code == 403
    anonymous = anon_api.patch(_url(claim), body, format="json")
    assert anonymous.status_code == 401
    assert anonymous["WWW-Authenticate"] == "Token"
    claim.refresh_from_db()
    assert claim.status == "unreviewed"


# --- history, ClaimReview -------------------------------------------------------------------------


def test_history_lists_every_review_newest_first(reporter_api, editor, second_editor):
    claim = ClaimFactory()
    claim_set_status(claim=claim, status="evidenced", note="first", by=editor, expected_version=1)
    claim_set_status(
        claim=claim,
        status="contested",
        note="second",
        evidence=[{"url": "https://x.example"}],
        by=second_editor,
        expected_version=2,
    )
    response = reporter_api.get(_url(claim, "history/"))
    assert response.status_code == 200
    rows = response.json()
    assert [(r["reviewer"], r["from_status"], r["to_status"], r["note"]) for r in rows] == [
        ("ed2", "evidenced", "contested", "second"),
        ("ed", "unreviewed", "evidenced", "first"),
    ]
    assert rows[0]["evidence"] == [{"url": "https://x.example", "title": ""}]
    assert rows[0]["created_at"]


def test_claimreview_json_ld_shape(reporter_api, editor, second_editor, settings):
    settings.NEWSROOM_NAME = "The Daily Check"
    settings.NEWSROOM_URL = "https://check.example"
    speaker = SpeakerFactory(name="Acme Holdings", kind="organisation")
    statement = StatementFactory(
        claim__speaker=speaker, article__url="https://news.example/story", article__title="Story"
    )
    claim = statement.claim
    claim_set_status(claim=claim, status="unevidenced", note="n", by=editor, expected_version=1)
    review = claim_publish(claim=claim, by=second_editor, expected_version=2)

    response = reporter_api.get(_url(claim, "claimreview/"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    body = response.json()
    assert body["@context"] == "https://schema.org"
    assert body["@type"] == "ClaimReview"
    assert body["claimReviewed"] == claim.text
    assert body["itemReviewed"]["@type"] == "Claim"
    assert body["itemReviewed"]["author"] == {"@type": "Organization", "name": "Acme Holdings"}
    assert body["itemReviewed"]["appearance"] == [
        {
            "@type": "CreativeWork",
            "url": "https://news.example/story",
            "headline": "Story",
            "datePublished": statement.published_at.isoformat(),
        }
    ]
    assert body["itemReviewed"]["datePublished"] == statement.published_at.isoformat()
    assert body["reviewRating"] == {"@type": "Rating", "alternateName": "Unevidenced"}
    assert body["author"] == {"@type": "Organization", "name": "The Daily Check", "url": "https://check.example"}
    assert body["datePublished"] == review.signed_off_at.isoformat()
    assert body["url"] == f"https://check.example/fact-checks/{claim.pk}/"


def test_claimreview_person_author_and_json_accept(reporter_api, editor, second_editor):
    claim = StatementFactory().claim
    claim_set_status(claim=claim, status="evidenced", by=editor, expected_version=1)
    claim_publish(claim=claim, by=second_editor, expected_version=2)
    response = reporter_api.get(_url(claim, "claimreview/"), HTTP_ACCEPT="application/json")
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["itemReviewed"]["author"]["@type"] == "Person"
    assert response.json()["reviewRating"]["alternateName"] == "Evidenced"


def test_claimreview_of_unreviewed_claim_is_404(reporter_api):
    claim = StatementFactory().claim
    response = reporter_api.get(_url(claim, "claimreview/"))
    assert response.status_code == 404
    assert "not published" in response.json()["detail"]


def test_claimreview_of_draft_verdict_is_404_and_correction_keeps_published_one(reporter_api, editor, second_editor):
    claim = StatementFactory().claim
    claim_set_status(claim=claim, status="evidenced", note="draft", by=editor, expected_version=1)
    assert reporter_api.get(_url(claim, "claimreview/")).status_code == 404  # a draft is not public

    claim_publish(claim=claim, by=second_editor, expected_version=2)
    claim_set_status(claim=claim, status="contested", note="New figures", by=editor, expected_version=3)
    body = reporter_api.get(_url(claim, "claimreview/")).json()
    assert body["reviewRating"]["alternateName"] == "Evidenced"  # the correction awaits sign-off
    assert reporter_api.get(_url(claim, "")).json()["publication"] == "correction"
