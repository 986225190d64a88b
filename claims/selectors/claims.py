"""Claim reads: lists, one claim, its history and appearances, the review queue, status counts, the API list."""

import datetime as dt
import hashlib
from typing import Any

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

from claims.models import Claim, ClaimMatch, ClaimReview, ClaimStatus, MatchState, Statement
from claims.permissions import user_can_read
from claims.selectors.common import User, filter_given, published_between, search_words
from claims.selectors.keyset import KeysetPage, keyset_page_or_first
from claims.selectors.statements import statement_list

# Seconds a per-status count may be served from the cache (see claim_status_counts).
COUNTS_TTL = 30


def claim_list(*, user: User) -> QuerySet[Claim]:
    if not user_can_read(user):
        return Claim.objects.none()
    return Claim.objects.select_related("speaker")


def claim_get(*, user: User, claim_id: int) -> Claim | None:
    return claim_list(user=user).filter(pk=claim_id).first()


def claim_review_list(*, claim: Claim) -> QuerySet[ClaimReview]:
    """A claim's history, newest first."""
    return claim.reviews.select_related("reviewer", "signed_off_by").order_by("-created_at", "-id")


def claim_appearance_list(*, user: User, claim: Claim, exclude_article_id: int | None = None) -> QuerySet[Statement]:
    """Where else the claim was said: its statements in other articles."""
    queryset = statement_list(user=user).filter(claim=claim).order_by("-published_at", "-id")
    if exclude_article_id is not None:
        queryset = queryset.exclude(article_id=exclude_article_id)
    return queryset


def claim_queue_filter(
    *,
    user: User,
    status: str | None = ClaimStatus.UNREVIEWED,
    speaker_id: int | None = None,
    outlet_id: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    suggested_status: str | None = None,
) -> QuerySet[Claim]:
    """Claims matching the review queue's filters; outlet and dates are where the claim was said."""
    queryset = filter_given(
        claim_list(user=user), status=status, speaker_id=speaker_id, suggested_status=suggested_status
    )
    said = filter_given(
        Statement.objects.filter(claim=OuterRef("pk"), rejected=False),
        outlet_id=outlet_id,  # the statement's copy of its article's outlet
        **published_between(date_from, date_to),
    )
    # EXISTS, not a join: a claim said twice in the outlet is still one row.
    return queryset.filter(Exists(said))


# The review queue's orders: the key is the `order` query parameter, the value the keyset field.
QUEUE_ORDERS = {"worthy": "check_worthiness", "newest": "created_at"}
# What a queue row shows (templates/claims/review_queue.html) and both orders' keys; not the match
# features, fingerprints or the speaker's counters, which a page of 25 would parse for nothing.
_QUEUE_ROW_FIELDS = (
    "id",
    "text",
    "status",
    "suggested_status",
    "suggested_reason",
    "appearance_count",
    "first_seen_at",
    "created_at",
    "check_worthiness",
    "check_worthiness_reasons",
    "check_worthiness_version",
    "speaker_id",
    "speaker__name",
    "speaker__slug",
)


def claim_review_queue(
    *, user: User, cursor: str | None = None, limit: int = 25, order: str = "worthy", **filters: Any
) -> KeysetPage:
    """Unreviewed claims (or `status=`), most check-worthy first (or `order="newest"`), keyset-paginated;
    each row with what the queue shows (_QUEUE_ROW_FIELDS), the rest deferred.

    Served by claim_worthy_queue_idx or claim_queue_idx: (status, key desc, id desc).
    """
    field = QUEUE_ORDERS.get(order, QUEUE_ORDERS["worthy"])
    queryset = claim_queue_filter(user=user, **filters).only(*_QUEUE_ROW_FIELDS)
    return keyset_page_or_first(queryset, field=field, cursor=cursor, limit=limit)


def claim_status_counts(*, claims: QuerySet[Claim]) -> dict[str, int]:
    """How many of `claims` have each status, in one query, cached briefly.

    At 300,000 claims the count is a scan (~100+ ms), too slow for every queue page. The cache key
    holds the query and a freshness stamp read from three indexes (newest claim change, newest
    review, newest statement), so a review or a new extraction shows at once; a rejection or merge
    that changes no claim row may show up to COUNTS_TTL seconds late.
    """
    try:
        sql = str(claims.order_by().query)
    except EmptyResultSet:  # claims.none(): nothing to count
        return dict.fromkeys(ClaimStatus.values, 0)
    key = "claim-status-counts:" + hashlib.sha256(f"{sql}|{_counts_stamp()}".encode()).hexdigest()
    cached = cache.get(key)
    if cached is not None:
        return cached
    totals = claims.order_by().aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in ClaimStatus.values}
    )
    counts = {status: totals[status] or 0 for status in ClaimStatus.values}
    cache.set(key, counts, COUNTS_TTL)
    return counts


def _counts_stamp() -> str:
    """One query, four index look-ups (claim_sync_idx and three primary keys)."""
    tables = {m: m._meta.db_table for m in (Claim, ClaimReview, Statement)}
    sql = (
        f"SELECT (SELECT MAX(updated_at) FROM {tables[Claim]}), (SELECT MAX(id) FROM {tables[Claim]}), "  # noqa: S608
        f"(SELECT MAX(id) FROM {tables[ClaimReview]}), (SELECT MAX(id) FROM {tables[Statement]})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return "|".join(str(value) for value in cursor.fetchone())


def claim_api_filter(
    *,
    user: User,
    status: str | None = None,
    speaker_id: int | None = None,
    speaker_slug: str | None = None,
    article_id: int | None = None,
    outlet_id: int | None = None,
    updated_since: dt.datetime | None = None,
    query: str = "",
    repeat: bool | None = None,
) -> QuerySet[Claim]:
    """The claims the API's filters select, no related rows loaded (see claim_api_list).

    Article and outlet filters are EXISTS, so a claim said twice there is still one row.
    """
    queryset = filter_given(
        claim_list(user=user),
        status=status,
        speaker_id=speaker_id,
        speaker__slug=speaker_slug,
        updated_at__gte=updated_since,
    )
    if repeat is not None:
        queryset = queryset.filter(repeat=repeat)
    if article_id or outlet_id:
        said = Statement.objects.filter(claim=OuterRef("pk"), rejected=False)
        said = filter_given(said, article_id=article_id, outlet_id=outlet_id)
        queryset = queryset.filter(Exists(said))
    for word in search_words(query):
        queryset = queryset.filter(text__icontains=word)
    return queryset


def claim_api_list(*, user: User, appearance_limit: int | None = None, **filters: Any) -> QuerySet[Claim]:
    """Claims with speaker, appearances (`visible_statements`) and latest review (`latest_reviews`).

    `filters` are claim_api_filter's. `appearance_limit` keeps each claim's first appearances only (a
    window function in the same prefetch query): a list page must not carry every one of a claim
    said thousands of times. Five queries at most for any number of rows: claims, their statements
    with articles, their latest reviews, their statements with open possible matches, and those
    matches with the earlier claims.
    """
    appearances = (
        Statement.objects.filter(rejected=False)
        .select_related("article")
        .only("id", "claim_id", "start", "end", "published_at", "article__id", "article__title", "article__url")
        .order_by("published_at", "pk")
    )
    if appearance_limit is not None:
        appearances = appearances[:appearance_limit]
    latest = ClaimReview.objects.filter(claim_id=OuterRef("claim_id")).order_by("-created_at", "-pk").values("pk")[:1]
    return claim_api_filter(user=user, **filters).prefetch_related(
        Prefetch("statements", queryset=appearances, to_attr="visible_statements"),
        Prefetch(
            "reviews",
            queryset=ClaimReview.objects.filter(pk=Subquery(latest)).select_related("reviewer"),
            to_attr="latest_reviews",
        ),
        Prefetch("statements", queryset=possible_match_statements(), to_attr="statements_asking"),
    )


def possible_match_statements() -> QuerySet[Statement]:
    """Statements with open possible matches, each with `open_matches` (earlier claim and speaker)."""
    open_matches = ClaimMatch.objects.filter(state=MatchState.POSSIBLE).select_related("claim__speaker")
    return (
        Statement.objects.filter(claim_matches__state=MatchState.POSSIBLE)
        .distinct()
        .only("id", "claim_id", "article_id")
        .prefetch_related(Prefetch("claim_matches", queryset=open_matches, to_attr="open_matches"))
    )


# Plain rows for the API's lean list paths (claims/api/lean.py): one query each for a whole page.
CLAIM_ROW_FIELDS = (
    "id",
    "status",
    "suggested_status",
    "suggested_reason",
    "speaker_id",
    "speaker__name",
    "speaker__slug",
    "speaker__kind",
    "text",
    "appearance_count",
    "first_seen_at",
    "last_seen_at",
    "repeat",
    "published_review_id",
    "published_at",
    "check_worthiness",
    "check_worthiness_reasons",
    "check_worthiness_version",
    "version",
    "created_at",
    "updated_at",
)


def claim_api_rows(*, user: User, **filters: Any) -> QuerySet:
    """claim_api_filter as values() rows of CLAIM_ROW_FIELDS; the caller orders and slices it."""
    return claim_api_filter(user=user, **filters).values(*CLAIM_ROW_FIELDS)


# The page's nested rows in plain SQL (portable: both databases have window functions): through
# the ORM, compiling these joins and the ROW_NUMBER() window with its QUALIFY emulation cost more
# Python per page than building the page's JSON. `{ids}` is the claims' placeholders; the claim
# ids are bound first, then the other parameters.
_POSSIBLE_MATCHES_SQL = """
    SELECT m.id, m.statement_id, m.article_id, m.claim_id, c.text, sp.name, c.status, m.score, st.claim_id
    FROM claims_claimmatch m
    JOIN claims_statement st ON st.id = m.statement_id
    JOIN claims_claim c ON c.id = m.claim_id
    JOIN claims_speaker sp ON sp.id = c.speaker_id
    WHERE st.claim_id IN ({ids}) AND m.state = %s
    ORDER BY m.score DESC, m.id
"""
_POSSIBLE_MATCH_FIELDS = (
    "id",
    "statement_id",
    "article_id",
    "claim_id",
    "claim__text",
    "claim__speaker__name",
    "claim__status",
    "score",
    "statement__claim_id",
)
# The first N kept statements per claim, numbered before the join so only those look up their article.
_APPEARANCES_SQL = """
    SELECT s.id, s.claim_id, s.article_id, a.title, a.url, s.start, s."end" FROM (
        SELECT id, claim_id, article_id, start, "end", published_at,
               ROW_NUMBER() OVER (PARTITION BY claim_id ORDER BY published_at, id) AS n
        FROM claims_statement WHERE claim_id IN ({ids}) AND NOT rejected
    ) s JOIN sources_article a ON a.id = s.article_id
    WHERE s.n <= %s ORDER BY s.claim_id, s.published_at, s.id
"""
_APPEARANCE_FIELDS = ("id", "claim_id", "article_id", "article__title", "article__url", "start", "end")


def _rows_by_claim(
    sql: str, *, claim_ids: list[int], params: list, fields: tuple[str, ...], key: str
) -> dict[int, list[dict]]:
    found: dict[int, list[dict]] = {pk: [] for pk in claim_ids}
    if not claim_ids:
        return found
    ids = [int(pk) for pk in claim_ids]
    with connection.cursor() as cursor:
        cursor.execute(sql.format(ids=", ".join(["%s"] * len(ids))), [*ids, *params])
        for values in cursor.fetchall():
            row = dict(zip(fields, values, strict=True))
            found[row[key]].append(row)
    return found


def claim_possible_match_rows(*, claim_ids: list[int]) -> dict[int, list[dict]]:
    """Each claim's open possible matches (its statements' questions to editors), best first, as
    rows with the earlier claim's words, speaker and status: {claim_id: [row, ...]}, one query."""
    return _rows_by_claim(
        _POSSIBLE_MATCHES_SQL,
        claim_ids=claim_ids,
        params=[MatchState.POSSIBLE.value],
        fields=_POSSIBLE_MATCH_FIELDS,
        key="statement__claim_id",
    )


def claim_appearance_rows(*, claim_ids: list[int], limit: int | None = None) -> dict[int, list[dict]]:
    """Each claim's kept statements, oldest first (the first `limit` of each), as rows with their
    article's id, title and url: {claim_id: [row, ...]}, one query."""
    return _rows_by_claim(
        _APPEARANCES_SQL,
        claim_ids=claim_ids,
        params=[limit if limit is not None else 2**31 - 1],
        fields=_APPEARANCE_FIELDS,
        key="claim_id",
    )


def claim_latest_review_rows(*, claim_ids: list[int]) -> dict[int, dict]:
    """Each reviewed claim's newest review as a row with the reviewer's username, one query.

    Every review of the claims is read, newest first, and the first per claim kept: a claim has a
    handful of reviews, and the plain query costs a fraction of a ROW_NUMBER() window's compilation."""
    rows = (
        ClaimReview.objects.filter(claim_id__in=claim_ids)
        .order_by("claim_id", "-created_at", "-pk")
        .values(
            "id",
            "claim_id",
            "reviewer__username",
            "created_at",
            "from_status",
            "to_status",
            "note",
            "evidence",
            "version",
        )
    )
    newest: dict[int, dict] = {}
    for row in rows:
        newest.setdefault(row["claim_id"], row)
    return newest
