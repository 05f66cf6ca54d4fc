from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Platform, PlatformEvaluation, PlatformType, SharedInstrument


@admin.register(PlatformType)
class PlatformTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]


class EvaluationInline(admin.TabularInline):
    model = PlatformEvaluation
    extra = 0


class InstrumentInline(admin.TabularInline):
    model = SharedInstrument
    extra = 0


@admin.register(Platform)
class PlatformAdmin(SimpleHistoryAdmin):
    """Status is read-only here: it changes only through the workflow (the platform pages)."""

    list_display = ["name", "platform_type", "level", "host", "county", "status"]
    list_filter = ["platform_type", "level", "status", "county"]
    search_fields = ["name", "host__name", "document_number"]
    readonly_fields = ["status", "created_by", "created_at", "updated_at"]
    autocomplete_fields = ["host", "partners"]
    inlines = [EvaluationInline, InstrumentInline]
