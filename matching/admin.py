from django.contrib import admin, messages
from simple_history.admin import SimpleHistoryAdmin

from .models import Concept, MatchDocument, Suggestion
from .tasks import rebuild_index


@admin.register(Concept)
class ConceptAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "phrase_count", "is_active", "updated_at"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name"]
    search_help_text = "按编码、名称或任一技术术语、问题说法查找（如“漏油”）"
    actions = ["rebuild"]

    def get_search_results(self, request, queryset, search_term):
        """Also the concepts one of whose phrases contains the term: before adding a phrase met in a
        demand ("滴滴答答") the bureau looks for the concept that has it or a near one. The phrase lists
        are JSON, stored differently per database, and the table is a few hundred rows: read in Python."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if term:
            holders = [
                concept.pk
                for concept in queryset.only("pk", "terms", "problems")
                if any(term in phrase for phrase in [*(concept.terms or []), *(concept.problems or [])])
            ]
            results = results | queryset.filter(pk__in=holders)
        return results, may_have_duplicates

    @admin.display(description="术语 / 问题说法")
    def phrase_count(self, concept):
        return f"{len(concept.terms or [])} / {len(concept.problems or [])}"

    @admin.action(description="按当前知识库重建匹配索引")
    def rebuild(self, request, queryset):
        from core.outbox import enqueue

        enqueue(rebuild_index)
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
