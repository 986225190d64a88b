import base64
import secrets
import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import F, Q

from sources.models import Article, Outlet


class SpeakerKind(models.TextChoices):
    PERSON = "person", "Person"
    ORGANISATION = "organisation", "Organisation"
    UNNAMED = "unnamed", "Unnamed source"


class Speaker(models.Model):
    name = models.CharField(max_length=300, help_text="Canonical name: the fullest name articles give.")
    slug = models.SlugField(max_length=320, unique=True)
    kind = models.CharField(max_length=12, choices=SpeakerKind.choices, default=SpeakerKind.PERSON)
    role = models.CharField(max_length=300, blank=True)
    # Stored counts (services.speakers.speakers_refresh_counts), so lists and search never count a
    # speaker's hundreds of thousands of statements per row read.
    statement_count = models.PositiveIntegerField(
        default=0, editable=False, help_text="Kept (not rejected) statements attributed to the speaker."
    )
    contested_count = models.PositiveIntegerField(
        default=0, editable=False, help_text="The speaker's claims editors found contested."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.CheckConstraint(condition=Q(kind__in=SpeakerKind.values), name="speaker_kind_valid")]
        indexes = [
            models.Index(fields=["name"], name="speaker_name_idx"),
            models.Index(fields=["-contested_count", "name", "id"], name="speaker_contested_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class SpeakerAlias(models.Model):
    """A name form seen for a speaker ("Putin", "Mr Putin", "Russian President Vladimir Putin")."""

    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=300)
    normalized = models.CharField(max_length=300, help_text="Lower-case, accent-free form used for matching.")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["speaker", "normalized"], name="alias_unique_per_speaker"),
        ]
        # speakers by exact name, in id order: speaker resolution, and typo search's last step
        indexes = [models.Index(fields=["normalized", "speaker"], name="alias_normalized_speaker_idx")]
        verbose_name_plural = "speaker aliases"

    def __str__(self) -> str:
        return self.name


class ClaimStatus(models.TextChoices):
    UNREVIEWED = "unreviewed", "Unreviewed"
    EVIDENCED = "evidenced", "Evidenced"
    UNEVIDENCED = "unevidenced", "Unevidenced"
    CONTESTED = "contested", "Contested"


class PublicationState(models.TextChoices):
    """Where a claim's verdict stands with the public (derived, not stored)."""

    UNREVIEWED = "unreviewed", "Not reviewed"
    DRAFT = "draft", "Draft, awaiting sign-off"
    PUBLISHED = "published", "Published"
    CORRECTION = "correction", "Published; correction awaiting sign-off"


class Claim(models.Model):
    """The checkable assertion; the same words said again by one speaker are one claim."""

    speaker = models.ForeignKey(Speaker, on_delete=models.PROTECT, related_name="claims")
    text = models.TextField()
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of the normalised text.")
    status = models.CharField(max_length=12, choices=ClaimStatus.choices, default=ClaimStatus.UNREVIEWED)
    suggested_status = models.CharField(max_length=12, choices=ClaimStatus.choices, blank=True)
    suggested_reason = models.CharField(
        max_length=300, blank=True, help_text="The article's words that suggested the status."
    )
    version = models.PositiveIntegerField(default=1)
    appearance_count = models.PositiveIntegerField(default=0)
    first_seen_at = models.DateTimeField(null=True, blank=True)
    # The verdict the public sees: a review signed off by an editor. `status` may be ahead of it
    # (a draft, or a correction waiting for sign-off).
    published_review = models.ForeignKey(
        "ClaimReview", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True, help_text="When the claim was first published.")
    last_seen_at = models.DateTimeField(null=True, blank=True, help_text="Publication time of the newest appearance.")
    repeat = models.BooleanField(
        default=False, help_text="Said again after editors found it contested or unevidenced, and not reviewed since."
    )
    match_features = models.JSONField(
        default=dict, blank=True, editable=False, help_text="The matcher's parse of the text (claims/matching)."
    )
    # Written by the worker (claims.extraction.checkworthiness); 0 until scored, so unscored claims
    # sort last in "most check-worthy first" and the column stays NOT NULL for the keyset index.
    check_worthiness = models.FloatField(default=0.0, help_text="0..1: how worth checking the statement is.")
    check_worthiness_reasons = models.JSONField(
        default=list, blank=True, help_text='What raised or lowered the score: ["a figure", "a comparison"].'
    )
    check_worthiness_version = models.CharField(
        max_length=20, blank=True, help_text="The scorer's MODEL_VERSION; empty until the worker has scored it."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["speaker", "fingerprint"], name="claim_unique_per_speaker"),
            models.CheckConstraint(
                condition=Q(published_review__isnull=True) | Q(published_at__isnull=False),
                name="claim_published_has_time",
            ),
            models.CheckConstraint(condition=Q(status__in=ClaimStatus.values), name="claim_status_valid"),
            models.CheckConstraint(
                condition=Q(suggested_status__in=[*ClaimStatus.values, ""]), name="claim_suggested_status_valid"
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="claim_version_positive"),
            models.CheckConstraint(
                condition=Q(check_worthiness__gte=0, check_worthiness__lte=1), name="claim_check_worthiness_range"
            ),
        ]
        indexes = [
            # review queue: one status, newest first, keyset on (created_at, id)
            models.Index(fields=["status", "-created_at", "-id"], name="claim_queue_idx"),
            # review queue, most check-worthy first, keyset on (check_worthiness, id)
            models.Index(fields=["status", "-check_worthiness", "-id"], name="claim_worthy_queue_idx"),
            # API ?ordering=-check_worthiness over every status
            models.Index(fields=["-check_worthiness", "-id"], name="claim_worthy_idx"),
            # a speaker's claims said most often (track record)
            models.Index(fields=["speaker", "-appearance_count", "-id"], name="claim_speaker_repeats_idx"),
            # API incremental sync: updated_since with keyset on (updated_at, id)
            models.Index(fields=["updated_at", "id"], name="claim_sync_idx"),
            # the track record's tally by month and verdict reads this index alone (PostgreSQL INCLUDE)
            models.Index(
                fields=["speaker", "status"], include=["first_seen_at", "created_at"], name="claim_speaker_status_idx"
            ),
            models.Index(fields=["-created_at", "-id"], condition=Q(repeat=True), name="claim_repeat_idx"),
            # the matcher: the same words said by anyone, newest first (claims/services/match_candidates.py)
            models.Index(fields=["fingerprint", "-id"], name="claim_fingerprint_idx"),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class StatementKind(models.TextChoices):
    DIRECT = "direct", "Direct quote"
    INDIRECT = "indirect", "Reported speech"
    MIXED = "mixed", "Mixed speech"


class StatementOrigin(models.TextChoices):
    MACHINE = "machine", "Extracted"
    CORRECTED = "corrected", "Corrected by an editor"
    MANUAL = "manual", "Added by an editor"


class Statement(models.Model):
    """One attributed statement: exact offsets into its article's cleaned text."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="statements")
    speaker = models.ForeignKey(Speaker, on_delete=models.PROTECT, related_name="statements")
    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="statements")
    content = models.TextField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=StatementKind.choices)
    cue = models.CharField(max_length=100, blank=True)
    paragraph = models.PositiveIntegerField(default=0)
    confidence = models.FloatField(default=1.0)
    speaker_mention = models.CharField(
        max_length=300, blank=True, help_text="The fullest name this article gives the speaker, before archive linking."
    )
    evidence_hint = models.CharField(max_length=12, choices=ClaimStatus.choices, blank=True)
    evidence_cue = models.CharField(max_length=300, blank=True)
    origin = models.CharField(max_length=10, choices=StatementOrigin.choices, default=StatementOrigin.MACHINE)
    # An editor's "not a statement": kept, hidden, so re-extraction does not bring it back.
    rejected = models.BooleanField(default=False)
    # Copied from the article so a speaker's statements page newest-first from one index.
    published_at = models.DateTimeField()
    # Copied from the claim and the article so search filters read the searched row, not a join per
    # candidate; claims/services/copies.py keeps them in step with every service that changes them.
    claim_status = models.CharField(
        max_length=12,
        choices=ClaimStatus.choices,
        default=ClaimStatus.UNREVIEWED,
        help_text="The claim's status (a copy, for filtered search).",
    )
    outlet = models.ForeignKey(
        Outlet,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        help_text="The article's outlet (a copy, for filtered search).",
    )
    # Kept in step by a database trigger on PostgreSQL (see migrations); unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["article", "start"]
        constraints = [
            models.CheckConstraint(condition=Q(start__lt=F("end")), name="statement_span_nonempty"),
            models.CheckConstraint(condition=Q(kind__in=StatementKind.values), name="statement_kind_valid"),
            models.CheckConstraint(condition=Q(origin__in=StatementOrigin.values), name="statement_origin_valid"),
        ]
        indexes = [
            models.Index(fields=["article", "start"], name="statement_article_idx"),
            models.Index(fields=["speaker", "-published_at", "-id"], name="statement_speaker_idx"),
            models.Index(fields=["claim"], name="statement_claim_idx"),
            # Counts a speaker's kept statements, and by outlet, from the index alone (360,000 for the
            # busiest speaker at 10M: 40 ms instead of 1.1 s reading the rows)
            models.Index(
                fields=["speaker", "outlet"], condition=Q(rejected=False), name="stmt_speaker_outlet_kept_idx"
            ),
            models.Index(fields=["-published_at", "-id"], name="statement_published_idx"),
            # Filtered search, newest first, from the statement's own copies. Reviewed statuses only:
            # unreviewed is most of the archive, where statement_published_idx serves as well.
            models.Index(
                fields=["claim_status", "-published_at", "-id"],
                condition=~Q(claim_status=ClaimStatus.UNREVIEWED),
                name="statement_status_pub_idx",
            ),
            models.Index(fields=["outlet", "-published_at", "-id"], name="statement_outlet_pub_idx"),
        ]

    def __str__(self) -> str:
        return self.content[:80]


class ClaimReview(models.Model):
    """One status change of a claim: the full history of who changed what and why."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="claim_reviews")
    from_status = models.CharField(max_length=12, choices=ClaimStatus.choices)
    to_status = models.CharField(max_length=12, choices=ClaimStatus.choices)
    note = models.TextField(blank=True)
    evidence = models.JSONField(default=list, blank=True, help_text='[{"url": ..., "title": ...}]')
    version = models.PositiveIntegerField(help_text="The claim's version this review produced.")
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="claim_signoffs"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True, help_text="When an editor published this verdict.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(to_status__in=ClaimStatus.values), name="review_to_status_valid"),
            models.CheckConstraint(
                condition=Q(signed_off_by__isnull=True, signed_off_at__isnull=True)
                | Q(signed_off_by__isnull=False, signed_off_at__isnull=False),
                name="review_signoff_complete",
            ),
            models.UniqueConstraint(fields=["claim", "version"], name="review_unique_version"),
        ]
        indexes = [models.Index(fields=["claim", "-created_at"], name="review_claim_idx")]

    def __str__(self) -> str:
        return f"{self.claim_id}: {self.from_status} -> {self.to_status}"


# --- Webhooks ---------------------------------------------------------------------------------------


def new_webhook_secret() -> str:
    """A Standard Webhooks secret: "whsec_" and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode("ascii")


def new_webhook_message_id() -> str:
    return f"msg_{uuid.uuid4().hex}"


class WebhookEventType(models.TextChoices):
    CLAIM_PUBLISHED = "claim.published", "A claim's verdict was published"
    CLAIM_REVIEWED = "claim.reviewed", "A claim's status was set by an editor"
    CLAIM_REPEAT = "claim.repeat", "A checked claim was said again"
    ARTICLE_EXTRACTED = "article.extracted", "An article's statements were extracted"


class WebhookEndpoint(models.Model):
    """A receiver registered by an admin; disabled when every delivery failed for WEBHOOK_DISABLE_AFTER."""

    url = models.URLField(max_length=2000)
    secret = models.CharField(
        max_length=100, default=new_webhook_secret, help_text="whsec_ + base64; signs deliveries."
    )
    events = models.JSONField(default=list, help_text="Event types sent to this endpoint.")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="webhook_endpoints")
    description = models.CharField(max_length=200, blank=True)
    is_active = models.BooleanField(default=True)
    failing_since = models.DateTimeField(
        null=True, blank=True, help_text="First failed attempt since the last success."
    )
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["url", "id"]

    def __str__(self) -> str:
        return self.description or self.url


class WebhookMessage(models.Model):
    """The outbox: one event, written in the transaction that caused it; deliveries fan it out."""

    msg_id = models.CharField(max_length=40, unique=True, default=new_webhook_message_id)
    event = models.CharField(max_length=40, choices=WebhookEventType.choices)
    payload = models.JSONField(encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(event__in=WebhookEventType.values), name="webhook_event_valid")
        ]

    def __str__(self) -> str:
        return f"{self.event} {self.msg_id}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SUCCEEDED = "succeeded", "Delivered"
    FAILED = "failed", "Gave up"


class WebhookDelivery(models.Model):
    """One message to one endpoint, retried with backoff until `retry_until`."""

    message = models.ForeignKey(WebhookMessage, on_delete=models.CASCADE, related_name="deliveries")
    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    retry_until = models.DateTimeField()
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "webhook deliveries"
        constraints = [
            models.UniqueConstraint(fields=["message", "endpoint"], name="webhook_delivery_unique"),
            models.CheckConstraint(condition=Q(status__in=DeliveryStatus.values), name="webhook_delivery_status_valid"),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhook_delivery_due_idx")]

    def __str__(self) -> str:
        return f"{self.message_id} -> {self.endpoint_id} ({self.status})"


class WebhookAttempt(models.Model):
    """The log: one row per HTTP attempt."""

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempts_log")
    attempted_at = models.DateTimeField()
    response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    succeeded = models.BooleanField()
    error = models.TextField(blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-attempted_at", "-id"]

    def __str__(self) -> str:
        return f"{self.delivery_id} at {self.attempted_at:%Y-%m-%d %H:%M:%S}: {self.response_code or self.error[:40]}"


class MatchState(models.TextChoices):
    POSSIBLE = "possible", "Possible match"
    CONFIRMED = "confirmed", "Same claim"
    REJECTED = "rejected", "Different claim"


class ClaimMatch(models.Model):
    """The matcher's question "is this statement that earlier claim?" and the editor's answer.

    Keyed by article and the statement's normalised words (not the statement row, which
    re-extraction replaces), so an answer is never asked again and survives re-extraction. A
    confirmed row pins the statement to the claim; a rejected one keeps the claim out of its candidates.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="claim_matches")
    fingerprint = models.CharField(max_length=64, help_text="claim_fingerprint of the statement's words.")
    statement = models.ForeignKey(
        Statement, on_delete=models.SET_NULL, null=True, blank=True, related_name="claim_matches"
    )
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="matches", help_text="The earlier claim.")
    score = models.FloatField(help_text="The scorer's 0..1 score when the match was found.")
    signals = models.JSONField(default=dict, blank=True, help_text="Each signal's value, for the editor.")
    state = models.CharField(max_length=10, choices=MatchState.choices, default=MatchState.POSSIBLE)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="claim_matches"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["article", "fingerprint", "claim"], name="claim_match_unique"),
            models.CheckConstraint(condition=Q(state__in=MatchState.values), name="claim_match_state_valid"),
        ]
        indexes = [
            models.Index(fields=["state", "-created_at"], name="claim_match_state_idx"),
            models.Index(fields=["article", "fingerprint"], name="claim_match_key_idx"),
        ]
        verbose_name_plural = "claim matches"

    def __str__(self) -> str:
        return f"{self.article_id}/{self.fingerprint[:8]} ~ {self.claim_id}: {self.state}"


class ClaimEventKind(models.TextChoices):
    CONFIRMED = "confirmed", "Match confirmed"
    REJECTED = "rejected", "Match rejected"
    SPLIT = "split", "Appearance split off"
    MERGED = "merged", "Claims merged"


class ClaimEvent(models.Model):
    """An editor's change to which statements make a claim: the audit trail beside ClaimReview."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=ClaimEventKind.choices)
    statement = models.ForeignKey(Statement, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    other_claim_id = models.BigIntegerField(
        null=True, blank=True, help_text="The claim split to, merged in, or matched; it may no longer exist."
    )
    other_claim_text = models.TextField(blank=True, help_text="That claim's words at the time.")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="claim_events")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ClaimEventKind.values), name="claim_event_kind_valid"),
        ]
        indexes = [models.Index(fields=["claim", "-created_at"], name="claim_event_claim_idx")]

    def __str__(self) -> str:
        return f"{self.claim_id}: {self.kind}"
