"""The extraction pipeline's writes: queueing, claiming, storing machine statements, the sweep."""

import datetime as dt
import hashlib
import logging
import re
from collections.abc import Sequence

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from claims import extraction as extractor
from claims.extraction import EXTRACTOR_VERSION, MAX_CHARS, ExtractedStatement
from claims.models import Claim, ClaimStatus, Speaker, SpeakerKind, Statement, StatementOrigin
from claims.services.checkworthiness import claim_store_check_worthiness, claims_enqueue_scoring
from claims.services.queueing import task_send_on_commit
from claims.services.speakers import speaker_resolve
from claims.services.webhooks import webhook_event_emit
from sources.models import Article, ExtractionStatus

logger = logging.getLogger(__name__)

_NON_WORD = re.compile(r"[^\w]+")

# The worker task that runs article_extract (registered by claims.tasks; see services/queueing.py).
EXTRACT_ARTICLE = "extract_article"


def claim_fingerprint(text: str) -> str:
    """Case, quotation marks and punctuation do not make a different claim."""
    normalised = _NON_WORD.sub(" ", text.casefold()).strip()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def article_enqueue_extraction(*, article: Article, reset_attempts: bool = False) -> None:
    """Mark the article queued and send it to a worker once the surrounding transaction commits."""
    fields = {"extraction_status": ExtractionStatus.QUEUED, "extraction_queued_at": timezone.now()}
    if reset_attempts:
        fields |= {"extraction_attempts": 0, "extraction_error": ""}
    Article.objects.filter(pk=article.pk).update(**fields)
    for name, value in fields.items():
        setattr(article, name, value)
    task_send_on_commit(name=EXTRACT_ARTICLE, args=(article.pk,))


def article_reextract(*, article: Article) -> None:
    with transaction.atomic():
        article_enqueue_extraction(article=article, reset_attempts=True)


def _stale_cutoff() -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=settings.EXTRACTION_TIME_LIMIT + 30)


def article_claim_for_extraction(*, article_id: int, task_id: str) -> Article | None:
    """Take the article for this task, or None when another live task has it or it is finished.

    The conditional UPDATE is the lock: of two deliveries racing, one updates a row and the other
    none. A redelivery of the same task (its worker died) or a run that outlived the hard time
    limit may take the article over.
    """
    claimable = (
        Q(extraction_status=ExtractionStatus.QUEUED)
        | Q(extraction_status=ExtractionStatus.RUNNING, extraction_task_id=task_id)
        | Q(extraction_status=ExtractionStatus.RUNNING, extraction_started_at__lt=_stale_cutoff())
    )
    taken = Article.objects.filter(claimable, pk=article_id).update(
        extraction_status=ExtractionStatus.RUNNING,
        extraction_task_id=task_id,
        extraction_started_at=timezone.now(),
        extraction_attempts=F("extraction_attempts") + 1,
    )
    if not taken:
        return None
    article = Article.objects.get(pk=article_id)
    if article.extraction_attempts > settings.EXTRACTION_MAX_ATTEMPTS:
        reason = f"Gave up after {settings.EXTRACTION_MAX_ATTEMPTS} attempts. {article.extraction_error}".strip()
        article_mark_failed(article_id=article_id, reason=reason)
        return None
    return article


def article_mark_failed(*, article_id: int, reason: str) -> None:
    Article.objects.filter(pk=article_id).exclude(extraction_status=ExtractionStatus.DONE).update(
        extraction_status=ExtractionStatus.FAILED,
        extraction_error=reason[:2000],
        extraction_finished_at=timezone.now(),
    )


def article_record_error(*, article_id: int, reason: str) -> None:
    """Keep the reason of a transient failure that will be retried."""
    Article.objects.filter(pk=article_id).update(extraction_error=reason[:2000])


def article_extract(*, article_id: int, task_id: str) -> bool:
    """Run the extractor over one article and store its statements; False if there was nothing to do.

    Idempotent: a finished article, or one another live task holds, is left alone, and storing
    replaces the article's machine statements rather than adding to them.
    """
    article = article_claim_for_extraction(article_id=article_id, task_id=task_id)
    if article is None:
        return False
    nlp = extractor.load_pipeline(settings.SPACY_MODEL)
    extracted = extractor.extract(article.text[:MAX_CHARS], nlp, check_worthiness=True)
    return article_store_statements(article_id=article_id, task_id=task_id, extracted=extracted)


def _statement_overlaps(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start < other_end and other_start < end for other_start, other_end in spans)


@transaction.atomic
def article_store_statements(*, article_id: int, task_id: str, extracted: Sequence[ExtractedStatement]) -> bool:
    """Replace the article's machine statements; keep editors' corrections and every reviewed claim.

    New statements overlapping an editor's statement (corrected, added or rejected) are dropped, so a
    correction survives re-extraction. Claims are found by speaker and normalised words, which
    re-attaches a reviewed claim to the matching new statement; claims left with no statement and no
    review are deleted.

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
    article.statements.filter(origin=StatementOrigin.MACHINE).delete()
    protected = list(article.statements.values_list("start", "end"))
    published_at = article.published_at or article.created_at
    speakers: dict[tuple[str, str], Speaker] = {}
    new_statements: list[Statement] = []
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
        speaker = speakers[key]
        claim = claim_get_or_create(speaker=speaker, text=item.content, seen_at=published_at)
        claim_suggest_status(claim=claim, hint=item.evidence_hint, reason=item.evidence_cue)
        if item.check_worthiness is not None:
            claim_store_check_worthiness(claim=claim, result=item.check_worthiness)
        new_statements.append(
            Statement(
                article=article,
                speaker=speaker,
                claim=claim,
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
                published_at=published_at,
            )
        )
    Statement.objects.bulk_create(new_statements)
    claims_enqueue_scoring(claim_ids=[s.claim_id for s in new_statements if not s.claim.check_worthiness_version])
    touched = previous_claim_ids | {s.claim_id for s in new_statements}
    claims_refresh_appearances(claim_ids=touched)
    Article.objects.filter(pk=article_id).update(
        extraction_status=ExtractionStatus.DONE,
        extraction_error="",
        extraction_finished_at=timezone.now(),
        extractor_version=EXTRACTOR_VERSION,
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
    """Recount appearances (rejected statements do not count); drop claims with nothing to keep.

    A claim with no statement at all and no review is deleted; one that only rejected statements
    point at stays, since those statements keep the editor's decision.
    """
    rows = (
        Claim.objects.filter(pk__in=claim_ids)
        .annotate(
            shown=Count("statements", filter=Q(statements__rejected=False), distinct=True),
            total=Count("statements", distinct=True),
        )
        .values_list("pk", "shown", "total", "appearance_count")
    )
    orphans = []
    for claim_id, shown, total, stored in rows:
        if shown != stored:
            # update() skips auto_now: set updated_at so API sync clients see the change.
            Claim.objects.filter(pk=claim_id).update(appearance_count=shown, updated_at=timezone.now())
        if total == 0:
            orphans.append(claim_id)
    Claim.objects.filter(pk__in=orphans, reviews__isnull=True).delete()


def article_sweep_stalled(*, now: dt.datetime | None = None) -> list[int]:
    """Send again articles whose message was lost (broker emptied) or whose worker died.

    A queued article is re-sent once it has waited EXTRACTION_STALE_AFTER seconds while no
    extraction started anywhere in that time (workers busy on a backlog are not a stall), or after
    ten times that in any case. A running article past the hard time limit has lost its worker.
    """
    now = now or timezone.now()
    stale_after = dt.timedelta(seconds=settings.EXTRACTION_STALE_AFTER)
    running_cutoff = now - dt.timedelta(seconds=settings.EXTRACTION_TIME_LIMIT + 30)
    workers_idle = not Article.objects.filter(extraction_started_at__gte=now - stale_after).exists()
    queued_cutoff = now - (stale_after if workers_idle else stale_after * 10)
    stalled = Q(extraction_status=ExtractionStatus.QUEUED, extraction_queued_at__lt=queued_cutoff) | Q(
        extraction_status=ExtractionStatus.RUNNING, extraction_started_at__lt=running_cutoff
    )
    ids = list(Article.objects.filter(stalled).values_list("pk", flat=True)[:1000])
    for article_id in ids:
        with transaction.atomic():
            # Re-check under the same condition: the article may have finished since the SELECT.
            updated = Article.objects.filter(stalled, pk=article_id).update(
                extraction_status=ExtractionStatus.QUEUED, extraction_queued_at=now
            )
            if updated:
                task_send_on_commit(name=EXTRACT_ARTICLE, args=(article_id,))
    if ids:
        logger.warning("Re-queued %d stalled article(s): %s", len(ids), ids[:20])
    return ids
