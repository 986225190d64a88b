"""The statement's copies of its claim's status and its article's outlet and publication time.

Search filters read these columns on the statement itself: at ten million statements a join to
Claim or Article per candidate row defeats the search indexes. Every service that changes a claim's
status, moves statements between claims, or edits an article's outlet or date calls
`statement_copies_refresh` in its own transaction, and `statement_copies_drift` (a selector in
claims/selectors.py) finds any row that disagrees, which the tests assert never happens.
"""

from collections.abc import Iterable

from django.db.models.functions import Coalesce

from claims.models import Claim, Statement
from sources.models import Article


def statement_copies_refresh(*, claim_ids: Iterable[int] = (), article_ids: Iterable[int] = ()) -> int:
    """Copy the current claim status onto the statements of `claim_ids`, and the current outlet and
    publication time (or, undated, the time it was stored) onto the statements of `article_ids`.

    Returns how many statement rows were written. Of a claim's statements only those whose copy
    differs are written: a claim said 50,000 times still rewrites 50,000 rows when its status
    changes, the price of filtering search by status from one index.
    """
    updated = 0
    by_status: dict[str, list[int]] = {}
    for claim_id, status in Claim.objects.filter(pk__in=set(claim_ids)).values_list("pk", "status"):
        by_status.setdefault(status, []).append(claim_id)
    for status, ids in by_status.items():
        updated += Statement.objects.filter(claim_id__in=ids).exclude(claim_status=status).update(claim_status=status)
    # An article has a handful of statements: rewrite them all rather than compare.
    for article_id, outlet_id, published_at in Article.objects.filter(pk__in=set(article_ids)).values_list(
        "pk", "outlet_id", Coalesce("published_at", "created_at")
    ):
        updated += Statement.objects.filter(article_id=article_id).update(
            outlet_id=outlet_id, published_at=published_at
        )
    return updated


def statement_copies_for(*, claim: Claim, article: Article) -> dict[str, object]:
    """The copied values a new statement of `claim` in `article` starts with."""
    return {
        "claim_status": claim.status,
        "outlet_id": article.outlet_id,
        "published_at": article.published_at or article.created_at,
    }
