"""Article and outlet reads for the pages and the API, with each article's statement and claim counts."""

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from claims.models import ClaimStatus, Statement
from claims.permissions import user_can_read
from claims.selectors.common import User, filter_given
from sources.models import Article, Outlet


def _kept(prefix: str = "statements__") -> Q:
    return Q(**{f"{prefix}rejected": False})


def _kept_count(*, distinct_claims: bool = False, **filters: object) -> Coalesce:
    """Per article: its kept statements, or the distinct claims they say, matching `filters`."""
    kept = Statement.objects.filter(article=OuterRef("pk"), rejected=False, **filters).order_by().values("article")
    counted = Count("claim", distinct=True) if distinct_claims else Count("pk")
    return Coalesce(Subquery(kept.annotate(n=counted).values("n")), 0)


def article_list(
    *, user: User, outlet_id: int | None = None, status: str | None = None, query: str = ""
) -> QuerySet[Article]:
    """Articles newest first, each with its statement count and claim count per status (one query).

    `claims_<status>` counts distinct claims said in the article; editors' rejected statements are
    not counted. The article text is deferred: a list never shows it.
    """
    if not user_can_read(user):
        return Article.objects.none()
    # Correlated counts, not JOIN + GROUP BY: a page of 25 articles counts 25 articles' statements
    # through statement_article_idx; the grouped join aggregated every article first (4 s at 200,000).
    per_status = {
        f"claims_{value}": _kept_count(claim__status=value, distinct_claims=True) for value in ClaimStatus.values
    }
    queryset = (
        Article.objects.select_related("outlet")
        .defer("raw_text", "text", "removed")
        .annotate(statement_count=_kept_count(), **per_status)
        .order_by("-created_at", "-id")
    )
    return filter_given(queryset, outlet_id=outlet_id, extraction_status=status, title__icontains=query.strip())


def article_detail_list(*, user: User) -> QuerySet[Article]:
    """Articles with their outlet and whole text, for one article's page (look one up by pk)."""
    if not user_can_read(user):
        return Article.objects.none()
    return Article.objects.select_related("outlet")


def article_status_list(*, user: User) -> QuerySet[Article]:
    """Just what the polling status cell needs."""
    if not user_can_read(user):
        return Article.objects.none()
    return Article.objects.only("pk", "extraction_status", "extraction_error", "extraction_finished_at")


def outlet_list(*, user: User) -> QuerySet[Outlet]:
    if not user_can_read(user):
        return Outlet.objects.none()
    return Outlet.objects.order_by("name", "id")
