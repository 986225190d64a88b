"""List pages built from plain rows: the JSON of ClaimSerializer and StatementSerializer, without them.

A page of 50 claims through the nested DRF serializers costs ~15 ms of CPU (field objects, source
lookups and to_representation per value, ~250 nested rows); the same dicts built from values() rows
cost a tenth of it. The serializers stay the documentation (the OpenAPI schema is generated from
them) and serve the detail endpoints; tests/api/test_lean.py asserts that every list row here equals
the serializer's output for the same object, so a field added to a serializer and not here fails.
"""

import datetime as dt
from typing import Any

from django.utils import timezone

from claims.selectors import claims as claim_selectors
from claims.selectors import statements as statement_selectors
from claims.selectors.publishing import publication_state


def iso(value: dt.datetime | None, zone: dt.tzinfo | None = None) -> str | None:
    """A date-time exactly as DRF's DateTimeField writes it (current time zone, "Z" for UTC).
    `zone`: the current time zone, when the caller has looked it up once for many values."""
    if not value:
        return None
    text = value.astimezone(zone or timezone.get_current_timezone()).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _speaker(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["speaker_id"],
        "name": row["speaker__name"],
        "slug": row["speaker__slug"],
        "kind": row["speaker__kind"],
    }


def _appearance(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "statement_id": row["id"],
        "article_id": row["article_id"],
        "title": row["article__title"],
        "url": row["article__url"],
        "start": row["start"],
        "end": row["end"],
    }


def _possible_match(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "statement_id": row["statement_id"],
        "article_id": row["article_id"],
        "claim_id": row["claim_id"],
        "text": row["claim__text"],
        "speaker": row["claim__speaker__name"],
        "status": row["claim__status"],
        "score": row["score"],
    }


def _review(row: dict[str, Any] | None, zone: dt.tzinfo) -> dict[str, Any] | None:
    if row is None:
        return None
    return {
        "id": row["id"],
        "reviewer": row["reviewer__username"],
        "created_at": iso(row["created_at"], zone),
        "from_status": row["from_status"],
        "to_status": row["to_status"],
        "note": row["note"],
        "evidence": [{"url": link["url"], "title": link["title"]} for link in row["evidence"]],
        "version": row["version"],
    }


def _publication(row: dict[str, Any], review: dict[str, Any] | None) -> str:
    return publication_state(
        published_review_id=row["published_review_id"],
        latest_review_id=review["id"] if review else None,
        latest_to_status=review["to_status"] if review else None,
    )


def claims_represent(rows: list[dict[str, Any]], *, appearance_limit: int | None) -> list[dict[str, Any]]:
    """ClaimSerializer's JSON for claim_api_rows rows: three more queries for the whole page
    (appearances, latest reviews, open possible matches)."""
    ids = [row["id"] for row in rows]
    appearances = claim_selectors.claim_appearance_rows(claim_ids=ids, limit=appearance_limit) if ids else {}
    reviews = claim_selectors.claim_latest_review_rows(claim_ids=ids) if ids else {}
    matches = claim_selectors.claim_possible_match_rows(claim_ids=ids) if ids else {}
    zone = timezone.get_current_timezone()
    return [
        {
            "id": row["id"],
            "status": row["status"],
            "suggested_status": row["suggested_status"],
            "suggested_reason": row["suggested_reason"],
            "speaker": _speaker(row),
            "text": row["text"],
            "appearance_count": row["appearance_count"],
            "first_seen": iso(row["first_seen_at"], zone),
            "last_seen": iso(row["last_seen_at"], zone),
            "repeat": row["repeat"],
            "possible_matches": [_possible_match(m) for m in matches[row["id"]]],
            "appearances": [_appearance(a) for a in appearances[row["id"]]],
            "latest_review": _review(reviews.get(row["id"]), zone),
            "publication": _publication(row, reviews.get(row["id"])),
            "published_at": iso(row["published_at"], zone),
            "check_worthiness": row["check_worthiness"] if row["check_worthiness_version"] else None,
            "check_worthiness_reasons": row["check_worthiness_reasons"],
            "version": row["version"],
            "created_at": iso(row["created_at"], zone),
            "updated_at": iso(row["updated_at"], zone),
        }
        for row in rows
    ]


def statements_represent(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """StatementSerializer's JSON for a page of statement_api_rows rows; three further queries
    (statement_row_relations), whatever the page size."""
    zone = timezone.get_current_timezone()
    related = statement_selectors.statement_row_relations(rows=rows)
    return [
        {
            "id": row["id"],
            "content": row["content"],
            "start": row["start"],
            "end": row["end"],
            "kind": row["kind"],
            "cue": row["cue"],
            "paragraph": row["paragraph"],
            "confidence": float(row["confidence"]),
            "speaker_mention": row["speaker_mention"],
            "origin": row["origin"],
            "published_at": iso(row["published_at"], zone),
            "speaker": {"id": row["speaker_id"], **related.speakers[row["speaker_id"]]},
            "claim": {"id": row["claim_id"], "status": related.claim_statuses[row["claim_id"]]},
            "article": related.articles[row["article_id"]],
        }
        for row in rows
    ]


def speakers_represent(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """SpeakerSerializer's JSON for speaker_rows_in_order rows; no further queries."""
    zone = timezone.get_current_timezone()
    return [
        {
            "id": row["id"],
            "name": row["name"],
            "slug": row["slug"],
            "kind": row["kind"],
            "role": row["role"],
            "aliases": row["aliases"],
            "statement_count": row["statement_count"],
            "created_at": iso(row["created_at"], zone),
        }
        for row in rows
    ]
