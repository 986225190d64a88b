"""Claims writes, by sub-domain; import from here."""

from claims.services.articles import article_update_metadata
from claims.services.checkworthiness import (
    claim_store_check_worthiness,
    claims_backfill_check_worthiness,
    claims_enqueue_scoring,
    claims_score_check_worthiness,
)
from claims.services.copies import statement_copies_refresh
from claims.services.extraction import (
    article_extract,
    article_store_statements,
    claim_fingerprint,
    claim_get_or_create,
)
from claims.services.outbox import (
    article_enqueue_extraction,
    article_mark_failed,
    article_outbox_sweep,
    article_reextract,
    article_requeue_after_error,
    article_send_extraction,
)
from claims.services.publishing import NothingToPublish, claim_publish
from claims.services.reviews import ClaimConflict, claim_set_status, clean_evidence
from claims.services.speakers import (
    normalize_name,
    speaker_add_aliases,
    speaker_alias_add,
    speaker_create,
    speaker_merge,
    speaker_resolve,
    speakers_recount_all,
    speakers_refresh_counts,
)
from claims.services.statements import (
    statement_add,
    statement_adjust_span,
    statement_correct_speaker,
    statement_reject,
)

__all__ = [
    "ClaimConflict",
    "NothingToPublish",
    "article_enqueue_extraction",
    "article_extract",
    "article_mark_failed",
    "article_outbox_sweep",
    "article_reextract",
    "article_requeue_after_error",
    "article_send_extraction",
    "article_store_statements",
    "article_update_metadata",
    "claim_fingerprint",
    "claim_get_or_create",
    "claim_publish",
    "claim_set_status",
    "claim_store_check_worthiness",
    "claims_backfill_check_worthiness",
    "claims_enqueue_scoring",
    "claims_score_check_worthiness",
    "clean_evidence",
    "normalize_name",
    "speaker_add_aliases",
    "speaker_alias_add",
    "speaker_create",
    "speaker_merge",
    "speaker_resolve",
    "speakers_recount_all",
    "speakers_refresh_counts",
    "statement_add",
    "statement_adjust_span",
    "statement_copies_refresh",
    "statement_correct_speaker",
    "statement_reject",
]
