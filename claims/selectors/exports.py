"""Export reads: the API's filters (plus the queue's and search page's) as querysets to stream in id order."""

import datetime as dt
from collections.abc import Iterator
from typing import Any, TypeVar

from django.db.models import Exists, Model, OuterRef, QuerySet

from claims.models import Claim, Statement
from claims.selectors.claims import claim_api_list
from claims.selectors.common import ARTICLE_BODY, User, filter_given, published_between
from claims.selectors.statements import statement_search

M = TypeVar("M", bound=Model)

EXPORT_CHUNK = 2000


def claim_export_list(
    *,
    user: User,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    suggested_status: str | None = None,
    **api_filters: Any,
) -> QuerySet[Claim]:
    """claim_api_list's filters, plus when the claim was said and its suggested status; no prefetches.

    Rows carry speaker and published review (one join each), so a chunk is one query.
    """
    queryset = claim_api_list(user=user, **api_filters).prefetch_related(None)
    queryset = filter_given(queryset, suggested_status=suggested_status)
    if date_from or date_to:
        said = Statement.objects.filter(claim=OuterRef("pk"), rejected=False)
        queryset = queryset.filter(Exists(filter_given(said, **published_between(date_from, date_to))))
    return queryset.select_related("speaker", "published_review")


def statement_export_list(
    *,
    user: User,
    query: str = "",
    speaker_id: int | None = None,
    speaker_slug: str | None = None,
    article_id: int | None = None,
    outlet_id: int | None = None,
    kind: str | None = None,
    status: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[Statement]:
    """statement_api_list's filters plus the search page's (claim status, outlet, dates); bodies deferred.

    With words on PostgreSQL this is the search's ranked window (the newest 500 matches), as in the API.
    """
    queryset = statement_search(
        user=user,
        query=query,
        speaker_id=speaker_id,
        status=status,
        outlet_id=outlet_id,
        date_from=date_from,
        date_to=date_to,
    )
    queryset = filter_given(queryset, speaker__slug=speaker_slug, article_id=article_id, kind=kind)
    return queryset.defer(*ARTICLE_BODY)


def keyset_chunks(queryset: QuerySet[M], *, chunk: int | None = None) -> Iterator[M]:
    """Every row of `queryset` in id order, `chunk` rows per query: memory stays at one chunk.

    Keyset (id > last id), not OFFSET and not one long server-side cursor: each query is short,
    holds no transaction open while the client downloads, and costs the same at row 1 and row 10^6.
    """
    chunk = chunk or EXPORT_CHUNK
    last = 0
    while True:
        rows = list(queryset.filter(pk__gt=last).order_by("pk")[:chunk])
        yield from rows
        if len(rows) < chunk:
            return
        last = rows[-1].pk
