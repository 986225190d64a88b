"""Matching when extraction stores statements; editors' decisions, splits and merges, kept and audited."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from claims.extraction import ExtractedStatement
from claims.models import Claim, ClaimEvent, ClaimMatch, ClaimStatus, MatchState, Statement
from claims.services import article_store_statements, claim_set_status
from claims.services.tracking import (
    MatchAlreadyDecided,
    claim_match_confirm,
    claim_match_reject,
    claim_merge,
    statement_split,
)
from sources.models import ExtractionStatus
from tests.factories import ArticleFactory

HALVED = "Waiting lists were halved under the last Labour government."
CUT_BY_HALF = "We cut waiting lists by half when Labour was last in power."
FALLEN = "Waiting lists have fallen for six months in a row."


def _article(days_ago: int, *sentences: str):
    return ArticleFactory(text=" ".join(sentences), published_at=timezone.now() - dt.timedelta(days=days_ago))


def store(article, *said: tuple[str, str], features=None) -> list[Statement]:
    """Store (speaker, words) statements found in the article's text, as an extraction run would;
    `features`, one per statement, are the matcher's features as the extractor reads them."""
    items = []
    for n, (speaker, words) in enumerate(said):
        start = article.text.index(words)
        items.append(
            ExtractedStatement(
                speaker=speaker,
                speaker_kind="person",
                speaker_aliases=(),
                speaker_role=None,
                content=words,
                start=start,
                end=start + len(words),
                kind="direct",
                cue="said",
                paragraph=0,
                confidence=0.9,
                evidence_hint=None,
                evidence_cue=None,
                match_features=features[n] if features else None,
            )
        )
    type(article).objects.filter(pk=article.pk).update(
        extraction_status=ExtractionStatus.RUNNING, extraction_task_id="run"
    )
    assert article_store_statements(article_id=article.pk, task_id="run", extracted=items)
    return list(Statement.objects.filter(article=article).order_by("start"))


@pytest.fixture
def first(db):
    article = _article(10, HALVED, FALLEN)
    store(article, ("Keir Starmer", HALVED), ("Keir Starmer", FALLEN))
    return article


def test_another_speaker_repeating_a_claim_joins_it_as_an_appearance(first):
    earlier = Statement.objects.get(article=first, content=FALLEN).claim
    later_article = _article(2, FALLEN)
    [statement] = store(later_article, ("Wes Streeting", FALLEN))

    assert statement.claim_id == earlier.pk
    assert statement.speaker.name == "Wes Streeting"
    earlier.refresh_from_db()
    assert earlier.appearance_count == 2
    assert earlier.last_seen_at == later_article.published_at
    assert earlier.first_seen_at == first.published_at


def test_a_changed_figure_is_a_new_claim_with_no_question(db):
    store(_article(5, "Net migration hit 906,000 last year."), ("Nigel Farage", "Net migration hit 906,000 last year."))
    [later] = store(
        _article(1, "Net migration hit 685,000 last year."), ("Nigel Farage", "Net migration hit 685,000 last year.")
    )
    assert Claim.objects.count() == 2
    assert not ClaimMatch.objects.filter(article=later.article).exists()


def test_a_paraphrase_is_a_possible_match_for_an_editor(first):
    [statement] = store(_article(1, CUT_BY_HALF), ("Keir Starmer", CUT_BY_HALF))
    match = ClaimMatch.objects.get(article=statement.article)

    assert match.state == MatchState.POSSIBLE
    assert match.claim == Statement.objects.get(article=first, content=HALVED).claim
    assert match.statement == statement
    assert statement.claim_id != match.claim_id  # its own claim until an editor decides
    assert 0.5 <= match.score < 0.8
    assert "words" in match.signals


def test_a_rejected_match_is_never_asked_again_even_after_re_extraction(first, editor):
    article = _article(1, CUT_BY_HALF)
    store(article, ("Keir Starmer", CUT_BY_HALF))
    match = ClaimMatch.objects.get(article=article)
    claim_match_reject(match=match, by=editor)

    [again] = store(article, ("Keir Starmer", CUT_BY_HALF))
    match.refresh_from_db()
    assert ClaimMatch.objects.filter(article=article).count() == 1
    assert match.state == MatchState.REJECTED
    assert match.decided_by == editor
    assert match.statement == again  # re-pointed at the re-extracted statement
    assert again.claim_id != match.claim_id
    assert ClaimEvent.objects.filter(claim=match.claim, kind="rejected", by=editor).exists()


def test_a_confirmed_match_joins_the_claim_and_survives_re_extraction(first, editor):
    article = _article(1, CUT_BY_HALF)
    [statement] = store(article, ("Keir Starmer", CUT_BY_HALF))
    own_claim_id = statement.claim_id
    match = ClaimMatch.objects.get(article=article)
    claim_match_confirm(match=match, by=editor)

    statement.refresh_from_db()
    assert statement.claim_id == match.claim_id
    assert not Claim.objects.filter(pk=own_claim_id).exists()  # nothing else said it
    assert Claim.objects.get(pk=match.claim_id).appearance_count == 2
    [again] = store(article, ("Keir Starmer", CUT_BY_HALF))
    assert again.claim_id == match.claim_id
    with pytest.raises(MatchAlreadyDecided):
        claim_match_reject(match=match, by=editor)


def test_only_editors_decide_matches(first, reporter):
    article = _article(1, CUT_BY_HALF)
    store(article, ("Keir Starmer", CUT_BY_HALF))
    match = ClaimMatch.objects.get(article=article)
    with pytest.raises(PermissionDenied):
        claim_match_confirm(match=match, by=reporter)
    match.refresh_from_db()
    assert match.state == MatchState.POSSIBLE


def test_split_takes_an_appearance_off_and_re_extraction_does_not_join_it_again(first, editor):
    earlier = Statement.objects.get(article=first, content=FALLEN).claim
    article = _article(1, FALLEN)
    [joined] = store(article, ("Wes Streeting", FALLEN))
    assert joined.claim_id == earlier.pk

    own = statement_split(statement=joined, by=editor)
    assert own.pk != earlier.pk
    assert own.speaker.name == "Wes Streeting"
    earlier.refresh_from_db()
    assert earlier.appearance_count == 1
    assert ClaimEvent.objects.filter(claim=earlier, kind="split", statement=joined, other_claim_id=own.pk).exists()

    [again] = store(article, ("Wes Streeting", FALLEN))
    assert again.claim_id == own.pk


def test_a_claims_own_words_cannot_be_split_off(first, editor):
    statement = Statement.objects.get(article=first, content=FALLEN)
    with pytest.raises(ValidationError):
        statement_split(statement=statement, by=editor)


def test_merge_moves_appearances_pins_them_and_is_audited(first, editor):
    kept = Statement.objects.get(article=first, content=HALVED).claim
    article = _article(1, CUT_BY_HALF)
    [statement] = store(article, ("Keir Starmer", CUT_BY_HALF))
    merged_away, merged_id = statement.claim, statement.claim_id

    result = claim_merge(claim=merged_away, into=kept, by=editor)
    assert result.appearance_count == 2
    assert not Claim.objects.filter(pk=merged_id).exists()
    event = ClaimEvent.objects.get(claim=kept, kind="merged")
    assert (event.other_claim_id, event.other_claim_text, event.by) == (merged_id, CUT_BY_HALF, editor)

    [again] = store(article, ("Keir Starmer", CUT_BY_HALF))
    assert again.claim_id == kept.pk


def test_a_reviewed_claim_is_not_merged_away(first, editor):
    halved = Statement.objects.get(article=first, content=HALVED).claim
    fallen = Statement.objects.get(article=first, content=FALLEN).claim
    claim_set_status(claim=halved, status=ClaimStatus.EVIDENCED, by=editor, expected_version=1)
    with pytest.raises(ValidationError):
        claim_merge(claim=halved, into=fallen, by=editor)
    with pytest.raises(ValidationError):
        claim_merge(claim=fallen, into=fallen, by=editor)
    assert Statement.objects.filter(claim=halved).count() == 1


def test_a_contested_claim_said_again_is_a_repeat_until_reviewed_again(first, editor):
    claim = Statement.objects.get(article=first, content=FALLEN).claim
    claim_set_status(claim=claim, status=ClaimStatus.CONTESTED, by=editor, expected_version=1)
    claim.refresh_from_db()
    assert claim.repeat is False

    store(_article(1, FALLEN), ("Wes Streeting", FALLEN))
    claim.refresh_from_db()
    assert claim.repeat is True

    claim_set_status(claim=claim, status=ClaimStatus.CONTESTED, note="Still wrong.", by=editor, expected_version=2)
    claim.refresh_from_db()
    assert claim.repeat is False


def test_an_evidenced_claim_said_again_is_not_a_repeat(first, editor):
    claim = Statement.objects.get(article=first, content=FALLEN).claim
    claim_set_status(claim=claim, status=ClaimStatus.EVIDENCED, by=editor, expected_version=1)
    store(_article(1, FALLEN), ("Wes Streeting", FALLEN))
    claim.refresh_from_db()
    assert claim.repeat is False
    assert claim.appearance_count == 2
