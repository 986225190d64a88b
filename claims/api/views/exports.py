"""Exports: claims and statements as CSV or NDJSON, streamed in id order with the API's filters.

Memory stays at one chunk of rows (claims/selectors/exports.keyset_chunks) whatever the total: the
response is a StreamingHttpResponse over a generator, each row encoded as it is sent. Errors (bad
filters, no credentials) are JSON like the rest of the API, whatever the client's Accept header.
"""

import csv
import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from typing import Any, ClassVar

import orjson
from django.http import StreamingHttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.views import APIView

from claims.api.filters import ClaimFilterSerializer, IdField, StatementFilterSerializer, validated_query
from claims.api.permissions import CanRead
from claims.api.views.common import AUTH_ERRORS, api_error
from claims.claimreview import fact_check_url
from claims.models import Claim, ClaimStatus, Statement
from claims.selectors.exports import claim_export_list, keyset_chunks, statement_export_list
from claims.selectors.publishing import publication_state_from_versions

FORMATS = {"csv": "text/csv; charset=utf-8", "ndjson": "application/x-ndjson"}
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection, OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A value as a CSV cell: text that a spreadsheet would run as a formula gets a leading quote."""
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _Line:
    """csv.writer writes into this and gets the line back, so each row is encoded as it streams."""

    def write(self, value: str) -> str:
        return value


def csv_lines(columns: list[str], rows: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    writer = csv.writer(_Line())
    yield writer.writerow(columns).encode()
    for row in rows:
        yield writer.writerow([csv_cell(row[c]) for c in columns]).encode()


def ndjson_lines(rows: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    for row in rows:
        yield orjson.dumps(row) + b"\n"


# --- Rows -----------------------------------------------------------------------------------------

CLAIM_COLUMNS = [
    "id",
    "text",
    "speaker_id",
    "speaker",
    "speaker_slug",
    "status",
    "suggested_status",
    "publication",
    "published_verdict",
    "published_at",
    "fact_check_url",
    "appearance_count",
    "first_seen_at",
    "created_at",
    "updated_at",
]
STATEMENT_COLUMNS = [
    "id",
    "content",
    "kind",
    "cue",
    "speaker_id",
    "speaker",
    "speaker_mention",
    "claim_id",
    "claim_status",
    "article_id",
    "article_title",
    "article_url",
    "outlet",
    "published_at",
    "paragraph",
    "start",
    "end",
    "confidence",
    "origin",
]


def claim_row(claim: Claim) -> dict[str, Any]:
    published = claim.published_review
    return {
        "id": claim.pk,
        "text": claim.text,
        "speaker_id": claim.speaker_id,
        "speaker": claim.speaker.name,
        "speaker_slug": claim.speaker.slug,
        "status": claim.status,
        "suggested_status": claim.suggested_status,
        "publication": publication_state_from_versions(claim=claim),
        "published_verdict": published.to_status if published else None,
        "published_at": claim.published_at,
        "fact_check_url": fact_check_url(claim) if published else None,
        "appearance_count": claim.appearance_count,
        "first_seen_at": claim.first_seen_at,
        "created_at": claim.created_at,
        "updated_at": claim.updated_at,
    }


def statement_row(statement: Statement) -> dict[str, Any]:
    article = statement.article
    return {
        "id": statement.pk,
        "content": statement.content,
        "kind": statement.kind,
        "cue": statement.cue,
        "speaker_id": statement.speaker_id,
        "speaker": statement.speaker.name,
        "speaker_mention": statement.speaker_mention,
        "claim_id": statement.claim_id,
        "claim_status": statement.claim.status,
        "article_id": article.pk,
        "article_title": article.title,
        "article_url": article.url,
        "outlet": article.outlet.name if article.outlet else None,
        "published_at": statement.published_at,
        "paragraph": statement.paragraph,
        "start": statement.start,
        "end": statement.end,
        "confidence": statement.confidence,
        "origin": statement.origin,
    }


# --- Filters --------------------------------------------------------------------------------------


class ClaimExportFilterSerializer(ClaimFilterSerializer):
    ordering = None  # exports are in id order
    suggested_status = serializers.ChoiceField(
        choices=ClaimStatus.choices, required=False, help_text="What the article's own wording suggests."
    )
    date_from = serializers.DateField(required=False, help_text="Only claims said on or after this day.")
    date_to = serializers.DateField(required=False, help_text="Only claims said on or before this day.")

    def selector_kwargs(self) -> dict[str, Any]:
        data = self.validated_data
        return {
            **super().selector_kwargs(),
            "suggested_status": data.get("suggested_status"),
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
        }


class StatementExportFilterSerializer(StatementFilterSerializer):
    status = serializers.ChoiceField(choices=ClaimStatus.choices, required=False, help_text="The claim's status.")
    outlet = IdField(help_text="Only statements in this outlet's articles.")
    date_from = serializers.DateField(required=False, help_text="Only statements published on or after this day.")
    date_to = serializers.DateField(required=False, help_text="Only statements published on or before this day.")

    def selector_kwargs(self) -> dict[str, Any]:
        data = self.validated_data
        return {
            **super().selector_kwargs(),
            "status": data.get("status"),
            "outlet_id": data.get("outlet"),
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
        }


# --- Views ----------------------------------------------------------------------------------------


class JSONErrors(BaseContentNegotiation):
    """The body of a 2xx is the export itself; anything else is JSON, whatever Accept says."""

    def select_parser(self, request: Request, parsers: list) -> Any:
        return parsers[0] if parsers else None

    def select_renderer(self, request: Request, renderers: list, format_suffix: str | None = None) -> tuple:
        return renderers[0], renderers[0].media_type


def _export_schema(kind: str, fmt: str, filters: type, columns: list[str]) -> Callable:
    media_type = FORMATS[fmt].split(";")[0]
    body = "CSV, UTF-8, with a header row" if fmt == "csv" else "One JSON object per line, dates ISO 8601"
    return extend_schema(
        operation_id=f"exports_{kind}_{fmt}",
        summary=f"Export {kind} as {fmt.upper()}",
        description=f"Every matching {kind[:-1]}, streamed in id order (constant server memory at any size). "
        f"Fields: {', '.join(f'`{c}`' for c in columns)}. CSV text cells starting with = + - @, tab or CR "
        "get a leading `'` so spreadsheets do not run them as formulas. Filters are the list endpoint's, "
        "plus those of the review queue and search pages. Errors are JSON.",
        parameters=[filters],
        responses={
            (200, media_type): OpenApiResponse(OpenApiTypes.STR, description=f"{body}."),
            **AUTH_ERRORS,
            400: api_error("A query parameter is invalid; `errors` names it."),
        },
    )


class _ExportView(APIView):
    permission_classes = [CanRead]
    content_negotiation_class = JSONErrors
    renderer_classes = [JSONRenderer]
    fmt: ClassVar[str]
    kind: ClassVar[str]
    columns: ClassVar[list[str]]
    filter_class: ClassVar[type[serializers.Serializer]]
    row: ClassVar[Callable[[Any], dict[str, Any]]]

    def queryset(self, request: Request, filters: dict[str, Any]) -> Any:
        raise NotImplementedError

    def export(self, request: Request) -> StreamingHttpResponse:
        filters = validated_query(self.filter_class, request.query_params).selector_kwargs()
        rows = map(type(self).row, keyset_chunks(self.queryset(request, filters)))
        lines = csv_lines(self.columns, rows) if self.fmt == "csv" else ndjson_lines(rows)
        response = StreamingHttpResponse(lines, content_type=FORMATS[self.fmt])
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        response["Content-Disposition"] = f'attachment; filename="{self.kind}-{stamp}.{self.fmt}"'
        response["Cache-Control"] = "no-store"
        return response


class _ClaimExport(_ExportView):
    kind, columns, filter_class, row = "claims", CLAIM_COLUMNS, ClaimExportFilterSerializer, claim_row

    def queryset(self, request: Request, filters: dict[str, Any]) -> Any:
        return claim_export_list(user=request.user, **filters)


class _StatementExport(_ExportView):
    kind, columns = "statements", STATEMENT_COLUMNS
    filter_class, row = StatementExportFilterSerializer, statement_row

    def queryset(self, request: Request, filters: dict[str, Any]) -> Any:
        return statement_export_list(user=request.user, **filters)


def _with_format(base: type[_ExportView], fmt: str) -> type[_ExportView]:
    """One view class per URL, so the schema gives each path its one media type."""

    @_export_schema(base.kind, fmt, base.filter_class, base.columns)
    def get(self: _ExportView, request: Request) -> StreamingHttpResponse:
        return self.export(request)

    return type(f"{base.__name__.lstrip('_')}{fmt.upper()}View", (base,), {"fmt": fmt, "get": get})


ClaimCSVExportView = _with_format(_ClaimExport, "csv")
ClaimNDJSONExportView = _with_format(_ClaimExport, "ndjson")
StatementCSVExportView = _with_format(_StatementExport, "csv")
StatementNDJSONExportView = _with_format(_StatementExport, "ndjson")
