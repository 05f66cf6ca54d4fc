from rest_framework import serializers

from core.masking import mask_email, mask_phone, mask_text

from ..models import Organisation, User
from ..validators import normalize_phone, normalize_uscc, validate_phone, validate_uscc


class OrganisationBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "kind"]


class MeSerializer(serializers.ModelSerializer):
    roles = serializers.SerializerMethodField()
    organisation = OrganisationBriefSerializer(read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "name", "email", "roles", "organisation"]

    def get_roles(self, user) -> list[str]:
        return sorted(user.roles)


class InstituteSerializer(serializers.ModelSerializer):
    """高校院所. institute_kind accepts the code or the Chinese label (中科院院所 …)."""

    institute_kind = serializers.CharField(required=False, allow_blank=True)
    institute_kind_display = serializers.CharField(source="get_institute_kind_display", read_only=True)
    county = serializers.SlugRelatedField(slug_field="name", read_only=True, allow_null=True)  # 市外院所没有县区
    industry = serializers.SlugRelatedField(slug_field="name", read_only=True, allow_null=True)
    published_achievements = serializers.SerializerMethodField()

    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "institute_kind",
            "institute_kind_display",
            "location",
            "county",
            "industry",
            "uscc",
            "contact_name",
            "contact_phone",
            "contact_email",
            "is_verified",
            "verification_status",
            "published_achievements",
        ]
        read_only_fields = ["is_verified", "verification_status"]

    def validate_institute_kind(self, value):
        if not value:
            return Organisation.InstituteKind.OTHER
        for code, label in Organisation.InstituteKind.choices:
            if value in (code, label):
                return code
        raise serializers.ValidationError(f"“{value}”不是有效的院所类别。")

    def validate_uscc(self, value):
        if not value:
            return None
        validate_uscc(value)
        return normalize_uscc(value)

    def validate_contact_phone(self, value):
        if value:
            validate_phone(value)
            return normalize_phone(value)
        return value

    def get_published_achievements(self, org) -> int:
        value = getattr(org, "published_count", None)
        return value if value is not None else 0

    def to_representation(self, org):
        data = super().to_representation(org)
        request = self.context.get("request")
        if request is not None and not org.can_edit(request.user):
            data["contact_name"] = mask_text(org.contact_name)
            data["contact_phone"] = mask_phone(org.contact_phone)
            data["contact_email"] = mask_email(org.contact_email) if org.contact_email else ""
        return data
