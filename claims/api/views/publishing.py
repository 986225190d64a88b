"""API: sign off a claim's draft verdict and publish it (editors; a second editor by default)."""

from drf_spectacular.utils import extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from claims.api.lookups import claim_or_404
from claims.api.permissions import CanPublishClaims
from claims.api.serializers.claims import ClaimConflictSerializer, ClaimPublishSerializer, ClaimSerializer
from claims.api.views.claims import CLAIM_ID, with_validators
from claims.api.views.common import DETAIL_ERRORS, WRITE_ERRORS, api_error, validated
from claims.services import claim_publish


class ClaimPublishView(GenericAPIView):
    permission_classes = [CanPublishClaims]
    serializer_class = ClaimSerializer

    @extend_schema(
        operation_id="claims_publish",
        summary="Sign off and publish a claim's verdict (editors)",
        description="Publishes the draft verdict that produced `version` (the claim's current version): "
        "the claim's public fact-check page and ClaimReview then show it. With "
        "REVIEW_REQUIRES_SECOND_EDITOR on (the default) the editor who set the verdict cannot sign it "
        "off: 403. A stale version, or a version that is already published, is 409 with the claim's "
        "current state. A correction is a new review of a published claim, published the same way.",
        parameters=[CLAIM_ID],
        request=ClaimPublishSerializer,
        responses={
            200: ClaimSerializer,
            409: api_error("Changed since you loaded it, or nothing to publish.", ClaimConflictSerializer),
            **DETAIL_ERRORS,
            **WRITE_ERRORS,
            400: api_error("Missing or invalid `version`, or the draft sets the claim back to unreviewed."),
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        claim = claim_or_404(request, pk)
        data = validated(ClaimPublishSerializer, request.data).validated_data
        claim_publish(claim=claim, by=request.user, expected_version=data["version"])
        claim = claim_or_404(request, pk)
        return with_validators(Response(ClaimSerializer(claim).data), claim)
