"""Conditional requests on a claim (RFC 9110), decided by Django's get_conditional_response.

The claim's validators are its ETag (id, version, updated_at) and Last-Modified (updated_at, to
the second). A GET whose If-None-Match or If-Modified-Since matches is a 304; any request whose
If-Match or If-Unmodified-Since fails is a 412 carrying the claim's current state, as a 409 does.
"""

import hashlib
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag

from claims.api.exceptions import PreconditionFailed
from claims.models import Claim


def claim_etag(claim: Claim) -> str:
    digest = hashlib.sha256(f"{claim.pk}:{claim.version}:{claim.updated_at.isoformat()}".encode()).hexdigest()
    return quote_etag(digest[:32])


def claim_last_modified(claim: Claim) -> int:
    """Seconds since the epoch: HTTP dates have second precision."""
    return int(claim.updated_at.timestamp())


def with_validators(response: HttpResponse, claim: Claim) -> HttpResponse:
    response["ETag"] = claim_etag(claim)
    response["Last-Modified"] = http_date(claim_last_modified(claim))
    return response


def claim_conditional_response(
    request: HttpRequest, claim: Claim, *, current: Callable[[], dict]
) -> HttpResponse | None:
    """A 304 to return as is, None to go on; raises PreconditionFailed (412, `current()` as body)."""
    response = get_conditional_response(request, etag=claim_etag(claim), last_modified=claim_last_modified(claim))
    if response is None:
        return None
    if response.status_code == 412:
        raise PreconditionFailed(current=current())
    return with_validators(response, claim)
