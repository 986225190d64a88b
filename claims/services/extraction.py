"""The extraction pipeline's writes: running the extractor, storing machine statements (queueing: outbox)."""

import datetime as dt
import hashlib
import logging
import re
from collections.abc import Sequence

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from claims import extraction as extractor
from claims.extraction import EXTRACTOR_VERSION, MAX_CHARS, ExtractedStatement, ExtractionWarning
from claims.models import Claim, ClaimStatus, Speaker, SpeakerKind, Statement, StatementOrigin
from claims.services.checkworthiness import claim_store_check_worthiness, claims_enqueue_scoring
from claims.services.copies import statement_copies_for, statement_copies_refresh
from claims.services.matching import MatchOutcome, claim_matches_record, claims_match_statements
from claims.services.outbox import article_claim_for_extraction, article_lease_heartbeat
from claims.services.speakers import speaker_resolve, speakers_refresh_counts
from claims.services.webhooks import webhook_event_emit
from sources.models import Article, ExtractionStatus

logger = logging.getLogger(__name__)

_NON_WORD = re.compile(r"[^\w]+")
# Verdicts whose repetition the desk wants to see first.
REPEAT_STATUSES = (ClaimStatus.CONTESTED, ClaimStatus.UNEVIDENCED)


def claim_fingerprint(text: str) -> str:
    """Case, quotation marks and punctuation do not make a different claim."""
    normalised = _NON_WORD.sub(" ", text.casefold()).strip()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def article_extract(*, article_id: int, task_id: str) -> bool:
    """Run the extractor over one article and store its statements; False if there was nothing to do.

    Idempotent: a finished article, or one another live task holds, is left alone, and storing
    replaces the article's machine statements rather than adding to them.
    """
    article = article_claim_for_extraction(article_id=article_id, task_id=task_id)
    if article is None:
        return False
    warnings: list[ExtractionWarning] = []
    with article_lease_heartbeat(article_id=article_id, task_id=task_id):
        nlp = extractor.load_pipeline(settings.SPACY_MODEL)
        extracted = extractor.extract(
            article.text[:MAX_CHARS], nlp, warnings, check_worthiness=True, match_features=True
        )
        for w in warnings:
            logger.warning(
                "article %s: extraction rule %s dropped %d-%d: %s", article_id, w.rule, w.start, w.end, w.error
            )
        return article_store_statements(article_id=article_id, task_id=task_id, extracted=extracted, warnings=warnings)


def _statement_overlaps(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start < other_end and other_start < end for other_start, other_end in spans)


@transaction.atomic
def article_store_statements(
    *,
    article_id: int,
    task_id: str,
    extracted: Sequence[ExtractedStatement],
    match: bool = True,
    warnings: Sequence[ExtractionWarning] = (),
) -> bool:
    """Replace the article's machine statements; keep editors' corrections and every reviewed claim.

    New statements overlapping an editor's statement (corrected, added or rejected) are dropped, so a
    correction survives re-extraction. Each statement's claim is an editor's earlier decision, else
    the speaker's claim with the same normalised words, else an earlier claim the matcher scores
    above its upper threshold (claims/services/matching.py), else a new claim with possible matches
    for an editor; `match=False` skips the matcher (benchmarks). Claims left with no statement and
    no review are deleted.

    A statement's check-worthiness (scored by the extractor) is stored on its claim, so re-extraction
    rescores it; a claim left unscored is sent to the `score_claims` task on commit.
    """
    article = Article.objects.select_for_update().filter(pk=article_id).first()
    if (
        article is None
        or article.extraction_task_id != task_id
        or article.extraction_status != ExtractionStatus.RUNNING
    ):
        return False  # deleted, or taken over by another run while we parsed
    previous_claim_ids = set(article.statements.values_list("claim_id", flat=True))
    machine = article.statements.filter(origin=StatementOrigin.MACHINE)
    previous_speaker_ids = set(machine.values_list("speaker_id", flat=True))
    machine.delete()
    protected = list(article.statements.values_list("start", "end"))
    published_at = article.published_at or article.created_at
    speakers: dict[tuple[str, str], Speaker] = {}
    kept: list[tuple[ExtractedStatement, Speaker]] = []
    for item in extracted:
        if _statement_overlaps(item.start, item.end, protected):
            continue
        key = (item.speaker, item.speaker_kind)
        if key not in speakers:
            speakers[key] = speaker_resolve(
                name=item.speaker,
                kind=SpeakerKind(item.speaker_kind),  # the extractor's plain string, checked against the model
                aliases=item.speaker_aliases,
                role=item.speaker_role,
                article_key=str(article.pk),
            )
        kept.append((item, speakers[key]))
    outcomes = _claims_for(article=article, kept=kept, seen_at=published_at, previous=previous_claim_ids, match=match)
    new_statements: list[Statement] = []
    for (item, speaker), outcome in zip(kept, outcomes, strict=True):
        claim_suggest_status(claim=outcome.claim, hint=item.evidence_hint, reason=item.evidence_cue)
        if item.check_worthiness is not None:
            claim_store_check_worthiness(claim=outcome.claim, result=item.check_worthiness)
        new_statements.append(
            Statement(
                article=article,
                speaker=speaker,
                claim=outcome.claim,
                content=item.content,
                start=item.start,
                end=item.end,
                kind=item.kind,
                cue=(item.cue or "")[:100],
                paragraph=item.paragraph,
                confidence=item.confidence,
                speaker_mention=item.speaker[:300],
                evidence_hint=item.evidence_hint or "",
                evidence_cue=(item.evidence_cue or "")[:300],
                origin=StatementOrigin.MACHINE,
                **statement_copies_for(claim=outcome.claim, article=article),
            )
        )
    Statement.objects.bulk_create(new_statements)
    if match:
        claim_matches_record(article=article, statements=new_statements, outcomes=outcomes)
    claims_enqueue_scoring(claim_ids=[s.claim_id for s in new_statements if not s.claim.check_worthiness_version])
    touched = previous_claim_ids | {s.claim_id for s in new_statements}
    claims_refresh_appearances(claim_ids=touched)
    speakers_refresh_counts(speaker_ids=previous_speaker_ids | {s.speaker_id for s in new_statements})
    # An editor's statements kept from the last run carry the article's date and outlet of then.
    statement_copies_refresh(article_ids=[article_id])
    Article.objects.filter(pk=article_id).update(
        extraction_status=ExtractionStatus.DONE,
        extraction_error="",
        extraction_finished_at=timezone.now(),
        extractor_version=EXTRACTOR_VERSION,
        extraction_warnings=len(warnings),
        extraction_warning_details=[w.as_dict() for w in warnings[:50]],
        lease_expires_at=None,
        lease_holder="",
    )
    webhook_event_emit(event="article.extracted", payload=_extracted_payload(article, new_statements))
    return True


def _extracted_payload(article: Article, statements: list[Statement]) -> dict:
    return {
        "article": {
            "id": article.pk,
            "title": article.title,
            "url": article.url,
            "outlet_id": article.outlet_id,
            "published_at": article.published_at,
        },
        "statement_count": len(statements),
        "claim_ids": sorted({s.claim_id for s in statements}),
    }


def _claims_for(
    *,
    article: Article,
    kept: list[tuple[ExtractedStatement, Speaker]],
    seen_at: dt.datetime,
    previous: set[int],
    match: bool,
) -> list[MatchOutcome]:
    fingerprints = [claim_fingerprint(item.content) for item, _ in kept]
    if match:
        items = [(speaker, item.content, item.match_features) for item, speaker in kept]
        return claims_match_statements(
            article=article, items=items, fingerprints=fingerprints, seen_at=seen_at, previous_claim_ids=previous
        )
    return [
        MatchOutcome(claim=claim_get_or_create(speaker=speaker, text=item.content, seen_at=seen_at), fingerprint=fp)
        for (item, speaker), fp in zip(kept, fingerprints, strict=True)
    ]


def claim_get_or_create(*, speaker: Speaker, text: str, seen_at: dt.datetime) -> Claim:
    claim, _ = Claim.objects.get_or_create(
        speaker=speaker,
        fingerprint=claim_fingerprint(text),
        defaults={"text": text, "first_seen_at": seen_at},
    )
    return claim


def claim_suggest_status(*, claim: Claim, hint: str | None, reason: str | None) -> None:
    """Record what the article's own wording suggests; it never changes an editor's status."""
    if hint not in ClaimStatus.values or claim.suggested_status == hint:
        return
    claim.suggested_status = hint
    claim.suggested_reason = (reason or "")[:300]
    Claim.objects.filter(pk=claim.pk).update(
        suggested_status=hint, suggested_reason=claim.suggested_reason, updated_at=timezone.now()
    )


def claims_refresh_appearances(*, claim_ids: set[int]) -> None:
    """Recount appearances (rejected statements do not count), newest appearance and the repeat flag;
    drop claims with nothing to keep.

    A claim is a repeat when a statement joined it after its newest review found it contested or
    unevidenced. A claim with no statement at all and no review is deleted; one that only rejected
    statements point at stays, since those statements keep the editor's decision.
    """
    kept = Q(statements__rejected=False)
    rows = (
        Claim.objects.filter(pk__in=claim_ids)
        .annotate(
            shown=Count("statements", filter=kept, distinct=True),
            total=Count("statements", distinct=True),
            newest=Max("statements__published_at", filter=kept),
            joined=Max("statements__created_at", filter=kept),
            reviewed=Max("reviews__created_at"),
        )
        .values_list(
            "pk",
            "shown",
            "total",
            "appearance_count",
            "newest",
            "last_seen_at",
            "status",
            "repeat",
            "joined",
            "reviewed",
        )
    )
    orphans = []
    for claim_id, shown, total, stored, newest, last_seen, status, repeat, joined, reviewed in rows:
        is_repeat = status in REPEAT_STATUSES and reviewed is not None and joined is not None and joined > reviewed
        if (shown, newest, is_repeat) != (stored, last_seen, repeat):
            # update() skips auto_now: set updated_at so API sync clients see the change.
            Claim.objects.filter(pk=claim_id).update(
                appearance_count=shown, last_seen_at=newest, repeat=is_repeat, updated_at=timezone.now()
            )
        if total == 0:
            orphans.append(claim_id)
    Claim.objects.filter(pk__in=orphans, reviews__isnull=True).delete()
