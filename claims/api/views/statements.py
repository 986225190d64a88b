"""Statements: list (keyset) and one statement."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from claims.api import lean
from claims.api.filters import (
    StatementFilterSerializer,
    validated_query,
)
from claims.api.lookups import object_id
from claims.api.pagination import KeysetPagination
from claims.api.permissions import CanRead
from claims.api.serializers.statements import StatementSerializer
from claims.api.views.common import DETAIL_ERRORS, LIST_ERRORS
from claims.selectors import statements as statement_selectors


class StatementListView(GenericAPIView):
    permission_classes = [CanRead]
    pagination_class = KeysetPagination
    serializer_class = StatementSerializer
    # Newest first by publication on the (published_at desc, id desc) index, also when searching.
    keyset_field, keyset_descending = "published_at", True

    @extend_schema(
        operation_id="statements_list",
        summary="List statements",
        description="Attributed statements, newest first by publication, keyset-paginated.",
        parameters=[StatementFilterSerializer],
        responses={200: StatementSerializer(many=True), **LIST_ERRORS},
    )
    def get(self, request: Request) -> Response:
        filters = validated_query(StatementFilterSerializer, request.query_params)
        statements = statement_selectors.statement_api_rows(user=request.user, **filters.selector_kwargs())
        page = self.paginate_queryset(statements)
        return self.get_paginated_response(lean.statements_represent(page))


class StatementDetailView(GenericAPIView):
    permission_classes = [CanRead]
    serializer_class = StatementSerializer

    @extend_schema(
        operation_id="statements_retrieve",
        summary="One statement",
        parameters=[OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Statement id.")],
        responses={200: StatementSerializer, **DETAIL_ERRORS},
    )
    def get(self, request: Request, pk: int) -> Response:
        statement = get_object_or_404(statement_selectors.statement_api_list(user=request.user), pk=object_id(pk))
        return Response(StatementSerializer(statement).data)
