"""API: an editor's answer to a possible match ("is this statement that earlier claim?")."""

from collections.abc import Callable

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from claims.api.permissions import CanLinkClaims
from claims.api.serializers.matches import MatchAnswerSerializer
from claims.api.views.common import DETAIL_ERRORS, api_error
from claims.models import ClaimMatch
from claims.selectors import tracking as tracking_selectors
from claims.services.tracking import MatchAlreadyDecided, claim_match_confirm, claim_match_reject

MATCH_ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Possible match id.")


class AlreadyAnswered(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Someone has already answered this possible match."
    default_code = "already_answered"


def _answer(request: Request, pk: int, service: Callable[..., ClaimMatch]) -> Response:
    match = tracking_selectors.claim_match_get(user=request.user, match_id=pk)
    if match is None:
        raise Http404
    try:
        service(match=match, by=request.user)
    except MatchAlreadyDecided as exc:
        raise AlreadyAnswered() from exc
    return Response(MatchAnswerSerializer(tracking_selectors.claim_match_get(user=request.user, match_id=pk)).data)


_RESPONSES = {
    200: MatchAnswerSerializer,
    409: api_error("The possible match was already answered (by you or another editor)."),
    **DETAIL_ERRORS,
}


class MatchConfirmView(GenericAPIView):
    permission_classes = [CanLinkClaims]
    serializer_class = MatchAnswerSerializer

    @extend_schema(
        operation_id="matches_confirm",
        summary="Same claim: join the statement to the earlier claim (editors)",
        description="The article's statements with these words join the earlier claim, which then "
        "shows its verdict for them; the statement's other open possible matches are closed. The "
        "answer is kept: re-extraction never asks again. Takes no body.",
        parameters=[MATCH_ID],
        request=None,
        responses=_RESPONSES,
    )
    def post(self, request: Request, pk: int) -> Response:
        return _answer(request, pk, claim_match_confirm)


class MatchRejectView(GenericAPIView):
    permission_classes = [CanLinkClaims]
    serializer_class = MatchAnswerSerializer

    @extend_schema(
        operation_id="matches_reject",
        summary="Different claim: keep the statement apart from the earlier claim (editors)",
        description="The earlier claim is never proposed again for these words in this article, "
        "including after re-extraction. Takes no body.",
        parameters=[MATCH_ID],
        request=None,
        responses=_RESPONSES,
    )
    def post(self, request: Request, pk: int) -> Response:
        return _answer(request, pk, claim_match_reject)
