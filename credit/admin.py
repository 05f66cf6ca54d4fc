from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import CreditRecord


@admin.register(CreditRecord)
class CreditRecordAdmin(SimpleHistoryAdmin):
    list_display = ["subject", "kind", "source_document", "valid_from", "valid_until"]
    list_filter = ["kind"]
    search_fields = ["organisation__name", "person_name", "reason", "source_document"]
    autocomplete_fields = ["organisation"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
