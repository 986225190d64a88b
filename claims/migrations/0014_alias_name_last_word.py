"""PostgreSQL: the distinct alias names by their last word, for a misspelt surname.

A surname with two letters swapped ("peksov") has too few trigrams in common with the name for a
trigram search; the speaker search looks up the names one edit away from it instead, as whole
names ("peskov") and as last words ("dmitry peskov"). SQLite searches the aliases directly.
"""

from django.db import migrations

FORWARD = "CREATE INDEX IF NOT EXISTS alias_name_last_word ON claims_alias_name ((split_part(normalized, ' ', -1)))"
BACKWARD = "DROP INDEX IF EXISTS alias_name_last_word"


def _run(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0013_speaker_counts"),
    ]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
