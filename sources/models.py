from django.conf import settings
from django.db import models
from django.db.models import Q


class Outlet(models.Model):
    name = models.CharField(max_length=200, unique=True)
    domain = models.CharField(max_length=253, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ExtractionStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class Article(models.Model):
    outlet = models.ForeignKey(Outlet, null=True, blank=True, on_delete=models.PROTECT, related_name="articles")
    url = models.URLField(max_length=2000, blank=True)
    title = models.CharField(max_length=500)
    byline = models.CharField(max_length=300, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    raw_text = models.TextField(help_text="The text or HTML exactly as received.")
    text = models.TextField(help_text="Cleaned article text; statement offsets point into it.")
    removed = models.JSONField(
        default=list, blank=True, help_text="What cleaning dropped from the received text, and why."
    )
    content_hash = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the cleaned text.")
    word_count = models.PositiveIntegerField(default=0)

    extraction_status = models.CharField(
        max_length=10, choices=ExtractionStatus.choices, default=ExtractionStatus.QUEUED
    )
    extraction_error = models.TextField(blank=True)
    extraction_attempts = models.PositiveSmallIntegerField(default=0)
    extraction_task_id = models.CharField(max_length=64, blank=True)
    extraction_queued_at = models.DateTimeField(null=True, blank=True)
    extraction_started_at = models.DateTimeField(null=True, blank=True)
    extraction_finished_at = models.DateTimeField(null=True, blank=True)
    extractor_version = models.CharField(max_length=40, blank=True)
    # Candidates a failing extraction rule dropped on the last run; the article's other statements
    # were stored. Details: [{"rule", "start", "end", "error"}], the first 50.
    extraction_warnings = models.PositiveIntegerField(default=0)
    extraction_warning_details = models.JSONField(default=list, blank=True)
    # Outbox and lease: the row, not the broker, records what must run. A queued article whose
    # send_after has passed gets its message (again); a running one whose lease has expired lost
    # its worker and is queued again.
    send_after = models.DateTimeField(
        null=True, blank=True, help_text="When a queued article's message is due to be sent (again)."
    )
    lease_expires_at = models.DateTimeField(
        null=True, blank=True, help_text="A running extraction renews this; once past, its worker is presumed dead."
    )
    lease_holder = models.CharField(
        max_length=200, blank=True, default="", db_default="", help_text="host:pid of the worker holding the lease."
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(extraction_status__in=ExtractionStatus.values), name="article_status_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["extraction_status", "extraction_queued_at"], name="article_status_queued_idx"),
            models.Index(fields=["send_after"], condition=Q(extraction_status="queued"), name="article_outbox_due_idx"),
            models.Index(
                fields=["lease_expires_at"], condition=Q(extraction_status="running"), name="article_lease_idx"
            ),
            models.Index(fields=["-created_at", "-id"], name="article_created_idx"),
            models.Index(fields=["outlet", "-published_at"], name="article_outlet_pub_idx"),
            # Feed items are matched to stored articles by link before their page is fetched.
            models.Index(fields=["url"], name="article_url_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class Feed(models.Model):
    """An outlet's RSS, Atom or JSON feed, polled every `interval_minutes` (longer after errors)."""

    outlet = models.ForeignKey(Outlet, on_delete=models.CASCADE, related_name="feeds")
    url = models.URLField(max_length=2000, unique=True, help_text="Updated when the feed moves permanently (301/308).")
    interval_minutes = models.PositiveIntegerField(default=15)
    etag = models.CharField(max_length=500, blank=True, help_text="ETag of the last 200 answer, verbatim.")
    last_modified = models.CharField(max_length=100, blank=True, help_text="Last-Modified, verbatim.")
    body_hash = models.CharField(max_length=64, blank=True, help_text="SHA-256 of the last document parsed.")
    last_polled_at = models.DateTimeField(null=True, blank=True)
    next_poll_at = models.DateTimeField(null=True, blank=True)
    items_found = models.PositiveIntegerField(default=0, help_text="New items recorded over the feed's life.")
    consecutive_errors = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    paused = models.BooleanField(default=False)
    pause_reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["outlet", "url"]
        constraints = [
            models.CheckConstraint(
                condition=Q(interval_minutes__gte=1) & Q(interval_minutes__lte=1440), name="feed_interval_range"
            ),
        ]
        indexes = [models.Index(fields=["paused", "next_poll_at"], name="feed_due_idx")]

    def __str__(self) -> str:
        return self.url


class FeedItemStatus(models.TextChoices):
    NEW = "new", "New"
    INGESTED = "ingested", "Ingested"
    DUPLICATE = "duplicate", "Already stored"
    FAILED = "failed", "Failed"


class FeedItem(models.Model):
    """One entry seen in a feed; its key (guid, else link, else a hash) makes it fetched once."""

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="items")
    key = models.CharField(max_length=64, help_text="SHA-256 of the entry's guid, link or content.")
    url = models.URLField(max_length=2000, help_text="The entry's link, canonicalised.")
    title = models.CharField(max_length=500, blank=True)
    author = models.CharField(max_length=300, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=FeedItemStatus.choices, default=FeedItemStatus.NEW)
    error = models.TextField(blank=True)
    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="feed_items")
    created_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["feed", "key"], name="feed_item_key_unique"),
            models.CheckConstraint(condition=Q(status__in=FeedItemStatus.values), name="feed_item_status_valid"),
        ]
        indexes = [models.Index(fields=["url"], name="feed_item_url_idx")]

    def __str__(self) -> str:
        return self.title or self.url
