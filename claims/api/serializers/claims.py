"""Claim outputs (with appearances and the latest review) and the review input."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.api.serializers.common import InputSerializer, StrictCharField, StrictIntegerField, StrictURLField
from claims.api.serializers.speakers import SpeakerBriefSerializer
from claims.models import Claim, ClaimStatus, PublicationState
from claims.selectors.keyset import MAX_ID
from claims.selectors.publishing import claim_publication_state
from claims.services.reviews import MAX_EVIDENCE_LINKS, MAX_NOTE_CHARS


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


class PossibleMatchSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Possible match id.")
    statement_id = serializers.IntegerField(help_text="This claim's statement the matcher asked about.")
    article_id = serializers.IntegerField(help_text="The article that statement is in.")
    claim_id = serializers.IntegerField(help_text="The earlier claim it may repeat.")
    text = serializers.CharField(source="claim.text", help_text="The earlier claim's words.")
    speaker = serializers.CharField(source="claim.speaker.name", help_text="Who made the earlier claim.")
    status = serializers.ChoiceField(
        source="claim.status", choices=ClaimStatus.choices, help_text="The earlier claim's verdict."
    )
    score = serializers.FloatField(help_text="The matcher's score, 0..1, between its lower and upper thresholds.")


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
    first_seen = serializers.DateTimeField(
        source="first_seen_at", allow_null=True, help_text="Publication time of the first appearance."
    )
    last_seen = serializers.DateTimeField(
        source="last_seen_at", allow_null=True, help_text="Publication time of the newest appearance."
    )
    repeat = serializers.BooleanField(
        help_text="Said again after editors found it contested or unevidenced, and not reviewed since."
    )
    possible_matches = serializers.SerializerMethodField(
        help_text="Earlier claims this claim's statements may repeat, awaiting an editor's answer."
    )
    appearances = AppearanceSerializer(
        many=True,
        source="visible_statements",
        help_text=f"Where it was said, oldest first: all of them in the detail, the first {LIST_APPEARANCES} "
        "in lists (appearance_count has the total).",
    )
    latest_review = serializers.SerializerMethodField(help_text="The newest review, or null if never reviewed.")
    publication = serializers.SerializerMethodField(
        help_text="unreviewed; draft (awaiting a second editor's sign-off); published; or correction "
        "(published, with a newer verdict awaiting sign-off)."
    )
    published_at = serializers.DateTimeField(allow_null=True, help_text="When the claim was first published.")
    check_worthiness = serializers.SerializerMethodField(
        help_text="0..1: how worth checking the claim is, from the features of its words (figures, comparisons, "
        "causes, named entities raise it; opinions, promises, questions, thanks lower it). Null until the "
        "worker has scored it."
    )
    check_worthiness_reasons = serializers.ListField(
        child=serializers.CharField(),
        help_text='What raised or lowered check_worthiness, strongest first: "a figure", "a comparison", '
        '"an opinion" ...; empty until scored.',
    )
    version = serializers.IntegerField(help_text="Send it back with PATCH; it changes on every review.")
    created_at = serializers.DateTimeField(help_text="When the claim was first stored.")
    updated_at = serializers.DateTimeField(help_text="Last change; the `updated_since` filter compares with it.")

    @extend_schema_field(PossibleMatchSerializer(many=True))
    def get_possible_matches(self, claim: Claim) -> list[dict]:
        # prefetched by claim_api_list: statements with open questions, and their questions
        matches = [m for statement in claim.statements_asking for m in statement.open_matches]
        return PossibleMatchSerializer(sorted(matches, key=lambda m: (-m.score, m.pk)), many=True).data

    @extend_schema_field(ReviewSerializer(allow_null=True))
    def get_latest_review(self, claim: Claim) -> dict | None:
        reviews = claim.latest_reviews  # prefetched by claim_api_list
        return ReviewSerializer(reviews[0]).data if reviews else None

    @extend_schema_field(serializers.ChoiceField(choices=PublicationState.choices))
    def get_publication(self, claim: Claim) -> str:
        reviews = claim.latest_reviews
        return claim_publication_state(claim=claim, latest_review=reviews[0] if reviews else None)

    @extend_schema_field(serializers.FloatField(allow_null=True, min_value=0, max_value=1))
    def get_check_worthiness(self, claim: Claim) -> float | None:
        return claim.check_worthiness if claim.check_worthiness_version else None


class ClaimPublishSerializer(InputSerializer):
    version = StrictIntegerField(
        min_value=1, max_value=MAX_ID, help_text="The version you loaded: the draft verdict you are signing off."
    )


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
