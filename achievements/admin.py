from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Achievement, AchievementAttachment


class AttachmentInline(admin.TabularInline):
    model = AchievementAttachment
    extra = 0
    readonly_fields = ["name", "size", "uploaded_by", "uploaded_at"]


@admin.register(Achievement)
class AchievementAdmin(SimpleHistoryAdmin):
    list_display = ["title", "owner", "industry", "maturity", "status", "source", "published_at"]
    list_filter = ["status", "maturity", "source", "industry"]
    search_fields = ["title", "owner__name", "team_lead"]
    raw_id_fields = ["owner", "created_by"]
    readonly_fields = ["status", "published_at"]  # states change only through the workflow
    inlines = [AttachmentInline]
