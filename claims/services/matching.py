"""Claim matching against the archive: candidates from the database, the scorer's decision applied.

`claims_match_statements` runs inside `article_store_statements`: for each new statement it returns
the claim to link (an editor's earlier answer first, then the speaker's own claim with the same
words, then the scorer's best candidate above `upper`, else a new claim) and the possible matches
to put to an editor. `claim_matches_record` stores those after the statements exist.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from django.conf import settings

from claims.matching import (
    MATCH,
    POSSIBLE,
    ClaimFeatures,
    MatchSettings,
    Score,
    Side,
    features_for_texts,
    load_lexicon,
    score_features,
)
from claims.models import Claim, ClaimMatch, MatchState, Speaker, Statement
from claims.services.match_candidates import same_words_ids, text_search_ids
from claims.services.speakers import normalize_name
from sources.models import Article

if TYPE_CHECKING:
    from spacy.language import Language

POSSIBLE_PER_STATEMENT = 3  # an editor is asked about the best few, not every weak candidate


def match_settings() -> MatchSettings:
    """The scorer's weights and thresholds from settings.CLAIM_MATCHING (a ValueError names junk keys)."""
    return MatchSettings.from_dict(settings.CLAIM_MATCHING)


@cache
def matching_nlp() -> "Language":
    """The spaCy pipeline for match features: lemmas, the parse (negation) and entities, once per process."""
    import spacy  # the web process never matches: keep spaCy out of its imports

    return spacy.load(settings.SPACY_MODEL)


@dataclass
class MatchOutcome:
    """The claim a new statement links to, and earlier claims an editor should compare it with."""

    claim: Claim
    fingerprint: str
    possible: list[tuple[int, Score]] = field(default_factory=list)  # (claim id, score), best first


@dataclass
class _Decisions:
    confirmed: int | None = None
    rejected: set[int] = field(default_factory=set)
    asked: set[int] = field(default_factory=set)


def _decisions(article_id: int) -> dict[str, _Decisions]:
    by_fingerprint: dict[str, _Decisions] = {}
    for fingerprint, claim_id, state in ClaimMatch.objects.filter(article_id=article_id).values_list(
        "fingerprint", "claim_id", "state"
    ):
        decision = by_fingerprint.setdefault(fingerprint, _Decisions())
        decision.asked.add(claim_id)
        if state == MatchState.CONFIRMED:
            decision.confirmed = claim_id
        elif state == MatchState.REJECTED:
            decision.rejected.add(claim_id)
    return by_fingerprint


def side_for(*, features: ClaimFeatures, speaker: Speaker) -> Side:
    """The scorer's view of a statement: its features and who said it (name, organisation from role)."""
    return Side(features=features, speaker=normalize_name(speaker.name), organisation=normalize_name(speaker.role))


def candidate_sides(claim_ids: set[int], known: dict[int, Side] | None = None) -> dict[int, Side]:
    """The scorer's view of each claim (features and speaker), read as plain rows; `known` ones are
    not read again. Claims stored without features (seeded, or older) are parsed and saved once."""
    sides = dict(known or {})
    missing: list[tuple[int, str, str, str | None]] = []
    rows = Claim.objects.filter(pk__in=claim_ids - sides.keys()).values_list(
        "pk", "text", "match_features", "speaker__name", "speaker__role"
    )
    for pk, text, stored, name, role in rows:
        features = ClaimFeatures.from_json(stored)
        if features is None:
            missing.append((pk, text, name, role))
        else:
            sides[pk] = Side(features=features, speaker=normalize_name(name), organisation=normalize_name(role))
    parsed = features_for_texts([text for _, text, _, _ in missing], matching_nlp()) if missing else []
    for (pk, _, name, role), features in zip(missing, parsed, strict=True):
        Claim.objects.filter(pk=pk).update(match_features=features.to_json())
        sides[pk] = Side(features=features, speaker=normalize_name(name), organisation=normalize_name(role))
    return sides


def _scored(side: Side, claim_ids: Sequence[int], sides: dict[int, Side]) -> list[tuple[Score, int]]:
    """The candidates scored against the statement, best first (ties: the older claim)."""
    lexicon, scorer_settings = load_lexicon(), match_settings()
    scored = [
        (score_features(side, sides[pk], lexicon=lexicon, settings=scorer_settings), pk)
        for pk in dict.fromkeys(claim_ids)
        if pk in sides
    ]
    return sorted(scored, key=lambda pair: (-pair[0].value, pair[1]))


def _best_candidates(
    statements: Sequence[tuple[Side, str, set[int]]], always: set[int]
) -> list[list[tuple[Score, int]]]:
    """Per (side, fingerprint, rejected claim ids): earlier claims scored, best first.

    The same words said by anyone are scored first; text search (the costly part) runs only for
    statements they did not settle with a match."""
    same = same_words_ids(fingerprints=[fingerprint for _, fingerprint, _ in statements])
    rows = [
        [pk for pk in [*ids, *always] if pk not in rejected]
        for ids, (_, _, rejected) in zip(same, statements, strict=True)
    ]
    sides = candidate_sides(set().union(*rows))
    best = [_scored(side, row, sides) for row, (side, _, _) in zip(rows, statements, strict=True)]
    unsettled = [k for k, scored in enumerate(best) if not scored or scored[0][0].decision != MATCH]
    found = text_search_ids(
        features=[statements[k][0].features for k in unsettled],
        limit=settings.CLAIM_MATCH_CANDIDATES,
        window=settings.CLAIM_MATCH_WINDOW,
    )
    sides = candidate_sides(set().union(*found), known=sides)
    for k, ids in zip(unsettled, found, strict=True):
        rejected = statements[k][2]
        best[k] = _scored(statements[k][0], [*rows[k], *(pk for pk in ids if pk not in rejected)], sides)
    return best


def claims_match_statements(
    *,
    article: Article,
    items: Sequence[tuple[Speaker, str, ClaimFeatures | None]],
    fingerprints: Sequence[str],
    seen_at: dt.datetime,
    previous_claim_ids: set[int],
) -> list[MatchOutcome]:
    """For each (speaker, words, features) the claim to link and the possible matches (see the module
    docstring). Features are the extractor's, read from the article's own parse; a statement given
    without them (None) is parsed here.

    New claims are created here, with their features stored for later matching. The article's
    claims from before re-extraction are always candidates, so re-extraction lands where it was.
    """
    decisions = _decisions(article.pk)
    outcomes: list[MatchOutcome | None] = [None] * len(items)
    to_score: list[int] = []
    existing = _existing_claims(items, fingerprints)
    for i, ((speaker, _text, _features), fingerprint) in enumerate(zip(items, fingerprints, strict=True)):
        decided = decisions.get(fingerprint, _Decisions())
        if decided.confirmed is not None and (pinned := Claim.objects.filter(pk=decided.confirmed).first()):
            outcomes[i] = MatchOutcome(claim=pinned, fingerprint=fingerprint)
        elif (own := existing.get((speaker.pk, fingerprint))) is not None:
            outcomes[i] = MatchOutcome(claim=own, fingerprint=fingerprint)
        else:
            to_score.append(i)
    if not to_score:
        return outcomes  # type: ignore[return-value]
    features = _features_for([items[i] for i in to_score])
    statements = [
        (
            side_for(features=own, speaker=items[i][0]),
            fingerprints[i],
            decisions.get(fingerprints[i], _Decisions()).rejected,
        )
        for i, own in zip(to_score, features, strict=True)
    ]
    best = _best_candidates(statements, previous_claim_ids)
    matched = Claim.objects.in_bulk({scored[0][1] for scored in best if scored and scored[0][0].decision == MATCH})
    for i, own_features, scored in zip(to_score, features, best, strict=True):
        speaker, text, _ = items[i]
        if (own := existing.get((speaker.pk, fingerprints[i]))) is not None:
            # The same words said twice in this article: the first time made the claim.
            outcomes[i] = MatchOutcome(claim=own, fingerprint=fingerprints[i])
            continue
        if scored and scored[0][0].decision == MATCH:
            outcomes[i] = MatchOutcome(claim=matched[scored[0][1]], fingerprint=fingerprints[i])
            continue
        claim, _ = Claim.objects.get_or_create(
            speaker=speaker,
            fingerprint=fingerprints[i],
            defaults={"text": text, "first_seen_at": seen_at, "match_features": own_features.to_json()},
        )
        existing[(speaker.pk, fingerprints[i])] = claim
        possible = [(pk, s) for s, pk in scored if s.decision == POSSIBLE and pk != claim.pk]
        outcomes[i] = MatchOutcome(claim=claim, fingerprint=fingerprints[i], possible=possible[:POSSIBLE_PER_STATEMENT])
    return outcomes  # type: ignore[return-value]


def _features_for(items: Sequence[tuple[Speaker, str, ClaimFeatures | None]]) -> list[ClaimFeatures]:
    missing = [text for _, text, features in items if features is None]
    parsed = iter(features_for_texts(missing, matching_nlp()) if missing else [])
    return [features if features is not None else next(parsed) for _, _, features in items]


def _existing_claims(
    items: Sequence[tuple[Speaker, str, ClaimFeatures | None]], fingerprints: Sequence[str]
) -> dict[tuple[int, str], Claim]:
    speaker_ids = {speaker.pk for speaker, _, _ in items}
    rows = Claim.objects.filter(speaker_id__in=speaker_ids, fingerprint__in=set(fingerprints))
    return {(c.speaker_id, c.fingerprint): c for c in rows}


def claim_matches_record(
    *, article: Article, statements: Sequence[Statement], outcomes: Sequence[MatchOutcome]
) -> None:
    """Store new possible matches once, and point every decision of this article at its current statement."""
    by_fingerprint = {o.fingerprint: s for s, o in zip(statements, outcomes, strict=True)}
    ClaimMatch.objects.bulk_create(
        [
            ClaimMatch(
                article=article,
                fingerprint=outcome.fingerprint,
                statement=statement,
                claim_id=candidate,
                score=score.value,
                signals=score.signals,
            )
            for statement, outcome in zip(statements, outcomes, strict=True)
            for candidate, score in outcome.possible
        ],
        ignore_conflicts=True,  # asked before (possible, confirmed or rejected): never asked again
    )
    for match in ClaimMatch.objects.filter(article=article, statement__isnull=True):
        statement = by_fingerprint.get(match.fingerprint)
        if statement is not None:
            ClaimMatch.objects.filter(pk=match.pk).update(statement=statement)
