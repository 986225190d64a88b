"""schema.org ClaimReview (JSON-LD) for a published verdict: one builder for the API and the public page."""

import json
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from claims.models import Claim, ClaimReview, ClaimStatus, SpeakerKind, Statement

# Inside <script> only "</script>" (and "<!--") can end or disturb the block; escaping <, > and &
# as JSON \u escapes (what Django's json_script does) leaves the data identical once parsed.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def fact_check_url(claim: Claim) -> str:
    """The public fact-check page's absolute address (settings.NEWSROOM_URL + path)."""
    return settings.NEWSROOM_URL.rstrip("/") + reverse("fact_check", kwargs={"claim_id": claim.pk})


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def claimreview_jsonld(*, claim: Claim, review: ClaimReview, appearances: Sequence[Statement]) -> dict[str, Any]:
    """schema.org ClaimReview for `review` (the claim's published verdict).

    `appearances`: the claim's statements with their articles, oldest first. Dates are ISO 8601;
    datePublished is when the verdict was signed off (its review time if never signed off).
    """
    first_seen = claim.first_seen_at or (appearances[0].published_at if appearances else None)
    organisation = claim.speaker.kind == SpeakerKind.ORGANISATION
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": claim.text,
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Organization" if organisation else "Person", "name": claim.speaker.name},
            "appearance": [
                {
                    "@type": "CreativeWork",
                    "url": statement.article.url,
                    "headline": statement.article.title,
                    "datePublished": _iso(statement.published_at),
                }
                for statement in appearances
            ],
            "datePublished": _iso(first_seen),
        },
        "reviewRating": {"@type": "Rating", "alternateName": ClaimStatus(review.to_status).label},
        "author": {"@type": "Organization", "name": settings.NEWSROOM_NAME, "url": settings.NEWSROOM_URL},
        "datePublished": _iso(review.signed_off_at or review.created_at),
        "url": fact_check_url(claim),
    }


def jsonld_script(data: dict[str, Any]) -> SafeString:
    """`data` as one <script type="application/ld+json"> block, escaped so no value can close it."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308
