from rest_framework import serializers

from accounts.models import County

from ..models import Agreement, Event, LandedProject


class AgreementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Agreement
        fields = ["id", "title", "parties", "enterprise", "institute", "amount", "signed_on", "engagement"]


class LandedProjectSerializer(serializers.ModelSerializer):
    class Meta:
        model = LandedProject
        fields = ["id", "name", "enterprise", "institute", "investment", "landed_on", "engagement"]


class EventSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    county = serializers.PrimaryKeyRelatedField(queryset=County.objects.all(), required=False, allow_null=True)
    county_name = serializers.CharField(source="county.name", read_only=True, default=None)
    participant_count = serializers.SerializerMethodField()
    signed_up = serializers.SerializerMethodField()
    agreements = serializers.SerializerMethodField()
    projects = serializers.SerializerMethodField()

    class Meta:
        model = Event
        fields = [
            "id",
            "kind",
            "kind_label",
            "title",
            "date",
            "place",
            "organiser",
            "county",
            "county_name",
            "description",
            "status",
            "status_label",
            "participant_count",
            "signed_up",
            "agreements",
            "projects",
            "created_at",
        ]
        read_only_fields = ["status", "created_at"]

    def _user(self):
        request = self.context.get("request")
        return request.user if request else None

    def get_participant_count(self, obj) -> int:
        return obj.participants.count()

    def get_signed_up(self, obj) -> bool:
        user = self._user()
        return bool(
            user and user.organisation_id and obj.participants.filter(organisation_id=user.organisation_id).exists()
        )

    def get_agreements(self, obj) -> list:
        user = self._user()
        return AgreementSerializer(Agreement.objects.visible_to(user).filter(event=obj), many=True).data if user else []

    def get_projects(self, obj) -> list:
        user = self._user()
        qs = LandedProject.objects.visible_to(user).filter(event=obj)
        return LandedProjectSerializer(qs, many=True).data if user else []
