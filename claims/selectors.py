"""Claims reads: querysets shaped for the page, keyword-only, filtered by what the user may see."""

import base64
import binascii
import datetime as dt
import difflib
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import Count, Exists, F, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from claims.models import Claim, ClaimReview, ClaimStatus, Speaker, SpeakerAlias, Statement
from claims.permissions import user_can_read
from claims.services.speakers import normalize_name

User = AbstractBaseUser | AnonymousUser

# How many speakers a search box suggests, and how many aliases the SQLite fuzzy match compares.
SPEAKER_SUGGESTIONS = 8
FUZZY_CANDIDATES = 2000
FUZZY_MIN_RATIO = 0.75
_WORD = re.compile(r"\w+", re.UNICODE)
# Seconds a per-status count may be served from the cache (see claim_status_counts).
COUNTS_TTL = 30
# PostgreSQL search ranks the newest this many matches (see statement_search).
SEARCH_RANK_WINDOW = 500
# A search result row never shows its article's body; leave the large columns unread.
_ARTICLE_BODY = ("article__raw_text", "article__text", "article__removed", "search_vector")


# --- Keyset pagination ----------------------------------------------------------------------------
# Deep pages cost what page 1 costs: the cursor is the last row's (timestamp, id), and the next page
# is "strictly older than that", served by the (timestamp desc, id desc) indexes.


@dataclass(frozen=True)
class KeysetPage:
    items: list[Any]
    next_cursor: str | None

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None


def cursor_encode(*, at: dt.datetime, pk: int) -> str:
    return base64.urlsafe_b64encode(f"{at.isoformat()}|{pk}".encode()).decode().rstrip("=")


def cursor_decode(cursor: str | None) -> tuple[dt.datetime, int] | None:
    """The (timestamp, id) a cursor names; a missing or mangled cursor means the first page."""
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        at, pk = raw.rsplit("|", 1)
        return dt.datetime.fromisoformat(at), int(pk)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None


def keyset_page(queryset: QuerySet, *, field: str, cursor: str | None, limit: int) -> KeysetPage:
    """One page of `queryset`, newest first on (field, id)."""
    position = cursor_decode(cursor)
    if position is not None:
        at, pk = position
        # The redundant `field <= at` is what PostgreSQL can use as an index range condition; the OR
        # alone is only a filter, so a deep page would walk (and discard) every row before it.
        queryset = queryset.filter(
            Q(**{f"{field}__lte": at}) & (Q(**{f"{field}__lt": at}) | Q(**{field: at, "pk__lt": pk}))
        )
    rows = list(queryset.order_by(f"-{field}", "-pk")[: limit + 1])
    if len(rows) <= limit:
        return KeysetPage(items=rows, next_cursor=None)
    rows = rows[:limit]
    last = rows[-1]
    return KeysetPage(items=rows, next_cursor=cursor_encode(at=getattr(last, field), pk=last.pk))


def day_start(day: dt.date) -> dt.datetime:
    """Midnight starting `day` in the current time zone: `published_at >= day_start(d)` means what
    `published_at__date >= d` means, but compares the column itself, so its indexes serve it."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


# --- Statements -----------------------------------------------------------------------------------


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
    """A speaker's statements across all articles, newest first by publication (keyset)."""
    queryset = statement_list(user=user).filter(speaker=speaker)
    return keyset_page(queryset, field="published_at", cursor=cursor, limit=limit)


def statement_search(
    *,
    user: User,
    query: str = "",
    speaker_id: int | None = None,
    status: str | None = None,
    outlet_id: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[Statement]:
    """Statements matching words and filters, best match first.

    PostgreSQL: full-text search on the trigger-maintained `search_vector` (websearch syntax, English
    stemming), ranked. SQLite: every word must appear (case-insensitive), newest first.
    """
    queryset = statement_list(user=user)
    if speaker_id:
        queryset = queryset.filter(speaker_id=speaker_id)
    if status:
        queryset = queryset.filter(claim__status=status)
    if outlet_id:
        queryset = queryset.filter(article__outlet_id=outlet_id)
    if date_from:
        queryset = queryset.filter(published_at__gte=day_start(date_from))
    if date_to:
        queryset = queryset.filter(published_at__lt=day_start(date_to + dt.timedelta(days=1)))
    query = query.strip()
    if not query:
        return queryset.order_by("-published_at", "-id")
    # "Peskov" finds what Peskov said, not only statements containing his name.
    by_speaker = _speaker_named(query)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank

        search = SearchQuery(query, config="english", search_type="websearch")
        # Ranking every match reads every match's vector: ~300 ms for a common word at 1M statements.
        # Rank the newest SEARCH_RANK_WINDOW matches instead (~25 ms): the planner walks
        # statement_published_idx for common words and the GIN index for rare ones.
        window = (
            queryset.filter(Q(search_vector=search) | by_speaker)
            .order_by("-published_at", "-id")
            .values("pk")[:SEARCH_RANK_WINDOW]
        )
        return (
            queryset.filter(pk__in=window)
            .defer(*_ARTICLE_BODY)
            .annotate(rank=SearchRank(F("search_vector"), search))
            .order_by("-rank", "-published_at", "-id")
        )
    words = search_words(query)
    if not words:
        return queryset.none()
    in_content = Q()
    for word in words:
        in_content &= Q(content__icontains=word)
    return queryset.filter(in_content | by_speaker).order_by("-published_at", "-id")


def _speaker_named(query: str) -> Q:
    """Statements whose speaker has an alias containing the whole query (3+ characters).

    The speaker ids are read first (one query, the trigram index serves the LIKE): a correlated
    EXISTS ORed with the full-text match keeps PostgreSQL from combining the GIN and speaker
    indexes, and it scans all statements instead.
    """
    norm = normalize_name(query)
    if len(norm) < 3:
        return Q(pk__in=[])
    aliases = SpeakerAlias.objects.filter(normalized__contains=norm).order_by()
    ids = list(aliases.values_list("speaker_id", flat=True)[:200])
    return Q(speaker_id__in=sorted(set(ids))) if ids else Q(pk__in=[])


def search_words(query: str) -> list[str]:
    """The words of a search, without websearch operators ("or", quotes, leading minus)."""
    return [w for w in _WORD.findall(query) if w.lower() != "or"][:20]


# --- Claims ---------------------------------------------------------------------------------------


def claim_list(*, user: User) -> QuerySet[Claim]:
    if not user_can_read(user):
        return Claim.objects.none()
    return Claim.objects.select_related("speaker")


def claim_get(*, user: User, claim_id: int) -> Claim | None:
    return claim_list(user=user).filter(pk=claim_id).first()


def claim_review_list(*, claim: Claim) -> QuerySet[ClaimReview]:
    """A claim's history, newest first."""
    return claim.reviews.select_related("reviewer").order_by("-created_at", "-id")


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
    queryset = claim_list(user=user)
    if status:
        queryset = queryset.filter(status=status)
    if speaker_id:
        queryset = queryset.filter(speaker_id=speaker_id)
    if suggested_status:
        queryset = queryset.filter(suggested_status=suggested_status)
    said = Statement.objects.filter(claim=OuterRef("pk"), rejected=False)
    if outlet_id:
        said = said.filter(article__outlet_id=outlet_id)
    if date_from:
        said = said.filter(published_at__gte=day_start(date_from))
    if date_to:
        said = said.filter(published_at__lt=day_start(date_to + dt.timedelta(days=1)))
    # EXISTS, not a join: a claim said twice in the outlet is still one row.
    return queryset.filter(Exists(said))


def claim_review_queue(*, user: User, cursor: str | None = None, limit: int = 25, **filters: Any) -> KeysetPage:
    """Unreviewed claims (or `status=`), newest first, keyset-paginated on (created_at, id)."""
    return keyset_page(claim_queue_filter(user=user, **filters), field="created_at", cursor=cursor, limit=limit)


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


# --- Speakers -------------------------------------------------------------------------------------


def speaker_list(*, user: User) -> QuerySet[Speaker]:
    """Speakers with their statement count, aliases prefetched."""
    if not user_can_read(user):
        return Speaker.objects.none()
    # A correlated count, not JOIN + GROUP BY: a page of 25 speakers counts 25 speakers' statements
    # through statement_speaker_idx instead of aggregating the whole statement table first.
    kept = (
        Statement.objects.filter(speaker=OuterRef("pk"), rejected=False)
        .order_by()
        .values("speaker")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Speaker.objects.annotate(statement_count=Coalesce(Subquery(kept), 0))
        .prefetch_related(Prefetch("aliases", queryset=SpeakerAlias.objects.order_by("name")))
        .order_by("name", "id")
    )


def speaker_get(*, user: User, slug: str) -> Speaker | None:
    return speaker_list(user=user).filter(slug=slug).first()


def speaker_claim_counts(*, speaker: Speaker) -> dict[str, int]:
    return claim_status_counts(claims=Claim.objects.filter(speaker=speaker))


def speaker_search(*, user: User, query: str, limit: int = SPEAKER_SUGGESTIONS) -> list[Speaker]:
    """Speakers whose name or any alias matches `query`, tolerating typos; best match first.

    PostgreSQL: trigram word similarity on SpeakerAlias.normalized (the GIN trigram index serves
    %>, % and LIKE). SQLite: substring match, then difflib over aliases sharing a word's first letter.
    """
    norm = normalize_name(query)
    if not norm or not user_can_read(user):
        return []
    ranked = _speaker_ids_trigram(norm, limit) if connection.vendor == "postgresql" else _speaker_ids_fuzzy(norm, limit)
    speakers = speaker_list(user=user).in_bulk(ranked)
    return [speakers[pk] for pk in ranked if pk in speakers]


# pg_trgm's word similarity threshold is 0.6. A name misspelt twice ("vladimr puttin" ~ "vladimir
# putin") scores 0.58, so a search that finds nothing retries at this lower one. Only then: a long
# query at 0.5 matches thousands of aliases sharing its title words ("defence minister ..."),
# 300 ms instead of 14 ms at 1M statements.
TRIGRAM_RETRY_THRESHOLD = 0.5


def _speaker_ids_trigram(norm: str, limit: int) -> list[int]:
    from django.contrib.postgres.search import TrigramSimilarity, TrigramWordSimilarity

    # One operator, not "LIKE OR %> OR %": a substring match already has word similarity 1, and with
    # the OR the planner costs the GIN scans above a sequential scan that computes similarity for
    # every alias (850 ms at 110,000 aliases, against ~15 ms through alias_normalized_trgm).
    rows = (
        SpeakerAlias.objects.filter(normalized__trigram_word_similar=norm)
        .values("speaker_id")
        .annotate(
            score=Max(TrigramWordSimilarity(norm, "normalized")) + Max(TrigramSimilarity("normalized", norm)),
        )
        .order_by("-score", "speaker_id")[:limit]
    )
    ranked = [row["speaker_id"] for row in rows]
    if ranked:
        return ranked
    with transaction.atomic(), connection.cursor() as cursor:
        # set_config(..., true) is SET LOCAL: it ends with this transaction.
        cursor.execute(
            "SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)", [str(TRIGRAM_RETRY_THRESHOLD)]
        )
        return [row["speaker_id"] for row in rows.all()]


def _speaker_ids_fuzzy(norm: str, limit: int) -> list[int]:
    scores: dict[int, float] = {}
    for speaker_id in SpeakerAlias.objects.filter(normalized__contains=norm).values_list("speaker_id", flat=True)[
        :limit
    ]:
        scores[speaker_id] = 2.0  # a substring beats any fuzzy match
    initials = {word[0] for word in norm.split()}
    starts = Q()
    for letter in initials:
        starts |= Q(normalized__startswith=letter) | Q(normalized__contains=f" {letter}")
    candidates = SpeakerAlias.objects.filter(starts).values_list("speaker_id", "normalized")[:FUZZY_CANDIDATES]
    for speaker_id, normalized in candidates:
        ratio = _fuzzy_ratio(norm, normalized)
        if ratio >= FUZZY_MIN_RATIO:
            scores[speaker_id] = max(scores.get(speaker_id, 0.0), ratio)
    return sorted(scores, key=lambda pk: (-scores[pk], pk))[:limit]


def _fuzzy_ratio(query: str, name: str) -> float:
    """Best similarity of the query against the whole name or any run of as many words."""
    words = name.split()
    width = len(query.split())
    windows: Iterable[str] = [name, *(" ".join(words[i : i + width]) for i in range(len(words)))]
    return max(difflib.SequenceMatcher(None, query, window).ratio() for window in windows)


# --- API (claims/api) -----------------------------------------------------------------------------


def claim_api_list(
    *,
    user: User,
    status: str | None = None,
    speaker_id: int | None = None,
    speaker_slug: str | None = None,
    article_id: int | None = None,
    outlet_id: int | None = None,
    updated_since: dt.datetime | None = None,
    query: str = "",
    appearance_limit: int | None = None,
) -> QuerySet[Claim]:
    """Claims with speaker, appearances (`visible_statements`) and latest review (`latest_reviews`).

    `appearance_limit` keeps each claim's first appearances only (a window function in the same
    prefetch query): a list page must not carry every one of a claim said thousands of times.

    Three queries for any number of rows: claims, their statements with articles, their latest
    reviews. Article and outlet filters are EXISTS, so a claim said twice there is still one row.
    """
    from django.db.models import Subquery

    queryset = claim_list(user=user)
    if status:
        queryset = queryset.filter(status=status)
    if speaker_id:
        queryset = queryset.filter(speaker_id=speaker_id)
    if speaker_slug:
        queryset = queryset.filter(speaker__slug=speaker_slug)
    if updated_since:
        queryset = queryset.filter(updated_at__gte=updated_since)
    if article_id or outlet_id:
        said = Statement.objects.filter(claim=OuterRef("pk"), rejected=False)
        if article_id:
            said = said.filter(article_id=article_id)
        if outlet_id:
            said = said.filter(article__outlet_id=outlet_id)
        queryset = queryset.filter(Exists(said))
    for word in search_words(query):
        queryset = queryset.filter(text__icontains=word)
    appearances = (
        Statement.objects.filter(rejected=False)
        .select_related("article")
        .only("id", "claim_id", "start", "end", "published_at", "article__id", "article__title", "article__url")
        .order_by("published_at", "pk")
    )
    if appearance_limit is not None:
        appearances = appearances[:appearance_limit]
    latest = ClaimReview.objects.filter(claim_id=OuterRef("claim_id")).order_by("-created_at", "-pk").values("pk")[:1]
    return queryset.prefetch_related(
        Prefetch("statements", queryset=appearances, to_attr="visible_statements"),
        Prefetch(
            "reviews",
            queryset=ClaimReview.objects.filter(pk=Subquery(latest)).select_related("reviewer"),
            to_attr="latest_reviews",
        ),
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
    queryset = statement_search(user=user, query=query, speaker_id=speaker_id).defer(*_ARTICLE_BODY)
    if speaker_slug:
        queryset = queryset.filter(speaker__slug=speaker_slug)
    if article_id:
        queryset = queryset.filter(article_id=article_id)
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset
