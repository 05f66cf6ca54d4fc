from django.utils import timezone
from rest_framework import serializers

from accounts.models import County, Industry, Organisation
from core.fields import (
    ChoiceLabelField,
    KeywordsSerializerField,
    LabelChoiceSerializerField,
    LabelMultipleChoiceSerializerField,
    ReferenceNameField,
)
from core.library.serializers import LibrarySerializerMixin, OwnerField

from ..models import CooperationMode, Demand, DemandKind, DemandStatus, default_valid_until


class DemandSerializer(LibrarySerializerMixin, serializers.ModelSerializer):
    owner_kind = "enterprise"

    kind = LabelChoiceSerializerField(choices=DemandKind.choices, default=DemandKind.TECHNOLOGY)
    industry = ReferenceNameField(queryset=Industry.objects.all())
    county = ReferenceNameField(queryset=County.objects.all(), required=False, allow_null=True)
    keywords = KeywordsSerializerField(required=False)
    cooperation_modes = LabelMultipleChoiceSerializerField(choices=CooperationMode.choices, required=False)
    owner = OwnerField(queryset=Organisation.objects.all(), required=False)
    owner_name = serializers.CharField(source="owner.name", read_only=True)
    status_display = ChoiceLabelField(source="status", choices=DemandStatus.choices)
    kind_display = ChoiceLabelField(source="kind", choices=DemandKind.choices)
    is_expired = serializers.BooleanField(read_only=True)
    valid_until = serializers.DateField(required=False)

    class Meta:
        model = Demand
        fields = [
            "id",
            "title",
            "description",
            "kind",
            "kind_display",
            "industry",
            "technical_field",
            "problem",
            "basis",
            "indicators",
            "keywords",
            "budget_min",
            "budget_max",
            "cooperation_modes",
            "valid_until",
            "is_expired",
            "owner",
            "owner_name",
            "county",
            "contact_name",
            "contact_phone",
            "contact_email",
            "status",
            "status_display",
            "published_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["status", "published_at", "created_at", "updated_at"]

    def validate_valid_until(self, value):
        changed = self.instance is None or value != self.instance.valid_until
        if value and changed and value < timezone.localdate():
            raise serializers.ValidationError("有效期不能早于今天。")
        return value

    def validate(self, attrs):
        attrs = self.resolve_owner(attrs)
        low = attrs.get("budget_min", getattr(self.instance, "budget_min", None))
        high = attrs.get("budget_max", getattr(self.instance, "budget_max", None))
        if (low is not None and low < 0) or (high is not None and high < 0):
            raise serializers.ValidationError({"budget_min": "预算不能为负数。"})
        if low is not None and high is not None and low > high:
            raise serializers.ValidationError({"budget_max": "预算上限不能低于下限。"})
        if self.instance is None:
            attrs.setdefault("valid_until", default_valid_until())
            # Not given: the unit's contact, else the user who posts it.
            owner, user = attrs["owner"], self.context["request"].user
            attrs["contact_name"] = attrs.get("contact_name") or owner.contact_name or user.name or user.username
            attrs["contact_phone"] = attrs.get("contact_phone") or owner.contact_phone or user.phone
        return attrs
