"""Speaker reads: the list with statement counts, one speaker, typo-tolerant search."""

import difflib
from collections.abc import Iterable
from typing import Any

from django.db import connection
from django.db.models import F, Prefetch, Q, QuerySet
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from claims.extraction.lexicon import HONORIFICS, ROLE_NOUNS, TITLE_ABBREVIATIONS
from claims.models import Speaker, SpeakerAlias
from claims.permissions import user_can_read
from claims.selectors.common import User
from claims.services.speakers import normalize_name, speaker_recounts

# How many speakers a search box suggests, and how many aliases the SQLite fuzzy match compares.
SPEAKER_SUGGESTIONS = 8
FUZZY_CANDIDATES = 2000
FUZZY_MIN_RATIO = 0.75


def speaker_list(*, user: User) -> QuerySet[Speaker]:
    """Speakers with their stored statement count (Speaker.statement_count), aliases prefetched."""
    if not user_can_read(user):
        return Speaker.objects.none()
    return Speaker.objects.prefetch_related(
        Prefetch("aliases", queryset=SpeakerAlias.objects.order_by("name"))
    ).order_by("name", "id")


def speaker_counts_drift() -> QuerySet[Speaker]:
    """Speakers whose stored counts disagree with a recount (services.speakers.speakers_refresh_counts
    keeps them): empty when every write went through the services. Reads every speaker's rows."""
    recounts = speaker_recounts()
    drifted = Q()
    for field in recounts:
        drifted |= ~Q(**{field: F(f"recount_{field}")})
    return (
        Speaker.objects.annotate(**{f"recount_{field}": value for field, value in recounts.items()})
        .filter(drifted)
        .order_by("pk")
    )


def speaker_get(*, user: User, slug: str) -> Speaker | None:
    return speaker_list(user=user).filter(slug=slug).first()


def speaker_search(*, user: User, query: str, limit: int = SPEAKER_SUGGESTIONS) -> list[Speaker]:
    """Speakers whose name or any alias matches `query`, tolerating typos; best match first.

    PostgreSQL: trigram word similarity over the distinct alias names (a GIN trigram index serves
    %>), then the speakers holding the best names. SQLite: substring match, then difflib over
    aliases sharing a word's first letter.
    """
    ids = speaker_search_ids(user=user, query=query, limit=limit)
    # Suggestions and filters show a name, role and link: the aliases are not read.
    speakers = speaker_list(user=user).prefetch_related(None).in_bulk(ids)
    return [speakers[pk] for pk in ids if pk in speakers]


def speaker_search_ids(*, user: User, query: str, limit: int = SPEAKER_SUGGESTIONS) -> list[int]:
    """speaker_search's ranking alone: ids, best match first (a caller paging the results reads
    only the page's speakers, with speaker_rows_in_order)."""
    norm = normalize_name(query)
    if not norm or not user_can_read(user):
        return []
    return _speaker_ids_trigram(norm, limit) if connection.vendor == "postgresql" else _speaker_ids_fuzzy(norm, limit)


def speaker_rows_in_order(*, user: User, ids: list[int]) -> list[dict[str, Any]]:
    """The speakers with these ids, in the order given, as plain rows for the API's speaker search:
    each speaker's columns and `aliases`, the alias names ordered by name as speaker_list prefetches
    them. Two queries and no model instances: a page of 25 speakers with their ~80 aliases took 4 ms
    as prefetched model instances."""
    if not user_can_read(user) or not ids:
        return []
    columns = ("id", "name", "slug", "kind", "role", "statement_count", "created_at")
    rows = {row["id"]: {**row, "aliases": []} for row in Speaker.objects.filter(pk__in=ids).values(*columns)}
    aliases = SpeakerAlias.objects.filter(speaker_id__in=ids).order_by("name").values_list("speaker_id", "name")
    for speaker_id, name in aliases:
        rows[speaker_id]["aliases"].append(name)
    return [rows[pk] for pk in ids if pk in rows]


# A one-word name this short ("prk" for Park, after "Dr") is never retried at the lower threshold:
# half of its four or five trigrams are the first letters and the end of a word, which thousands of
# names share (60 ms at 10M statements, for a list led by names that merely start "pr"). Its one-edit
# variants are all it gets.
SHORT_WORD = 4

# pg_trgm's word similarity threshold is 0.6. A name misspelt twice ("vladimr puttin" ~ "vladimir
# putin") scores 0.58, so a search that finds nothing retries at this lower one. Only then: a long
# query at 0.5 matches thousands of aliases sharing its title words ("defence minister ..."),
# 300 ms instead of 14 ms at 1M statements.
TRIGRAM_RETRY_THRESHOLD = 0.5


def name_part(norm: str) -> str:
    """A normalised speaker query without the office and titles before the name: "defence minister
    yuki levi" -> "yuki levi". Offices are shared by thousands of aliases ("police commissioner ..."),
    so their trigrams make a typo search rank half the alias table. An office may be misspelt too
    ("opposition eader lars levi"): a word of five letters or more within one edit of an office word
    counts. A query that is all office, or ends in an office word ("john major"), is returned whole."""
    words = norm.split()
    last = max((k for k, w in enumerate(words[:-1]) if _is_office(w.rstrip("."))), default=-1)
    return " ".join(words[last + 1 :]) if last >= 0 else norm


_OFFICE_WORDS = ROLE_NOUNS | TITLE_ABBREVIATIONS | frozenset(HONORIFICS)


def _is_office(word: str) -> bool:
    if word in _OFFICE_WORDS:
        return True
    return (
        len(word) >= 5
        and process.extractOne(word, _OFFICE_WORDS, scorer=Levenshtein.distance, score_cutoff=1) is not None
    )


# Best distinct names scored before joining back to speakers: a name is shared by up to thousands of
# speakers, and the best `limit` speakers all hold one of the best few names.
NAMES_SCORED = 4 * SPEAKER_SUGGESTIONS

# Candidates by the name alone (one operator: a substring already has word similarity 1); the
# office still ranks them ("police commissioner robert wilson"). Distinct names (claims_alias_name,
# migration 0012), then each name's first speakers by id through alias_normalized_speaker_idx.
# Rows come best score first, then speaker id: the first occurrence of a speaker is their best,
# and the names arrive sorted by score, so PostgreSQL stops joining once it has enough rows.
_TRIGRAM_SQL = """
    SELECT n.score, a.speaker_id FROM (
        SELECT normalized, word_similarity(%s, normalized) + similarity(normalized, %s) AS score
        FROM claims_alias_name WHERE normalized %%> %s
        ORDER BY score DESC, normalized LIMIT %s
    ) n CROSS JOIN LATERAL (
        SELECT speaker_id FROM claims_speakeralias a WHERE a.normalized = n.normalized ORDER BY speaker_id LIMIT %s
    ) a
    ORDER BY n.score DESC, a.speaker_id LIMIT %s
"""


# The retry's statements in one round trip: several statements in one execute run as one implicit
# transaction, so SET LOCAL ends with them; inside an enclosing transaction the last SET restores
# the threshold for the rest of it.
_RETRY_SQL = (
    f"SET LOCAL pg_trgm.word_similarity_threshold = {TRIGRAM_RETRY_THRESHOLD}; {_TRIGRAM_SQL}; "
    "SET LOCAL pg_trgm.word_similarity_threshold TO DEFAULT"
)


def _speaker_ids_trigram(norm: str, limit: int) -> list[int]:
    name = name_part(norm)
    one_word = " " not in name
    short = one_word and len(name) <= SHORT_WORD
    names = max(NAMES_SCORED, limit)
    rows_wanted = 2 * limit  # slack for speakers holding several of the best names
    while True:
        params = [name, norm, name, names, limit, rows_wanted]
        with connection.cursor() as cursor:
            cursor.execute(_TRIGRAM_SQL, params)
            rows = cursor.fetchall()
            if not rows and one_word:
                rows = _one_edit_rows(cursor, name, limit=limit, rows_wanted=rows_wanted)
            if not rows and not short:
                cursor.execute(_RETRY_SQL, params)
                cursor.nextset()  # past the SET, to the SELECT's rows
                rows = cursor.fetchall()
        ranked = list(dict.fromkeys(speaker_id for _, speaker_id in rows))
        if len(ranked) >= limit or len(rows) < rows_wanted:
            return ranked[:limit]
        rows_wanted *= 4  # many repeats among the best rows: read further


# A surname with two letters swapped ("kovcas") shares only its first trigrams with the name
# (word similarity 0.43), below any threshold that stays cheap for every word typed into search, and
# one with a letter dropped ("cambell", 0.55) only clears the lower retry threshold. For one word, its
# one-edit variants (Norvig's spelling-corrector candidates: the word with a letter deleted, added,
# replaced or two neighbours swapped) are looked up exactly, as whole names and as their last word
# (migration 0014): several hundred probes of two btree indexes, shortest names first. That runs
# before the retry: an exact one-edit match is the likelier name, and at 10M statements the lookup
# costs 4 ms against the retry's 6.
# https://norvig.com/spell-correct.html
_ONE_EDIT_SQL = """
    SELECT 1.0, a.speaker_id FROM (
        SELECT DISTINCT length(normalized) AS size, normalized FROM unnest(%s::text[]) v(word) CROSS JOIN LATERAL (
            SELECT normalized FROM claims_alias_name WHERE normalized = v.word
            UNION ALL
            (SELECT normalized FROM claims_alias_name WHERE split_part(normalized, ' ', -1) = v.word
             ORDER BY length(normalized), normalized LIMIT %s)
        ) names ORDER BY size, normalized LIMIT %s
    ) n CROSS JOIN LATERAL (
        SELECT speaker_id FROM claims_speakeralias a WHERE a.normalized = n.normalized ORDER BY speaker_id LIMIT %s
    ) a
    ORDER BY n.size, n.normalized, a.speaker_id LIMIT %s
"""
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def one_edit_variants(word: str, *, inserted: bool = False) -> set[str]:
    """The strings one edit from `word`: two adjacent letters swapped, a letter replaced (a-z and the
    word's own letters) or deleted, about 27n for n letters; `inserted` adds the word with one letter
    more (27(n+1) more), the name a query that dropped a letter was looking for."""
    letters = set(_LETTERS) | set(word)
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deleted = {left + right[1:] for left, right in splits if right}
    swapped = {left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1}
    replaced = {left + c + right[1:] for left, right in splits if right for c in letters}
    added = {left + c + right for left, right in splits for c in letters} if inserted else set()
    return (deleted | swapped | replaced | added) - {word}


def _one_edit_rows(cursor, word: str, *, limit: int, rows_wanted: int) -> list[tuple]:
    if not 3 <= len(word) <= 20:
        return []
    variants = sorted(one_edit_variants(word, inserted=True))
    # Names grow with the rows wanted (first `limit` of them), so "read further" reads further here too.
    names = max(limit, rows_wanted // 2)
    cursor.execute(_ONE_EDIT_SQL, [variants, names, names, limit, rows_wanted])
    return cursor.fetchall()


def _speaker_ids_fuzzy(norm: str, limit: int) -> list[int]:
    scores: dict[int, float] = {}
    for speaker_id in SpeakerAlias.objects.filter(normalized__contains=norm).values_list("speaker_id", flat=True)[
        :limit
    ]:
        scores[speaker_id] = 2.0  # a substring beats any fuzzy match
    initials = {word[0] for word in norm.split()}
    starts = Q()
    for letter in initials:
        starts |= Q(normalized__startswith=letter) | Q(normalized__contains=f" {letter}")
    candidates = SpeakerAlias.objects.filter(starts).values_list("speaker_id", "normalized")[:FUZZY_CANDIDATES]
    for speaker_id, normalized in candidates:
        ratio = _fuzzy_ratio(norm, normalized)
        if ratio >= FUZZY_MIN_RATIO:
            scores[speaker_id] = max(scores.get(speaker_id, 0.0), ratio)
    return sorted(scores, key=lambda pk: (-scores[pk], pk))[:limit]


def _fuzzy_ratio(query: str, name: str) -> float:
    """Best similarity of the query against the whole name or any run of as many words."""
    words = name.split()
    width = len(query.split())
    windows: Iterable[str] = [name, *(" ".join(words[i : i + width]) for i in range(len(words)))]
    return max(difflib.SequenceMatcher(None, query, window).ratio() for window in windows)
