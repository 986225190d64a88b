"""Input and output serializers, each listing its fields; outputs read only prefetched data.

Outputs never query per row: the selectors in claims/selectors/ load
speakers, appearances, latest reviews and counts for the whole page.
"""

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.validators import RegexValidator
from django.urls import NoReverseMatch, reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.models import Claim, ClaimReview, ClaimStatus, Speaker, Statement
from claims.services.reviews import MAX_EVIDENCE_LINKS, MAX_NOTE_CHARS
from sources.models import Article
from sources.services import IngestError, parse_published

MAX_ID = 2**63 - 1
NOT_ONLY_SPACE = RegexValidator(
    r"^\s*[^\s\x00][^\x00]*$", "Must contain something other than white space, and no null characters."
)
# Also a `pattern` in the schema (the same regex in ECMA syntax), so clients know NUL is refused.
# "+" not "*": an allowed blank is handled before validators, and the schema's blank alternative
# must not also match "" (spectacular documents blank-allowed patterned fields as a oneOf).
NO_NUL = RegexValidator(r"^[^\x00]+$", "Null characters are not allowed.")


# --- Strict input fields: JSON types as documented, no coercion ------------------------------------


class StrictCharField(serializers.CharField):
    """A string, never a number or boolean turned into one; NUL refused (unless a given pattern does)."""

    def __init__(self, **kwargs: Any) -> None:
        validators = kwargs.get("validators", [])
        if not any(isinstance(v, RegexValidator) for v in validators):
            kwargs["validators"] = [*validators, NO_NUL]
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictURLField(StrictCharField, serializers.URLField):
    pass


class StrictIntegerField(serializers.IntegerField):
    """A JSON integer, not "12", 12.0 or true."""

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class InputSerializer(serializers.Serializer):
    """Refuses fields it does not know, so a typo or a read-only field is a 400, not silently lost."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict):  # nested too: the raw data of each level comes through here
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({name: ["Unknown or read-only field."] for name in unknown[:20]})
        return super().to_internal_value(data)


# --- Errors (documentation of claims/api/exceptions.py's envelope) --------------------------------


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, for a person to read.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text='Messages per field, e.g. {"status": ["..."], "evidence[0].url": ["..."]}.',
    )


# --- Speakers -------------------------------------------------------------------------------------


class SpeakerBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Speaker id.")
    name = serializers.CharField(help_text="Canonical name: the fullest name articles give.")
    slug = serializers.CharField(help_text="Stable URL name; usable as the `speaker` filter.")
    kind = serializers.ChoiceField(
        choices=Speaker._meta.get_field("kind").choices, help_text="Person, organisation or unnamed source."
    )


class SpeakerSerializer(SpeakerBriefSerializer):
    role = serializers.CharField(help_text="Role or title as articles give it; may be empty.")
    aliases = serializers.SerializerMethodField(help_text="Every name form seen for the speaker.")
    statement_count = serializers.IntegerField(help_text="Statements attributed to the speaker.")
    created_at = serializers.DateTimeField(help_text="When the speaker was first recorded.")

    def get_aliases(self, speaker: Speaker) -> list[str]:
        return [alias.name for alias in speaker.aliases.all()]  # prefetched by speaker_list


# --- Claims ---------------------------------------------------------------------------------------


class EvidenceLinkSerializer(serializers.Serializer):
    url = serializers.URLField(max_length=2000, help_text="An http(s) address of the evidence.")
    title = serializers.CharField(max_length=300, help_text="What the link is; may be empty.")


class EvidenceLinkInputSerializer(InputSerializer):
    url = StrictURLField(max_length=2000, help_text="An http(s) address of the evidence.")
    title = StrictCharField(max_length=300, required=False, allow_blank=True, default="", help_text="What the link is.")


class ReviewSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Review id.")
    reviewer = serializers.CharField(source="reviewer.username", help_text="Username of the editor.")
    created_at = serializers.DateTimeField(help_text="When the review was saved.")
    from_status = serializers.ChoiceField(choices=ClaimStatus.choices, help_text="Status before the review.")
    to_status = serializers.ChoiceField(choices=ClaimStatus.choices, help_text="Status the review set.")
    note = serializers.CharField(help_text="The editor's reasoning; may be empty.")
    evidence = EvidenceLinkSerializer(many=True, help_text="Links supporting the verdict.")
    version = serializers.IntegerField(help_text="The claim version this review produced.")


# A list page shows each claim's first appearances; the claim's detail shows them all.
LIST_APPEARANCES = 5


class AppearanceSerializer(serializers.Serializer):
    statement_id = serializers.IntegerField(source="pk", help_text="The statement saying the claim.")
    article_id = serializers.IntegerField(source="article.pk", help_text="The article it is in.")
    title = serializers.CharField(source="article.title", help_text="The article's title.")
    url = serializers.CharField(source="article.url", help_text="The article's address; empty when unknown.")
    start = serializers.IntegerField(help_text="Offset of the statement in the article's cleaned text.")
    end = serializers.IntegerField(help_text="End offset (exclusive).")


class ClaimSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Claim id.")
    status = serializers.ChoiceField(choices=ClaimStatus.choices, help_text="The editors' verdict.")
    suggested_status = serializers.ChoiceField(
        choices=ClaimStatus.choices,
        allow_blank=True,
        help_text="What the article's own wording suggests; empty when nothing.",
    )
    suggested_reason = serializers.CharField(help_text="The article's words that suggested the status.")
    speaker = SpeakerBriefSerializer(help_text="Who made the claim.")
    text = serializers.CharField(help_text="The claim's words as first seen.")
    appearance_count = serializers.IntegerField(help_text="How many statements say this claim.")
    appearances = AppearanceSerializer(
        many=True,
        source="visible_statements",
        help_text=f"Where it was said, oldest first: all of them in the detail, the first {LIST_APPEARANCES} "
        "in lists (appearance_count has the total).",
    )
    latest_review = serializers.SerializerMethodField(help_text="The newest review, or null if never reviewed.")
    version = serializers.IntegerField(help_text="Send it back with PATCH; it changes on every review.")
    created_at = serializers.DateTimeField(help_text="When the claim was first stored.")
    updated_at = serializers.DateTimeField(help_text="Last change; the `updated_since` filter compares with it.")

    @extend_schema_field(ReviewSerializer(allow_null=True))
    def get_latest_review(self, claim: Claim) -> dict | None:
        reviews = claim.latest_reviews  # prefetched by claim_api_list
        return ReviewSerializer(reviews[0]).data if reviews else None


class ClaimConflictSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, for a person to read.")
    current = ClaimSerializer(help_text="The claim as someone else saved it.")


class ClaimUpdateSerializer(InputSerializer):
    """What an editor may change; any other field (reviewer, timestamps, text) is refused with 400."""

    status = serializers.ChoiceField(
        choices=ClaimStatus.choices, required=False, help_text="New status; omit to add a note or evidence only."
    )
    note = StrictCharField(
        max_length=MAX_NOTE_CHARS, required=False, allow_blank=True, default="", help_text="Why; kept in the history."
    )
    evidence = EvidenceLinkInputSerializer(
        many=True, required=False, max_length=MAX_EVIDENCE_LINKS, help_text="http(s) links supporting the verdict."
    )
    version = StrictIntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        help_text="The version you loaded; required unless an If-Match header carries the ETag.",
    )


# --- Statements -----------------------------------------------------------------------------------


class ArticleBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Article id.")
    title = serializers.CharField(help_text="The article's title.")
    url = serializers.CharField(help_text="The article's address; empty when unknown.")


class ClaimBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Claim id.")
    status = serializers.ChoiceField(choices=ClaimStatus.choices, help_text="The editors' verdict.")


class StatementSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Statement id.")
    content = serializers.CharField(help_text="What was said: the article's text between start and end.")
    start = serializers.IntegerField(help_text="Offset of the content in the article's cleaned text.")
    end = serializers.IntegerField(help_text="End offset (exclusive).")
    kind = serializers.ChoiceField(
        choices=Statement._meta.get_field("kind").choices, help_text="Direct quote, reported speech or mixed."
    )
    cue = serializers.CharField(help_text='The attribution verb ("said", "claimed").')
    paragraph = serializers.IntegerField(help_text="Paragraph number in the article, from 0.")
    confidence = serializers.FloatField(help_text="The extractor's confidence, 0 to 1.")
    speaker_mention = serializers.CharField(
        help_text="The fullest name this article gives the speaker, before linking to the archive's speaker."
    )
    origin = serializers.ChoiceField(
        choices=Statement._meta.get_field("origin").choices, help_text="Extracted, corrected or added by an editor."
    )
    published_at = serializers.DateTimeField(help_text="The article's publication time (or when it was stored).")
    speaker = SpeakerBriefSerializer(help_text="Who said it.")
    claim = ClaimBriefSerializer(help_text="The claim it makes.")
    article = ArticleBriefSerializer(help_text="Where it was said.")


# --- Articles -------------------------------------------------------------------------------------


class OutletSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Outlet id; usable as the `outlet` filter.")
    name = serializers.CharField(help_text="The outlet's name.")


class ClaimCountsSerializer(serializers.Serializer):
    unreviewed = serializers.IntegerField(help_text="Claims not yet reviewed.")
    evidenced = serializers.IntegerField(help_text="Claims reviewed as evidenced.")
    unevidenced = serializers.IntegerField(help_text="Claims reviewed as unevidenced.")
    contested = serializers.IntegerField(help_text="Claims reviewed as contested.")


class ArticleSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Article id.")
    title = serializers.CharField(help_text="The article's title.")
    url = serializers.CharField(help_text="The article's address; empty when unknown.")
    outlet = OutletSerializer(allow_null=True, help_text="The publishing outlet, or null.")
    byline = serializers.CharField(help_text="The author line; may be empty.")
    published_at = serializers.DateTimeField(allow_null=True, help_text="Publication time, when known.")
    word_count = serializers.IntegerField(help_text="Words in the cleaned text.")
    extraction_status = serializers.ChoiceField(
        choices=Article._meta.get_field("extraction_status").choices,
        help_text="queued, running, done or failed.",
    )
    extraction_error = serializers.CharField(help_text="Why the last extraction failed; empty otherwise.")
    attempts = serializers.IntegerField(source="extraction_attempts", help_text="Extraction attempts so far.")
    extraction_finished_at = serializers.DateTimeField(allow_null=True, help_text="When extraction last ended.")
    statement_count = serializers.IntegerField(help_text="Statements found (editors' rejections not counted).")
    claim_counts = serializers.SerializerMethodField(help_text="Distinct claims said in the article, per status.")
    created_at = serializers.DateTimeField(help_text="When the article was stored.")
    updated_at = serializers.DateTimeField(help_text="Last change to the article or its extraction status.")
    status_url = serializers.SerializerMethodField(help_text="Poll this until extraction_status is done or failed.")

    @extend_schema_field(ClaimCountsSerializer)
    def get_claim_counts(self, article: Article) -> dict[str, int]:
        return {status: getattr(article, f"claims_{status}", 0) for status in ClaimStatus.values}

    @extend_schema_field(OpenApiTypes.URI)
    def get_status_url(self, article: Article) -> str:
        path = reverse("api-article-detail", kwargs={"pk": article.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class ArticleDetailSerializer(ArticleSerializer):
    text = serializers.CharField(help_text="The cleaned text; statement offsets point into it.")


@extend_schema_field(
    {
        "anyOf": [
            {"type": "string", "format": "date"},
            {"type": "string", "format": "date-time"},
            {"type": "string", "maxLength": 0},
        ]
    }
)
class PublishedField(StrictCharField):
    """A date or an ISO 8601 date-time, checked by the ingestion service's own parser."""


class ArticleCreateSerializer(InputSerializer):
    """Give `text` (plain text or HTML), or only `url` to fetch the page; with text, url is its address."""

    text = StrictCharField(
        required=False,
        trim_whitespace=False,
        max_length=settings.INGEST_MAX_BYTES,
        validators=[NOT_ONLY_SPACE],
        help_text="The article, as plain text or HTML.",
    )
    url = StrictURLField(required=False, max_length=2000, help_text="Fetched when no text is given.")
    title = StrictCharField(required=False, allow_blank=True, max_length=500, default="")
    outlet = StrictCharField(required=False, allow_blank=True, max_length=200, default="")
    byline = StrictCharField(required=False, allow_blank=True, max_length=300, default="")
    published = PublishedField(
        required=False, allow_blank=True, max_length=40, default="", help_text="YYYY-MM-DD or ISO 8601 date-time."
    )

    def validate_published(self, value: str) -> str:
        try:
            parsed = parse_published(value)
            if parsed is not None:
                parsed.astimezone(dt.UTC)  # year 1 at +05:00 is not storable: 400, not a 500 later
        except (IngestError, ValueError, OverflowError) as exc:
            raise serializers.ValidationError(str(exc) or "Not a valid date.") from None
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs.get("text") and not attrs.get("url"):
            raise serializers.ValidationError({"text": ["Give the article's text, or a url to fetch."]})
        return attrs


# --- ClaimReview (schema.org) ---------------------------------------------------------------------


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
    organisation = claim.speaker.kind == "organisation"
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
