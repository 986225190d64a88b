import datetime as dt

import pytest
from django.utils import timezone

from claims.models import Statement
from tests.factories import ArticleFactory, SpeakerFactory, StatementFactory

pytestmark = pytest.mark.django_db


def _ids(client, url, **params) -> list[int]:
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_statements_list_newest_first_with_nested_objects(reporter_api):
    old = StatementFactory(article__published_at=timezone.now() - dt.timedelta(days=3))
    new = StatementFactory(article__published_at=timezone.now() - dt.timedelta(days=1))
    StatementFactory(rejected=True)  # an editor's "not a statement" stays hidden

    response = reporter_api.get("/api/v1/statements/")

    rows = response.json()["results"]
    assert [r["id"] for r in rows] == [new.pk, old.pk]
    assert rows[0]["speaker"]["slug"] == new.speaker.slug
    assert rows[0]["claim"] == {"id": new.claim_id, "status": "unreviewed"}
    assert rows[0]["article"] == {"id": new.article_id, "title": new.article.title, "url": ""}
    assert rows[0]["content"] == new.article.text[new.start : new.end]


def test_statement_filters(reporter_api):
    speaker = SpeakerFactory(name="Bea Mayor", slug="bea-mayor")
    direct = StatementFactory(claim__speaker=speaker, kind="direct", claim__text="Bridges will be rebuilt")
    other = StatementFactory(kind="indirect", claim__text="Schools are closing")

    assert _ids(reporter_api, "/api/v1/statements/", speaker="bea-mayor") == [direct.pk]
    assert _ids(reporter_api, "/api/v1/statements/", speaker=str(speaker.pk)) == [direct.pk]
    assert _ids(reporter_api, "/api/v1/statements/", article=other.article_id) == [other.pk]
    assert _ids(reporter_api, "/api/v1/statements/", kind="direct") == [direct.pk]
    assert _ids(reporter_api, "/api/v1/statements/", q="bridges") == [direct.pk]
    assert reporter_api.get("/api/v1/statements/", {"kind": "shouted"}).status_code == 400


def test_statements_keyset_pages_cover_everything_once(reporter_api):
    article = ArticleFactory()
    made = [StatementFactory(article=article) for _ in range(7)]
    seen, url, params = [], "/api/v1/statements/", {"page_size": 3}
    while url:
        body = reporter_api.get(url, params).json()
        seen += [r["id"] for r in body["results"]]
        url, params = body["next"], None
    assert sorted(seen) == sorted(s.pk for s in made)
    assert len(seen) == len(set(seen))


def test_statement_detail_and_404(reporter_api):
    statement = StatementFactory()
    assert reporter_api.get(f"/api/v1/statements/{statement.pk}/").json()["id"] == statement.pk
    Statement.objects.filter(pk=statement.pk).update(rejected=True)
    assert reporter_api.get(f"/api/v1/statements/{statement.pk}/").status_code == 404


def test_statement_list_query_count_is_constant(reporter_api, django_assert_max_num_queries):
    StatementFactory()
    # token user, groups, the page's statements, then their speakers, claims and articles by id
    with django_assert_max_num_queries(6):
        assert len(reporter_api.get("/api/v1/statements/").json()["results"]) == 1
    StatementFactory.create_batch(19)
    with django_assert_max_num_queries(6):
        assert len(reporter_api.get("/api/v1/statements/").json()["results"]) == 20


# --- speakers -------------------------------------------------------------------------------------


def test_speakers_list_with_aliases_and_counts(reporter_api):
    speaker = SpeakerFactory(name="Vladimir Putin", alias_names=["Putin", "Mr Putin"])
    StatementFactory.create_batch(2, claim__speaker=speaker)
    body = reporter_api.get("/api/v1/speakers/").json()
    assert body["count"] == 1
    [row] = body["results"]
    assert row["name"] == "Vladimir Putin"
    assert sorted(row["aliases"]) == ["Mr Putin", "Putin", "Vladimir Putin"]
    assert row["statement_count"] == 2


def test_speaker_search_by_alias_tolerates_typos(reporter_api):
    putin = SpeakerFactory(name="Vladimir Putin", alias_names=["Mr Putin"])
    SpeakerFactory(name="Olaf Scholz")
    assert _ids(reporter_api, "/api/v1/speakers/", q="mr putin") == [putin.pk]
    assert _ids(reporter_api, "/api/v1/speakers/", q="Vladimr Putin") == [putin.pk]


def test_speaker_detail_and_statements(reporter_api):
    speaker = SpeakerFactory()
    mine = StatementFactory(claim__speaker=speaker)
    StatementFactory()
    assert reporter_api.get(f"/api/v1/speakers/{speaker.pk}/").json()["slug"] == speaker.slug
    assert _ids(reporter_api, f"/api/v1/speakers/{speaker.pk}/statements/") == [mine.pk]
    assert reporter_api.get("/api/v1/speakers/999999/statements/").status_code == 404


def test_speaker_list_query_count_is_constant(reporter_api, django_assert_max_num_queries):
    SpeakerFactory(alias_names=["A"])
    # token user, groups, count, speakers with statement counts, their aliases
    with django_assert_max_num_queries(5):
        assert len(reporter_api.get("/api/v1/speakers/").json()["results"]) == 1
    for i in range(19):
        SpeakerFactory(alias_names=[f"Alias {i}"])
    with django_assert_max_num_queries(5):
        assert len(reporter_api.get("/api/v1/speakers/").json()["results"]) == 20


def test_speaker_page_past_the_end_is_404_and_bad_page_400(reporter_api):
    SpeakerFactory()
    assert reporter_api.get("/api/v1/speakers/", {"page": 5}).status_code == 404
    assert reporter_api.get("/api/v1/speakers/", {"page": "x"}).status_code == 400
