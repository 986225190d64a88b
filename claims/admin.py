from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from claims.models import (
    Claim,
    ClaimReview,
    Speaker,
    SpeakerAlias,
    Statement,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEventType,
    WebhookMessage,
)
from claims.services.speakers import speakers_refresh_counts
from claims.services.webhooks import webhook_deliveries_resend, webhook_endpoints_enable


class RecountsSpeakers:
    """Admin edits and deletions bypass the services: recount the speakers they touched (before and
    after), as the services do (services.speakers.speakers_refresh_counts)."""

    def _speakers_of(self, objects) -> set[int]:
        field = "pk" if self.model is Speaker else "speaker_id"
        return set(self.model.objects.filter(pk__in=[o.pk for o in objects if o.pk]).values_list(field, flat=True))

    def save_model(self, request, obj, form, change):
        before = self._speakers_of([obj])
        super().save_model(request, obj, form, change)
        speakers_refresh_counts(speaker_ids=before | self._speakers_of([obj]))

    def delete_model(self, request, obj):
        before = self._speakers_of([obj])
        super().delete_model(request, obj)
        speakers_refresh_counts(speaker_ids=before)

    def delete_queryset(self, request, queryset):
        before = self._speakers_of(list(queryset))
        super().delete_queryset(request, queryset)
        speakers_refresh_counts(speaker_ids=before)


class SpeakerAliasInline(admin.TabularInline):
    model = SpeakerAlias
    extra = 1
    fields = ["name", "normalized"]


@admin.register(Speaker)
class SpeakerAdmin(RecountsSpeakers, admin.ModelAdmin):
    list_display = ["name", "kind", "role", "slug"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases__normalized"]
    inlines = [SpeakerAliasInline]
    show_full_result_count = False


@admin.register(SpeakerAlias)
class SpeakerAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "speaker", "normalized"]
    search_fields = ["normalized"]
    raw_id_fields = ["speaker"]


@admin.register(Statement)
class StatementAdmin(RecountsSpeakers, admin.ModelAdmin):
    list_display = ["__str__", "speaker", "kind", "origin", "article", "start", "end"]
    list_filter = ["kind", "origin", "rejected"]
    raw_id_fields = ["article", "speaker", "claim"]
    list_select_related = ["speaker", "article"]
    show_full_result_count = False


class ClaimReviewInline(admin.TabularInline):
    model = ClaimReview
    extra = 0
    readonly_fields = ["reviewer", "from_status", "to_status", "note", "evidence", "version", "created_at"]
    can_delete = False


@admin.register(Claim)
class ClaimAdmin(RecountsSpeakers, admin.ModelAdmin):
    list_display = ["__str__", "speaker", "status", "suggested_status", "appearance_count", "updated_at"]
    list_filter = ["status", "suggested_status"]
    raw_id_fields = ["speaker"]
    list_select_related = ["speaker"]
    # A status changes only through a review (history, sign-off, the statements' copies, webhooks):
    # the admin shows it and never writes it.
    readonly_fields = ["status", "fingerprint", "version", "created_at", "updated_at"]
    inlines = [ClaimReviewInline]
    show_full_result_count = False


@admin.register(ClaimReview)
class ClaimReviewAdmin(admin.ModelAdmin):
    list_display = ["claim", "reviewer", "from_status", "to_status", "created_at"]
    raw_id_fields = ["claim", "reviewer"]
    list_select_related = ["reviewer"]


class WebhookEndpointForm(forms.ModelForm):
    events = forms.MultipleChoiceField(choices=WebhookEventType.choices, widget=forms.CheckboxSelectMultiple)
    url = forms.URLField(max_length=2000, assume_scheme="https", label="URL")

    class Meta:
        model = WebhookEndpoint
        fields = ["url", "description", "events", "secret", "owner", "is_active"]

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        if not url.startswith(("http://", "https://")):
            raise forms.ValidationError("Give an http(s) URL.")
        return url


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    form = WebhookEndpointForm
    list_display = ["url", "description", "owner", "is_active", "failing_since", "disabled_reason"]
    list_filter = ["is_active"]
    search_fields = ["url", "description"]
    raw_id_fields = ["owner"]
    readonly_fields = ["failing_since", "disabled_at", "disabled_reason", "created_at"]
    actions = ["enable"]

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        return {"owner": request.user.pk}

    @admin.action(description="Enable again (forget failures)")
    def enable(self, request: HttpRequest, queryset: QuerySet[WebhookEndpoint]) -> None:
        count = webhook_endpoints_enable(endpoints=queryset)
        self.message_user(request, f"{count} endpoint(s) enabled.", messages.SUCCESS)


class WebhookAttemptInline(admin.TabularInline):
    model = WebhookAttempt
    extra = 0
    can_delete = False
    fields = readonly_fields = ["attempted_at", "succeeded", "response_code", "error", "duration_ms"]

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "message",
        "endpoint",
        "status",
        "attempts",
        "last_response_code",
        "last_attempt_at",
        "next_attempt_at",
    ]
    list_filter = ["status", "endpoint"]
    list_select_related = ["message", "endpoint"]
    readonly_fields = [
        "message",
        "endpoint",
        "status",
        "attempts",
        "next_attempt_at",
        "retry_until",
        "last_attempt_at",
        "last_response_code",
        "last_error",
        "created_at",
    ]
    inlines = [WebhookAttemptInline]
    actions = ["resend"]
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="Re-send now")
    def resend(self, request: HttpRequest, queryset: QuerySet[WebhookDelivery]) -> None:
        count = webhook_deliveries_resend(deliveries=queryset)
        self.message_user(request, f"{count} deliver{'y' if count == 1 else 'ies'} queued again.", messages.SUCCESS)


@admin.register(WebhookMessage)
class WebhookMessageAdmin(admin.ModelAdmin):
    list_display = ["msg_id", "event", "created_at"]
    list_filter = ["event"]
    search_fields = ["msg_id"]
    readonly_fields = ["msg_id", "event", "payload", "created_at"]
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
