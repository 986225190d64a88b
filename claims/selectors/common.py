"""What every selector module shares: the viewing user's type, day bounds and search words."""

import datetime as dt
import re

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.utils import timezone

User = AbstractBaseUser | AnonymousUser

_WORD = re.compile(r"\w+", re.UNICODE)
# A row that names an article never shows its body; leave the large columns unread.
ARTICLE_BODY = ("article__raw_text", "article__text", "article__removed", "search_vector")


def day_start(day: dt.date) -> dt.datetime:
    """Midnight starting `day` in the current time zone: `published_at >= day_start(d)` means what
    `published_at__date >= d` means, but compares the column itself, so its indexes serve it."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def search_words(query: str) -> list[str]:
    """The words of a search, without websearch operators ("or", quotes, leading minus)."""
    return [w for w in _WORD.findall(query) if w.lower() != "or"][:20]


def filter_given(queryset: QuerySet, **lookups: object) -> QuerySet:
    """`queryset` narrowed by each lookup whose value was given; None, "" and 0 mean "any"."""
    given = {lookup: value for lookup, value in lookups.items() if value}
    return queryset.filter(**given) if given else queryset


def published_between(date_from: dt.date | None, date_to: dt.date | None) -> dict[str, dt.datetime | None]:
    """`filter_given` lookups for `published_at` on the days from..to (either may be None)."""
    return {
        "published_at__gte": day_start(date_from) if date_from else None,
        "published_at__lt": day_start(date_to + dt.timedelta(days=1)) if date_to else None,
    }
