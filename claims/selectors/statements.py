"""Statement reads: lists, one article's statements, a speaker's page, search, the API list."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import F, Prefetch, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from claims.models import Claim, Speaker, SpeakerAlias, Statement
from claims.permissions import user_can_read
from claims.selectors.common import ARTICLE_BODY, User, filter_given, published_between, search_words
from claims.selectors.keyset import KeysetPage, keyset_page_or_first
from claims.services.speakers import normalize_name
from sources.models import Article

# PostgreSQL search ranks the newest this many matches (see statement_search).
SEARCH_RANK_WINDOW = 500
_ARTICLES_WITHOUT_BODY = Article.objects.select_related("outlet").defer("raw_text", "text", "removed")


def statement_list(*, user: User) -> QuerySet[Statement]:
    """Every statement the user may read (editors' rejections hidden), with what a row shows."""
    if not user_can_read(user):
        return Statement.objects.none()
    return Statement.objects.filter(rejected=False).select_related("speaker", "claim", "article__outlet")


def statement_list_for_article(*, user: User, article_id: int) -> QuerySet[Statement]:
    return statement_list(user=user).filter(article_id=article_id).order_by("start", "id")


def statement_get(*, user: User, statement_id: int) -> Statement | None:
    return statement_list(user=user).filter(pk=statement_id).first()


def speaker_statement_page(*, user: User, speaker: Speaker, cursor: str | None = None, limit: int = 25) -> KeysetPage:
    """A speaker's statements across all articles, newest first by publication (keyset); each row
    carries only what a result shows (_RESULT_FIELDS), as search results do."""
    queryset = statement_list(user=user).filter(speaker=speaker).only(*_RESULT_FIELDS)
    return keyset_page_or_first(queryset, field="published_at", cursor=cursor, limit=limit)


# What a search result or a speaker's statement shows of a statement, its speaker, claim and article
# (templates/claims/search.html, speaker_detail.html). Whole rows cost ~15 model fields and ~15
# timestamps parsed per result, most of a page's row loading.
_RESULT_FIELDS = (
    "id",
    "content",
    "published_at",
    "article_id",
    "speaker_id",
    "claim_id",
    "speaker__name",
    "speaker__slug",
    "claim__status",
    "article__title",
    "article__outlet__name",
)


def statement_results(*, user: User, ids: list[int]) -> list[Statement]:
    """The statements with these ids that the user may read, in the order of `ids`, each with the
    speaker, claim status, article title and outlet a search result shows: one query.

    A search page ranks ids first (statement_search_ids) and reads its 20 rows here: loading whole
    speakers, claims and articles for them cost more than the ranking itself.
    """
    if not ids:
        return []
    rows = statement_list(user=user).filter(pk__in=ids).only(*_RESULT_FIELDS).order_by()
    by_id = {statement.pk: statement for statement in rows}
    return [by_id[pk] for pk in ids if pk in by_id]


def statement_search(*, user: User, **filters: Any) -> QuerySet[Statement]:
    """Statements matching words and filters, best match first (keyword arguments as
    statement_search_ids); each row with its speaker, claim and article.

    PostgreSQL: full-text search on the trigger-maintained `search_vector` (websearch syntax, English
    stemming), ranked, over the newest SEARCH_RANK_WINDOW matches. SQLite: every word must appear
    (case-insensitive), newest first.
    """
    found = _search(user=user, **filters)
    if found.window is None:
        return found.queryset
    from django.contrib.postgres.search import SearchRank

    window = [pk for pk, _rank in found.window]
    return (
        # One array parameter, not 500 placeholders: binding and compiling those cost ~5 ms a page.
        found.queryset.filter(pk__in=RawSQL("SELECT unnest(%s::bigint[])", (window,)))
        # Ranking reads the statement row alone; speaker, claim and article are fetched for the
        # page only. Joined, PostgreSQL hashed the whole speaker table to join the 500 candidates
        # (most of a common word's search time at 1M).
        .select_related(None)
        .prefetch_related("speaker", "claim", Prefetch("article", queryset=_ARTICLES_WITHOUT_BODY))
        .defer("search_vector")
        .annotate(rank=SearchRank(F("search_vector"), found.search))
        .order_by("-rank", "-published_at", "-id")
    )


def statement_search_ids(*, user: User, **filters: Any) -> Sequence[int]:
    """Ids of the statements statement_search finds, in its order, for a page to slice and read with
    statement_results: a list of at most SEARCH_RANK_WINDOW ids (PostgreSQL, words), else a lazy
    values_list QuerySet. Keyword arguments: query, speaker_id, status (a ClaimStatus value),
    outlet_id, date_from and date_to (inclusive days), each optional.

    On PostgreSQL the window's read already ranks its rows, so the page is sorted here rather than
    by a second query that looks the 500 rows up again (~5 ms at 10M).
    """
    found = _search(user=user, **filters)
    if found.window is None:
        return found.queryset.values_list("pk", flat=True)
    # Best rank first; the sort is stable, so equal ranks keep the window's order, newest first by
    # (published_at, id): statement_search's ORDER BY, without reading 500 timestamps back.
    return [pk for pk, _rank in sorted(found.window, key=lambda row: -row[1])]


@dataclass(frozen=True)
class _Found:
    queryset: QuerySet[Statement]  # ordered, unless `window` is given
    window: list[tuple[int, float]] | None = None  # (id, rank), newest first
    search: Any = None  # the SearchQuery ranked, with `window`


def _search(
    *,
    user: User,
    query: str = "",
    speaker_id: int | None = None,
    status: str | None = None,
    outlet_id: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> _Found:
    # Status and outlet are the statement's own copies (claims/services/copies.py): a join to the
    # claim or article per candidate would keep the search indexes from serving the filter.
    filters = {"speaker_id": speaker_id, "claim_status": status, "outlet_id": outlet_id}
    filters = {column: value for column, value in filters.items() if value}
    dates = published_between(date_from, date_to)
    queryset = filter_given(statement_list(user=user), **filters, **dates)
    query = query.strip()
    if not query:
        return _Found(queryset.order_by("-published_at", "-id"))
    # "Peskov" finds what Peskov said, not only statements containing his name.
    by_speaker, named = _speaker_named(query)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank

        from claims import search_slices

        search = SearchQuery(query, config="english", search_type="websearch")
        # Ranking every match reads every match's vector: ~300 ms for a common word at 1M statements.
        # Rank the newest SEARCH_RANK_WINDOW matches instead, read in slices of publication time so
        # that rare, median and common words all cost a bounded read (claims/search_slices.py).
        share = search_slices.match_share(query=query, filters=filters, speaker_ids=named)
        matches = filter_given(statement_list(user=user), **dates).filter(Q(search_vector=search) | by_speaker)
        window = search_slices.newest_matches(
            search_slices.filters_apply(matches, filters=filters, share=share).annotate(
                rank=SearchRank(F("search_vector"), search)
            ),
            fields=("pk", "rank"),
            share=share,
            limit=SEARCH_RANK_WINDOW,
            date_from=dates["published_at__gte"],
            date_before=dates["published_at__lt"],
        )
        return _Found(queryset, window=window, search=search)
    words = search_words(query)
    if not words:
        return _Found(queryset.none())
    in_content = Q()
    for word in words:
        in_content &= Q(content__icontains=word)
    return _Found(queryset.filter(in_content | by_speaker).order_by("-published_at", "-id"))


def _speaker_named(query: str) -> tuple[Q, list[int]]:
    """Statements whose speaker has an alias containing the whole query (3+ characters), and the
    speakers' ids.

    The speaker ids are read first (one query, the trigram index serves the LIKE): a correlated
    EXISTS ORed with the full-text match keeps PostgreSQL from combining the GIN and speaker
    indexes, and it scans all statements instead.
    """
    norm = normalize_name(query)
    if len(norm) < 3:
        return Q(pk__in=[]), []
    aliases = SpeakerAlias.objects.filter(normalized__contains=norm).order_by()
    ids = sorted(set(aliases.values_list("speaker_id", flat=True)[:200]))
    return (Q(speaker_id__in=ids), ids) if ids else (Q(pk__in=[]), [])


def statement_copies_drift() -> QuerySet[Statement]:
    """Statements whose copied claim status, outlet or publication time disagree with their claim
    and article (claims/services/copies.py keeps them equal; this finds any that are not)."""
    return Statement.objects.annotate(
        article_outlet=Coalesce("article__outlet_id", Value(0)),
        article_date=Coalesce("article__published_at", "article__created_at"),
    ).filter(
        ~Q(claim_status=F("claim__status"))
        | ~Q(published_at=F("article_date"))
        | ~Q(article_outlet=Coalesce("outlet_id", Value(0)))
    )


def statement_api_list(
    *,
    user: User,
    speaker_id: int | None = None,
    speaker_slug: str | None = None,
    article_id: int | None = None,
    kind: str | None = None,
    query: str = "",
) -> QuerySet[Statement]:
    """statement_search plus the article and kind filters; the caller orders it (keyset).

    Article text is deferred: a statement row shows its article's title, never its body.
    """
    queryset = statement_search(user=user, query=query, speaker_id=speaker_id).defer(*ARTICLE_BODY)
    return filter_given(queryset, speaker__slug=speaker_slug, article_id=article_id, kind=kind)


# A statement row's own columns. Its speaker, claim and article are read for the page alone
# (statement_row_relations): joined in this query, PostgreSQL joins every candidate of a search's
# 500-statement window before sorting and paging, thousands of cold index and heap pages at 10M.
STATEMENT_ROW_FIELDS = (
    "id",
    "content",
    "start",
    "end",
    "kind",
    "cue",
    "paragraph",
    "confidence",
    "speaker_mention",
    "origin",
    "published_at",
    "speaker_id",
    "claim_id",
    "article_id",
)


def statement_api_rows(*, user: User, **filters: Any) -> QuerySet:
    """statement_api_list as values() rows of STATEMENT_ROW_FIELDS (claims/api/lean.py); the caller
    orders and slices it, then reads the page's relations with statement_row_relations."""
    return statement_api_list(user=user, **filters).select_related(None).values(*STATEMENT_ROW_FIELDS)


@dataclass(frozen=True)
class StatementRelations:
    """What a page of statement rows shows of their speakers, claims and articles, by id."""

    speakers: dict[int, dict[str, Any]]  # id -> {"name", "slug", "kind"}
    claim_statuses: dict[int, str]
    articles: dict[int, dict[str, Any]]  # id -> {"title", "url"}


def statement_row_relations(*, rows: list[dict[str, Any]]) -> StatementRelations:
    """The speakers, claims and articles of these statement_api_rows rows: three queries by primary
    key, whatever the number of rows."""

    def by_id(model: type, key: str, *fields: str) -> dict[int, dict[str, Any]]:
        ids = {row[key] for row in rows}
        return {r["id"]: r for r in model.objects.filter(pk__in=ids).values("id", *fields)} if ids else {}

    claims = by_id(Claim, "claim_id", "status")
    return StatementRelations(
        speakers=by_id(Speaker, "speaker_id", "name", "slug", "kind"),
        claim_statuses={pk: row["status"] for pk, row in claims.items()},
        articles=by_id(Article, "article_id", "title", "url"),
    )
