"""A synthetic newsroom archive for scale tests, written through the real tables.

Everything derives from `random.Random(seed)` and a fixed base date, so one seed gives the same rows.
Seeded data is marked by its outlets: every seeded outlet's domain ends in SEED_DOMAIN, and every
seeded article belongs to one. Rows are written with COPY on PostgreSQL (psycopg 3) and with
executemany elsewhere; ids are assigned here so foreign keys need no round trip.
"""

from devtools.seeding.bulk import rows_insert
from devtools.seeding.generate import SEED_DOMAIN, SEED_EDITORS, Plan, SeedReport, claims_generate, speakers_generate
from devtools.seeding.write import archive_seed, archive_state, archive_wipe

__all__ = [
    "SEED_DOMAIN",
    "SEED_EDITORS",
    "Plan",
    "SeedReport",
    "archive_seed",
    "archive_state",
    "archive_wipe",
    "claims_generate",
    "rows_insert",
    "speakers_generate",
]
