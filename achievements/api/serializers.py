from django.urls import reverse
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

from ..models import (
    Achievement,
    AchievementAttachment,
    AchievementStatus,
    IPKind,
    Maturity,
    Source,
    TechnicalLevel,
    TransferMode,
)


class AttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = AchievementAttachment
        fields = ["id", "name", "size", "uploaded_at", "url"]

    def get_url(self, obj) -> str:
        return reverse("achievements:attachment_download", args=[obj.achievement_id, obj.pk])


class AchievementSerializer(LibrarySerializerMixin, serializers.ModelSerializer):
    owner_kind = "institute"

    industry = ReferenceNameField(queryset=Industry.objects.all())
    county = ReferenceNameField(queryset=County.objects.all(), required=False, allow_null=True)
    keywords = KeywordsSerializerField(required=False)
    maturity = LabelChoiceSerializerField(choices=Maturity.choices, default=Maturity.RESEARCH)
    maturity_rank = serializers.IntegerField(read_only=True)
    technical_level = LabelChoiceSerializerField(choices=TechnicalLevel.choices, required=False, allow_blank=True)
    ip_kinds = LabelMultipleChoiceSerializerField(choices=IPKind.choices, required=False)
    transfer_modes = LabelMultipleChoiceSerializerField(choices=TransferMode.choices, required=False)
    source = LabelChoiceSerializerField(choices=Source.choices, required=False)
    owner = OwnerField(queryset=Organisation.objects.all(), required=False)
    owner_name = serializers.CharField(source="owner.name", read_only=True)
    status_display = ChoiceLabelField(source="status", choices=AchievementStatus.choices)
    maturity_display = ChoiceLabelField(source="maturity", choices=Maturity.choices)
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = Achievement
        fields = [
            "id",
            "title",
            "summary",
            "industry",
            "technical_field",
            "keywords",
            "maturity",
            "maturity_display",
            "maturity_rank",
            "technical_level",
            "ip_kinds",
            "ip_numbers",
            "transfer_modes",
            "reference_price",
            "application",
            "team_lead",
            "source",
            "owner",
            "owner_name",
            "county",
            "contact_name",
            "contact_phone",
            "contact_email",
            "status",
            "status_display",
            "published_at",
            "attachments",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["status", "published_at", "created_at", "updated_at"]

    def validate_reference_price(self, value):
        if value is not None and value < 0:
            raise serializers.ValidationError("参考价格不能为负数；面议请留空。")
        return value

    def validate(self, attrs):
        attrs = self.resolve_owner(attrs)
        if self.instance is None and "source" not in attrs:
            user = self.context["request"].user
            own = user.organisation_id == attrs["owner"].pk
            attrs["source"] = Source.BUREAU if user.is_bureau and not own else Source.INSTITUTE
        return attrs
