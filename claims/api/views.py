"""REST API views: validate the query or body, call one selector or service, serialize.

Permissions come from claims/api/permissions.py; service errors (ValidationError, PermissionDenied,
ClaimConflict, IngestError) become JSON in claims/api/exceptions.py, so no view catches them.
"""

import hashlib
from typing import Any

from django.http import Http404, HttpResponseNotModified
from django.shortcuts import get_object_or_404
from django.utils.http import http_date, parse_etags, parse_http_date_safe, quote_etag
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from claims.api import serializers as s
from claims.api.exceptions import PreconditionFailed
from claims.api.filters import (
    ArticleFilterSerializer,
    ClaimFilterSerializer,
    SpeakerFilterSerializer,
    StatementFilterSerializer,
    validated_query,
)
from claims.api.pagination import MAX_PAGE_SIZE, CappedPageNumberPagination, KeysetPagination
from claims.api.permissions import CanIngestOrReadOnly, CanRead, CanReviewClaimsOrReadOnly
from claims.models import Claim, ClaimStatus
from claims.selectors import articles as article_selectors
from claims.selectors import claims as claim_selectors
from claims.selectors import speakers as speaker_selectors
from claims.selectors import statements as statement_selectors
from claims.selectors.keyset import MAX_ID
from claims.services import article_reextract, claim_set_status
from claims.services.intake import article_intake


def _error(description: str, serializer: Any = s.ErrorSerializer) -> OpenApiResponse:
    return OpenApiResponse(response=serializer, description=description)


AUTH_ERRORS = {
    401: _error("No credentials: send `Authorization: Token <key>` or a session cookie."),
    403: _error("Signed in without the role this needs, or a session write without a CSRF token."),
    429: _error("Too many requests for this user; retry later."),
}
LIST_ERRORS = {
    **AUTH_ERRORS,
    400: _error("A query parameter is invalid; `errors` names it."),
    404: _error("A cursor this API did not issue, or a page past the end."),
}
DETAIL_ERRORS = {**AUTH_ERRORS, 404: _error("No such object.")}
WRITE_ERRORS = {
    400: _error("Malformed JSON, nesting deeper than 32, NUL characters, or invalid fields (`errors`)."),
    413: _error("The request body is larger than the upload limit."),
    415: _error("The body is not application/json."),
}


def _object_id(pk: int) -> int:
    """A path id the database can hold; a larger one names nothing (404, not an overflow 500)."""
    if not 0 < pk <= MAX_ID:
        raise Http404
    return pk


def _validated(serializer_class: type, data: Any) -> Any:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer


# --- Claims ---------------------------------------------------------------------------------------


def _claim_or_404(request: Request, pk: int) -> Claim:
    return get_object_or_404(claim_selectors.claim_api_list(user=request.user), pk=_object_id(pk))


def claim_current_state(*, request: Request, claim_id: int) -> dict:
    """The claim as it now stands, for 409 and 412 bodies."""
    return s.ClaimSerializer(_claim_or_404(request, claim_id)).data


def claim_etag(claim: Claim) -> str:
    digest = hashlib.sha256(f"{claim.pk}:{claim.version}:{claim.updated_at.isoformat()}".encode()).hexdigest()
    return quote_etag(digest[:32])


def _with_validators(response: Response, claim: Claim) -> Response:
    response["ETag"] = claim_etag(claim)
    response["Last-Modified"] = http_date(claim.updated_at.timestamp())
    return response


def _not_modified(request: Request, claim: Claim) -> bool:
    """RFC 9110: If-None-Match decides when present; otherwise If-Modified-Since (second precision)."""
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match:
        tags = parse_etags(if_none_match)
        weak_free = {tag.removeprefix("W/") for tag in tags}
        return "*" in tags or claim_etag(claim) in weak_free
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return since is not None and int(claim.updated_at.timestamp()) <= since


CLAIM_ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Claim id.")


class ClaimListView(GenericAPIView):
    permission_classes = [CanRead]
    pagination_class = KeysetPagination
    serializer_class = s.ClaimSerializer

    @extend_schema(
        operation_id="claims_list",
        summary="List claims",
        description="Claims with speaker, appearances and latest review, keyset-paginated. For an "
        "incremental sync: `?updated_since=T&ordering=updated_at`, then follow `next` until null.",
        parameters=[ClaimFilterSerializer],
        responses={200: s.ClaimSerializer(many=True), **LIST_ERRORS},
    )
    def get(self, request: Request) -> Response:
        filters = validated_query(ClaimFilterSerializer, request.query_params)
        ordering = filters.validated_data["ordering"]
        self.keyset_field, self.keyset_descending = ordering.lstrip("-"), ordering.startswith("-")
        claims = claim_selectors.claim_api_list(
            user=request.user, appearance_limit=s.LIST_APPEARANCES, **filters.selector_kwargs()
        )
        page = self.paginate_queryset(claims)
        return self.get_paginated_response(s.ClaimSerializer(page, many=True).data)


class ClaimDetailView(GenericAPIView):
    permission_classes = [CanReviewClaimsOrReadOnly]
    serializer_class = s.ClaimSerializer

    @extend_schema(
        operation_id="claims_retrieve",
        summary="One claim",
        description="Carries `ETag` (id, version, updated_at) and `Last-Modified`; a matching "
        "If-None-Match, or an If-Modified-Since not older than the last change, gets 304.",
        parameters=[
            CLAIM_ID,
            OpenApiParameter("If-None-Match", str, OpenApiParameter.HEADER, description="An ETag from a previous GET."),
            OpenApiParameter(
                "If-Modified-Since", str, OpenApiParameter.HEADER, description="An HTTP date from Last-Modified."
            ),
        ],
        responses={200: s.ClaimSerializer, 304: OpenApiResponse(description="Not modified."), **DETAIL_ERRORS},
    )
    def get(self, request: Request, pk: int) -> Response:
        claim = _claim_or_404(request, pk)
        if _not_modified(request, claim):
            not_modified = HttpResponseNotModified()
            not_modified["ETag"] = claim_etag(claim)
            return not_modified
        return _with_validators(Response(s.ClaimSerializer(claim).data), claim)

    @extend_schema(
        operation_id="claims_partial_update",
        summary="Review a claim (editors)",
        description="Change status, note and evidence. Send the `version` you loaded, or an If-Match "
        "header with the ETag. A stale version is 409 and a stale If-Match 412, both with the claim's "
        "current state in `current`: nothing is overwritten silently. Other fields are ignored.",
        parameters=[
            CLAIM_ID,
            OpenApiParameter("If-Match", str, OpenApiParameter.HEADER, description="The ETag you loaded."),
        ],
        request=s.ClaimUpdateSerializer,
        responses={
            200: s.ClaimSerializer,
            409: _error("Someone else reviewed the claim since you loaded it.", s.ClaimConflictSerializer),
            412: _error("If-Match does not match the claim's current ETag.", s.ClaimConflictSerializer),
            **DETAIL_ERRORS,
            **WRITE_ERRORS,
        },
    )
    def patch(self, request: Request, pk: int) -> Response:
        claim = _claim_or_404(request, pk)
        data = _validated(s.ClaimUpdateSerializer, request.data).validated_data
        expected_version = data.get("version")
        if_match = request.headers.get("If-Match")
        if if_match:
            tags = parse_etags(if_match)
            if "*" not in tags and claim_etag(claim) not in tags:
                raise PreconditionFailed(current=s.ClaimSerializer(claim).data)
            expected_version = expected_version or claim.version
        if expected_version is None:
            raise ValidationError({"version": ["Send the claim's version, or an If-Match header with its ETag."]})
        claim_set_status(
            claim=claim,
            status=data.get("status", claim.status),
            note=data["note"],
            evidence=data.get("evidence", []),
            by=request.user,
            expected_version=expected_version,
        )
        claim = _claim_or_404(request, pk)
        return _with_validators(Response(s.ClaimSerializer(claim).data), claim)


class ClaimHistoryView(GenericAPIView):
    permission_classes = [CanRead]
    serializer_class = s.ReviewSerializer
    pagination_class = None

    @extend_schema(
        operation_id="claims_history",
        summary="A claim's review history",
        description="Every review, newest first: who, when, from, to, note and evidence.",
        parameters=[CLAIM_ID],
        responses={200: s.ReviewSerializer(many=True), **DETAIL_ERRORS},
    )
    def get(self, request: Request, pk: int) -> Response:
        claim = _claim_or_404(request, pk)
        return Response(s.ReviewSerializer(claim_selectors.claim_review_list(claim=claim), many=True).data)


class JSONLDRenderer(JSONRenderer):
    media_type = "application/ld+json"


class ClaimReviewJSONLDView(GenericAPIView):
    permission_classes = [CanRead]
    serializer_class = s.ClaimReviewLDSerializer
    renderer_classes = [JSONLDRenderer, JSONRenderer]
    pagination_class = None

    @extend_schema(
        operation_id="claims_claimreview",
        summary="schema.org ClaimReview (JSON-LD)",
        description="For a claim whose status is evidenced, unevidenced or contested. An unreviewed "
        "claim has no ClaimReview, so it is 404 like a missing claim. Served as application/ld+json "
        "(or application/json when asked for).",
        parameters=[CLAIM_ID],
        responses={200: s.ClaimReviewLDSerializer, **DETAIL_ERRORS},
    )
    def get(self, request: Request, pk: int) -> Response:
        claim = _claim_or_404(request, pk)
        if claim.status == ClaimStatus.UNREVIEWED or not claim.latest_reviews:
            raise Http404("This claim has not been reviewed.")
        return Response(s.claimreview_jsonld(claim=claim, review=claim.latest_reviews[0]))


# --- Statements -----------------------------------------------------------------------------------


class StatementListView(GenericAPIView):
    permission_classes = [CanRead]
    pagination_class = KeysetPagination
    serializer_class = s.StatementSerializer
    # Newest first by publication on the (published_at desc, id desc) index, also when searching.
    keyset_field, keyset_descending = "published_at", True

    @extend_schema(
        operation_id="statements_list",
        summary="List statements",
        description="Attributed statements, newest first by publication, keyset-paginated.",
        parameters=[StatementFilterSerializer],
        responses={200: s.StatementSerializer(many=True), **LIST_ERRORS},
    )
    def get(self, request: Request) -> Response:
        filters = validated_query(StatementFilterSerializer, request.query_params)
        statements = statement_selectors.statement_api_list(user=request.user, **filters.selector_kwargs())
        page = self.paginate_queryset(statements)
        return self.get_paginated_response(s.StatementSerializer(page, many=True).data)


class StatementDetailView(GenericAPIView):
    permission_classes = [CanRead]
    serializer_class = s.StatementSerializer

    @extend_schema(
        operation_id="statements_retrieve",
        summary="One statement",
        parameters=[OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Statement id.")],
        responses={200: s.StatementSerializer, **DETAIL_ERRORS},
    )
    def get(self, request: Request, pk: int) -> Response:
        statement = get_object_or_404(statement_selectors.statement_api_list(user=request.user), pk=_object_id(pk))
        return Response(s.StatementSerializer(statement).data)


# --- Speakers -------------------------------------------------------------------------------------

SPEAKER_ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Speaker id.")


def _speaker_or_404(request: Request, pk: int) -> Any:
    return get_object_or_404(speaker_selectors.speaker_list(user=request.user), pk=_object_id(pk))


class SpeakerListView(GenericAPIView):
    permission_classes = [CanRead]
    pagination_class = CappedPageNumberPagination
    serializer_class = s.SpeakerSerializer

    @extend_schema(
        operation_id="speakers_list",
        summary="List or search speakers",
        description="By name; with `q`, the best matches of any alias first (at most 100).",
        parameters=[SpeakerFilterSerializer],
        responses={200: s.SpeakerSerializer(many=True), **LIST_ERRORS},
    )
    def get(self, request: Request) -> Response:
        query = validated_query(SpeakerFilterSerializer, request.query_params).validated_data["q"]
        if query.strip():
            speakers = speaker_selectors.speaker_search(user=request.user, query=query, limit=MAX_PAGE_SIZE)
        else:
            speakers = speaker_selectors.speaker_list(user=request.user)
        page = self.paginate_queryset(speakers)
        return self.get_paginated_response(s.SpeakerSerializer(page, many=True).data)


class SpeakerDetailView(GenericAPIView):
    permission_classes = [CanRead]
    serializer_class = s.SpeakerSerializer

    @extend_schema(
        operation_id="speakers_retrieve",
        summary="One speaker",
        parameters=[SPEAKER_ID],
        responses={200: s.SpeakerSerializer, **DETAIL_ERRORS},
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(s.SpeakerSerializer(_speaker_or_404(request, pk)).data)


class SpeakerStatementListView(GenericAPIView):
    permission_classes = [CanRead]
    pagination_class = KeysetPagination
    serializer_class = s.StatementSerializer
    keyset_field, keyset_descending = "published_at", True

    @extend_schema(
        operation_id="speakers_statements",
        summary="A speaker's statements",
        description="Newest first by publication, across all articles, keyset-paginated.",
        parameters=[SPEAKER_ID],
        responses={200: s.StatementSerializer(many=True), **DETAIL_ERRORS, 400: _error("Invalid cursor or page_size.")},
    )
    def get(self, request: Request, pk: int) -> Response:
        speaker = _speaker_or_404(request, pk)
        statements = statement_selectors.statement_api_list(user=request.user, speaker_id=speaker.pk)
        page = self.paginate_queryset(statements)
        return self.get_paginated_response(s.StatementSerializer(page, many=True).data)


# --- Articles -------------------------------------------------------------------------------------

ARTICLE_ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Article id.")


def _article_or_404(request: Request, pk: int, *, with_text: bool = False) -> Any:
    articles = article_selectors.article_list(user=request.user)
    if with_text:
        articles = articles.defer(None)
    return get_object_or_404(articles, pk=_object_id(pk))


def _accepted(request: Request, article: Any) -> Response:
    data = s.ArticleDetailSerializer(article, context={"request": request}).data
    return Response(data, status=status.HTTP_202_ACCEPTED, headers={"Location": data["status_url"]})


class ArticleListView(GenericAPIView):
    permission_classes = [CanIngestOrReadOnly]
    pagination_class = KeysetPagination
    serializer_class = s.ArticleSerializer
    keyset_field, keyset_descending = "created_at", True

    @extend_schema(
        operation_id="articles_list",
        summary="List articles",
        description="Newest first, with extraction status and counts, keyset-paginated.",
        parameters=[ArticleFilterSerializer],
        responses={200: s.ArticleSerializer(many=True), **LIST_ERRORS},
    )
    def get(self, request: Request) -> Response:
        filters = validated_query(ArticleFilterSerializer, request.query_params)
        articles = article_selectors.article_list(user=request.user, **filters.selector_kwargs())
        page = self.paginate_queryset(articles)
        return self.get_paginated_response(s.ArticleSerializer(page, many=True, context={"request": request}).data)

    @extend_schema(
        operation_id="articles_create",
        summary="Ingest an article (editors)",
        description="Stores the article and queues its extraction: 202 with the article and its "
        "`status_url` (also the Location header); poll it until `extraction_status` is done or "
        "failed. Text already stored returns that article with 200. A URL is fetched by the server "
        "(size-capped; private addresses refused); a page that cannot be fetched is 400.",
        request=s.ArticleCreateSerializer,
        responses={
            202: s.ArticleDetailSerializer,
            200: OpenApiResponse(s.ArticleDetailSerializer, description="Already stored: the existing article."),
            **AUTH_ERRORS,
            **WRITE_ERRORS,
        },
    )
    def post(self, request: Request) -> Response:
        data = _validated(s.ArticleCreateSerializer, request.data).validated_data
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
        return Response(s.ArticleDetailSerializer(article, context={"request": request}).data)


class ArticleDetailView(GenericAPIView):
    permission_classes = [CanRead]
    serializer_class = s.ArticleDetailSerializer

    @extend_schema(
        operation_id="articles_retrieve",
        summary="One article, with its extraction status",
        parameters=[ARTICLE_ID],
        responses={200: s.ArticleDetailSerializer, **DETAIL_ERRORS},
    )
    def get(self, request: Request, pk: int) -> Response:
        article = _article_or_404(request, pk, with_text=True)
        return Response(s.ArticleDetailSerializer(article, context={"request": request}).data)


class ArticleReextractView(GenericAPIView):
    permission_classes = [CanIngestOrReadOnly]
    serializer_class = s.ArticleDetailSerializer

    @extend_schema(
        operation_id="articles_reextract",
        summary="Extract an article again (editors)",
        description="Queues a fresh extraction (attempts reset); 202 with the article and its status_url. "
        "No request body.",
        parameters=[ARTICLE_ID],
        request=None,
        responses={202: s.ArticleDetailSerializer, **DETAIL_ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        article = _article_or_404(request, pk)
        article_reextract(article=article)
        return _accepted(request, _article_or_404(request, pk, with_text=True))
