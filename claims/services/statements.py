"""Editors' corrections to statements: speaker, span, rejection, additions.

Every correction marks the statement as an editor's (origin corrected or manual), which
`article_store_statements` keeps on re-extraction and uses to drop machine statements that overlap
it, so a correction is never undone by the extractor. Claims are re-linked by speaker and words.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from claims.models import Speaker, SpeakerKind, Statement, StatementKind, StatementOrigin
from claims.permissions import check_user_can_correct_statements
from claims.services.checkworthiness import claims_enqueue_scoring
from claims.services.extraction import claim_get_or_create, claims_refresh_appearances
from claims.services.speakers import speaker_resolve, speakers_refresh_counts
from sources.models import Article


def _speaker_choose(*, speaker: Speaker | None, speaker_name: str) -> Speaker:
    """An existing speaker, or the one a typed name resolves to (created if new)."""
    if speaker is not None:
        return speaker
    name = " ".join(speaker_name.split())
    if not name:
        raise ValidationError({"speaker": "Choose a speaker or type a new speaker's name."})
    return speaker_resolve(name=name[:300], kind=SpeakerKind.PERSON)


def _relink(*, statement: Statement, old_claim_id: int | None) -> None:
    """Point the statement at the claim its speaker and words make, then recount both claims."""
    claim = claim_get_or_create(speaker=statement.speaker, text=statement.content, seen_at=statement.published_at)
    statement.claim = claim
    statement.claim_status = claim.status
    statement.full_clean(exclude=["search_vector"])
    statement.save()
    if not claim.check_worthiness_version:
        claims_enqueue_scoring(claim_ids=[claim.pk])  # scored in the worker: no spaCy in the web process
    claims_refresh_appearances(claim_ids={claim.pk} | ({old_claim_id} if old_claim_id else set()))


def _corrected(origin: str) -> str:
    # An editor's own statement stays "manual" when it is corrected again.
    return StatementOrigin.MANUAL if origin == StatementOrigin.MANUAL else StatementOrigin.CORRECTED


def _span_validate(*, article: Article, start: int, end: int) -> tuple[int, int]:
    """Offsets within the article text, trimmed of surrounding white space, not empty."""
    if not 0 <= start < end <= len(article.text):
        raise ValidationError({"start": f"The span must satisfy 0 ≤ start < end ≤ {len(article.text)}."})
    text = article.text[start:end]
    start += len(text) - len(text.lstrip())
    end -= len(text) - len(text.rstrip())
    if start >= end:
        raise ValidationError({"start": "The span holds only white space."})
    return start, end


@transaction.atomic
def statement_correct_speaker(
    *, statement: Statement, by: AbstractBaseUser, speaker: Speaker | None = None, speaker_name: str = ""
) -> Statement:
    """Attribute the statement to another speaker (chosen, or created from a typed name)."""
    check_user_can_correct_statements(by)
    new_speaker = _speaker_choose(speaker=speaker, speaker_name=speaker_name)
    old_claim_id, old_speaker_id = statement.claim_id, statement.speaker_id
    statement.speaker = new_speaker
    statement.origin = _corrected(statement.origin)
    _relink(statement=statement, old_claim_id=old_claim_id)
    speakers_refresh_counts(speaker_ids=[old_speaker_id, new_speaker.pk])
    return statement


@transaction.atomic
def statement_adjust_span(*, statement: Statement, start: int, end: int, by: AbstractBaseUser) -> Statement:
    """Move the statement's offsets; its words (and so its claim) follow the article text."""
    check_user_can_correct_statements(by)
    start, end = _span_validate(article=statement.article, start=start, end=end)
    old_claim_id = statement.claim_id
    statement.start, statement.end = start, end
    statement.content = statement.article.text[start:end]
    statement.paragraph = _paragraph_of(statement.article.text, start)
    statement.origin = _corrected(statement.origin)
    _relink(statement=statement, old_claim_id=old_claim_id)
    return statement


@transaction.atomic
def statement_reject(*, statement: Statement, by: AbstractBaseUser) -> Statement:
    """Mark a false statement rejected; it is kept (hidden) so re-extraction does not bring it back."""
    check_user_can_correct_statements(by)
    statement.rejected = True
    statement.origin = _corrected(statement.origin)
    statement.save(update_fields=["rejected", "origin", "updated_at"])
    claims_refresh_appearances(claim_ids={statement.claim_id})
    speakers_refresh_counts(speaker_ids=[statement.speaker_id])
    return statement


@transaction.atomic
def statement_add(
    *,
    article: Article,
    by: AbstractBaseUser,
    start: int | None = None,
    end: int | None = None,
    text: str = "",
    speaker: Speaker | None = None,
    speaker_name: str = "",
    kind: str = StatementKind.DIRECT,
    cue: str = "",
) -> Statement:
    """Add a statement the extractor missed, by offsets or by its exact words in the article."""
    check_user_can_correct_statements(by)
    if start is None or end is None:
        start, end = _span_find(article=article, text=text)
    start, end = _span_validate(article=article, start=start, end=end)
    chosen = _speaker_choose(speaker=speaker, speaker_name=speaker_name)
    statement = Statement(
        article=article,
        speaker=chosen,
        content=article.text[start:end],
        start=start,
        end=end,
        kind=kind,
        cue=cue.strip()[:100],
        paragraph=_paragraph_of(article.text, start),
        confidence=1.0,
        speaker_mention=chosen.name[:300],
        origin=StatementOrigin.MANUAL,
        outlet_id=article.outlet_id,
        published_at=article.published_at or article.created_at,
    )
    _relink(statement=statement, old_claim_id=None)
    speakers_refresh_counts(speaker_ids=[chosen.pk])
    return statement


def _span_find(*, article: Article, text: str) -> tuple[int, int]:
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Give the statement's start and end, or its exact words."})
    start = article.text.find(text)
    if start < 0:
        raise ValidationError({"text": "Those exact words are not in the article text."})
    return start, start + len(text)


def _paragraph_of(text: str, offset: int) -> int:
    return text.count("\n\n", 0, offset)
