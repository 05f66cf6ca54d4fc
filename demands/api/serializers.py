from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import County, Industry, Organisation
from accounts.validators import normalize_phone, validate_phone
from core.inputs import parse_id
from core.masking import mask_email, mask_phone, mask_text

from ..fields import (
    ChoiceLabelField,
    KeywordsSerializerField,
    LabelChoiceSerializerField,
    LabelMultipleChoiceSerializerField,
    ReferenceNameField,
)
from ..models import CooperationMode, Demand, DemandKind, DemandStatus, default_valid_until


@extend_schema_field(OpenApiTypes.INT)
class OwnerField(serializers.RelatedField):
    """The owning unit: its id or exact name on input; its id on output."""

    default_error_messages = {"does_not_exist": "单位“{value}”不存在。"}

    def to_representation(self, value):
        return value.pk

    def to_internal_value(self, data):
        qs = self.get_queryset()
        pk = parse_id(data)
        found = qs.filter(pk=pk).first() if pk is not None else qs.filter(name=str(data).strip()).first()
        if found is None:
            self.fail("does_not_exist", value=data)
        return found


class LibrarySerializerMixin:
    """Owner defaulting/checks and contact masking shared by demands and achievements."""

    owner_kind = ""

    def validate_owner(self, owner):
        user = self.context["request"].user
        if user.is_bureau:
            if owner.kind != self.owner_kind:
                raise serializers.ValidationError(f"“{owner}”不是{Organisation.Kind(self.owner_kind).label}。")
            return owner
        if owner.pk != user.organisation_id:
            raise serializers.ValidationError("只能为本单位发布。")
        return owner

    def validate_contact_phone(self, value):
        if value:
            validate_phone(value)
            return normalize_phone(value)
        return value

    def resolve_owner(self, attrs):
        if self.instance is not None:
            return attrs
        if attrs.get("owner") is None:
            user = self.context["request"].user
            org = user.organisation
            if org is None or org.kind != self.owner_kind:
                raise serializers.ValidationError({"owner": "请指定所属单位。"})
            attrs["owner"] = org
        return attrs

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is not None and not instance.contact_visible_to(request.user, memo=self.context):
            data["contact_name"] = mask_text(instance.contact_name)
            data["contact_phone"] = mask_phone(instance.contact_phone)
            data["contact_email"] = mask_email(instance.contact_email) if instance.contact_email else ""
            data["contact_masked"] = True
        else:
            data["contact_masked"] = False
        return data


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
