"""schema.org ClaimReview (JSON-LD) for a reviewed claim, and its documentation serializer."""

from typing import Any

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from rest_framework import serializers

from claims.models import Claim, ClaimReview, ClaimStatus, SpeakerKind


def _ld_serializer(name: str, fields: dict[str, serializers.Field]) -> type[serializers.Serializer]:
    """A serializer for documentation only: JSON-LD keys such as "@type" are not Python names."""
    cls = type(name, (serializers.Serializer,), {})
    cls._declared_fields = dict(fields)
    return cls


_LDRating = _ld_serializer(
    "ClaimReviewRating",
    {
        "@type": serializers.CharField(),
        "alternateName": serializers.ChoiceField(["Evidenced", "Unevidenced", "Contested"]),
    },
)
_LDParty = _ld_serializer("ClaimReviewParty", {"@type": serializers.CharField(), "name": serializers.CharField()})
_LDOrganisation = _ld_serializer(
    "ClaimReviewPublisher",
    {"@type": serializers.CharField(), "name": serializers.CharField(), "url": serializers.CharField()},
)
_LDAppearance = _ld_serializer(
    "ClaimReviewAppearance",
    {
        "@type": serializers.CharField(),
        "url": serializers.CharField(),
        "headline": serializers.CharField(),
        "datePublished": serializers.DateTimeField(allow_null=True),
    },
)
_LDClaim = _ld_serializer(
    "ClaimReviewItem",
    {
        "@type": serializers.CharField(),
        "author": _LDParty(),
        "appearance": _LDAppearance(many=True),
        "datePublished": serializers.DateTimeField(allow_null=True),
    },
)
ClaimReviewLDSerializer = _ld_serializer(
    "ClaimReviewJsonLd",
    {
        "@context": serializers.CharField(),
        "@type": serializers.CharField(),
        "claimReviewed": serializers.CharField(),
        "itemReviewed": _LDClaim(),
        "reviewRating": _LDRating(),
        "author": _LDOrganisation(),
        "datePublished": serializers.DateTimeField(),
        "url": serializers.CharField(),
    },
)


def claim_page_url(claim: Claim) -> str:
    try:
        path = reverse("claim_detail", kwargs={"claim_id": claim.pk})
    except NoReverseMatch:
        path = f"/claims/{claim.pk}/"
    return settings.NEWSROOM_URL.rstrip("/") + path


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def claimreview_jsonld(*, claim: Claim, review: ClaimReview) -> dict[str, Any]:
    """schema.org ClaimReview for a reviewed claim (claim from claim_api_list, review its latest)."""
    appearances = claim.visible_statements
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
        "reviewRating": {"@type": "Rating", "alternateName": ClaimStatus(claim.status).label},
        "author": {"@type": "Organization", "name": settings.NEWSROOM_NAME, "url": settings.NEWSROOM_URL},
        "datePublished": _iso(review.created_at),
        "url": claim_page_url(claim),
    }
