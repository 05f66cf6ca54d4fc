from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import AssignedTask, AwardDecision, AwardEntry, LedgerItem, SupervisedUnit, SupervisionRecord


@admin.register(SupervisedUnit)
class SupervisedUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "county", "organisation", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]
    list_filter = ["kind", "is_active"]


@admin.register(LedgerItem)
class LedgerItemAdmin(SimpleHistoryAdmin):
    list_display = ["task", "unit", "year", "quarter", "status", "updated_at"]
    list_filter = ["year", "quarter", "status", "unit"]
    search_fields = ["task", "responsible_person"]
    readonly_fields = ["status"]


@admin.register(AssignedTask)
class AssignedTaskAdmin(SimpleHistoryAdmin):
    list_display = ["title", "unit", "meeting_on", "due_on", "status"]
    list_filter = ["status", "unit"]
    readonly_fields = ["status"]


@admin.register(SupervisionRecord)
class SupervisionRecordAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "year", "quarter", "score", "outcome"]
    list_filter = ["year", "quarter", "outcome"]


class AwardEntryInline(admin.TabularInline):
    model = AwardEntry
    extra = 0


@admin.register(AwardDecision)
class AwardDecisionAdmin(SimpleHistoryAdmin):
    list_display = ["year", "confirmed_by", "confirmed_at"]
    inlines = [AwardEntryInline]
