"""The seeded articles and their statements, in publication order, generated in chunks.

At 10M statements generating rows costs as much CPU as PostgreSQL spends storing them, so a large
archive is generated in a forked process while this one writes the previous chunk
(`articles_in_background`); both ways consume the same random stream and give the same rows.
"""

import datetime as dt
import itertools
import multiprocessing
import random
from array import array
from collections.abc import Iterator
from multiprocessing.connection import Connection

from django.utils.text import slugify

from devtools.seeding.generate import (
    _WORDS,
    ARCHIVE_DAYS,
    BASE_DATE,
    CHUNK_ARTICLES,
    CUES,
    EVIDENCE,
    FILLER,
    FIRST,
    SURNAMES,
    ClaimRow,
    SpeakerRow,
)

Chunk = tuple[list[tuple], list[tuple]]  # (article rows, statement rows), in ARTICLE_ and STATEMENT_COLUMNS order


def articles_generate(
    *,
    rng: random.Random,
    claims: list[ClaimRow],
    speakers: list[SpeakerRow],
    outlets: list[tuple[int, str]],
    places: list[str],
) -> Iterator[Chunk]:
    """Every claim's appearances spread over articles of 3 to 7 statements, CHUNK_ARTICLES articles a chunk.

    Sets each claim's `count` and `first_seen` as its statements are generated.
    """
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
        article, stmts = article_build(
            rng, article_id, dates[article_id - 1], chunk, claims, speakers, outlets, places, statement_ids
        )
        article_rows.append(article)
        statement_rows.extend(stmts)
        if len(article_rows) >= CHUNK_ARTICLES or article_id == len(sizes):
            yield article_rows, statement_rows
            article_rows, statement_rows = [], []


def articles_in_background(
    *,
    rng: random.Random,
    claims: list[ClaimRow],
    speakers: list[SpeakerRow],
    outlets: list[tuple[int, str]],
    places: list[str],
) -> Iterator[Chunk]:
    """articles_generate run in a forked process: the same chunks, and the same effects on rng and claims.

    The pipe holds about one chunk, so the child generates the next chunk while the caller writes
    this one. Forked, not spawned: the child shares the claims without pickling them (3M at 10M
    statements) and never touches the parent's database connection.
    Raises RuntimeError if the child dies before its last chunk.
    """
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_generate_into,
        kwargs={"pipe": sender, "rng": rng, "claims": claims, "speakers": speakers, "outlets": outlets,
                "places": places},
        daemon=True,
    )  # fmt: skip
    child.start()
    sender.close()  # the child holds the only write end: its death ends recv() (EOFError or OSError)
    try:
        while (message := _receive(receiver, child))[0] == "chunk":
            yield message[1]
        _, state, counts, first_seen = message
    finally:
        receiver.close()
        child.join(timeout=10)
        if child.is_alive():
            child.kill()
    rng.setstate(state)
    for claim, count, seen in zip(claims, counts, first_seen, strict=True):
        claim.count = count
        claim.first_seen = BASE_DATE + dt.timedelta(microseconds=seen) if count else None


def _receive(receiver: Connection, child: multiprocessing.process.BaseProcess) -> tuple:
    try:
        return receiver.recv()
    except (EOFError, OSError):  # OSError: it died partway through sending a chunk
        child.join(timeout=10)
        raise RuntimeError(
            f"The article generator stopped before its last chunk (exit code {child.exitcode})."
        ) from None


def _generate_into(*, pipe: Connection, rng: random.Random, claims: list[ClaimRow], **rest) -> None:
    for chunk in articles_generate(rng=rng, claims=claims, **rest):
        pipe.send(("chunk", chunk))
    # Microseconds from BASE_DATE in arrays: 3M datetimes would take seconds to pickle.
    counts = array("q", (c.count for c in claims))
    first_seen = array("q", ((c.first_seen - BASE_DATE) // dt.timedelta(microseconds=1) if c.count else 0
                             for c in claims))  # fmt: skip
    pipe.send(("done", rng.getstate(), counts, first_seen))
    pipe.close()


def article_build(
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
