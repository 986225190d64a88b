"""Query parameters, validated by serializers: a bad value is a 400 naming the parameter, never a 500.

Parameters are validated as given: an empty `status=` or `updated_since=` is invalid (400), not
"no filter", and a parameter repeated is refused rather than one copy silently chosen.

drf-spectacular documents each filter serializer's fields as the operation's query parameters.
"""

from typing import Any

from rest_framework import serializers

from claims.api.serializers.common import StrictCharField
from claims.models import ClaimStatus, StatementKind
from claims.selectors.keyset import MAX_ID
from sources.models import ExtractionStatus

CLAIM_ORDERINGS = (
    "updated_at",
    "-updated_at",
    "created_at",
    "-created_at",
    "check_worthiness",
    "-check_worthiness",
)


class IdField(serializers.IntegerField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_value=1, max_value=MAX_ID, required=False, **kwargs)


class WordsField(StrictCharField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, allow_blank=True, max_length=200, default="", **kwargs)


class SpeakerRefField(StrictCharField):
    """A speaker's numeric id or its slug."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            required=False,
            max_length=320,
            trim_whitespace=False,  # given as is: a control character is a slug that matches nothing
            help_text="Speaker id or slug.",
            **kwargs,
        )


def speaker_ref(value: str | None) -> dict[str, Any]:
    if not value:
        return {}
    if value.isascii() and value.isdigit():  # not "¹": str.isdigit accepts superscripts
        pk = int(value)
        return {"speaker_id": pk if 0 < pk <= MAX_ID else -1}  # -1: matches nothing
    return {"speaker_slug": value}


class ClaimFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ClaimStatus.choices, required=False, help_text="Editor's status.")
    speaker = SpeakerRefField()
    article = IdField(help_text="Only claims said in this article.")
    outlet = IdField(help_text="Only claims said in an article of this outlet.")
    updated_since = serializers.DateTimeField(
        required=False,
        help_text="ISO 8601 date-time: claims changed at or after it. For a complete sync page with "
        "`ordering=updated_at` (the default) and follow `next` until it is null.",
    )
    q = WordsField(help_text="Words that must all appear in the claim's text.")
    repeat = serializers.BooleanField(
        required=False,
        help_text="true: only claims said again after a contested or unevidenced verdict; false: the others.",
    )
    ordering = serializers.ChoiceField(
        choices=CLAIM_ORDERINGS,
        required=False,
        default="updated_at",
        help_text="Keyset order; ties are broken by id in the same direction. `-check_worthiness` lists the "
        "claims most worth checking first (claims not yet scored count as 0, so they come last).",
    )

    def selector_kwargs(self) -> dict[str, Any]:
        data = self.validated_data
        return {
            "status": data.get("status"),
            "article_id": data.get("article"),
            "outlet_id": data.get("outlet"),
            "updated_since": data.get("updated_since"),
            "query": data.get("q", ""),
            "repeat": data.get("repeat"),
            **speaker_ref(data.get("speaker")),
        }


class StatementFilterSerializer(serializers.Serializer):
    speaker = SpeakerRefField()
    article = IdField(help_text="Only statements in this article.")
    kind = serializers.ChoiceField(choices=StatementKind.choices, required=False)
    q = WordsField(help_text="Words to find in the statement (full-text search on PostgreSQL).")

    def selector_kwargs(self) -> dict[str, Any]:
        data = self.validated_data
        return {
            "article_id": data.get("article"),
            "kind": data.get("kind"),
            "query": data.get("q", ""),
            **speaker_ref(data.get("speaker")),
        }


class SpeakerFilterSerializer(serializers.Serializer):
    q = WordsField(help_text="Name or any alias; typo tolerant (trigram similarity on PostgreSQL).")


class ArticleFilterSerializer(serializers.Serializer):
    outlet = IdField(help_text="Only articles of this outlet.")
    status = serializers.ChoiceField(choices=ExtractionStatus.choices, required=False, help_text="Extraction status.")
    q = WordsField(help_text="Words in the title.")

    def selector_kwargs(self) -> dict[str, Any]:
        data = self.validated_data
        return {"outlet_id": data.get("outlet"), "status": data.get("status"), "query": data.get("q", "")}


def validated_query(serializer_class: type[serializers.Serializer], query_params: Any) -> serializers.Serializer:
    # Unknown parameters are ignored, as HTTP APIs do; a known one given twice is ambiguous.
    known = serializer_class().fields
    repeated = sorted(key for key in query_params if key in known and len(query_params.getlist(key)) > 1)
    if repeated:
        raise serializers.ValidationError({key: ["Give this parameter once."] for key in repeated[:20]})
    serializer = serializer_class(data=query_params.dict())
    serializer.is_valid(raise_exception=True)
    return serializer
