"""Speaker outputs."""

from rest_framework import serializers

from claims.models import Speaker, SpeakerKind


class SpeakerBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Speaker id.")
    name = serializers.CharField(help_text="Canonical name: the fullest name articles give.")
    slug = serializers.CharField(help_text="Stable URL name; usable as the `speaker` filter.")
    kind = serializers.ChoiceField(choices=SpeakerKind.choices, help_text="Person, organisation or unnamed source.")


class SpeakerSerializer(SpeakerBriefSerializer):
    role = serializers.CharField(help_text="Role or title as articles give it; may be empty.")
    aliases = serializers.SerializerMethodField(help_text="Every name form seen for the speaker.")
    statement_count = serializers.IntegerField(help_text="Statements attributed to the speaker.")
    created_at = serializers.DateTimeField(help_text="When the speaker was first recorded.")

    def get_aliases(self, speaker: Speaker) -> list[str]:
        return [alias.name for alias in speaker.aliases.all()]  # prefetched by speaker_list
