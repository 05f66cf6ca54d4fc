from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import RefreshLink, Talent, TalentCategory, TalentCorrection, TalentTarget


@admin.register(TalentCategory)
class TalentCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]


@admin.register(Talent)
class TalentAdmin(SimpleHistoryAdmin):
    list_display = ["name", "native_county", "employer", "category", "status", "refresh_due_on", "is_refresh_due"]
    list_filter = ["status", "native_county", "category", "is_refresh_due", "age_exception"]
    search_fields = ["name", "employer", "phone", "email"]
    autocomplete_fields = []
    raw_id_fields = ["created_by", "age_exception_by", "merged_into"]
    filter_horizontal = ["industries"]
    exclude = ["distinct_from"]
    readonly_fields = ["status", "created_at", "updated_at"]


@admin.register(TalentTarget)
class TalentTargetAdmin(SimpleHistoryAdmin):
    list_display = ["year", "county", "value", "note"]
    list_filter = ["year"]


@admin.register(TalentCorrection)
class TalentCorrectionAdmin(admin.ModelAdmin):
    list_display = ["talent", "state", "created_at", "decided_by", "decided_at"]
    list_filter = ["state"]
    raw_id_fields = ["talent", "link", "decided_by"]
    readonly_fields = ["state", "decided_by", "decided_at"]  # decided through the correction workflow


@admin.register(RefreshLink)
class RefreshLinkAdmin(admin.ModelAdmin):
    list_display = ["talent", "created_by", "created_at", "used_at", "outcome"]
    raw_id_fields = ["talent", "created_by"]
