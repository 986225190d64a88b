"""The claims API's check-worthiness: the fields, `?ordering=-check_worthiness` keyset pages, the schema."""

import base64
import json

import pytest
import yaml
from django.core.management import call_command

from tests.factories import ClaimFactory, StatementFactory

pytestmark = pytest.mark.django_db


def _scored(text: str, score: float, reasons: list[str] | None = None):
    claim = ClaimFactory(
        text=text, check_worthiness=score, check_worthiness_reasons=reasons or [], check_worthiness_version="cw-t"
    )
    StatementFactory(claim=claim)
    return claim


def test_claims_carry_check_worthiness_and_reasons_null_until_scored(reporter_api):
    scored = _scored("Exports fell 12%", 0.91, ["a figure", "a change over time"])
    unscored = StatementFactory(claim__text="Not yet scored").claim

    rows = {row["id"]: row for row in reporter_api.get("/api/v1/claims/").json()["results"]}
    assert rows[scored.pk]["check_worthiness"] == 0.91
    assert rows[scored.pk]["check_worthiness_reasons"] == ["a figure", "a change over time"]
    assert rows[unscored.pk]["check_worthiness"] is None
    assert rows[unscored.pk]["check_worthiness_reasons"] == []
    detail = reporter_api.get(f"/api/v1/claims/{scored.pk}/").json()
    assert detail["check_worthiness"] == 0.91


def test_ordering_by_check_worthiness_pages_through_everything_once(reporter_api):
    claims = [_scored(f"claim {n}", [0.8, 0.3, 0.3][n % 3]) for n in range(12)]
    claims.append(StatementFactory(claim__text="unscored").claim)
    seen, url = [], "/api/v1/claims/?ordering=-check_worthiness&page_size=5"
    while url:
        body = reporter_api.get(url).json()
        seen += [(row["id"], row["check_worthiness"] or 0.0) for row in body["results"]]
        url = body["next"]
    assert sorted(pk for pk, _ in seen) == sorted(c.pk for c in claims)
    assert seen == sorted(seen, key=lambda row: (-row[1], -row[0]))
    assert seen[-1][0] == claims[-1].pk  # never scored: last

    ascending = reporter_api.get("/api/v1/claims/?ordering=check_worthiness&page_size=50").json()["results"]
    assert [row["id"] for row in ascending] == [pk for pk, _ in reversed(seen)]


def _cursor(*parts) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(parts)).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        _cursor("check_worthiness", True, "2026-01-01T00:00:00+00:00", 1),  # a timestamp for a number
        _cursor("check_worthiness", True, True, 1),
        "WyJjaGVja193b3J0aGluZXNzIix0cnVlLE5hTiwxXQ",  # ["check_worthiness",true,NaN,1]
        _cursor("created_at", True, 0.5, 1),  # issued for another ordering
    ],
)
def test_a_cursor_not_issued_for_this_ordering_is_404_json(reporter_api, cursor):
    _scored("claim", 0.5)
    response = reporter_api.get("/api/v1/claims/", {"ordering": "-check_worthiness", "cursor": cursor})
    assert response.status_code == 404
    assert "Invalid cursor" in response.json()["detail"]


def test_an_unknown_ordering_is_400(reporter_api):
    response = reporter_api.get("/api/v1/claims/", {"ordering": "-worthiness"})
    assert response.status_code == 400
    assert "ordering" in response.json()["errors"]


def test_schema_documents_the_fields_and_the_ordering(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    schema = yaml.safe_load(out.read_text())
    claim = schema["components"]["schemas"]["Claim"]["properties"]
    assert claim["check_worthiness"]["type"] == "number"
    assert claim["check_worthiness"]["nullable"] is True
    assert (claim["check_worthiness"]["minimum"], claim["check_worthiness"]["maximum"]) == (0, 1)
    assert claim["check_worthiness_reasons"]["items"]["type"] == "string"
    params = {p["name"]: p for p in schema["paths"]["/api/v1/claims/"]["get"]["parameters"]}
    assert "-check_worthiness" in params["ordering"]["schema"]["enum"]
