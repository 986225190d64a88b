"""Where the matcher's candidates come from, and that storing reads the extractor's features instead of parsing."""

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings

from claims import extraction as extractor
from claims.matching import features_for_texts
from claims.models import Statement
from claims.search_slices import stats_forget
from claims.services import matching
from claims.services.extraction import claim_fingerprint
from claims.services.match_candidates import _query_terms, same_words_ids, text_search_ids
from tests.claims.test_matching_service import _article, store

FALLEN = "Waiting lists have fallen for six months in a row."
postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="text search is PostgreSQL's")


@override_settings(CLAIM_MATCH_WINDOW=1, CLAIM_MATCH_SCAN_LIMIT=1)
def test_the_same_words_by_another_speaker_are_found_behind_any_number_of_newer_statements(db):
    store(_article(30, FALLEN), ("Keir Starmer", FALLEN))
    earlier = Statement.objects.get(content=FALLEN).claim
    for n in range(3):  # newer statements sharing the words push the old claim out of the window and scan
        said = f"Waiting lists have fallen in {n + 2} regions for six months."
        store(_article(20 - n, said), (f"Speaker {n}", said))

    [statement] = store(_article(1, "He repeated it:", FALLEN), ("Wes Streeting", FALLEN))

    assert statement.claim_id == earlier.pk


def test_storing_statements_that_carry_the_extractors_features_parses_nothing(db, monkeypatch):
    article = _article(1, f'"{FALLEN}" said Keir Starmer.')
    [found] = extractor.extract(article.text, extractor.load_pipeline(settings.SPACY_MODEL), match_features=True)
    assert found.match_features.lemmas == features_for_texts([FALLEN], matching.matching_nlp())[0].lemmas

    def no_parse():
        raise AssertionError("the statement was parsed again")

    monkeypatch.setattr(matching, "matching_nlp", no_parse)
    [statement] = store(article, (found.speaker, found.content), features=[found.match_features])
    assert statement.claim.match_features["lemmas"] == sorted(found.match_features.lemmas)


@postgres_only
def test_text_search_asks_for_the_statements_rarest_words(db):
    for n in range(40):
        said = f"The government promised {n} new hospitals."
        store(_article(5, said), (f"Minister {n}", said))
    store(_article(5, "Zebras escaped from the government zoo."), ("Keeper", "Zebras escaped from the government zoo."))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE claims_statement")
    stats_forget()  # the statistics cached before this ANALYZE
    [features] = features_for_texts(["The government promised a zoo for zebras and giraffes."], matching.matching_nlp())

    [query] = _query_terms([features])

    # "government" is in every statement, "promise" in most: the rare words come first
    assert query is not None
    terms = set(query.replace("&", " ").replace("|", " ").split())
    assert {"zebra", "giraff", "zoo"} <= terms
    first_pair = query.split(" | ")[0]
    assert "govern" not in first_pair
    assert "promis" not in first_pair


@postgres_only
def test_text_search_finds_a_paraphrase_and_the_fingerprint_only_the_same_words(db):
    halved = "Waiting lists were halved under the last Labour government."
    paraphrase = "Labour halved the waiting lists when it was last in government."
    store(_article(9, halved), ("Keir Starmer", halved))
    store(_article(8, FALLEN), ("Keir Starmer", FALLEN))
    claim_of = {t: Statement.objects.get(content=t).claim_id for t in (halved, FALLEN)}

    [found] = text_search_ids(features=features_for_texts([paraphrase], matching.matching_nlp()), limit=5, window=50)
    same = same_words_ids(fingerprints=[claim_fingerprint(paraphrase), claim_fingerprint(FALLEN.upper())])

    assert found == [claim_of[halved], claim_of[FALLEN]]  # "waiting lists" is shared too, ranked lower
    assert same == [[], [claim_of[FALLEN]]]  # case and punctuation do not make other words
