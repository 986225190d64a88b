"""Earlier claims a new statement may make again: the matcher's candidates, from the database's own indexes.

Two sources, each read in one query for all of an article's statements:
- the same words said by anyone (`claim_fingerprint_idx`), however old: the commonest repeat;
- PostgreSQL full text over the archive's statements, queried with the statement's rarest words.
  Rarity is PostgreSQL's own statistic of the search vector (`pg_stats.most_common_elems`, kept by
  ANALYZE, read through search_slices.lexeme_shares): a word it does not list is rarer than every
  word it does. Any two of the rarest
  MATCH_QUERY_TERMS words must appear, and only the newest `window` such statements are ranked,
  so one statement costs about a millisecond at any archive size (common words match a tenth of a
  ten-million-row archive; ranking all of them cost seconds).
SQLite has no text index here: the newest CLAIM_MATCH_SCAN_LIMIT claims are compared by shared lemmas.
"""

from collections.abc import Sequence
from itertools import combinations

from django.conf import settings
from django.db import connection

from claims.matching import ClaimFeatures
from claims.models import Claim
from claims.search_slices import lexeme_shares

MATCH_QUERY_TERMS = 6  # rarest words looked up; pairs of them must co-occur
SAME_WORDS_PER_STATEMENT = 3  # newest claims with exactly these words, whoever said them

# The lexemes each word is indexed as (stemmed as the search vector's trigger stems it).
_LEXEMES_SQL = """
    SELECT t.word, v.lexeme FROM unnest(%s::text[]) AS t(word)
    CROSS JOIN LATERAL unnest(tsvector_to_array(to_tsvector('pg_catalog.english', t.word))) AS v(lexeme)
"""

# Members of one UNION ALL, each a subquery so that ORDER BY and LIMIT stay its own (SQLite too).
_SAME_WORDS_SQL = """
    SELECT * FROM (SELECT %s, id FROM claims_claim WHERE fingerprint = %s ORDER BY id DESC LIMIT %s) f{n}
"""
# Lexemes are alphabetic (see _query_terms), so the query string carries no operators of its own.
_TEXT_SQL = """
    SELECT * FROM (
        SELECT %s, w.claim_id, MAX(ts_rank(w.search_vector, to_tsquery('simple', %s))) AS rank FROM (
            SELECT s.claim_id, s.search_vector FROM claims_statement s
            WHERE s.search_vector @@ to_tsquery('simple', %s) AND NOT s.rejected
            ORDER BY s.id DESC LIMIT %s
        ) w GROUP BY w.claim_id ORDER BY rank DESC LIMIT %s
    ) t{n}
"""


def same_words_ids(*, fingerprints: Sequence[str]) -> list[list[int]]:
    """Per fingerprint, the newest SAME_WORDS_PER_STATEMENT claims with exactly those words, whoever
    said them, newest first; one query for all of them."""
    if not fingerprints:
        return []
    parts = [_SAME_WORDS_SQL.format(n=n) for n in range(len(fingerprints))]
    params = [value for i, fp in enumerate(fingerprints) for value in (i, fp, SAME_WORDS_PER_STATEMENT)]
    found: list[list[int]] = [[] for _ in fingerprints]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        for i, claim_id in cursor.fetchall():
            found[i].append(claim_id)
    return found


def text_search_ids(*, features: Sequence[ClaimFeatures], limit: int, window: int) -> list[list[int]]:
    """Per statement, at most `limit` claims whose statements share its rarest words, best ranked
    first, among the newest `window` such statements; one query for all of them. SQLite: from the
    scan of recent claims (`_candidate_ids_scan`)."""
    if not features:
        return []
    if connection.vendor != "postgresql":
        return _candidate_ids_scan(features, limit)
    parts, params = [], []
    for i, query in enumerate(_query_terms(features)):
        if query:
            parts.append(_TEXT_SQL.format(n=len(parts)))
            params += [i, query, query, window, limit]
    found: list[list[int]] = [[] for _ in features]
    if parts:
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts) + " ORDER BY 1, 3 DESC, 2 DESC", params)
            for i, claim_id, _rank in cursor.fetchall():
                found[i].append(claim_id)
    return found


def _query_terms(features: Sequence[ClaimFeatures]) -> list[str | None]:
    """Per statement: "a & b | a & c | ..." over its MATCH_QUERY_TERMS rarest lexemes, or None.

    Lexemes come from the words as written and their lemmas, stemmed as the search vector is
    ("fell" is indexed as written; its lemma "fall" alone would find only "fall" and "falls")."""
    words = sorted(set().union(*(f.lemmas | f.words for f in features)))
    shares = lexeme_shares()
    lexemes: dict[str, list[tuple[float, str]]] = {}
    if words:
        with connection.cursor() as cursor:
            cursor.execute(_LEXEMES_SQL, [words])
            for word, lexeme in cursor.fetchall():
                if lexeme.isalpha():
                    lexemes.setdefault(word, []).append((float(shares.get(lexeme, 0.0)), lexeme))
    queries: list[str | None] = []
    for f in features:
        found = {lexeme: freq for word in f.lemmas | f.words for freq, lexeme in lexemes.get(word, [])}
        rarest = sorted(found, key=lambda lexeme: (found[lexeme], -len(lexeme), lexeme))[:MATCH_QUERY_TERMS]
        queries.append(" | ".join(f"{a} & {b}" for a, b in combinations(rarest, 2)) or None)
    return queries


def _candidate_ids_scan(features: Sequence[ClaimFeatures], limit: int) -> list[list[int]]:
    """SQLite: per statement, the newest CLAIM_MATCH_SCAN_LIMIT claims sharing the most lemmas (two at least)."""
    recent = []
    for pk, stored in Claim.objects.order_by("-id").values_list("pk", "match_features")[
        : settings.CLAIM_MATCH_SCAN_LIMIT
    ]:
        parsed = ClaimFeatures.from_json(stored)
        if parsed is not None:
            recent.append((pk, parsed.lemmas))
    out = []
    for f in features:
        need = min(2, len(f.lemmas))
        shared = sorted(((len(f.lemmas & lemmas), pk) for pk, lemmas in recent), reverse=True)[:limit]
        out.append([pk for count, pk in shared if count >= need and count > 0])
    return out
