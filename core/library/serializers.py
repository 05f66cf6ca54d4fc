"""Serializer pieces shared by the library records' APIs: the owning unit field and mixin."""

from django.core.exceptions import FieldDoesNotExist
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject

from accounts.models import Organisation
from accounts.validators import normalize_phone, validate_phone
from core.inputs import parse_id
from core.links import id_prefix


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


def absolute_id_prefix(serializer, name: str) -> str:
    """core.links.id_prefix(name) as an absolute URL for API rows (`url`): made absolute once per
    page, kept in the serializer's context; rows add "<pk>/"."""
    key = f"_id_prefix:{name}"
    prefix = serializer.context.get(key)
    if prefix is None:
        request = serializer.context.get("request")
        path = id_prefix(name)
        prefix = serializer.context[key] = request.build_absolute_uri(path) if request is not None else path
    return prefix


class DirectFieldsMixin:
    """ModelSerializer output with a shortcut for plain columns: a field that shows one
    non-relational model field is read with getattr and written by its own to_representation,
    skipping DRF's per-field get_attribute machinery (on a page of rows it cost more than the SQL).
    The output is the same, field for field (tests/demands/test_list_queries.py compares).

    `direct_values` (optional): {field name: function(serializer, instance) → the output value}
    for fields a serializer can write more cheaply than DRF (a foreign key's id from its column,
    a name from a reference table); the function must return what the field would."""

    direct_values: dict = {}

    def to_representation(self, instance):
        plan = self.__dict__.get("_direct_plan")
        if plan is None:
            plan = self.__dict__["_direct_plan"] = [
                (f, _plain_column(f, self.Meta.model), self.direct_values.get(f.field_name))
                for f in self._readable_fields
            ]
        ret = {}
        for field, column, value_of in plan:
            if value_of is not None:
                ret[field.field_name] = value_of(self, instance)
                continue
            if column is not None:
                value = getattr(instance, column)
                ret[field.field_name] = None if value is None else field.to_representation(value)
                continue
            try:
                attribute = field.get_attribute(instance)
            except SkipField:
                continue
            check_for_none = attribute.pk if isinstance(attribute, PKOnlyObject) else attribute
            ret[field.field_name] = None if check_for_none is None else field.to_representation(attribute)
        return ret


def _plain_column(field, model) -> str | None:
    """The model attribute `field` shows, when it is a plain (non-relational) column."""
    if isinstance(field, serializers.RelatedField | serializers.ManyRelatedField | serializers.BaseSerializer):
        return None
    if isinstance(field, serializers.SerializerMethodField | serializers.HiddenField) or len(field.source_attrs) != 1:
        return None
    try:
        model_field = model._meta.get_field(field.source_attrs[0])
    except FieldDoesNotExist:
        return None
    if model_field.is_relation or not model_field.concrete:
        return None
    return model_field.attname


class LibrarySerializerMixin(DirectFieldsMixin):
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
