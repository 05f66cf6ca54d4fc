from django.contrib import admin, messages
from simple_history.admin import SimpleHistoryAdmin

from .models import Concept, MatchDocument, Suggestion
from .tasks import rebuild_index


@admin.register(Concept)
class ConceptAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "is_active", "updated_at"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name"]
    actions = ["rebuild"]

    @admin.action(description="按当前知识库重建匹配索引")
    def rebuild(self, request, queryset):
        from django.db import transaction

        transaction.on_commit(lambda: rebuild_index.delay())
        self.message_user(request, "已提交重建匹配索引任务。", messages.SUCCESS)


@admin.register(MatchDocument)
class MatchDocumentAdmin(admin.ModelAdmin):
    list_display = ["kind", "object_id", "title", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["title"]
    readonly_fields = ["kind", "object_id", "title", "profile", "updated_at"]


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    list_display = ["source_kind", "source_id", "target_kind", "target_id", "rank", "score", "computed_at"]
    list_filter = ["source_kind", "target_kind"]
