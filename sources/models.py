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
            models.Index(fields=["-created_at", "-id"], name="article_created_idx"),
            models.Index(fields=["outlet", "-published_at"], name="article_outlet_pub_idx"),
        ]

    def __str__(self) -> str:
        return self.title
