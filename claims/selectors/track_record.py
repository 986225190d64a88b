"""Selectors for a speaker's track record: verdicts over time, the claims they repeat, their outlets.

Each is one query whatever the number of rows, so the speaker page costs the same for a speaker
with one claim or fifty thousand statements.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, F, QuerySet
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce, TruncMonth

from claims.models import Claim, ClaimStatus, Speaker, Statement
from claims.permissions import user_can_read
from claims.selectors.claims import claim_status_counts
from claims.selectors.common import User

# The chart covers at most this many months, ending at the speaker's latest month.
TALLY_MONTHS = 24
REPEATED_CLAIMS = 5
OUTLETS = 8


@dataclass(frozen=True)
class MonthTally:
    month: dt.date  # the first day of the month
    counts: dict[str, int]  # ClaimStatus value -> claims first said that month with that verdict now

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def speaker_verdict_tally(*, user: User, speaker: Speaker, months: int = TALLY_MONTHS) -> list[MonthTally]:
    """The speaker's claims by the month they were first said and their verdict today, oldest month first.

    Every month between the first and the last with claims is present (zeros included), at most
    `months` of them, ending at the latest. Unreviewed claims are counted too: a record of ten
    checked claims out of a thousand says something different from ten out of ten.
    """
    if not user_can_read(user):
        return []
    rows = (
        Claim.objects.filter(speaker=speaker)
        .annotate(month=TruncMonth(Coalesce("first_seen_at", "created_at")))
        .values("month", "status")
        .annotate(n=Count("*"))  # COUNT(*): claim_speaker_status_idx covers the rest
        .order_by()
    )
    by_month: dict[dt.date, dict[str, int]] = {}
    for row in rows:
        month = _as_date(row["month"])
        by_month.setdefault(month, dict.fromkeys(ClaimStatus.values, 0))[row["status"]] += row["n"]
    if not by_month:
        return []
    last = max(by_month)
    first = max(min(by_month), _add_months(last, -(months - 1)))
    out, month = [], first
    while month <= last:
        out.append(MonthTally(month=month, counts=by_month.get(month, dict.fromkeys(ClaimStatus.values, 0))))
        month = _add_months(month, 1)
    return out


def _as_date(value: dt.datetime | dt.date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _add_months(day: dt.date, n: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def times_said() -> Combinable:
    """How often a claim was said: its kept statements today (Claim.appearance_count, kept by
    extraction and corrections). Claim matching may count appearances instead: change it here only."""
    return F("appearance_count")


def speaker_repeated_claims(*, user: User, speaker: Speaker, limit: int = REPEATED_CLAIMS) -> QuerySet[Claim]:
    """The speaker's claims said more than once, most often first (`times_said` annotated)."""
    if not user_can_read(user):
        return Claim.objects.none()
    return (
        Claim.objects.filter(speaker=speaker)
        .annotate(times_said=times_said())
        .filter(times_said__gt=1)
        .order_by("-times_said", "-id")[:limit]
    )


def speaker_outlets(*, user: User, speaker: Speaker, limit: int = OUTLETS) -> list[dict]:
    """Outlets that reported the speaker, most statements first: `[{"outlet_id", "name", "statements"}]`.

    Articles without an outlet are left out.
    """
    if not user_can_read(user):
        return []
    rows = (
        # the statement's own copy of its article's outlet (kept by claims/services/copies.py)
        Statement.objects.filter(speaker=speaker, rejected=False, outlet__isnull=False)
        .values("outlet_id", name=F("outlet__name"))
        .annotate(statements=Count("*"))  # COUNT(*): stmt_speaker_outlet_kept_idx covers the rest
        .order_by("-statements", "name")[:limit]
    )
    return list(rows)


@dataclass(frozen=True)
class SpeakerRecord:
    """Everything the speaker page shows above the statements, computed together."""

    statements: int  # kept statements
    counts: dict[str, int]  # ClaimStatus value -> claims
    tally: list[MonthTally]
    repeated: list[Claim]
    outlets: list[dict]


def speaker_record(*, user: User, speaker: Speaker) -> SpeakerRecord:
    """The speaker's track record: statement count, verdict counts and tally, repeats and outlets.

    For a speaker with at least settings.SPEAKER_RECORD_CACHE_FROM kept statements the record is
    kept in Django's cache for settings.SPEAKER_RECORD_CACHE_SECONDS, so a page of theirs costs a
    cache read, not ~150 ms of aggregates over 360,000 statements (the busiest speaker at 10M);
    their figures may lag that long. Smaller speakers are always computed live. With the cache
    down (Redis restarting) every record is computed live.
    """
    if not user_can_read(user):
        return SpeakerRecord(0, {}, [], [], [])
    key = f"speaker-record:{speaker.pk}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    statements = speaker.statement_count
    record = SpeakerRecord(
        statements=statements,
        counts=claim_status_counts(claims=Claim.objects.filter(speaker=speaker)),
        tally=speaker_verdict_tally(user=user, speaker=speaker),
        repeated=list(speaker_repeated_claims(user=user, speaker=speaker)),
        outlets=speaker_outlets(user=user, speaker=speaker),
    )
    if statements >= settings.SPEAKER_RECORD_CACHE_FROM:
        cache.set(key, record, settings.SPEAKER_RECORD_CACHE_SECONDS)
    return record


# Orders of the speakers list: the `sort` query parameter -> order_by fields.
SPEAKER_SORTS = {"name": ("name", "id"), "contested": ("-contested_count", "name", "id")}


def speaker_list_sorted(*, speakers: QuerySet[Speaker], sort: str = "name") -> QuerySet[Speaker]:
    """`speakers` (from selectors.speaker_list) ordered by `sort` (see SPEAKER_SORTS); the contested
    order reads the stored Speaker.contested_count through speaker_contested_idx."""
    return speakers.order_by(*SPEAKER_SORTS.get(sort, SPEAKER_SORTS["name"]))
