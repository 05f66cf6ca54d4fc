from django.urls import reverse
from rest_framework import serializers

from ..models import AssignedTask, LedgerItem, SupervisedUnit, SupervisionRecord


class LedgerItemSerializer(serializers.ModelSerializer):
    unit = serializers.PrimaryKeyRelatedField(queryset=SupervisedUnit.objects.active())
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    evidence = serializers.FileField(write_only=True, required=False, help_text="PDF/JPG/PNG，按内容识别")
    evidence_url = serializers.SerializerMethodField()
    assigned_task = serializers.PrimaryKeyRelatedField(
        queryset=AssignedTask.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = LedgerItem
        fields = [
            "id",
            "unit",
            "unit_name",
            "year",
            "quarter",
            "task",
            "responsible_person",
            "progress",
            "status",
            "status_label",
            "assigned_task",
            "evidence",
            "evidence_name",
            "evidence_url",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["status", "evidence_name", "created_at", "updated_at"]

    def get_evidence_url(self, obj) -> str | None:
        return reverse("supervision:ledger_evidence", args=[obj.pk]) if obj.evidence else None


class AssignedTaskSerializer(serializers.ModelSerializer):
    unit = serializers.PrimaryKeyRelatedField(queryset=SupervisedUnit.objects.active())
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    is_overdue = serializers.SerializerMethodField()

    class Meta:
        model = AssignedTask
        fields = [
            "id",
            "title",
            "detail",
            "unit",
            "unit_name",
            "meeting_on",
            "due_on",
            "status",
            "status_label",
            "is_overdue",
            "created_at",
        ]
        read_only_fields = ["status", "created_at"]

    def get_is_overdue(self, obj) -> bool:
        return obj.is_overdue()


class SupervisionRecordSerializer(serializers.ModelSerializer):
    unit = serializers.PrimaryKeyRelatedField(queryset=SupervisedUnit.objects.active())
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    outcome_label = serializers.CharField(source="get_outcome_display", read_only=True)
    recorded_by = serializers.StringRelatedField(read_only=True)

    class Meta:
        model = SupervisionRecord
        fields = [
            "id",
            "unit",
            "unit_name",
            "year",
            "quarter",
            "score",
            "outcome",
            "outcome_label",
            "comment",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = ["recorded_by", "recorded_at"]
        validators = []  # one record per unit and quarter: a second POST corrects it (record_save)
