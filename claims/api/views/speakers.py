"""Speakers: list or search, one speaker, a speaker's statements."""

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from claims.api import lean
from claims.api.filters import (
    SpeakerFilterSerializer,
    validated_query,
)
from claims.api.lookups import object_id
from claims.api.pagination import MAX_PAGE_SIZE, CappedPageNumberPagination, KeysetPagination
from claims.api.permissions import CanRead
from claims.api.serializers.speakers import SpeakerSerializer
from claims.api.serializers.statements import StatementSerializer
from claims.api.views.common import DETAIL_ERRORS, LIST_ERRORS, api_error
from claims.selectors import speakers as speaker_selectors
from claims.selectors import statements as statement_selectors

SPEAKER_ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Speaker id.")


def _speaker_or_404(request: Request, pk: int) -> Any:
    return get_object_or_404(speaker_selectors.speaker_list(user=request.user), pk=object_id(pk))


class SpeakerListView(GenericAPIView):
    permission_classes = [CanRead]
    pagination_class = CappedPageNumberPagination
    serializer_class = SpeakerSerializer

    @extend_schema(
        operation_id="speakers_list",
        summary="List or search speakers",
        description="By name; with `q`, the best matches of any alias first (at most 100).",
        parameters=[SpeakerFilterSerializer],
        responses={200: SpeakerSerializer(many=True), **LIST_ERRORS},
    )
    def get(self, request: Request) -> Response:
        query = validated_query(SpeakerFilterSerializer, request.query_params).validated_data["q"]
        if query.strip():
            # Rank up to 100, then read only the requested page's speakers and aliases, as plain rows.
            ranked = speaker_selectors.speaker_search_ids(user=request.user, query=query, limit=MAX_PAGE_SIZE)
            page = speaker_selectors.speaker_rows_in_order(user=request.user, ids=self.paginate_queryset(ranked))
            return self.get_paginated_response(lean.speakers_represent(page))
        page = self.paginate_queryset(speaker_selectors.speaker_list(user=request.user))
        return self.get_paginated_response(SpeakerSerializer(page, many=True).data)


class SpeakerDetailView(GenericAPIView):
    permission_classes = [CanRead]
    serializer_class = SpeakerSerializer

    @extend_schema(
        operation_id="speakers_retrieve",
        summary="One speaker",
        parameters=[SPEAKER_ID],
        responses={200: SpeakerSerializer, **DETAIL_ERRORS},
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(SpeakerSerializer(_speaker_or_404(request, pk)).data)


class SpeakerStatementListView(GenericAPIView):
    permission_classes = [CanRead]
    pagination_class = KeysetPagination
    serializer_class = StatementSerializer
    keyset_field, keyset_descending = "published_at", True

    @extend_schema(
        operation_id="speakers_statements",
        summary="A speaker's statements",
        description="Newest first by publication, across all articles, keyset-paginated.",
        parameters=[SPEAKER_ID],
        responses={
            200: StatementSerializer(many=True),
            **DETAIL_ERRORS,
            400: api_error("Invalid cursor or page_size."),
        },
    )
    def get(self, request: Request, pk: int) -> Response:
        speaker = _speaker_or_404(request, pk)
        statements = statement_selectors.statement_api_rows(user=request.user, speaker_id=speaker.pk)
        page = self.paginate_queryset(statements)
        return self.get_paginated_response(lean.statements_represent(page))
