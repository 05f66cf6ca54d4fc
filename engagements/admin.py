from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Engagement, EngagementNote


class NoteInline(admin.TabularInline):
    model = EngagementNote
    extra = 0
    readonly_fields = ["author", "created_at"]


@admin.register(Engagement)
class EngagementAdmin(SimpleHistoryAdmin):
    list_display = ["id", "demand", "target_kind", "status", "owner", "county", "next_follow_up_on"]
    list_filter = ["status", "target_kind", "county"]
    search_fields = ["demand__title", "achievement__title", "institute__name"]
    raw_id_fields = ["demand", "achievement", "talent", "institute", "contract", "owner"]
    readonly_fields = ["status"]
    inlines = [NoteInline]
