from django.contrib import admin
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from .models import RecordedFigure, Target


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "kind", "start_year", "year", "value", "unit", "source"]
    list_filter = ["code", "kind", "year"]
    search_fields = ["name", "code", "source"]
    list_editable = ["value"]
    ordering = ["sort_order", "code", "year"]


@admin.register(RecordedFigure)
class RecordedFigureAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "year", "value", "note", "recorded_by", "recorded_at"]
    list_filter = ["indicator", "year"]
    readonly_fields = ["recorded_by", "recorded_at"]

    def save_model(self, request, obj, form, change):
        obj.recorded_by = request.user
        obj.recorded_at = timezone.now()
        super().save_model(request, obj, form, change)
