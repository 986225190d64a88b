"""Articles: list, ingest (202 and a status URL), one article, re-extraction."""

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from claims.api.filters import (
    ArticleFilterSerializer,
    validated_query,
)
from claims.api.lookups import object_id
from claims.api.pagination import KeysetPagination
from claims.api.permissions import CanIngestOrReadOnly, CanRead
from claims.api.serializers.articles import ArticleCreateSerializer, ArticleDetailSerializer, ArticleSerializer
from claims.api.views.common import AUTH_ERRORS, DETAIL_ERRORS, LIST_ERRORS, WRITE_ERRORS, validated
from claims.selectors import articles as article_selectors
from claims.services import article_reextract
from claims.services.intake import article_intake

ARTICLE_ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Article id.")


def _article_or_404(request: Request, pk: int, *, with_text: bool = False) -> Any:
    articles = article_selectors.article_list(user=request.user)
    if with_text:
        articles = articles.defer(None)
    return get_object_or_404(articles, pk=object_id(pk))


def _accepted(request: Request, article: Any) -> Response:
    data = ArticleDetailSerializer(article, context={"request": request}).data
    return Response(data, status=status.HTTP_202_ACCEPTED, headers={"Location": data["status_url"]})


class ArticleListView(GenericAPIView):
    permission_classes = [CanIngestOrReadOnly]
    pagination_class = KeysetPagination
    serializer_class = ArticleSerializer
    keyset_field, keyset_descending = "created_at", True

    @extend_schema(
        operation_id="articles_list",
        summary="List articles",
        description="Newest first, with extraction status and counts, keyset-paginated.",
        parameters=[ArticleFilterSerializer],
        responses={200: ArticleSerializer(many=True), **LIST_ERRORS},
    )
    def get(self, request: Request) -> Response:
        filters = validated_query(ArticleFilterSerializer, request.query_params)
        articles = article_selectors.article_list(user=request.user, **filters.selector_kwargs())
        page = self.paginate_queryset(articles)
        return self.get_paginated_response(ArticleSerializer(page, many=True, context={"request": request}).data)

    @extend_schema(
        operation_id="articles_create",
        summary="Ingest an article (editors)",
        description="Stores the article and queues its extraction: 202 with the article and its "
        "`status_url` (also the Location header); poll it until `extraction_status` is done or "
        "failed. Text already stored returns that article with 200. A URL is fetched by the server "
        "(size-capped; private addresses refused); a page that cannot be fetched is 400.",
        request=ArticleCreateSerializer,
        responses={
            202: ArticleDetailSerializer,
            200: OpenApiResponse(ArticleDetailSerializer, description="Already stored: the existing article."),
            **AUTH_ERRORS,
            **WRITE_ERRORS,
        },
    )
    def post(self, request: Request) -> Response:
        data = validated(ArticleCreateSerializer, request.data).validated_data
        result = article_intake(
            raw=data.get("text") or None,
            fetch=not data.get("text"),
            url=data.get("url", ""),
            title=data["title"],
            outlet_name=data["outlet"],
            byline=data["byline"],
            published=data["published"] or None,
            by=request.user,
        )
        article = _article_or_404(request, result.article.pk, with_text=True)
        if result.created:
            return _accepted(request, article)
        return Response(ArticleDetailSerializer(article, context={"request": request}).data)


class ArticleDetailView(GenericAPIView):
    permission_classes = [CanRead]
    serializer_class = ArticleDetailSerializer

    @extend_schema(
        operation_id="articles_retrieve",
        summary="One article, with its extraction status",
        parameters=[ARTICLE_ID],
        responses={200: ArticleDetailSerializer, **DETAIL_ERRORS},
    )
    def get(self, request: Request, pk: int) -> Response:
        article = _article_or_404(request, pk, with_text=True)
        return Response(ArticleDetailSerializer(article, context={"request": request}).data)


class ArticleReextractView(GenericAPIView):
    permission_classes = [CanIngestOrReadOnly]
    serializer_class = ArticleDetailSerializer

    @extend_schema(
        operation_id="articles_reextract",
        summary="Extract an article again (editors)",
        description="Queues a fresh extraction (attempts reset); 202 with the article and its status_url. "
        "No request body.",
        parameters=[ARTICLE_ID],
        request=None,
        responses={202: ArticleDetailSerializer, **DETAIL_ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        article = _article_or_404(request, pk)
        article_reextract(article=article)
        return _accepted(request, _article_or_404(request, pk, with_text=True))
