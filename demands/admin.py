from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Demand


@admin.register(Demand)
class DemandAdmin(SimpleHistoryAdmin):
    list_display = ["title", "owner", "kind", "industry", "status", "valid_until", "published_at"]
    list_filter = ["status", "kind", "industry", "county"]
    search_fields = ["title", "owner__name"]
    raw_id_fields = ["owner", "created_by"]
    readonly_fields = ["status", "published_at"]  # states change only through the workflow
