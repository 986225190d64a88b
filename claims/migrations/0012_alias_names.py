"""PostgreSQL: the distinct alias names, for typo-tolerant speaker search.

Many speakers share a name form ("evans", "mr jensen"), so a misspelt name's trigrams match tens of
thousands of alias rows and scoring each cost ~200 ms at 1.1 million aliases; the same search over
the distinct names (74,000 there) scores each form once. Statement-level triggers with transition
tables keep the table in step on every write path (ORM, bulk_create, COPY). Names are only ever
added: a name whose last alias goes stays as a harmless non-match (the search joins back to the
aliases), since deleting it could race a concurrent insert of the same name and lose a live one.
SQLite searches the aliases directly and has none of this.
"""

from django.db import migrations, models

POSTGRES_FORWARD = [
    "CREATE TABLE IF NOT EXISTS claims_alias_name (normalized varchar(300) PRIMARY KEY)",
    """
    CREATE OR REPLACE FUNCTION claims_alias_names_add() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO claims_alias_name (normalized)
        SELECT DISTINCT normalized FROM added_aliases
        ON CONFLICT DO NOTHING;
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER claims_alias_names_insert AFTER INSERT ON claims_speakeralias
    REFERENCING NEW TABLE AS added_aliases FOR EACH STATEMENT EXECUTE FUNCTION claims_alias_names_add()
    """,
    """
    CREATE TRIGGER claims_alias_names_update AFTER UPDATE ON claims_speakeralias
    REFERENCING NEW TABLE AS added_aliases FOR EACH STATEMENT EXECUTE FUNCTION claims_alias_names_add()
    """,
    "INSERT INTO claims_alias_name (normalized) SELECT DISTINCT normalized FROM claims_speakeralias "
    "ON CONFLICT DO NOTHING",
    "CREATE INDEX IF NOT EXISTS alias_name_trgm ON claims_alias_name USING gin (normalized gin_trgm_ops)",
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS claims_alias_names_update ON claims_speakeralias",
    "DROP TRIGGER IF EXISTS claims_alias_names_insert ON claims_speakeralias",
    "DROP FUNCTION IF EXISTS claims_alias_names_add()",
    "DROP TABLE IF EXISTS claims_alias_name",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0011_claim_fingerprint_index"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="speakeralias",
            name="alias_normalized_idx",
        ),
        migrations.AddIndex(
            model_name="speakeralias",
            index=models.Index(fields=["normalized", "speaker"], name="alias_normalized_speaker_idx"),
        ),
        migrations.RunPython(_run(POSTGRES_FORWARD), _run(POSTGRES_BACKWARD)),
    ]
