"""Claims: list (keyset), one claim with conditional GET and versioned review, history, JSON-LD."""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from claims.api import lean
from claims.api.conditional import claim_conditional_response, with_validators
from claims.api.filters import (
    ClaimFilterSerializer,
    validated_query,
)
from claims.api.lookups import claim_or_404
from claims.api.pagination import KeysetPagination
from claims.api.permissions import CanRead, CanReviewClaimsOrReadOnly
from claims.api.serializers.claims import (
    LIST_APPEARANCES,
    ClaimConflictSerializer,
    ClaimSerializer,
    ClaimUpdateSerializer,
    ReviewSerializer,
)
from claims.api.serializers.jsonld import ClaimReviewLDSerializer
from claims.api.views.common import DETAIL_ERRORS, LIST_ERRORS, WRITE_ERRORS, api_error, validated
from claims.claimreview import claimreview_jsonld
from claims.selectors import claims as claim_selectors
from claims.services import claim_set_status

CLAIM_ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Claim id.")


class ClaimListView(GenericAPIView):
    permission_classes = [CanRead]
    pagination_class = KeysetPagination
    serializer_class = ClaimSerializer

    @extend_schema(
        operation_id="claims_list",
        summary="List claims",
        description="Claims with speaker, appearances and latest review, keyset-paginated. For an "
        "incremental sync: `?updated_since=T&ordering=updated_at`, then follow `next` until null.",
        parameters=[ClaimFilterSerializer],
        responses={200: ClaimSerializer(many=True), **LIST_ERRORS},
    )
    def get(self, request: Request) -> Response:
        filters = validated_query(ClaimFilterSerializer, request.query_params)
        ordering = filters.validated_data["ordering"]
        self.keyset_field, self.keyset_descending = ordering.lstrip("-"), ordering.startswith("-")
        # Plain rows, not the serializer: the same JSON at a fraction of the cost (claims/api/lean.py).
        rows = claim_selectors.claim_api_rows(user=request.user, **filters.selector_kwargs())
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(lean.claims_represent(page, appearance_limit=LIST_APPEARANCES))


class ClaimDetailView(GenericAPIView):
    permission_classes = [CanReviewClaimsOrReadOnly]
    serializer_class = ClaimSerializer

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
        responses={200: ClaimSerializer, 304: OpenApiResponse(description="Not modified."), **DETAIL_ERRORS},
    )
    def get(self, request: Request, pk: int) -> Response:
        claim = claim_or_404(request, pk)
        current = lambda: ClaimSerializer(claim).data  # noqa: E731
        if (not_modified := claim_conditional_response(request, claim, current=current)) is not None:
            return not_modified
        return with_validators(Response(current()), claim)

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
        request=ClaimUpdateSerializer,
        responses={
            200: ClaimSerializer,
            409: api_error("Someone else reviewed the claim since you loaded it.", ClaimConflictSerializer),
            412: api_error("If-Match does not match the claim's current ETag.", ClaimConflictSerializer),
            **DETAIL_ERRORS,
            **WRITE_ERRORS,
        },
    )
    def patch(self, request: Request, pk: int) -> Response:
        claim = claim_or_404(request, pk)
        data = validated(ClaimUpdateSerializer, request.data).validated_data
        claim_conditional_response(request, claim, current=lambda: ClaimSerializer(claim).data)
        expected_version = data.get("version")
        if request.headers.get("If-Match"):  # it matched: the version it names is the current one
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
        claim = claim_or_404(request, pk)
        return with_validators(Response(ClaimSerializer(claim).data), claim)


class ClaimHistoryView(GenericAPIView):
    permission_classes = [CanRead]
    serializer_class = ReviewSerializer
    pagination_class = None

    @extend_schema(
        operation_id="claims_history",
        summary="A claim's review history",
        description="Every review, newest first: who, when, from, to, note and evidence.",
        parameters=[CLAIM_ID],
        responses={200: ReviewSerializer(many=True), **DETAIL_ERRORS},
    )
    def get(self, request: Request, pk: int) -> Response:
        claim = claim_or_404(request, pk)
        return Response(ReviewSerializer(claim_selectors.claim_review_list(claim=claim), many=True).data)


class JSONLDRenderer(JSONRenderer):
    media_type = "application/ld+json"


class ClaimReviewJSONLDView(GenericAPIView):
    permission_classes = [CanRead]
    serializer_class = ClaimReviewLDSerializer
    renderer_classes = [JSONLDRenderer, JSONRenderer]
    pagination_class = None

    @extend_schema(
        operation_id="claims_claimreview",
        summary="schema.org ClaimReview (JSON-LD)",
        description="The published verdict of a claim (signed off by an editor). An unpublished claim "
        "has no public ClaimReview, so it is 404 like a missing claim, even while a draft verdict waits "
        "for sign-off; a correction awaiting sign-off leaves the published verdict in place. Served as "
        "application/ld+json (or application/json when asked for).",
        parameters=[CLAIM_ID],
        responses={200: ClaimReviewLDSerializer, **DETAIL_ERRORS},
    )
    def get(self, request: Request, pk: int) -> Response:
        claim = claim_or_404(request, pk)
        if claim.published_review is None:
            raise Http404("This claim's verdict is not published.")
        return Response(
            claimreview_jsonld(claim=claim, review=claim.published_review, appearances=claim.visible_statements)
        )
