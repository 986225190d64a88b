"""Editors' decisions on which statements make a claim: possible matches, splits, merges; all audited.

Each decision is also written as a ClaimMatch keyed by article and the statement's words, which
`claims_match_statements` reads first, so re-extraction never undoes it.
"""

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from claims.models import Claim, ClaimEvent, ClaimEventKind, ClaimMatch, MatchState, Statement
from claims.permissions import check_user_can_link_claims
from claims.services.extraction import claim_fingerprint, claim_get_or_create, claims_refresh_appearances


class MatchAlreadyDecided(ValidationError):
    pass


def _decide(*, match: ClaimMatch, state: str, by: AbstractBaseUser) -> None:
    # Conditional UPDATE: of two editors answering at once, one wins and the other is told.
    updated = ClaimMatch.objects.filter(pk=match.pk, state=MatchState.POSSIBLE).update(
        state=state, decided_by=by, decided_at=timezone.now()
    )
    if not updated:
        raise MatchAlreadyDecided({"match": "Someone has already answered this possible match."})
    match.state = state


def _event(*, claim: Claim, kind: str, by: AbstractBaseUser, statement: Statement | None, other: Claim | None) -> None:
    ClaimEvent.objects.create(
        claim=claim,
        kind=kind,
        statement=statement,
        other_claim_id=other.pk if other else None,
        other_claim_text=other.text if other else "",
        by=by,
    )


@transaction.atomic
def claim_match_confirm(*, match: ClaimMatch, by: AbstractBaseUser) -> ClaimMatch:
    """Same claim: the article's statements with these words join the earlier claim; the statement's
    other open possible matches are closed as rejected (a statement makes one claim)."""
    check_user_can_link_claims(by)
    _decide(match=match, state=MatchState.CONFIRMED, by=by)
    ClaimMatch.objects.filter(
        article_id=match.article_id, fingerprint=match.fingerprint, state=MatchState.POSSIBLE
    ).update(state=MatchState.REJECTED, decided_by=by, decided_at=timezone.now())
    statements = list(_statements_with_words(match))
    old_claims = {s.claim_id for s in statements}
    Statement.objects.filter(pk__in=[s.pk for s in statements]).update(claim=match.claim, updated_at=timezone.now())
    _event(claim=match.claim, kind=ClaimEventKind.CONFIRMED, by=by, statement=match.statement, other=None)
    claims_refresh_appearances(claim_ids=old_claims | {match.claim_id})
    return match


@transaction.atomic
def claim_match_reject(*, match: ClaimMatch, by: AbstractBaseUser) -> ClaimMatch:
    """Different claim: the earlier claim is never proposed for these words in this article again."""
    check_user_can_link_claims(by)
    _decide(match=match, state=MatchState.REJECTED, by=by)
    _event(claim=match.claim, kind=ClaimEventKind.REJECTED, by=by, statement=match.statement, other=None)
    return match


def _statements_with_words(match: ClaimMatch) -> list[Statement]:
    candidates = Statement.objects.filter(article_id=match.article_id)
    return [s for s in candidates if claim_fingerprint(s.content) == match.fingerprint]


@transaction.atomic
def statement_split(*, statement: Statement, by: AbstractBaseUser) -> Claim:
    """Take a wrongly joined statement off its claim onto its speaker's own claim for its words.

    Refused for a statement that is the claim's own words and speaker: there is nothing to split from.
    The claim is remembered as rejected for these words, so re-extraction does not join them again.
    """
    check_user_can_link_claims(by)
    old = statement.claim
    fingerprint = claim_fingerprint(statement.content)
    if old.speaker_id == statement.speaker_id and old.fingerprint == fingerprint:
        raise ValidationError({"statement": "This statement is the claim's own words; split the others off instead."})
    target = claim_get_or_create(speaker=statement.speaker, text=statement.content, seen_at=statement.published_at)
    Statement.objects.filter(pk=statement.pk).update(claim=target, updated_at=timezone.now())
    statement.claim = target
    ClaimMatch.objects.update_or_create(
        article_id=statement.article_id,
        fingerprint=fingerprint,
        claim=old,
        defaults={
            "state": MatchState.REJECTED,
            "decided_by": by,
            "decided_at": timezone.now(),
            "statement": statement,
            "score": 0.0,
        },
    )
    _event(claim=old, kind=ClaimEventKind.SPLIT, by=by, statement=statement, other=target)
    _event(claim=target, kind=ClaimEventKind.SPLIT, by=by, statement=statement, other=old)
    claims_refresh_appearances(claim_ids={old.pk, target.pk})
    return target


@transaction.atomic
def claim_merge(*, claim: Claim, into: Claim, by: AbstractBaseUser) -> Claim:
    """Move every statement of `claim` to `into` and delete `claim`; its matches and history move too.

    The claim merged away must have no review (its verdict history would be lost): merge the other
    way round. Each moved statement is pinned to `into` for re-extraction.
    """
    check_user_can_link_claims(by)
    if claim.pk == into.pk:
        raise ValidationError({"into": "A claim cannot be merged into itself."})
    if claim.reviews.exists():
        raise ValidationError({"claim": "This claim has reviews; merge the other claim into it instead."})
    moved = list(claim.statements.all())
    Statement.objects.filter(claim=claim).update(claim=into, updated_at=timezone.now())
    for statement in moved:
        ClaimMatch.objects.update_or_create(
            article_id=statement.article_id,
            fingerprint=claim_fingerprint(statement.content),
            claim=into,
            defaults={"state": MatchState.CONFIRMED, "decided_by": by, "decided_at": timezone.now(), "score": 1.0},
        )
    # Questions about the merged claim become questions about the kept one, unless already asked.
    asked = set(ClaimMatch.objects.filter(claim=into).values_list("article_id", "fingerprint"))
    for match in ClaimMatch.objects.filter(claim=claim):
        if (match.article_id, match.fingerprint) not in asked:
            ClaimMatch.objects.filter(pk=match.pk).update(claim=into)
    ClaimEvent.objects.filter(claim=claim).update(claim=into)
    _event(claim=into, kind=ClaimEventKind.MERGED, by=by, statement=None, other=claim)
    Claim.objects.filter(pk=into.pk).update(first_seen_at=_earliest(into, claim))
    claim.delete()  # its remaining ClaimMatch rows (duplicates of into's) go with it
    claims_refresh_appearances(claim_ids={into.pk})
    into.refresh_from_db()
    return into


def _earliest(a: Claim, b: Claim) -> dt.datetime | None:
    seen = [t for t in (a.first_seen_at, b.first_seen_at) if t is not None]
    return min(seen) if seen else None
