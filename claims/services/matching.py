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
from itertools import combinations
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import connection

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
from claims.services.speakers import normalize_name
from sources.models import Article

if TYPE_CHECKING:
    from spacy.language import Language

POSSIBLE_PER_STATEMENT = 3  # an editor is asked about the best few, not every weak candidate
QUERY_TERMS = 8  # longest content lemmas used to look up candidates


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
    possible: list[tuple[Claim, Score]] = field(default_factory=list)


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


CANDIDATE_WINDOW = 2000


def _tsquery(lemmas: frozenset[str]) -> str | None:
    """At least two of the statement's longest words: "(a & b) | (a & c) | ...", or None if too few."""
    terms = sorted(lemmas, key=lambda w: (-len(w), w))[:QUERY_TERMS]
    if len(terms) < 2:
        return None
    return " | ".join(f"({a} & {b})" for a, b in combinations(terms, 2))


def _candidate_ids_postgres(features: ClaimFeatures, limit: int) -> list[int]:
    query = _tsquery(features.lemmas)
    if query is None:
        return []
    # Lemmas are alphabetic only (features_from_doc), so the query string cannot carry operators.
    # Only the newest CANDIDATE_WINDOW matching statements are ranked: common words match tens of
    # thousands of rows in a large archive, and ranking all of them cost 4.4 s a statement at 1M
    # statements; the window costs ~65 ms there, and a repeat is most often of a recent claim.
    sql = """
        SELECT w.claim_id FROM (
            SELECT s.claim_id, s.search_vector FROM claims_statement s
            WHERE s.search_vector @@ to_tsquery('pg_catalog.english', %s) AND NOT s.rejected
            ORDER BY s.id DESC LIMIT %s
        ) w, to_tsquery('pg_catalog.english', %s) q
        GROUP BY w.claim_id ORDER BY MAX(ts_rank(w.search_vector, q)) DESC LIMIT %s
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [query, CANDIDATE_WINDOW, query, limit])
        return [row[0] for row in cursor.fetchall()]


def _recent_claims_sqlite() -> dict[int, frozenset[str]]:
    """SQLite: the newest CLAIM_MATCH_SCAN_LIMIT claims' lemmas, a bounded stand-in for a text index."""
    rows = Claim.objects.order_by("-id").values_list("pk", "match_features")[: settings.CLAIM_MATCH_SCAN_LIMIT]
    out = {}
    for pk, stored in rows:
        features = ClaimFeatures.from_json(stored)
        if features is not None:
            out[pk] = features.lemmas
    return out


def _candidate_ids_scan(features: ClaimFeatures, recent: dict[int, frozenset[str]], limit: int) -> list[int]:
    need = min(2, len(features.lemmas))
    shared = [(len(features.lemmas & lemmas), pk) for pk, lemmas in recent.items()]
    return [pk for count, pk in sorted(shared, reverse=True)[:limit] if count >= need and count > 0]


def candidate_claims(features: Sequence[ClaimFeatures], always: set[int]) -> list[list[Claim]]:
    """Candidate claims per statement, with speakers and stored features, from one claims query.

    Claims stored without features (seeded, or older) are parsed and saved on first use."""
    limit = settings.CLAIM_MATCH_CANDIDATES
    if connection.vendor == "postgresql":
        ids = [_candidate_ids_postgres(f, limit) for f in features]
    else:
        recent = _recent_claims_sqlite()
        ids = [_candidate_ids_scan(f, recent, limit) for f in features]
    wanted = set().union(*ids, always) if ids else set(always)
    claims = {c.pk: c for c in Claim.objects.select_related("speaker").filter(pk__in=wanted)}
    _fill_features([c for c in claims.values() if ClaimFeatures.from_json(c.match_features) is None])
    return [[claims[pk] for pk in dict.fromkeys([*row, *always]) if pk in claims] for row in ids]


def _fill_features(claims: list[Claim]) -> None:
    """Parse claims stored before matching existed (or by an older FEATURES_VERSION), once."""
    if not claims:
        return
    for claim, features in zip(claims, features_for_texts([c.text for c in claims], matching_nlp()), strict=True):
        claim.match_features = features.to_json()
        Claim.objects.filter(pk=claim.pk).update(match_features=claim.match_features)


def claims_match_statements(
    *,
    article: Article,
    items: Sequence[tuple[Speaker, str]],
    fingerprints: Sequence[str],
    seen_at: dt.datetime,
    previous_claim_ids: set[int],
) -> list[MatchOutcome]:
    """For each (speaker, words) the claim to link and the possible matches (see the module docstring).

    New claims are created here, with their parsed features stored for later matching. The article's
    claims from before re-extraction are always candidates, so re-extraction lands where it was.
    """
    decisions = _decisions(article.pk)
    outcomes: list[MatchOutcome | None] = [None] * len(items)
    to_score: list[int] = []
    existing = _existing_claims(items, fingerprints)
    for i, ((speaker, _text), fingerprint) in enumerate(zip(items, fingerprints, strict=True)):
        decided = decisions.get(fingerprint, _Decisions())
        if decided.confirmed is not None and (pinned := Claim.objects.filter(pk=decided.confirmed).first()):
            outcomes[i] = MatchOutcome(claim=pinned, fingerprint=fingerprint)
        elif (own := existing.get((speaker.pk, fingerprint))) is not None:
            outcomes[i] = MatchOutcome(claim=own, fingerprint=fingerprint)
        else:
            to_score.append(i)
    if not to_score:
        return outcomes  # type: ignore[return-value]
    features = features_for_texts([items[i][1] for i in to_score], matching_nlp())
    candidates = candidate_claims(features, previous_claim_ids)
    lexicon, scorer_settings = load_lexicon(), match_settings()
    for i, own_features, row in zip(to_score, features, candidates, strict=True):
        speaker, text = items[i]
        if (own := existing.get((speaker.pk, fingerprints[i]))) is not None:
            # The same words said twice in this article: the first time made the claim.
            outcomes[i] = MatchOutcome(claim=own, fingerprint=fingerprints[i])
            continue
        decided = decisions.get(fingerprints[i], _Decisions())
        side = side_for(features=own_features, speaker=speaker)
        scored = sorted(
            (
                (
                    score_features(
                        side, side_for(features=f, speaker=c.speaker), lexicon=lexicon, settings=scorer_settings
                    ),
                    c,
                )
                for c in row
                if c.pk not in decided.rejected and (f := ClaimFeatures.from_json(c.match_features)) is not None
            ),
            key=lambda pair: (-pair[0].value, pair[1].pk),
        )
        if scored and scored[0][0].decision == MATCH:
            outcomes[i] = MatchOutcome(claim=scored[0][1], fingerprint=fingerprints[i])
            continue
        claim, _ = Claim.objects.get_or_create(
            speaker=speaker,
            fingerprint=fingerprints[i],
            defaults={"text": text, "first_seen_at": seen_at, "match_features": own_features.to_json()},
        )
        existing[(speaker.pk, fingerprints[i])] = claim
        possible = [(c, s) for s, c in scored if s.decision == POSSIBLE and c.pk != claim.pk]
        outcomes[i] = MatchOutcome(claim=claim, fingerprint=fingerprints[i], possible=possible[:POSSIBLE_PER_STATEMENT])
    return outcomes  # type: ignore[return-value]


def _existing_claims(items: Sequence[tuple[Speaker, str]], fingerprints: Sequence[str]) -> dict[tuple[int, str], Claim]:
    speaker_ids = {speaker.pk for speaker, _ in items}
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
                claim=candidate,
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
