"""Looking API objects up by path id, shared by the views and the exception handler (409 bodies)."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from rest_framework.request import Request

from claims.api.serializers.claims import ClaimSerializer
from claims.models import Claim
from claims.selectors import claims as claim_selectors
from claims.selectors.keyset import MAX_ID


def object_id(pk: int) -> int:
    """A path id the database can hold; a larger one names nothing (404, not an overflow 500)."""
    if not 0 < pk <= MAX_ID:
        raise Http404
    return pk


def claim_or_404(request: Request, pk: int) -> Claim:
    return get_object_or_404(claim_selectors.claim_api_list(user=request.user), pk=object_id(pk))


def claim_current_state(*, request: Request, claim_id: int) -> dict:
    """The claim as it now stands, for 409 and 412 bodies."""
    return ClaimSerializer(claim_or_404(request, claim_id)).data
