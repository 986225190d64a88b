"""Writing many rows fast: COPY on PostgreSQL (psycopg 3), executemany elsewhere, with the bulk
tables' secondary indexes and foreign keys dropped for the load and rebuilt after it."""

import itertools
import json
from collections.abc import Iterable, Sequence

from django.core.management.color import no_style
from django.db import connection, models

from claims.models import Claim, Statement
from sources.models import Article

# --- Writing rows --------------------------------------------------------------------------------


def rows_insert(model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Write rows with explicit values (ids, timestamps): COPY on PostgreSQL, executemany elsewhere.

    Not bulk_create: auto_now fields would overwrite the seeded timestamps with the wall clock.
    """
    given = [model._meta.get_field(name) for name in columns]
    # Columns the caller leaves out get the field's default (Django sets no database defaults).
    rest = [f for f in model._meta.concrete_fields if f not in given and f.name != "search_vector"]
    defaults = tuple(f.get_default() for f in rest)
    fields = [*given, *rest]
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    count = 0
    if connection.vendor == "postgresql":
        # COPY takes JSON as text. Defaults are dumped once, and a row is copied only when one of its
        # own columns is JSON: this loop runs 10 million times at 10M statements.
        defaults = tuple(
            json.dumps(v) if isinstance(f, models.JSONField) else v for f, v in zip(rest, defaults, strict=True)
        )
        json_at = [i for i, f in enumerate(given) if isinstance(f, models.JSONField)]
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                if json_at:
                    row = list(row)
                    for i in json_at:
                        row[i] = json.dumps(row[i])
                copy.write_row((*row, *defaults))
                count += 1
        return count
    rows = (tuple(row) + defaults for row in rows)
    sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(fields))})"  # noqa: S608
    prepped = ([f.get_db_prep_save(v, connection) for f, v in zip(fields, row, strict=True)] for row in rows)
    with connection.cursor() as cursor:
        for batch in iter(lambda: list(itertools.islice(prepped, 5000)), []):
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def sequences_reset(models_: Sequence[type[models.Model]]) -> None:
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), list(models_)):
            cursor.execute(sql)


# --- Bulk-load helpers for PostgreSQL -------------------------------------------------------------
# Indexes built once after the load are several times faster than indexes updated row by row
# during COPY, and foreign keys validated by one join each after the load are faster than a
# deferred check queued per row (40 million of them at 10M statements). The trigger that fills
# search_vector stays on: it costs what an UPDATE ... to_tsvector pass would, without rewriting
# every row a second time.

BULK_TABLES = (Statement, Claim, Article)


def bulk_load_begin() -> list[str]:
    """Drop the bulk tables' secondary indexes and foreign keys; returns the SQL that rebuilds them."""
    if connection.vendor != "postgresql":
        return []
    tables = [m._meta.db_table for m in BULK_TABLES]
    with connection.cursor() as cursor:
        # Statements are written before their claims: check foreign keys at the end (an earlier
        # seed in the same transaction, as in tests, may have made them immediate).
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s) ORDER BY conname",
            [tables],
        )
        keys = cursor.fetchall()
        # Indexes that back no constraint (primary keys and unique constraints stay).
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid::regclass::text = ANY(%s) "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) ORDER BY 1",
            [tables],
        )
        indexes = cursor.fetchall()
        for table, name, _ in keys:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {name}")
    rebuild = [definition for _, definition in indexes]
    rebuild += [f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}' for table, name, definition in keys]
    return rebuild


def bulk_load_end(rebuild: list[str]) -> None:
    """Run what bulk_load_begin returned: the indexes and foreign keys, rebuilt after the load."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        # Deferred foreign-key checks must run before a table can be altered in this transaction.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
        for sql in rebuild:
            cursor.execute(sql)
