"""Pagination with a capped page size.

Claims, statements and articles use keyset pagination (claims/selectors/keyset.py, as the pages do):
the cursor names the last row's (timestamp, id), or (check-worthiness, id), and the next page is
"strictly after that" in the same order, served by a (key, id) index. Page 500 costs what page 1
costs, and rows inserted or updated meanwhile are neither skipped nor repeated within one ordering
(a claim updated during an ascending `updated_at` sync moves past the cursor and is seen again
later, never missed).

`page_size`: default 25, at most 100; a larger value is clamped to 100, and zero, a negative
number or a non-integer is refused with 400. A cursor that was not issued by us is 404 (as in
DRF's CursorPagination); `page` past the end is 404, a `page` that is not a number is 400.
"""

from collections import OrderedDict
from typing import Any

from django.db.models import QuerySet
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import BasePagination, PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from claims.selectors.keyset import InvalidCursor, keyset_page

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 100
# As DRF's CursorPagination: a cursor names a page; one we did not issue names nothing (404).
INVALID_CURSOR = "Invalid cursor: use the `next` link of a previous page, with the same ordering."


def single_param(request: Request, name: str) -> str | None:
    values = request.query_params.getlist(name)
    if len(values) > 1:
        raise ValidationError({name: ["Give this parameter once."]})
    return values[0] if values else None


def positive_int_param(request: Request, name: str, default: int) -> int:
    raw = single_param(request, name)
    if raw is None:
        return default
    if not (raw.isascii() and raw.isdigit()) or int(raw) < 1:
        raise ValidationError({name: ["A whole number of at least 1 is required."]})
    return int(raw)


def page_size_from(request: Request) -> int:
    return min(positive_int_param(request, "page_size", DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE)


PAGE_SIZE_DESCRIPTION = (
    f"Rows per page: default {DEFAULT_PAGE_SIZE}; above {MAX_PAGE_SIZE} is clamped to {MAX_PAGE_SIZE}; "
    "below 1 or not a whole number is refused (400)."
)


class KeysetPagination(BasePagination):
    """Keyset on (view.keyset_field, id); `view.keyset_descending` picks the direction."""

    cursor_query_param = "cursor"

    def paginate_queryset(self, queryset: QuerySet, request: Request, view: APIView | None = None) -> list[Any]:
        self.request = request
        cursor = single_param(request, self.cursor_query_param)
        try:
            page = keyset_page(
                queryset,
                field=view.keyset_field,
                descending=view.keyset_descending,
                cursor=cursor,
                limit=page_size_from(request),
            )
        except InvalidCursor:
            raise NotFound(INVALID_CURSOR) from None
        self.next_cursor = page.next_cursor
        return page.items

    def get_paginated_response(self, data: list[Any]) -> Response:
        return Response(
            OrderedDict([("next", self._next_link()), ("next_cursor", self.next_cursor), ("results", data)])
        )

    def _next_link(self) -> str | None:
        if self.next_cursor is None:
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.cursor_query_param, self.next_cursor)

    def get_paginated_response_schema(self, schema: dict) -> dict:
        return {
            "type": "object",
            "required": ["next", "next_cursor", "results"],
            "properties": {
                "next": {
                    "type": "string",
                    "format": "uri",
                    "nullable": True,
                    "description": "The next page, or null on the last.",
                },
                "next_cursor": {
                    "type": "string",
                    "nullable": True,
                    "description": "The `cursor` value of the next page.",
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view: APIView) -> list[dict]:
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "Opaque position from a previous page's `next_cursor`; "
                "one not issued by this API is 404.",
                "schema": {"type": "string"},
            },
            _page_size_parameter(),
        ]


def _page_size_parameter() -> dict:
    return {
        "name": "page_size",
        "required": False,
        "in": "query",
        "description": PAGE_SIZE_DESCRIPTION,
        "schema": {"type": "integer", "minimum": 1},
    }


class CappedPageNumberPagination(PageNumberPagination):
    """Page numbers for short, name-ordered lists (speakers)."""

    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request: Request) -> int:
        return page_size_from(request)

    def get_page_number(self, request: Request, paginator: Any) -> int:
        return positive_int_param(request, self.page_query_param, 1)

    def get_schema_operation_parameters(self, view: APIView) -> list[dict]:
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": "Page number, from 1; a page past the end is 404.",
                "schema": {"type": "integer", "minimum": 1},
            },
            _page_size_parameter(),
        ]
