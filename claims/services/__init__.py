"""Claims writes, by sub-domain; import from here."""

from claims.services.extraction import (
    article_enqueue_extraction,
    article_extract,
    article_mark_failed,
    article_record_error,
    article_reextract,
    article_store_statements,
    article_sweep_stalled,
    claim_fingerprint,
    claim_get_or_create,
)
from claims.services.reviews import ClaimConflict, claim_set_status, clean_evidence
from claims.services.speakers import normalize_name, speaker_add_aliases, speaker_create, speaker_resolve

__all__ = [
    "ClaimConflict",
    "article_enqueue_extraction",
    "article_extract",
    "article_mark_failed",
    "article_record_error",
    "article_reextract",
    "article_store_statements",
    "article_sweep_stalled",
    "claim_fingerprint",
    "claim_get_or_create",
    "claim_set_status",
    "clean_evidence",
    "normalize_name",
    "speaker_add_aliases",
    "speaker_create",
    "speaker_resolve",
]
