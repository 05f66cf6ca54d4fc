from rest_framework import serializers

from accounts.models import County, Industry, Organisation
from core.library.serializers import DirectFieldsMixin
from core.reference import reference_ids, reference_row, reference_rows_for

from ..models import Platform, PlatformEvaluation, PlatformType, SharedInstrument


class EvaluationSerializer(serializers.ModelSerializer):
    result_label = serializers.CharField(source="get_result_display", read_only=True)

    class Meta:
        model = PlatformEvaluation
        fields = ["year", "result", "result_label", "comment"]


def _industry_names(serializer, obj) -> list[str]:
    return [i.name for i in reference_rows_for(Industry, reference_ids(obj, "industries"))]


class PlatformSerializer(DirectFieldsMixin, serializers.ModelSerializer):
    """`kind` is the type's Chinese name; `type` takes/returns its code. County and industries
    are given by code (or Chinese name) and returned as names."""

    kind = serializers.CharField(source="platform_type.name", read_only=True)
    type = serializers.SlugRelatedField(
        source="platform_type", slug_field="code", queryset=PlatformType.objects.active()
    )
    level_label = serializers.CharField(source="get_level_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    county = serializers.SlugRelatedField(slug_field="name", queryset=County.objects.all())
    industries = serializers.SlugRelatedField(
        slug_field="name", many=True, queryset=Industry.objects.all(), required=False
    )
    host = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(kind__in=["enterprise", "institute"]), required=False
    )
    host_name = serializers.CharField(source="host.name", read_only=True)
    partners = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.institutes(), many=True, required=False)
    evaluations = EvaluationSerializer(many=True, read_only=True)
    instrument_count = serializers.SerializerMethodField()

    class Meta:
        model = Platform
        fields = [
            "id",
            "name",
            "kind",
            "type",
            "level",
            "level_label",
            "status",
            "status_label",
            "host",
            "host_name",
            "partners",
            "county",
            "industries",
            "recognised_on",
            "document_number",
            "description",
            "evaluations",
            "instrument_count",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["status", "recognised_on", "document_number", "created_at", "updated_at"]
        validators = []  # (host, name) is checked in validate(): a host's own users leave `host` out

    # What DRF's fields would write, read directly: type and county from the reference tables,
    # partners and industries from the ids the list attaches (tests/platforms compare).
    direct_values = {
        "kind": lambda s, obj: reference_row(PlatformType, obj.platform_type_id).name,
        "type": lambda s, obj: reference_row(PlatformType, obj.platform_type_id).code,
        "level_label": lambda s, obj: obj.get_level_display(),
        "status_label": lambda s, obj: obj.get_status_display(),
        "host": lambda s, obj: obj.host_id,
        "host_name": lambda s, obj: obj.host.name,
        "county": lambda s, obj: reference_row(County, obj.county_id).name,
        "industries": _industry_names,
        "partners": lambda s, obj: (
            obj.__dict__["partner_ids"] if "partner_ids" in obj.__dict__ else [o.pk for o in obj.partners.all()]
        ),
    }

    def get_instrument_count(self, obj) -> int:
        counted = getattr(obj, "n_instruments", None)  # annotated by the viewset: one query a page
        return obj.instruments.count() if counted is None else counted

    def validate(self, attrs):
        user = self.context["request"].user
        if user.is_bureau:
            if self.instance is None and not attrs.get("host"):
                raise serializers.ValidationError({"host": "请选择依托单位。"})
        else:
            host = attrs.get("host")
            if host is not None and host.pk != user.organisation_id:
                raise serializers.ValidationError({"host": "只能以本单位作为依托单位。"})
            if self.instance is not None and self.instance.status != "planning":
                for key in ("platform_type", "level"):
                    if key in attrs and attrs[key] != getattr(self.instance, key):
                        raise serializers.ValidationError({key: "已认定平台的类型和级别由市科技局修改。"})
            attrs["host"] = self.instance.host if self.instance is not None else user.organisation
        host, name = attrs.get("host") or self.instance.host, attrs.get("name") or self.instance.name
        clash = Platform.objects.filter(host=host, name=name)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise serializers.ValidationError({"name": "该依托单位已有同名平台。"})
        return attrs


class InstrumentSerializer(serializers.ModelSerializer):
    platform_name = serializers.CharField(source="platform.name", read_only=True)
    host_name = serializers.CharField(source="platform.host.name", read_only=True)
    county = serializers.CharField(source="platform.county.name", read_only=True)

    class Meta:
        model = SharedInstrument
        fields = [
            "id",
            "platform",
            "platform_name",
            "host_name",
            "county",
            "name",
            "model",
            "original_value",
            "services",
            "booking_contact",
            "booking_phone",
        ]
