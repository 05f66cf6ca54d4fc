"""Serializer pieces shared by the library records' APIs: the owning unit field and mixin."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Organisation
from accounts.validators import normalize_phone, validate_phone
from core.inputs import parse_id


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
    """Owner defaulting/checks and contact masking shared by the library records."""

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
            masked = instance.contact_for(visible=False)
            data["contact_name"] = masked["name"]
            data["contact_phone"] = masked["phone"]
            data["contact_email"] = masked["email"]
            data["contact_masked"] = True
        else:
            data["contact_masked"] = False
        return data
