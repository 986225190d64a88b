from django.contrib import admin

from sources.models import Article, Feed, FeedItem, Outlet


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "domain", "created_at"]
    search_fields = ["name", "domain"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "outlet", "published_at", "extraction_status", "extraction_attempts", "created_at"]
    list_filter = ["extraction_status", "outlet"]
    search_fields = ["title", "url"]
    list_select_related = ["outlet"]
    raw_id_fields = ["created_by"]
    # Outlet and date are copied onto statements: change them with claims' article_update_metadata.
    readonly_fields = [
        "outlet",
        "published_at",
        "content_hash",
        "raw_text",
        "removed",
        "extraction_task_id",
        "created_at",
        "updated_at",
    ]
    show_full_result_count = False


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    list_display = [
        "url",
        "outlet",
        "interval_minutes",
        "last_polled_at",
        "items_found",
        "consecutive_errors",
        "paused",
    ]
    list_filter = ["paused", "outlet"]
    search_fields = ["url", "outlet__name"]
    list_select_related = ["outlet"]
    readonly_fields = ["etag", "last_modified", "last_polled_at", "items_found", "consecutive_errors", "last_error"]


@admin.register(FeedItem)
class FeedItemAdmin(admin.ModelAdmin):
    list_display = ["title", "feed", "status", "published_at", "created_at"]
    list_filter = ["status"]
    search_fields = ["title", "url"]
    list_select_related = ["feed"]
    raw_id_fields = ["feed", "article"]
    show_full_result_count = False
