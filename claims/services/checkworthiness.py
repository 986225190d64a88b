"""Check-worthiness writes: scores stored on claims, scored in the worker (spaCy never loads in the web).

The extraction task scores the statements it stores (`article_extract` passes the results to
`article_store_statements`). A claim made anywhere else (an editor's added or corrected statement, a
claim created before scoring existed) is scored by the `score_claims` task, enqueued on commit, or by
`manage.py backfill_checkworthiness`.
"""

from collections.abc import Iterable, Sequence

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from claims.extraction.checkworthiness import MODEL_VERSION, CheckWorthiness, score_texts
from claims.models import Claim
from claims.services.queueing import task_send_on_commit

BACKFILL_BATCH = 500
# The worker task that runs claims_score_check_worthiness (registered by claims.tasks).
SCORE_CLAIMS = "score_claims"


def claim_store_check_worthiness(*, claim: Claim, result: CheckWorthiness) -> bool:
    """Write the score and reasons onto the claim (and `claim` itself); False when nothing changed.

    updated_at moves with a changed score so API sync clients see it.
    """
    fields = {
        "check_worthiness": result.score,
        "check_worthiness_reasons": list(result.reasons),
        "check_worthiness_version": result.version,
    }
    if all(getattr(claim, name) == value for name, value in fields.items()):
        return False
    Claim.objects.filter(pk=claim.pk).update(**fields, updated_at=timezone.now())
    for name, value in fields.items():
        setattr(claim, name, value)
    return True


def claims_score_check_worthiness(*, claim_ids: Iterable[int]) -> int:
    """Score the claims' texts with the worker's spaCy pipeline and store them; returns how many changed.

    Worker and command only: it loads spaCy. Claims deleted meanwhile are skipped.
    """
    from claims import extraction as extractor  # the engine imports spaCy: load it only here

    claims = list(Claim.objects.filter(pk__in=list(claim_ids)).order_by("pk"))
    if not claims:
        return 0
    nlp = extractor.load_pipeline(settings.SPACY_MODEL)
    results = score_texts([claim.text for claim in claims], nlp)
    changed = 0
    for claim, result in zip(claims, results, strict=True):
        with transaction.atomic():
            changed += claim_store_check_worthiness(claim=claim, result=result)
    return changed


def claims_enqueue_scoring(*, claim_ids: Sequence[int]) -> None:
    """Have the worker score these claims once the surrounding transaction commits."""
    if claim_ids:
        task_send_on_commit(name=SCORE_CLAIMS, args=tuple(sorted(set(claim_ids))))


def claims_unscored(*, rescore: bool = False) -> Q:
    """Claims never scored, or (`rescore`) scored by another MODEL_VERSION."""
    return ~Q(check_worthiness_version=MODEL_VERSION) if rescore else Q(check_worthiness_version="")


def claims_backfill_check_worthiness(*, rescore: bool = False, batch_size: int = BACKFILL_BATCH) -> int:
    """Score every unscored claim (or every claim of an older model with `rescore`), in id order.

    Keyset over ids, so it resumes where a killed run stopped and never rereads a batch; returns
    how many claims it scored.
    """
    done, after = 0, 0
    while True:
        ids = list(
            Claim.objects.filter(claims_unscored(rescore=rescore), pk__gt=after)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        if not ids:
            return done
        claims_score_check_worthiness(claim_ids=ids)
        done += len(ids)
        after = ids[-1]
