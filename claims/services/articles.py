"""Editing an article's metadata (outlet, publication date) with its statements' copies in step.

It lives with claims, not sources: the statements copy the outlet and date (claims/services/copies.py),
and sources never imports claims.
"""

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from claims.permissions import check_user_can_ingest
from claims.services.copies import statement_copies_refresh
from sources.models import Article
from sources.services import IngestError, outlet_get_or_create, parse_published

UNCHANGED = object()


@transaction.atomic
def article_update_metadata(
    *,
    article: Article,
    by: AbstractBaseUser,
    outlet_name: str | None = None,
    published: str | dt.date | dt.datetime | object | None = UNCHANGED,
) -> Article:
    """Change the article's outlet (by name; "" for none) and/or publication date (None for unknown).

    Arguments left out are unchanged. A date that is not a date raises ValidationError and changes
    nothing. The article's statements get the new outlet and date (or, undated, the stored time) in
    the same transaction, so search filters by outlet and date agree with the article.
    """
    check_user_can_ingest(by)
    fields = []
    if outlet_name is not None:
        article.outlet = outlet_get_or_create(name=outlet_name[:200])
        fields.append("outlet")
    if published is not UNCHANGED:
        try:
            article.published_at = parse_published(published)  # type: ignore[arg-type]
        except (IngestError, ValueError) as exc:
            raise ValidationError({"published": str(exc) or "Not a valid date."}) from None
        fields.append("published_at")
    if fields:
        article.save(update_fields=[*fields, "updated_at"])
        statement_copies_refresh(article_ids=[article.pk])
    return article
