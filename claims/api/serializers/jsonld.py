"""The documentation serializer of schema.org ClaimReview; claims/claimreview.py builds the document."""

from rest_framework import serializers


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
