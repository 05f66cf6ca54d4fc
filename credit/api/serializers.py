from rest_framework import serializers

from accounts.models import Organisation

from ..models import CreditRecord


class CreditRecordSerializer(serializers.ModelSerializer):
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True
    )
    organisation_name = serializers.CharField(source="organisation.name", read_only=True, default=None)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = CreditRecord
        fields = [
            "id",
            "organisation",
            "organisation_name",
            "person_name",
            "kind",
            "kind_label",
            "reason",
            "source_document",
            "valid_from",
            "valid_until",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {
            "kind": {"error_messages": {"invalid_choice": "类别须为 good（良好）、bad（不良）或 blacklist（黑名单）。"}}
        }
