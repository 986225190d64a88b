"""The lean list paths write exactly what the serializers would, and orjson what DRF's renderer would.

The serializers document the API (the OpenAPI schema) and serve the detail endpoints; the list
endpoints build the same dicts from plain rows (claims/api/lean.py). Each list row must equal the
serializer's output for the same object, so a field added to a serializer but not to the lean path
fails here.
"""

import datetime as dt
import decimal
import json

import pytest
from django.utils import timezone
from django.utils.translation import gettext_lazy
from rest_framework.renderers import JSONRenderer

from claims.api.renderers import ORJSONRenderer
from claims.api.serializers import claims as s
from claims.api.serializers.speakers import SpeakerSerializer
from claims.api.serializers.statements import StatementSerializer
from claims.models import ClaimMatch, ClaimStatus, MatchState, SpeakerKind
from claims.selectors import claims as claim_selectors
from claims.selectors import speakers as speaker_selectors
from claims.selectors import statements as statement_selectors
from claims.services import claim_set_status, statement_reject
from tests.factories import ArticleFactory, ClaimFactory, SpeakerFactory, StatementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(editor, second_editor):
    """Claims said many times (more than a list shows), reviewed twice with evidence, rejected
    statements, an organisation, an article without a URL, a non-ASCII name."""
    now = timezone.now()
    ministry = SpeakerFactory(name="Ministère de la Santé", kind=SpeakerKind.ORGANISATION)
    busy = ClaimFactory(speaker=ministry, text="Waiting lists have halved since 2020", appearance_count=8)
    for n in range(8):
        url = "" if n == 3 else f"https://n.example/{n}"
        StatementFactory(claim=busy, article=ArticleFactory(url=url, published_at=now - dt.timedelta(days=n)))
    claim_set_status(claim=busy, status=ClaimStatus.CONTESTED, note="First.", by=editor, expected_version=1)
    claim_set_status(
        claim=busy,
        status=ClaimStatus.UNEVIDENCED,
        note="Ministry figures \u2028 do not show it.",
        evidence=[{"url": "https://ons.example/x", "title": "ONS"}],
        by=second_editor,
        expected_version=2,
    )
    quiet = StatementFactory()
    statement_reject(statement=StatementFactory(claim=quiet.claim, article=ArticleFactory()), by=editor)
    StatementFactory(claim=ClaimFactory(suggested_status=ClaimStatus.EVIDENCED, suggested_reason="figures confirm"))
    # questions to editors: two open (best first), one answered (not listed)
    asking = StatementFactory()
    for claim, score, state in (
        (busy, 0.62, MatchState.POSSIBLE),
        (quiet.claim, 0.71, MatchState.POSSIBLE),
        (ClaimFactory(), 0.66, MatchState.REJECTED),
    ):
        ClaimMatch.objects.create(
            article=asking.article, fingerprint="f", statement=asking, claim=claim, score=score, state=state
        )
    return {"busy": busy, "ministry": ministry, "asking": asking}


def _results(client, url: str, **params) -> list[dict]:
    response = client.get(url, {"page_size": 100, **params})
    assert response.status_code == 200, response.content
    return response.json()["results"]


def _as_json(data) -> object:
    return json.loads(JSONRenderer().render(data))


def test_claim_list_rows_equal_the_claim_serializer(world, reporter_api, reporter):
    for params in ({}, {"ordering": "-created_at"}, {"status": "unevidenced"}, {"speaker": world["ministry"].slug}):
        rows = _results(reporter_api, "/api/v1/claims/", **params)
        assert rows
        claims = claim_selectors.claim_api_list(user=reporter, appearance_limit=s.LIST_APPEARANCES).in_bulk(
            [row["id"] for row in rows]
        )
        assert rows == [_as_json(s.ClaimSerializer(claims[row["id"]]).data) for row in rows]
    asking = next(row for row in _results(reporter_api, "/api/v1/claims/") if row["id"] == world["asking"].claim_id)
    assert [m["score"] for m in asking["possible_matches"]] == [0.71, 0.62]
    busy = next(row for row in _results(reporter_api, "/api/v1/claims/") if row["id"] == world["busy"].pk)
    assert len(busy["appearances"]) == s.LIST_APPEARANCES
    assert busy["appearance_count"] == 8
    assert busy["latest_review"]["evidence"] == [{"url": "https://ons.example/x", "title": "ONS"}]


def test_statement_lists_rows_equal_the_statement_serializer(world, reporter_api, reporter):
    for url, params in (
        ("/api/v1/statements/", {}),
        ("/api/v1/statements/", {"q": "waiting lists"}),
        (f"/api/v1/speakers/{world['ministry'].pk}/statements/", {}),
    ):
        rows = _results(reporter_api, url, **params)
        assert rows
        statements = statement_selectors.statement_api_list(user=reporter).in_bulk([row["id"] for row in rows])
        assert rows == [_as_json(StatementSerializer(statements[row["id"]]).data) for row in rows]


def test_speaker_search_rows_equal_the_speaker_serializer(reporter_api, reporter):
    ministry = SpeakerFactory(
        name="Ministère de la Santé", slug="ministere", kind=SpeakerKind.ORGANISATION, alias_names=["the ministry"]
    )
    SpeakerFactory(name="Laura Campbell", alias_names=["Ms Campbell", "Zed Campbell", "Campbell"])
    SpeakerFactory(name="Ross Campbell", role="Mayor", alias_names=["Dr Campbell"])
    for query, at_least in (("Campbell", 2), ("Ministere", 1), ("Campbel", 2)):
        rows = _results(reporter_api, "/api/v1/speakers/", q=query)
        assert len(rows) >= at_least, query
        speakers = speaker_selectors.speaker_list(user=reporter).in_bulk([row["id"] for row in rows])
        assert rows == [_as_json(SpeakerSerializer(speakers[row["id"]]).data) for row in rows]
    assert ministry.pk in [row["id"] for row in _results(reporter_api, "/api/v1/speakers/", q="Ministere")]
    laura = next(row for row in _results(reporter_api, "/api/v1/speakers/", q="Campbell") if row["role"] == "")
    assert laura["aliases"] == ["Campbell", "Laura Campbell", "Ms Campbell", "Zed Campbell"]


def test_lean_list_pages_follow_the_same_cursor(world, reporter_api):
    first = reporter_api.get("/api/v1/claims/", {"page_size": 1}).json()
    second = reporter_api.get(first["next"]).json()
    everything = _results(reporter_api, "/api/v1/claims/")
    assert [first["results"][0]["id"], second["results"][0]["id"]] == [row["id"] for row in everything[:2]]


@pytest.mark.parametrize(
    "data",
    [
        {"a": [1, 2.5, None, True], "b": "Zoë \u2028 \u2029 </script>", "c": {"d": []}},
        {"when": dt.datetime(2026, 3, 1, 12, 30, 15, 123456, tzinfo=dt.UTC), "day": dt.date(2026, 3, 1)},
        {"price": decimal.Decimal("1.50"), "lazy": gettext_lazy("Not found."), 7: "int key"},
        [],
    ],
)
def test_orjson_renderer_writes_the_bytes_drf_writes(data):
    assert ORJSONRenderer().render(data) == JSONRenderer().render(data)


def test_orjson_renderer_still_indents_on_request():
    assert ORJSONRenderer().render({"a": 1}, "application/json; indent=2") == b'{\n  "a": 1\n}'
