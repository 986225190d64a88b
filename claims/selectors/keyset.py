"""The one keyset paginator, for pages and the API alike.

Deep pages cost what page 1 costs: the cursor names the last row's (key, id) and the ordering it
was issued for, and the next page is "strictly after that" in the same order, served by the
(key, id) indexes. A key is a timestamp, or a number (a claim's check-worthiness).
"""

import base64
import binascii
import datetime as dt
import json
import math
from dataclasses import dataclass
from typing import Any

from django.db.models import FloatField, Q, QuerySet

MAX_ID = 2**63 - 1  # the largest primary key either database stores


class InvalidCursor(ValueError):
    """A cursor this application did not issue, or one issued for another ordering."""


@dataclass(frozen=True)
class KeysetPage:
    items: list[Any]
    next_cursor: str | None

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None


def cursor_encode(*, at: dt.datetime | float, pk: int, field: str, descending: bool = True) -> str:
    """An opaque cursor naming the row (`at`, `pk`) in the ordering on (`field`, id)."""
    value = at.isoformat() if isinstance(at, dt.datetime) else float(at)
    raw = json.dumps([field, descending, value, pk], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def cursor_decode(
    cursor: str | None, *, field: str, descending: bool = True, numeric: bool = False
) -> tuple[dt.datetime | float, int] | None:
    """The (timestamp, id), or (number, id) when `numeric`, a cursor names; None for no cursor;
    InvalidCursor when it is not ours."""
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        cursor_field, cursor_desc, at, pk = json.loads(raw)
        position = (_number(at) if numeric else dt.datetime.fromisoformat(at).astimezone(dt.UTC)), int(pk)
        if not 0 < position[1] <= MAX_ID:
            raise ValueError("id out of range")
    except (ValueError, TypeError, OverflowError, RecursionError, binascii.Error, UnicodeDecodeError):
        raise InvalidCursor(cursor) from None
    if (cursor_field, cursor_desc) != (field, descending):
        raise InvalidCursor(cursor)
    return position


def _number(value: object) -> float:
    # json.loads accepts NaN and Infinity; a cursor holding them (or a bool, or a string) is not ours.
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError("not a finite number")
    return float(value)


def keyset_page(
    queryset: QuerySet, *, field: str, cursor: str | None, limit: int, descending: bool = True
) -> KeysetPage:
    """One page of `queryset` ordered on (field, id); raises InvalidCursor for a cursor not ours."""
    numeric = isinstance(queryset.model._meta.get_field(field), FloatField)
    position = cursor_decode(cursor, field=field, descending=descending, numeric=numeric)
    if position is not None:
        at, pk = position
        op = "lt" if descending else "gt"
        # The redundant `field <=/>= at` is what PostgreSQL can use as an index range condition; the
        # OR alone is only a filter, so a deep page would walk (and discard) every row before it.
        queryset = queryset.filter(
            Q(**{f"{field}__{op}e": at}), Q(**{f"{field}__{op}": at}) | Q(**{field: at, f"pk__{op}": pk})
        )
    sign = "-" if descending else ""
    rows = list(queryset.order_by(f"{sign}{field}", f"{sign}pk")[: limit + 1])
    if len(rows) <= limit:
        return KeysetPage(items=rows, next_cursor=None)
    rows = rows[:limit]
    last = rows[-1]
    # Model instances, or plain rows from values() (the API's lean list paths, claims/api/lean.py).
    at, pk = (last[field], last["id"]) if isinstance(last, dict) else (getattr(last, field), last.pk)
    next_cursor = cursor_encode(at=at, pk=pk, field=field, descending=descending)
    return KeysetPage(items=rows, next_cursor=next_cursor)


def keyset_page_or_first(queryset: QuerySet, *, field: str, cursor: str | None, limit: int) -> KeysetPage:
    """For HTML pages: a mangled or stale cursor (an old bookmark) shows the first page."""
    try:
        return keyset_page(queryset, field=field, cursor=cursor, limit=limit)
    except InvalidCursor:
        return keyset_page(queryset, field=field, cursor=None, limit=limit)
