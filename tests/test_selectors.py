"""Selectors: what each returns, for whom, in which order; searches agree on SQLite and PostgreSQL."""

import datetime as dt

import pytest
from django.utils import timezone

from claims.models import ClaimStatus
from claims.selectors import articles as article_selectors
from claims.selectors import claims as claim_selectors
from claims.selectors import speakers as speaker_selectors
from claims.selectors import statements as statement_selectors
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    OutletFactory,
    SpeakerFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db


def test_article_list_counts_statements_and_claims_per_status(reporter):
    article = ArticleFactory()
    StatementFactory(article=article, claim=ClaimFactory(status=ClaimStatus.CONTESTED))
    StatementFactory(article=article, claim=ClaimFactory(status=ClaimStatus.CONTESTED))
    StatementFactory(article=article, claim=ClaimFactory())
    StatementFactory(article=article, rejected=True)

    row = article_selectors.article_list(user=reporter).get(pk=article.pk)

    assert row.statement_count == 3
    assert row.claims_contested == 2
    assert row.claims_unreviewed == 1
    assert row.claims_evidenced == 0


def test_article_list_is_empty_for_outsider(outsider):
    ArticleFactory()
    assert not article_selectors.article_list(user=outsider).exists()
    assert not article_selectors.article_detail_list(user=outsider).exists()


def test_statement_list_for_article_hides_rejected_and_orders_by_offset(reporter):
    article = ArticleFactory(text="First said one. Then said two.")
    second = StatementFactory(article=article, content="said two", claim=ClaimFactory(text="said two"))
    first = StatementFactory(article=article, content="said one", claim=ClaimFactory(text="said one"))
    StatementFactory(article=article, rejected=True)

    rows = list(statement_selectors.statement_list_for_article(user=reporter, article_id=article.pk))

    assert rows == [first, second]


def test_review_queue_is_newest_first_and_keyset_pages_cover_everything_once(reporter):
    claims = [StatementFactory().claim for _ in range(5)]
    ClaimFactory(status=ClaimStatus.EVIDENCED)  # reviewed: not in the queue

    first = claim_selectors.claim_review_queue(user=reporter, limit=2)
    second = claim_selectors.claim_review_queue(user=reporter, limit=2, cursor=first.next_cursor)
    third = claim_selectors.claim_review_queue(user=reporter, limit=2, cursor=second.next_cursor)

    seen = first.items + second.items + third.items
    assert seen == sorted(claims, key=lambda c: (c.created_at, c.pk), reverse=True)
    assert third.next_cursor is None


def test_review_queue_same_created_at_does_not_skip_rows(reporter):
    same = timezone.now()
    claims = [StatementFactory().claim for _ in range(3)]
    for claim in claims:
        type(claim).objects.filter(pk=claim.pk).update(created_at=same)

    first = claim_selectors.claim_review_queue(user=reporter, limit=1)
    rest = claim_selectors.claim_review_queue(user=reporter, limit=5, cursor=first.next_cursor)

    assert [c.pk for c in first.items + rest.items] == sorted((c.pk for c in claims), reverse=True)


def test_review_queue_filters_by_outlet_speaker_dates_and_suggestion(reporter):
    outlet = OutletFactory(name="Daily")
    old = StatementFactory(article=ArticleFactory(outlet=outlet, published_at=timezone.now() - dt.timedelta(days=30)))
    new = StatementFactory(
        article=ArticleFactory(outlet=outlet), claim=ClaimFactory(suggested_status=ClaimStatus.CONTESTED)
    )
    StatementFactory()  # another outlet

    by_outlet = claim_selectors.claim_review_queue(user=reporter, outlet_id=outlet.pk).items
    recent = claim_selectors.claim_review_queue(
        user=reporter, outlet_id=outlet.pk, date_from=(timezone.now() - dt.timedelta(days=7)).date()
    ).items
    suggested = claim_selectors.claim_review_queue(user=reporter, suggested_status=ClaimStatus.CONTESTED).items
    by_speaker = claim_selectors.claim_review_queue(user=reporter, speaker_id=old.speaker_id).items

    assert set(by_outlet) == {old.claim, new.claim}
    assert recent == [new.claim]
    assert suggested == [new.claim]
    assert by_speaker == [old.claim]


def test_claim_status_counts(reporter):
    ClaimFactory(status=ClaimStatus.CONTESTED)
    ClaimFactory(status=ClaimStatus.CONTESTED)
    ClaimFactory()

    counts = claim_selectors.claim_status_counts(claims=claim_selectors.claim_list(user=reporter))

    assert counts == {"unreviewed": 1, "evidenced": 0, "unevidenced": 0, "contested": 2}


def test_mangled_cursor_means_first_page(reporter):
    StatementFactory()
    assert len(claim_selectors.claim_review_queue(user=reporter, cursor="%%%not-a-cursor").items) == 1


def test_speaker_statement_page_newest_published_first(reporter):
    speaker = SpeakerFactory()
    older = StatementFactory(
        claim=ClaimFactory(speaker=speaker),
        article=ArticleFactory(published_at=timezone.now() - dt.timedelta(days=3)),
    )
    newer = StatementFactory(claim=ClaimFactory(speaker=speaker))

    page = statement_selectors.speaker_statement_page(user=reporter, speaker=speaker, limit=1)
    rest = statement_selectors.speaker_statement_page(user=reporter, speaker=speaker, cursor=page.next_cursor)

    assert page.items == [newer]
    assert rest.items == [older]
    assert not rest.has_next


# --- Search: the same observable result on SQLite and PostgreSQL ------------------------------------


@pytest.fixture
def search_fixture():
    obr = SpeakerFactory(name="Office for Budget Responsibility", alias_names=["OBR"])
    peskov = SpeakerFactory(name="Dmitry Peskov", alias_names=["Peskov", "Kremlin spokesman Dmitry Peskov"])
    StatementFactory(claim=ClaimFactory(speaker=obr, text="the deficit will narrow next year"))
    StatementFactory(claim=ClaimFactory(speaker=peskov, text="talks with Kyiv remain possible"))
    return obr, peskov


def test_speaker_search_tolerates_a_typo(reporter, search_fixture):
    obr, _ = search_fixture
    assert obr in speaker_selectors.speaker_search(user=reporter, query="budgt")


def test_speaker_search_finds_by_alias(reporter, search_fixture):
    _, peskov = search_fixture
    assert speaker_selectors.speaker_search(user=reporter, query="Peskov")[0] == peskov
    assert speaker_selectors.speaker_search(user=reporter, query="peskof")[0] == peskov
    assert speaker_selectors.speaker_search(user=reporter, query="Peksov")[0] == peskov  # two letters swapped


def test_speaker_search_returns_nothing_for_outsider(outsider, search_fixture):
    assert speaker_selectors.speaker_search(user=outsider, query="Peskov") == []


def test_statement_search_finds_words_in_any_order(reporter, search_fixture):
    results = list(statement_selectors.statement_search(user=reporter, query="Kyiv talks"))
    assert [s.content for s in results] == ["talks with Kyiv remain possible"]


def test_statement_search_filters_by_speaker_and_status(reporter, search_fixture):
    obr, peskov = search_fixture
    assert not statement_selectors.statement_search(user=reporter, query="deficit", speaker_id=peskov.pk).exists()
    assert statement_selectors.statement_search(user=reporter, query="deficit", speaker_id=obr.pk).count() == 1
    assert not statement_selectors.statement_search(
        user=reporter, query="deficit", status=ClaimStatus.CONTESTED
    ).exists()


def test_statement_search_without_words_lists_newest(reporter, search_fixture):
    assert statement_selectors.statement_search(user=reporter, query="").count() == 2


def test_statement_search_by_speaker_name_finds_what_they_said(reporter, search_fixture):
    results = list(statement_selectors.statement_search(user=reporter, query="Peskov"))
    assert [s.content for s in results] == ["talks with Kyiv remain possible"]


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("defence minister yuki levi", "yuki levi"),
        ("police commissioner robertwilson", "robertwilson"),
        ("sen. ana ruiz", "ana ruiz"),
        ("dr tobias achterberg", "tobias achterberg"),
        ("vladmir putin", "vladmir putin"),
        ("interior minister", "interior minister"),  # all office: searched whole
        ("john major", "john major"),  # a name ending in an office word
        ("opposition eader lars levi", "lars levi"),  # a misspelt office
        ("chhief executive irina murphy", "irina murphy"),
        ("mary leader", "mary leader"),
    ],
)
def test_speaker_queries_are_searched_by_the_name_after_the_office(query, name):
    assert speaker_selectors.name_part(query) == name


def test_speaker_search_with_an_office_and_a_typo(reporter, search_fixture):
    _, peskov = search_fixture
    assert speaker_selectors.speaker_search(user=reporter, query="Kremlin spokesman Dmitri Peskof")[0] == peskov


def test_one_edit_variants_hold_the_swaps_replacements_and_deletions_of_a_word():
    variants = speaker_selectors.one_edit_variants("kovcas")
    assert {"kovacs", "kocvas", "kovca", "kovcaz", "lovcas"} <= variants
    assert "kovcas" not in variants
    assert "kovcass" not in variants  # an added letter: the trigram search finds those
    assert all(len(v) in (5, 6) for v in variants)
    assert {"park", "pirk", "prka"} <= speaker_selectors.one_edit_variants("prk", inserted=True)
