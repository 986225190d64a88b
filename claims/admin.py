from django.contrib import admin

from claims.models import Claim, ClaimReview, Speaker, SpeakerAlias, Statement


class SpeakerAliasInline(admin.TabularInline):
    model = SpeakerAlias
    extra = 1
    fields = ["name", "normalized"]


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
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
class StatementAdmin(admin.ModelAdmin):
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
class ClaimAdmin(admin.ModelAdmin):
    list_display = ["__str__", "speaker", "status", "suggested_status", "appearance_count", "updated_at"]
    list_filter = ["status", "suggested_status"]
    raw_id_fields = ["speaker"]
    list_select_related = ["speaker"]
    readonly_fields = ["fingerprint", "version", "created_at", "updated_at"]
    inlines = [ClaimReviewInline]
    show_full_result_count = False


@admin.register(ClaimReview)
class ClaimReviewAdmin(admin.ModelAdmin):
    list_display = ["claim", "reviewer", "from_status", "to_status", "created_at"]
    raw_id_fields = ["claim", "reviewer"]
    list_select_related = ["reviewer"]
