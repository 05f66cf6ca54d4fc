from drf_spectacular.utils import PolymorphicProxySerializer
from rest_framework import serializers

from accounts.models import County, Industry
from core.library.serializers import absolute_id_prefix
from core.reference import reference_ids, reference_row, reference_rows_for

from ..models import Talent, TalentCategory


class TalentSerializer(serializers.ModelSerializer):
    """Full record, for the bureau and county liaisons (writes go through TalentForm)."""

    code = serializers.CharField(read_only=True)
    native_county_name = serializers.CharField(source="native_county.name", read_only=True)
    category_name = serializers.CharField(source="category.name", read_only=True)
    industries = serializers.SerializerMethodField()
    industry_names = serializers.SerializerMethodField()
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    created_by_name = serializers.SerializerMethodField()

    class Meta:
        model = Talent
        fields = [
            "id",
            "code",
            "name",
            "gender",
            "birth_year",
            "birth_month",
            "native_county",
            "native_county_name",
            "township",
            "work_province",
            "work_city",
            "employer",
            "position",
            "title",
            "degree",
            "research_field",
            "keywords",
            "industries",
            "industry_names",
            "category",
            "category_name",
            "honours",
            "phone",
            "email",
            "wechat",
            "cooperation_intents",
            "consent_on",
            "consent_method",
            "notes",
            "status",
            "status_display",
            "created_by",
            "created_by_name",
            "created_at",
            "updated_at",
            "last_verified_on",
            "refresh_due_on",
            "is_refresh_due",
            "age_exception",
            "age_exception_reason",
            "age_exception_by",
            "age_exception_on",
            "merged_into",
        ]
        read_only_fields = fields

    def get_industries(self, obj) -> list[int]:
        return [i.pk for i in obj.industries.all()]

    def get_industry_names(self, obj) -> list[str]:
        return [i.name for i in obj.industries.all()]

    def get_created_by_name(self, obj) -> str:
        return str(obj.created_by) if obj.created_by_id else ""


# What a list row shows (the page's columns); the full record is one `url` away.
LIST_FIELDS = [
    "id",
    "url",
    "code",
    "name",
    "gender",
    "birth_year",
    "birth_month",
    "native_county",
    "native_county_name",
    "work_province",
    "work_city",
    "employer",
    "position",
    "title",
    "degree",
    "research_field",
    "industries",
    "industry_names",
    "category",
    "category_name",
    "status",
    "status_display",
    "refresh_due_on",
    "is_refresh_due",
    "updated_at",
]

# The columns LIST_FIELDS reads (for `.only()`): the rest of the row stays in the database.
LIST_COLUMNS = [
    "id",
    "name",
    "gender",
    "birth_year",
    "birth_month",
    "native_county_id",
    "work_province",
    "work_city",
    "employer",
    "position",
    "title",
    "degree",
    "research_field",
    "category_id",
    "status",
    "refresh_due_on",
    "is_refresh_due",
    "updated_at",
]


# Unbound fields formatting a date / time exactly as a serializer's fields do (settings, time zone).
_DATE = serializers.DateField()
_DATETIME = serializers.DateTimeField()


class TalentListSerializer(TalentSerializer):
    """A list row for the bureau and liaisons: the list's columns plus `url`, the full record
    (GET it, or ask the list for `?fields=full`). Same names as in the full record."""

    url = serializers.SerializerMethodField(help_text="完整记录的地址（GET 返回全部字段）")

    class Meta(TalentSerializer.Meta):
        fields = LIST_FIELDS
        read_only_fields = fields

    def to_representation(self, t):
        """The row written directly: the same output as the declared fields (the OpenAPI schema and
        tests/talents/test_list_queries.py compare them), without DRF's per-field machinery —
        on a page of rows that machinery cost more than the SQL."""
        industries = reference_rows_for(Industry, reference_ids(t, "industries"))
        county = reference_row(County, t.native_county_id)
        category = reference_row(TalentCategory, t.category_id)
        return {
            "id": t.pk,
            "url": self.get_url(t),
            "code": t.code,
            "name": t.name,
            "gender": t.gender,
            "birth_year": t.birth_year,
            "birth_month": t.birth_month,
            "native_county": t.native_county_id,
            "native_county_name": county.name if county else None,
            "work_province": t.work_province,
            "work_city": t.work_city,
            "employer": t.employer,
            "position": t.position,
            "title": t.title,
            "degree": t.degree,
            "research_field": t.research_field,
            "industries": [i.pk for i in industries],
            "industry_names": [i.name for i in industries],
            "category": t.category_id,
            "category_name": category.name if category else None,
            "status": t.status,
            "status_display": t.get_status_display(),
            "refresh_due_on": _DATE.to_representation(t.refresh_due_on) if t.refresh_due_on else None,
            "is_refresh_due": t.is_refresh_due,
            "updated_at": _DATETIME.to_representation(t.updated_at) if t.updated_at else None,
        }

    def get_url(self, obj) -> str:
        return f"{absolute_id_prefix(self, 'talent-detail')}{obj.pk}/"


class AnonymisedTalentSerializer(serializers.Serializer):
    """No name, contact details or birth date: for enterprises, institutes and matching."""

    id = serializers.IntegerField(read_only=True)
    code = serializers.CharField(read_only=True, help_text="人才编号（代替姓名）")
    category = serializers.CharField(read_only=True)
    industries = serializers.ListField(child=serializers.CharField(), read_only=True)
    research_field = serializers.CharField(read_only=True)
    keywords = serializers.ListField(child=serializers.CharField(), read_only=True)
    title = serializers.CharField(read_only=True)
    degree = serializers.CharField(read_only=True)
    work_province = serializers.CharField(read_only=True)
    age_band = serializers.CharField(read_only=True)
    cooperation_intents = serializers.ListField(child=serializers.CharField(), read_only=True)

    def to_representation(self, instance):
        return instance.anonymised_profile()


class TalentDuplicateSerializer(TalentSerializer):
    """A possible duplicate: the full record plus why it looks like the same person."""

    reasons = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta(TalentSerializer.Meta):
        fields = [*TalentSerializer.Meta.fields, "reasons"]
        read_only_fields = fields


def talent_record(*, many: bool = False) -> PolymorphicProxySerializer:
    """OpenAPI: the bureau and liaisons get the full record, everyone else the anonymised one."""
    return PolymorphicProxySerializer(
        component_name="TalentListRecord" if many else "TalentRecord",
        serializers=[TalentListSerializer if many else TalentSerializer, AnonymisedTalentSerializer],
        resource_type_field_name=None,
        many=many,
    )


class ImportRequestSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="按模板填写的 .xlsx 文件")
    dry_run = serializers.BooleanField(default=False, help_text="true 只校验不写入")
