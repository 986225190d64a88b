"""Writing the synthetic archive through the real tables, and recognising a seeded database.

Everything derives from `random.Random(seed)` and a fixed base date, so one seed gives the same rows.
Seeded data is marked by its outlets: every seeded outlet's domain ends in SEED_DOMAIN, and every
seeded article belongs to one. Rows are written with COPY on PostgreSQL (psycopg 3) and with
executemany elsewhere; ids are assigned here so foreign keys need no round trip.
"""

import datetime as dt
import itertools
import random
from collections.abc import Iterator

from django.db import connection, models, transaction
from django.utils.text import slugify

from claims.models import Claim, ClaimReview, Speaker, SpeakerAlias, SpeakerKind, Statement
from claims.services import speakers_recount_all
from devtools.seeding.articles import articles_generate, articles_in_background
from devtools.seeding.bulk import bulk_load_begin, bulk_load_end, rows_insert, sequences_reset
from devtools.seeding.generate import (
    ARCHIVE_DAYS,
    BASE_DATE,
    OUTLETS,
    SEED_DOMAIN,
    SEED_EDITORS,
    ClaimRow,
    Plan,
    SeedReport,
    SpeakerRow,
    claims_generate,
    place_names,
    speakers_generate,
)
from devtools.seeding.reviews import claims_and_reviews_write, reviews_plan
from sources.models import Article, Outlet

BACKGROUND_FROM = 100_000  # statements

# --- State of the database -----------------------------------------------------------------------


def archive_state() -> str:
    """ "empty", "seeded" (only data this module wrote) or "foreign" (anything else is there)."""
    seeded = seeded_outlets_q()
    if (
        Outlet.objects.exclude(seeded).exists()
        or Article.objects.exclude(outlet__in=Outlet.objects.filter(seeded)).exists()
    ):
        return "foreign"
    if Outlet.objects.filter(seeded).exists():
        return "seeded"
    if Speaker.objects.exists() or Claim.objects.exists():
        return "foreign"
    return "empty"


def seeded_outlets_q() -> models.Q:
    return models.Q(domain__endswith=SEED_DOMAIN)


def archive_wipe() -> None:
    """Delete every article, statement, claim, review, speaker and outlet (for --force)."""
    tables = [m._meta.db_table for m in (ClaimReview, Statement, Claim, SpeakerAlias, Speaker, Article, Outlet)]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # TRUNCATE refuses while FK checks are pending
            # claims_alias_name (migration 0012) only ever gains names: start it afresh with the aliases
            cursor.execute(f"TRUNCATE {', '.join([*tables, 'claims_alias_name'])} RESTART IDENTITY CASCADE")
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - table names from model metadata


# --- Writing the archive -------------------------------------------------------------------------


def archive_seed(
    *,
    statements: int,
    seed: int,
    log: callable = print,  # type: ignore[valid-type]
    background: bool | None = None,
    replace: bool = False,
) -> SeedReport:
    """Generate and write a whole archive into an empty database, in one transaction.

    background: generate the articles in a second process while this one writes them (the default
    from BACKGROUND_FROM statements, where the fork costs nothing that matters); the rows are the same.
    replace: delete what the database holds first (archive_wipe), in the same transaction, so a seed
    that fails leaves it as it was.
    """
    import time

    rng = random.Random(seed)
    plan = Plan(statements=statements, seed=seed)
    report = SeedReport()
    clock = time.perf_counter()
    with transaction.atomic():
        if replace:
            archive_wipe()
        editors = _editors_ensure()
        outlets = _outlets_write(report)
        speakers = speakers_generate(rng, plan.speakers)
        _speakers_write(speakers, report)
        places = place_names(rng, 3000)
        claims = claims_generate(rng, plan, speakers, places)
        # Statuses are decided before the statements are written: each statement carries a copy.
        reviews = reviews_plan(rng, plan, claims, editors)
        report.timings["speakers_claims"] = time.perf_counter() - clock
        log(f"generated {len(speakers)} speakers, {len(claims)} claims")
        deferred = bulk_load_begin()
        _articles_and_statements_write(
            background=statements >= BACKGROUND_FROM if background is None else background,
            rng=rng,
            claims=claims,
            speakers=speakers,
            outlets=outlets,
            places=places,
            report=report,
            log=log,
        )
        claims_and_reviews_write(claims, reviews, editors, report)
        report.timings["load"] = time.perf_counter() - clock - report.timings["speakers_claims"]
        log(f"loaded in {report.timings['load']:.0f}s; building indexes and constraints")
        sequences_reset([Outlet, Speaker, SpeakerAlias, Article, Statement, Claim, ClaimReview])
        mark = time.perf_counter()
        bulk_load_end(deferred)
        speakers_recount_all()  # through the indexes just built
        report.timings["indexes"] = time.perf_counter() - mark
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # VACUUM, not only ANALYZE: rows written by COPY are not yet marked all-visible, and until
            # they are an index-only scan (a speaker's statement count) still reads every heap page.
            # VACUUM cannot run inside a transaction (as in a test), where ANALYZE has to do.
            mark = time.perf_counter()
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
            report.timings["vacuum_analyze"] = time.perf_counter() - mark
    report.timings["total"] = time.perf_counter() - clock
    return report


def _editors_ensure() -> list[int]:
    from claims.services.users import user_set_role

    ids = []
    for username in SEED_EDITORS:
        user, _ = user_set_role(username=username, role="editor", password=None)
        user.set_unusable_password()
        user.save(update_fields=["password"])
        ids.append(user.pk)
    return ids


def _outlets_write(report: SeedReport) -> list[tuple[int, str]]:
    outlets = [(i, name, slugify(name) + SEED_DOMAIN) for i, name in enumerate(OUTLETS, 1)]
    rows = ((i, name, domain, BASE_DATE - dt.timedelta(days=ARCHIVE_DAYS + 30)) for i, name, domain in outlets)
    report.outlets = rows_insert(Outlet, ["id", "name", "domain", "created_at"], rows)
    return [(i, domain) for i, _, domain in outlets]


def _speakers_write(speakers: list[SpeakerRow], report: SeedReport) -> None:
    from claims.services.speakers import normalize_name

    slugs: set[str] = set()
    created = BASE_DATE - dt.timedelta(days=ARCHIVE_DAYS + 30)

    def slug_for(row: SpeakerRow) -> str:
        base = slugify(row.name)[:300] or "speaker"
        slug = base if base not in slugs else f"{base}-{row.id}"
        slugs.add(slug)
        return slug

    report.speakers = rows_insert(
        Speaker,
        ["id", "name", "slug", "kind", "role", "created_at"],
        ((s.id, s.name, slug_for(s), s.kind, s.role, created) for s in speakers),
    )

    def aliases() -> Iterator[tuple]:
        pk = itertools.count(1)
        for s in speakers:
            for name in s.aliases:
                # Unnamed sources are scoped as speaker_resolve scopes them: never one person across articles.
                norm = normalize_name(name) + (f" [seed-{s.id}]" if s.kind == SpeakerKind.UNNAMED else "")
                yield (next(pk), s.id, name, norm)

    report.aliases = rows_insert(SpeakerAlias, ["id", "speaker", "name", "normalized"], aliases())


STATEMENT_COLUMNS = [
    "id",
    "article",
    "speaker",
    "claim",
    "content",
    "start",
    "end",
    "kind",
    "cue",
    "paragraph",
    "confidence",
    "speaker_mention",
    "evidence_hint",
    "evidence_cue",
    "origin",
    "rejected",
    "published_at",
    "claim_status",
    "outlet",
    "created_at",
    "updated_at",
]
ARTICLE_COLUMNS = [
    "id",
    "outlet",
    "url",
    "title",
    "byline",
    "published_at",
    "raw_text",
    "text",
    "removed",
    "content_hash",
    "word_count",
    "extraction_status",
    "extraction_attempts",
    "extraction_queued_at",
    "extraction_started_at",
    "extraction_finished_at",
    "extractor_version",
    "created_at",
    "updated_at",
]


def _articles_and_statements_write(
    *,
    background: bool,
    rng: random.Random,
    claims: list[ClaimRow],
    speakers: list[SpeakerRow],
    outlets: list[tuple[int, str]],
    places: list[str],
    report: SeedReport,
    log: callable,  # type: ignore[valid-type]
) -> None:
    generate = articles_in_background if background else articles_generate
    for n, (article_rows, statement_rows) in enumerate(
        generate(rng=rng, claims=claims, speakers=speakers, outlets=outlets, places=places), 1
    ):
        report.articles += rows_insert(Article, ARTICLE_COLUMNS, article_rows)
        report.statements += rows_insert(Statement, STATEMENT_COLUMNS, statement_rows)
        if n % 10 == 0:
            log(f"  {report.articles} articles, {report.statements} statements")
