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
from devtools.seeding.bulk import bulk_load_begin, bulk_load_end, rows_insert, sequences_reset
from devtools.seeding.generate import (
    _WORDS,
    ARCHIVE_DAYS,
    BASE_DATE,
    CHUNK_ARTICLES,
    CUES,
    EVIDENCE,
    FILLER,
    FIRST,
    OUTLETS,
    SEED_DOMAIN,
    SEED_EDITORS,
    SURNAMES,
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


def archive_seed(*, statements: int, seed: int, log: callable = print) -> SeedReport:  # type: ignore[valid-type]
    """Generate and write a whole archive into an empty database, in one transaction."""
    import time

    rng = random.Random(seed)
    plan = Plan(statements=statements, seed=seed)
    report = SeedReport()
    clock = time.perf_counter()
    with transaction.atomic():
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
        _articles_and_statements_write(rng, claims, speakers, outlets, places, report, log)
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
    rng: random.Random,
    claims: list[ClaimRow],
    speakers: list[SpeakerRow],
    outlets: list[tuple[int, str]],
    places: list[str],
    report: SeedReport,
    log: callable,  # type: ignore[valid-type]
) -> None:
    said = [c.id for c in claims for _ in range(c.appearances)]
    rng.shuffle(said)
    sizes: list[int] = []
    placed = 0
    while placed < len(said):
        sizes.append(min(rng.randint(3, 7), len(said) - placed))
        placed += sizes[-1]
    offsets = list(itertools.accumulate(sizes, initial=0))
    # Articles arrive in publication order, as a monitoring desk gathers them: ids, physical order
    # and dates agree, which is what the BRIN index on published_at relies on.
    dates = sorted(BASE_DATE - dt.timedelta(seconds=rng.randint(3600, ARCHIVE_DAYS * 86400)) for _ in sizes)
    article_rows: list[tuple] = []
    statement_rows: list[tuple] = []
    statement_ids = itertools.count(1)
    for article_id, size in enumerate(sizes, 1):
        chunk = said[offsets[article_id - 1] : offsets[article_id - 1] + size]
        article, stmts = _article_build(
            rng, article_id, dates[article_id - 1], chunk, claims, speakers, outlets, places, statement_ids
        )
        article_rows.append(article)
        statement_rows.extend(stmts)
        if len(article_rows) >= CHUNK_ARTICLES or article_id == len(sizes):
            report.articles += rows_insert(Article, ARTICLE_COLUMNS, article_rows)
            report.statements += rows_insert(Statement, STATEMENT_COLUMNS, statement_rows)
            article_rows, statement_rows = [], []
            if article_id % (CHUNK_ARTICLES * 10) == 0:
                log(f"  {report.articles} articles, {report.statements} statements")


def _article_build(
    rng: random.Random,
    article_id: int,
    published: dt.datetime,
    claim_ids: list[int],
    claims: list[ClaimRow],
    speakers: list[SpeakerRow],
    outlets: list[tuple[int, str]],
    places: list[str],
    statement_ids: Iterator[int],
) -> tuple[tuple, list[tuple]]:
    from sources.services import content_hash

    outlet_id, domain = outlets[min(int(rng.expovariate(0.3)), len(outlets) - 1)]
    created = published + dt.timedelta(minutes=rng.randint(5, 120))
    place = rng.choice(places[:300])
    paragraphs: list[str] = [f"{place.upper()} - " + rng.choice(FILLER).format(p=place)]
    pieces: list[tuple[int, int, str, int, str, str, str]] = []  # paragraph, start-in-paragraph, ...
    mentioned: set[int] = set()
    for claim_id in claim_ids:
        claim = claims[claim_id - 1]
        speaker = speakers[claim.speaker_id - 1]
        mention = speaker.aliases[0] if speaker.id not in mentioned else rng.choice(speaker.aliases)
        mentioned.add(speaker.id)
        cue = rng.choice(CUES)
        if rng.random() < 0.6:
            kind, content = "direct", claim.text
            paragraph, at = f'"{content}," {mention} {cue}.', 1
        else:
            kind, content = "indirect", claim.text[0].lower() + claim.text[1:]
            lead = f"{mention[0].upper()}{mention[1:]} {cue} that "
            paragraph, at = f"{lead}{content}.", len(lead)
        if claim.hint:
            paragraph += f" But {EVIDENCE[claim.hint]}."
        pieces.append((len(paragraphs), at, content, claim_id, kind, cue, mention))
        paragraphs.append(paragraph)
        if rng.random() < 0.4:
            paragraphs.append(rng.choice(FILLER).format(p=rng.choice(places[:300])))
    paragraphs.append(f"Additional reporting by {rng.choice(FIRST)} {rng.choice(SURNAMES)}. Ref SA-{article_id:07d}.")
    text = "\n\n".join(paragraphs)
    starts = list(itertools.accumulate((len(p) + 2 for p in paragraphs), initial=0))
    title = f"{claims[claim_ids[0] - 1].text[:80]}, says {speakers[claims[claim_ids[0] - 1].speaker_id - 1].name}"
    article = (
        article_id,
        outlet_id,
        f"https://{domain}/news/{article_id}-{slugify(title)[:60]}",
        title[:500],
        f"By {rng.choice(FIRST)} {rng.choice(SURNAMES)}",
        published,
        text,
        text,
        [],
        content_hash(text),
        len(_WORDS.findall(text)),
        "done",
        1,
        created,
        created,
        created + dt.timedelta(seconds=3),
        "seed",
        created,
        created + dt.timedelta(seconds=3),
    )
    rows = []
    for number, at, content, claim_id, kind, cue, mention in pieces:
        claim = claims[claim_id - 1]
        claim.count += 1
        claim.first_seen = min(claim.first_seen or published, published)
        start = starts[number] + at
        stamp = created + dt.timedelta(seconds=3)
        rows.append(
            (
                next(statement_ids),
                article_id,
                claim.speaker_id,
                claim_id,
                content,
                start,
                start + len(content),
                kind,
                cue,
                number,
                round(rng.uniform(0.55, 1.0), 3),
                mention,
                claim.hint,
                EVIDENCE[claim.hint] if claim.hint else "",
                "corrected" if rng.random() < 0.01 else "machine",
                rng.random() < 0.005,
                published,
                claim.status,
                outlet_id,
                stamp,
                stamp,
            )
        )
    return article, rows
