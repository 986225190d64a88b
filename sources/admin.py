from django.contrib import admin

from sources.models import Article, Outlet


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
    readonly_fields = ["content_hash", "raw_text", "removed", "extraction_task_id", "created_at", "updated_at"]
    show_full_result_count = False
