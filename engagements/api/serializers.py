from rest_framework import serializers

from achievements.models import Achievement
from demands.models import Demand

from ..models import Engagement, EngagementNote


class EngagementNoteSerializer(serializers.ModelSerializer):
    author = serializers.StringRelatedField()

    class Meta:
        model = EngagementNote
        fields = ["id", "author", "body", "created_at"]
        read_only_fields = ["id", "author", "created_at"]


class EngagementSerializer(serializers.ModelSerializer):
    demand_title = serializers.CharField(source="demand.title", read_only=True)
    target = serializers.SerializerMethodField()
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    owner = serializers.StringRelatedField(read_only=True)
    county = serializers.StringRelatedField(read_only=True)
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
