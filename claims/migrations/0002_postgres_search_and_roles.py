"""PostgreSQL-only search structures, and the role groups.

On PostgreSQL: a trigger keeps Statement.search_vector in step with its content on every write
path (ORM, bulk_create, COPY), a GIN index serves full-text search, and pg_trgm GIN indexes serve
typo-tolerant speaker name search. SQLite has none of these and searches with simpler matching.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """
    CREATE TRIGGER claims_statement_search_vector
    BEFORE INSERT OR UPDATE OF content ON claims_statement
    FOR EACH ROW EXECUTE FUNCTION tsvector_update_trigger(search_vector, 'pg_catalog.english', content)
    """,
    "UPDATE claims_statement SET search_vector = to_tsvector('pg_catalog.english', content)",
    "CREATE INDEX IF NOT EXISTS statement_search_gin ON claims_statement USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS alias_normalized_trgm ON claims_speakeralias USING gin (normalized gin_trgm_ops)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS alias_normalized_trgm",
    "DROP INDEX IF EXISTS statement_search_gin",
    "DROP TRIGGER IF EXISTS claims_statement_search_vector ON claims_statement",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


def create_role_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ("reporter", "editor"):
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("claims", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [
        migrations.RunPython(_run(POSTGRES_FORWARD), _run(POSTGRES_BACKWARD)),
        migrations.RunPython(create_role_groups, migrations.RunPython.noop),
    ]
