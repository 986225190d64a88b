"""Seeded claims and their review histories: statuses decided before the statements are written
(each statement carries a copy), claims and reviews written after them."""

import datetime as dt
import itertools
import random
from collections.abc import Iterator

from claims.models import Claim, ClaimReview, ClaimStatus
from devtools.seeding.bulk import rows_insert
from devtools.seeding.generate import EVIDENCE, REVIEWED_STATUSES, SEED_DOMAIN, ClaimRow, Plan, SeedReport


def reviews_plan(rng: random.Random, plan: Plan, claims: list[ClaimRow], editors: list[int]) -> dict[int, list[tuple]]:
    """Which claims are reviewed, by whom, to what; sets each claim's final status.

    Per claim: [(editor, from, to, evidence, version, hours after the previous step)]; the times are
    fixed once the claim's first appearance is known.
    """
    # Three in four reviewed claims were reviewed once; the rest changed status a second time.
    reviewed = rng.sample(range(len(claims)), min(len(claims), max(1, plan.reviews * 3 // 4)))
    twice = plan.reviews - len(reviewed)
    steps: dict[int, list[tuple]] = {}
    for n, index in enumerate(reviewed):
        claim = claims[index]
        status, history = ClaimStatus.UNREVIEWED, []
        for version in range(2, 4 if n < twice else 3):
            hours = rng.randint(1, 24 * 30)
            to = rng.choice([s for s in REVIEWED_STATUSES if s != status])
            evidence = [
                {
                    "url": f"https://factcheck{SEED_DOMAIN}/{claim.id}/{version}/{n}",
                    "title": f"Source {n} for #{claim.id}",
                }
                for n in range(1, rng.randint(1, 3))
            ]
            history.append((rng.choice(editors), status, to, evidence, version, hours))
            status = to
        claim.status = status
        steps[claim.id] = history
    return steps


def claims_and_reviews_write(
    claims: list[ClaimRow], reviews: dict[int, list[tuple]], editors: list[int], report: SeedReport
) -> None:
    """Claims with their review histories; four in five claims whose last review gave a verdict had
    it signed off and published an hour later by the next seeded editor (a second pair of eyes), as
    `claim_publish` records it."""
    from claims.services.extraction import claim_fingerprint

    histories: dict[int, list[tuple]] = {}
    published: dict[int, tuple[int, dt.datetime]] = {}  # claim id -> (review id, published at)
    review_id = 0
    for claim_id, steps in reviews.items():
        at, history = claims[claim_id - 1].first_seen + dt.timedelta(hours=2), []
        for editor, from_status, to, evidence, version, hours in steps:
            at += dt.timedelta(hours=hours)
            history.append(
                [claim_id, editor, from_status, to, f"Checked against source {version}.", evidence, version, at,
                 None, None]
            )  # fmt: skip
        review_id += len(history)
        last = history[-1]
        if last[3] != ClaimStatus.UNREVIEWED and claim_id % 5:
            signed_at = last[7] + dt.timedelta(hours=1)
            last[8:] = [editors[(editors.index(last[1]) + 1) % len(editors)], signed_at]
            published[claim_id] = (review_id, signed_at)
        histories[claim_id] = history

    def claim_rows() -> Iterator[tuple]:
        for c in claims:
            history = histories.get(c.id, [])
            created = c.first_seen + dt.timedelta(minutes=2)
            status = history[-1][3] if history else ClaimStatus.UNREVIEWED
            updated = history[-1][7] if history else created
            review, published_at = published.get(c.id, (None, None))
            reason = EVIDENCE[c.hint] if c.hint else ""
            fp = claim_fingerprint(c.text)
            yield (
                c.id,
                c.speaker_id,
                c.text,
                fp,
                status,
                c.hint,
                reason,
                1 + len(history) + (review is not None),
                c.count,
                c.first_seen,
                created,
                published_at or updated,
                review,
                published_at,
            )

    report.claims = rows_insert(
        Claim,
        ["id", "speaker", "text", "fingerprint", "status", "suggested_status", "suggested_reason", "version",
         "appearance_count", "first_seen_at", "created_at", "updated_at", "published_review", "published_at"],
        claim_rows(),
    )  # fmt: skip
    review_rows = ((pk, *row) for pk, row in enumerate(itertools.chain.from_iterable(histories.values()), 1))
    report.reviews = rows_insert(
        ClaimReview,
        ["id", "claim", "reviewer", "from_status", "to_status", "note", "evidence", "version", "created_at",
         "signed_off_by", "signed_off_at"],
        review_rows,
    )  # fmt: skip
