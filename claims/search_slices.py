"""Reading the newest matches of a full-text search in slices of publication time (PostgreSQL).

"Newest N statements matching these words" has no single good plan at ten million rows. A rare
word is best served by the GIN index and a sort of its few matches; a common one by walking
`statement_published_idx` until N match; a word in between by neither: the GIN bitmap reads tens of
thousands of rows to sort them, and the walk passes hundreds of thousands before N match. The
planner's estimate decides between the first two, and it is wrong for phrases (it multiplies the
words' frequencies) and for words between its statistics' buckets.

So the search is cut by time. From the frequencies ANALYZE already keeps (pg_stats: the most common
lexemes of `search_vector`, the most common speakers, statuses and outlets) we estimate the share of
statements that match, and read the newest slice of publication time expected to hold N matches; if
it holds fewer, the next older slice is four times as long. Each slice is a bounded read whatever
plan PostgreSQL picks for it (the BRIN index on published_at narrows the GIN bitmap to the slice's
pages), and a wrong estimate costs a few more slices, never a scan of the archive.
"""

import datetime as dt
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection
from django.db.models import BigIntegerField, CharField, Expression, ExpressionWrapper, F, Max, Min, Q, QuerySet, Value
from django.db.models.functions import Concat

from claims.models import Statement

# Estimates are re-read from pg_stats at most this often (ANALYZE changes them rarely).
STATS_TTL = 300.0
# From this share of matching statements up, walking statement_published_idx through the slice beats
# any bitmap: the GIN bitmap of a word in 2% of ten million statements holds 200,000 entries, built in
# full before the first row is read, while the walk reads ~25,000 rows for the same 500 matches.
WALK_SHARE = 0.02
# The shortest slice worth a query: below it the per-query cost dominates.
MIN_SLICE = dt.timedelta(hours=6)
SLICE_GROWTH = 4
# A lexeme missing from pg_stats' most common list is rarer than every listed one: its first slice is
# the whole range, one GIN bitmap read of all its matches (at most ~0.04% of statements at 10M). A
# planner-style guess (half the least common listed share) cut such words into two or three slices,
# and a short slice tempts PostgreSQL to walk the date index: 31 ms mean instead of 16 at 10M.
RARE_SHARE = 0.0


@dataclass
class _Stats:
    read_at: float
    rows: float
    lexemes: dict[str, float]
    columns: dict[str, tuple[dict[str, float], float]]  # column -> (value -> share, share of any other value)


_cache: dict[str, _Stats] = {}


def _stats() -> _Stats:
    cached = _cache.get(connection.alias)
    if cached and time.monotonic() - cached.read_at < STATS_TTL:
        return cached
    table = Statement._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
        rows = max(float((cursor.fetchone() or [0])[0]), 0.0)
        cursor.execute(
            "SELECT attname, most_common_vals::text::text[], most_common_freqs, n_distinct, null_frac, "
            "most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
            "WHERE schemaname = current_schema() AND tablename = %s "
            "AND attname IN ('search_vector', 'speaker_id', 'claim_status', 'outlet_id')",
            [table],
        )
        lexemes: dict[str, float] = {}
        columns: dict[str, tuple[dict[str, float], float]] = {}
        for name, vals, freqs, n_distinct, null_frac, elems, elem_freqs in cursor.fetchall():
            if name == "search_vector":
                lexemes = dict(zip(elems or [], elem_freqs or [], strict=False))
                continue
            common = dict(zip(vals or [], freqs or [], strict=False))
            distinct = n_distinct if n_distinct > 0 else -n_distinct * rows
            rest = max(0.0, 1.0 - sum(common.values()) - (null_frac or 0.0))
            others = rest / max(1.0, distinct - len(common))
            columns[name] = (common, others)
    stats = _Stats(read_at=time.monotonic(), rows=rows, lexemes=lexemes, columns=columns)
    _cache[connection.alias] = stats
    return stats


@dataclass(frozen=True)
class Share:
    """Estimated shares (0..1) of statements matching: the words alone, and words and filters."""

    words: float
    total: float


def match_share(*, query: str, filters: Mapping[str, object], speaker_ids: list[int]) -> Share:
    """Estimate the share of statements matching `query` (websearch words, AND) and `filters`
    (column -> value, for speaker_id, claim_status, outlet_id), or naming one of `speaker_ids`."""
    stats = _stats()
    with connection.cursor() as cursor:
        cursor.execute("SELECT tsvector_to_array(to_tsvector('english', %s))", [query])
        words = cursor.fetchone()[0] or []
    # All words must match: the rarest bounds the share (the planner multiplies, and phrases such
    # as "budget deficit" are far more common than the product).
    share = min((stats.lexemes.get(w, RARE_SHARE) for w in words), default=0.0)
    word_share = share
    if speaker_ids:
        common, others = stats.columns.get("speaker_id", ({}, 0.0))
        share += sum(common.get(str(pk), others) for pk in speaker_ids)
    for column, value in filters.items():
        common, others = stats.columns.get(column, ({}, 1.0))
        share *= common.get(str(value), others)
    return Share(words=word_share, total=min(share, 1.0))


def filters_apply(matches: QuerySet[Statement], *, filters: Mapping[str, object], share: Share) -> QuerySet[Statement]:
    """`matches` (the words' condition) narrowed by `filters` (column -> value: speaker_id,
    claim_status, outlet_id), each through its index or row by row, whichever reads less.

    For a word the GIN index answers (below WALK_SHARE), a filter matching more statements than the
    words is checked on the words' rows: its column is wrapped in an expression no index serves.
    Otherwise PostgreSQL ANDs the words' small bitmap with the filter's large one: 360,000 entries
    for the busiest speaker at 10M, 38 ms to build, to keep 10 of a word's 348 matches that cost
    0.2 ms to check. A common word walks the filter's date-ordered index, so its filters stay indexed.
    """
    stats = _stats()
    for column, value in filters.items():
        common, others = stats.columns.get(column, ({}, 1.0))
        if share.words < WALK_SHARE and common.get(str(value), others) > share.words:
            rowwise = f"{column}_rowwise"
            matches = matches.alias(**{rowwise: _unindexed(column)}).filter(**{rowwise: value})
        else:
            matches = matches.filter(**{column: value})
    return matches


def _unindexed(column: str) -> Expression:
    """The column's value through an expression no index is built on: `col + 0`, or `col || ''`."""
    if isinstance(Statement._meta.get_field(column), CharField):
        return ExpressionWrapper(Concat(F(column), Value("")), output_field=CharField())
    return ExpressionWrapper(F(column) + 0, output_field=BigIntegerField())


def newest_matches(
    matches: QuerySet[Statement],
    *,
    share: Share,
    limit: int,
    fields: tuple[str, ...] = ("pk",),
    date_from: dt.datetime | None = None,
    date_before: dt.datetime | None = None,
) -> list[tuple]:
    """The newest `limit` rows of `matches` (already filtered), newest first, read in slices: a tuple
    of `fields` (names or annotations of `matches`) each.

    `date_from` / `date_before` are the search's own date bounds (inclusive / exclusive), if any.
    """
    bounds = Statement.objects.aggregate(lo=Min("published_at"), hi=Max("published_at"))
    if bounds["lo"] is None:
        return []
    lo = max(filter(None, [bounds["lo"], date_from]))
    hi = min(filter(None, [bounds["hi"] + dt.timedelta(microseconds=1), date_before]))
    if hi <= lo:
        return []
    stats = _stats()
    per_second = stats.rows / max((bounds["hi"] - bounds["lo"]).total_seconds(), 1.0)
    expected = share.total * per_second  # matching statements per second of publication time
    whole = (hi - lo).total_seconds()
    # A tiny share would ask for a slice longer than timedelta holds: never longer than the range.
    seconds = min(limit / expected, whole) if expected > 0 else whole
    span = max(dt.timedelta(seconds=seconds), MIN_SLICE)
    rows: list[tuple] = []
    upper = hi
    # The GIN bitmap costs what the words' share costs, whatever the filters: a common word walks a
    # date-ordered index (statement_published_idx, or the filter's own: outlet, status, speaker).
    with _bitmaps_off(share.words >= WALK_SHARE):
        while len(rows) < limit and upper > lo:
            lower = max(lo, upper - span)
            window = matches.filter(Q(published_at__gte=lower) & Q(published_at__lt=upper))
            rows += window.order_by("-published_at", "-id").values_list(*fields)[: limit - len(rows)]
            upper, span = lower, span * SLICE_GROWTH
    return rows


@contextmanager
def _bitmaps_off(off: bool) -> Iterator[None]:
    """For common words: the planner still prefers the GIN bitmap (it cannot know the walk stops after
    500 matches), so bitmap scans are off for these queries only. Session-level SET and RESET, not SET
    LOCAL, which would outlive this block until the enclosing transaction ends."""
    if not off:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET enable_bitmapscan = off")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET enable_bitmapscan")


def lexeme_shares() -> Mapping[str, float]:
    """Share (0..1) of statements holding each of the search vector's most common lexemes, from
    pg_stats (re-read at most every STATS_TTL seconds); a lexeme not listed is rarer than all listed."""
    return _stats().lexemes


def stats_forget() -> None:
    """Drop the cached estimates (tests, and after a bulk load)."""
    _cache.clear()
