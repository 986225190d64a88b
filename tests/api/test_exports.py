"""Exports: CSV and NDJSON, streamed in id order with the API's filters; formula-safe CSV."""

import csv
import datetime as dt
import io
import json

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from claims.models import Claim
from claims.selectors import exports as selectors_exports
from claims.services import claim_publish, claim_set_status
from tests.factories import ArticleFactory, ClaimFactory, OutletFactory, SpeakerFactory, StatementFactory

pytestmark = pytest.mark.django_db

BASE = "/api/v1/exports/"


def _body(response) -> str:
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content).decode()


def _csv(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(_body(response))))


def _ndjson(response) -> list[dict]:
    return [json.loads(line) for line in _body(response).splitlines()]


def test_claims_csv_streams_every_claim_with_header(reporter_api):
    claims = [StatementFactory().claim for _ in range(3)]
    response = reporter_api.get(BASE + "claims.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="claims-')
    rows = _csv(response)
    assert [int(r["id"]) for r in rows] == [c.pk for c in claims]
    assert rows[0]["text"] == claims[0].text
    assert rows[0]["speaker"] == claims[0].speaker.name
    assert rows[0]["publication"] == "unreviewed"


def test_claims_ndjson_carries_publication(reporter_api, editor, second_editor, settings):
    settings.NEWSROOM_URL = "https://check.example"
    claim = StatementFactory().claim
    claim_set_status(claim=claim, status="contested", note="n", by=editor, expected_version=1)
    claim_publish(claim=claim, by=second_editor, expected_version=2)
    claim_set_status(claim=claim, status="evidenced", note="corrected", by=editor, expected_version=3)
    response = reporter_api.get(BASE + "claims.ndjson")
    assert response["Content-Type"] == "application/x-ndjson"
    (row,) = _ndjson(response)
    assert row["status"] == "evidenced"
    assert row["publication"] == "correction"
    assert row["published_verdict"] == "contested"
    assert row["fact_check_url"] == f"https://check.example/fact-checks/{claim.pk}/"
    assert dt.datetime.fromisoformat(row["published_at"]) == Claim.objects.get(pk=claim.pk).published_at


def test_claim_filters_match_the_api(reporter_api):
    putin = SpeakerFactory(name="Vladimir Putin", slug="vladimir-putin")
    outlet = OutletFactory(name="Sky News")
    wanted = StatementFactory(
        claim=ClaimFactory(speaker=putin, text="the budget is balanced", status="contested"),
        article=ArticleFactory(outlet=outlet, published_at=timezone.now() - dt.timedelta(days=3)),
    ).claim
    StatementFactory(claim=ClaimFactory(speaker=putin, text="the budget is broken", status="evidenced"))
    StatementFactory(claim=ClaimFactory(text="the budget is balanced", status="contested"))
    old = StatementFactory(
        claim=ClaimFactory(speaker=putin, text="the budget is balanced again", status="contested"),
        article=ArticleFactory(outlet=outlet, published_at=timezone.now() - dt.timedelta(days=30)),
    ).claim
    query = {"status": "contested", "speaker": "vladimir-putin", "q": "budget balanced", "outlet": outlet.pk}
    both = _ndjson(reporter_api.get(BASE + "claims.ndjson", query))
    assert [r["id"] for r in both] == [wanted.pk, old.pk]
    api = reporter_api.get("/api/v1/claims/", query).json()["results"]
    assert sorted(r["id"] for r in api) == [wanted.pk, old.pk]
    since = (timezone.now() - dt.timedelta(days=7)).date().isoformat()
    recent = _ndjson(reporter_api.get(BASE + "claims.ndjson", {**query, "date_from": since}))
    assert [r["id"] for r in recent] == [wanted.pk]


def test_statement_filters(reporter_api):
    outlet = OutletFactory(name="Sky News")
    peskov = SpeakerFactory(name="Dmitry Peskov", slug="dmitry-peskov")
    wanted = StatementFactory(
        claim=ClaimFactory(speaker=peskov, text="talks were possible", status="contested"),
        article=ArticleFactory(outlet=outlet),
        kind="direct",
    )
    StatementFactory(claim=ClaimFactory(speaker=peskov, text="talks were over", status="contested"), kind="direct")
    StatementFactory(claim=ClaimFactory(text="talks were possible soon", status="contested"), kind="direct")
    query = {"q": "talks", "speaker": peskov.pk, "status": "contested", "outlet": outlet.pk, "kind": "direct"}
    rows = _ndjson(reporter_api.get(BASE + "statements.ndjson", query))
    assert [r["id"] for r in rows] == [wanted.pk]
    assert rows[0]["outlet"] == "Sky News"
    assert rows[0]["claim_status"] == "contested"
    csv_rows = _csv(reporter_api.get(BASE + "statements.csv", query))
    assert [int(r["id"]) for r in csv_rows] == [wanted.pk]
    assert csv_rows[0]["content"] == "talks were possible"


def test_csv_cells_cannot_run_as_formulas(reporter_api):
    hostile = ['=HYPERLINK("https://evil.example")', "+1+1", "-2+3", "@SUM(A1:A2)", "\tTAB"]
    for text in hostile:
        StatementFactory(claim=ClaimFactory(text=text, speaker=SpeakerFactory(name=f"={text[:3]}cmd")))
    rows = _csv(reporter_api.get(BASE + "claims.csv"))
    assert [r["text"] for r in rows] == ["'" + text for text in hostile]
    assert all(r["speaker"].startswith("'=") for r in rows)
    assert all(not r["id"].startswith("'") for r in rows)  # numbers stay numbers
    statements = _csv(reporter_api.get(BASE + "statements.csv"))
    assert sorted(r["content"] for r in statements) == sorted("'" + text for text in hostile)
    # NDJSON is data, not a spreadsheet: unchanged.
    assert sorted(r["text"] for r in _ndjson(reporter_api.get(BASE + "claims.ndjson"))) == sorted(hostile)


@pytest.mark.parametrize("accept", ["application/json", "text/csv", "application/x-ndjson", "*/*"])
def test_bad_filter_is_json_400_whatever_accept_says(reporter_api, accept):
    response = reporter_api.get(BASE + "claims.csv", {"status": "maybe"}, HTTP_ACCEPT=accept)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert "status" in response.json()["errors"]


def test_bad_date_and_repeated_filters_are_400(reporter_api):
    assert reporter_api.get(BASE + "statements.csv", {"date_from": "yesterday"}).status_code == 400
    assert reporter_api.get(BASE + "statements.csv?kind=direct&kind=indirect").status_code == 400


def test_anonymous_is_401_json(anon_api):
    response = anon_api.get(BASE + "statements.ndjson")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")


def test_session_auth_works_for_download_links(reporter):
    StatementFactory()
    client = Client()
    client.force_login(reporter)
    response = client.get(BASE + "claims.csv")
    assert response.status_code == 200
    assert len(_csv(response)) == 1


def test_rows_are_read_in_keyset_chunks(reporter_api, monkeypatch):
    claims = [StatementFactory().claim for _ in range(10)]
    monkeypatch.setattr(selectors_exports, "EXPORT_CHUNK", 3)
    response = reporter_api.get(BASE + "claims.ndjson")
    with CaptureQueriesContext(connection) as ctx:
        rows = _ndjson(response)  # the queries run while the body streams
    assert [r["id"] for r in rows] == [c.pk for c in claims]
    chunk_queries = [q["sql"] for q in ctx.captured_queries if "claims_claim" in q["sql"]]
    assert len(chunk_queries) == 4  # 3 + 3 + 3 + 1 rows
    assert all("LIMIT 3" in sql for sql in chunk_queries)


@pytest.mark.parametrize("path", ["claims.csv", "claims.ndjson", "statements.csv", "statements.ndjson"])
def test_query_count_is_the_same_for_one_row_or_ten(reporter_api, path):
    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            _body(reporter_api.get(BASE + path))
        return len(ctx.captured_queries)

    StatementFactory()
    one = queries()
    for _ in range(9):
        StatementFactory()
    assert queries() == one


def test_bench_export_prints_rows_per_second_and_memory(reporter):
    from django.core.management import call_command

    for _ in range(3):
        StatementFactory()
    out = io.StringIO()
    call_command("bench_export", exports="statements.csv,claims.ndjson", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("Database: ")
    assert [line.split()[:2] for line in lines[1:]] == [["statements.csv", "3"], ["claims.ndjson", "3"]]
    assert all("rows/s" in line and "peak RSS" in line for line in lines[1:])
