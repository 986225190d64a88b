"""Reference views for `bench_archive --throughput`: the claims list written two other ways.

* ClaimReferenceListView: stock DRF, nested ModelSerializers over the prefetched queryset and the
  standard JSONRenderer - the way most DRF projects write it.
* claims_bare: a plain Django view returning the same JSON from values() rows with JsonResponse -
  the floor of what the page can cost without DRF.

Both return the first page of `GET /api/v1/claims/` (same rows, same JSON, `page_size` honoured) for
readers only. Development only: newsroom/urls.py mounts them when the devtools app is installed.
"""

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from claims.api import lean
from claims.api.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, KeysetPagination
from claims.api.permissions import CanRead
from claims.api.serializers.claims import (
    LIST_APPEARANCES,
    PossibleMatchSerializer,
)
from claims.models import Claim, ClaimReview, Speaker, Statement
from claims.permissions import user_can_read
from claims.selectors import claims as claim_selectors
from claims.selectors import keyset
from claims.selectors.publishing import claim_publication_state


class _SpeakerReference(serializers.ModelSerializer):
    class Meta:
        model = Speaker
        fields = ["id", "name", "slug", "kind"]


class _AppearanceReference(serializers.ModelSerializer):
    statement_id = serializers.IntegerField(source="pk")
    article_id = serializers.IntegerField(source="article.pk")
    title = serializers.CharField(source="article.title")
    url = serializers.CharField(source="article.url")

    class Meta:
        model = Statement
        fields = ["statement_id", "article_id", "title", "url", "start", "end"]


class _ReviewReference(serializers.ModelSerializer):
    reviewer = serializers.CharField(source="reviewer.username")

    class Meta:
        model = ClaimReview
        fields = ["id", "reviewer", "created_at", "from_status", "to_status", "note", "evidence", "version"]


class ClaimReferenceSerializer(serializers.ModelSerializer):
    speaker = _SpeakerReference()
    first_seen = serializers.DateTimeField(source="first_seen_at")
    last_seen = serializers.DateTimeField(source="last_seen_at")
    possible_matches = serializers.SerializerMethodField()
    appearances = _AppearanceReference(many=True, source="visible_statements")
    latest_review = serializers.SerializerMethodField()
    publication = serializers.SerializerMethodField()
    check_worthiness = serializers.SerializerMethodField()

    class Meta:
        model = Claim
        fields = [
            "id",
            "status",
            "suggested_status",
            "suggested_reason",
            "speaker",
            "text",
            "appearance_count",
            "first_seen",
            "last_seen",
            "repeat",
            "possible_matches",
            "appearances",
            "latest_review",
            "publication",
            "published_at",
            "check_worthiness",
            "check_worthiness_reasons",
            "version",
            "created_at",
            "updated_at",
        ]

    def get_latest_review(self, claim: Claim) -> dict | None:
        reviews = claim.latest_reviews
        return _ReviewReference(reviews[0]).data if reviews else None

    def get_possible_matches(self, claim: Claim) -> list[dict]:
        matches = [m for statement in claim.statements_asking for m in statement.open_matches]
        return PossibleMatchSerializer(sorted(matches, key=lambda m: (-m.score, m.pk)), many=True).data

    def get_publication(self, claim: Claim) -> str:
        reviews = claim.latest_reviews
        return claim_publication_state(claim=claim, latest_review=reviews[0] if reviews else None)

    def get_check_worthiness(self, claim: Claim) -> float | None:
        return claim.check_worthiness if claim.check_worthiness_version else None


class ClaimReferenceListView(GenericAPIView):
    permission_classes = [CanRead]
    pagination_class = KeysetPagination
    serializer_class = ClaimReferenceSerializer
    renderer_classes = [JSONRenderer]
    keyset_field, keyset_descending = "updated_at", False

    @extend_schema(exclude=True)
    def get(self, request: Request) -> Response:
        claims = claim_selectors.claim_api_list(user=request.user, appearance_limit=LIST_APPEARANCES)
        page = self.paginate_queryset(claims)
        return self.get_paginated_response(ClaimReferenceSerializer(page, many=True).data)


@require_GET
def claims_bare(request: HttpRequest) -> JsonResponse:
    if not request.user.is_authenticated:  # as the API answers: 401, then 403 without a role
        return JsonResponse({"detail": "Authentication credentials were not provided."}, status=401)
    if not user_can_read(request.user):
        return JsonResponse({"detail": "You do not have permission to perform this action."}, status=403)
    raw = request.GET.get("page_size", "")
    limit = min(int(raw), MAX_PAGE_SIZE) if raw.isdigit() and int(raw) > 0 else DEFAULT_PAGE_SIZE
    rows = list(claim_selectors.claim_api_rows(user=request.user).order_by("updated_at", "id")[: limit + 1])
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        next_cursor = keyset.cursor_encode(at=last["updated_at"], pk=last["id"], field="updated_at", descending=False)
    results = lean.claims_represent(rows, appearance_limit=LIST_APPEARANCES)
    next_url = replace_query_param(request.build_absolute_uri(), "cursor", next_cursor) if next_cursor else None
    return JsonResponse({"next": next_url, "next_cursor": next_cursor, "results": results})
