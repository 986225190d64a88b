"""The public fact-check page: a published claim's verdict, for anyone, no sign-in."""

from itertools import pairwise

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from claims.claimreview import claimreview_jsonld, fact_check_url, jsonld_script
from claims.selectors.publishing import claim_public_appearances, claim_public_get, claim_publication_history


@require_GET
def fact_check(request: HttpRequest, claim_id: int) -> HttpResponse:
    """Public by design (no permission check): only published verdicts are found, anything else is 404."""
    claim = claim_public_get(claim_id=claim_id)
    if claim is None:
        raise Http404
    appearances = claim_public_appearances(claim=claim)
    published = list(claim_publication_history(claim=claim))
    verdict = claim.published_review
    context = {
        "claim": claim,
        "verdict": verdict,
        "appearances": appearances,
        # Earlier published verdicts, newest first: each was replaced by the one after it.
        "corrections": [
            {"previous": previous, "correction": correction}
            for previous, correction in reversed(list(pairwise(published)))
        ],
        "jsonld": jsonld_script(claimreview_jsonld(claim=claim, review=verdict, appearances=appearances)),
        "canonical_url": fact_check_url(claim),
        "newsroom_name": settings.NEWSROOM_NAME,
    }
    return render(request, "claims/fact_check.html", context)
