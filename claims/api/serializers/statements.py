"""Statement outputs."""

from rest_framework import serializers

from claims.api.serializers.speakers import SpeakerBriefSerializer
from claims.models import ClaimStatus, Statement


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
