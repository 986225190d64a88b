"""A possible match and its answer, as the API returns them after an editor answers."""

from rest_framework import serializers

from claims.models import MatchState


class MatchAnswerSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Possible match id.")
    state = serializers.ChoiceField(
        choices=MatchState.choices, help_text="`confirmed` (same claim) or `rejected` (different claim)."
    )
    statement_id = serializers.IntegerField(
        allow_null=True, help_text="The statement the matcher asked about (null once it is gone)."
    )
    article_id = serializers.IntegerField(help_text="The article that statement is in.")
    claim_id = serializers.IntegerField(help_text="The earlier claim.")
    decided_at = serializers.DateTimeField(allow_null=True, help_text="When the answer was given.")
