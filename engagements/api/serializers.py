from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import County
from achievements.models import Achievement
from core.library.serializers import DirectFieldsMixin
from core.reference import reference_row
from demands.models import Demand

from ..models import Engagement, EngagementNote


class EngagementNoteSerializer(serializers.ModelSerializer):
    author = serializers.StringRelatedField()

    class Meta:
        model = EngagementNote
        fields = ["id", "author", "body", "created_at"]
        read_only_fields = ["id", "author", "created_at"]


@extend_schema_field(OpenApiTypes.STR)
class CountyNameField(serializers.Field):
    """The county's name (as str(county)), read from the per-process reference table by id."""

    def __init__(self, **kwargs):
        super().__init__(source="county_id", read_only=True, **kwargs)

    def to_representation(self, value):
        county = reference_row(County, value)
        return county.name if county is not None else None


def _county_name(serializer, obj):
    county = reference_row(County, obj.county_id)
    return county.name if county is not None else None


class EngagementSerializer(DirectFieldsMixin, serializers.ModelSerializer):
    demand_title = serializers.CharField(source="demand.title", read_only=True)
    target = serializers.SerializerMethodField()
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    owner = serializers.StringRelatedField(read_only=True)
    county = CountyNameField()
    # A method field: a `default=` on a dotted source is skipped in PATCH answers (DRF partial).
    contract_registration_number = serializers.SerializerMethodField()
    notes = EngagementNoteSerializer(many=True, read_only=True)
    demand = serializers.PrimaryKeyRelatedField(queryset=Demand.objects.all())
    achievement = serializers.PrimaryKeyRelatedField(
        queryset=Achievement.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = Engagement
        fields = [
            "id",
            "demand",
            "demand_title",
            "target_kind",
            "achievement",
            "talent",
            "institute",
            "target",
            "status",
            "status_label",
            "owner",
            "county",
            "summary",
            "next_follow_up_on",
            "contract",
            "contract_registration_number",
            "signed_on",
            "landed_on",
            "termination_reason",
            "notes",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "target_kind",
            "status",
            "contract",
            "signed_on",
            "landed_on",
            "termination_reason",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {
            "talent": {"required": False, "allow_null": True},
            "institute": {"required": False, "allow_null": True},
        }

    # What DRF's fields would write, read directly (a page of rows: tests/engagements compare).
    direct_values = {
        "demand": lambda s, obj: obj.demand_id,
        "achievement": lambda s, obj: obj.achievement_id,
        "talent": lambda s, obj: obj.talent_id,
        "institute": lambda s, obj: obj.institute_id,
        "contract": lambda s, obj: obj.contract_id,
        "demand_title": lambda s, obj: obj.demand.title,
        "status_label": lambda s, obj: obj.get_status_display(),
        "owner": lambda s, obj: str(obj.owner),
        "county": _county_name,
        "target": lambda s, obj: s.get_target(obj),
        "contract_registration_number": lambda s, obj: s.get_contract_registration_number(obj),
    }

    def get_contract_registration_number(self, obj) -> str | None:
        return obj.contract.registration_number if obj.contract_id else None

    def get_target(self, obj) -> str:
        return obj.target_display(self.context["request"].user)

    def to_representation(self, obj):
        data = super().to_representation(obj)
        user = self.context["request"].user
        if obj.talent_id and not obj.talent_name_visible_to(user):
            data["talent"] = None
        return data

    def validate(self, attrs):
        if self.instance is not None:
            # Parties and targets are fixed once opened: only the text and the date change.
            for key in ("demand", "achievement", "talent", "institute"):
                if key in attrs and attrs[key] != getattr(self.instance, key):
                    raise serializers.ValidationError({key: "对接创建后不能更换需求或对接对象，请终止后重新发起。"})
        return attrs
