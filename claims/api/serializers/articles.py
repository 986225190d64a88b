"""Article outputs and the ingest input."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.api.serializers.common import (
    NOT_ONLY_SPACE,
    InputSerializer,
    StrictCharField,
    StrictURLField,
)
from claims.models import ClaimStatus
from sources.models import Article
from sources.services import IngestError, parse_published


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
    extraction_warnings = serializers.IntegerField(
        help_text="Candidate statements a failing extraction rule dropped on the last run; the article's "
        "other statements were stored."
    )
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
