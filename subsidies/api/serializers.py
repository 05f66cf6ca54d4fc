from django.core.exceptions import PermissionDenied
from django.urls import reverse
from rest_framework import serializers

from accounts.models import County, Organisation
from core.fields import ChoiceLabelField
from core.inputs import parse_id
from core.library.serializers import DirectFieldsMixin, absolute_id_prefix
from core.links import id_prefix
from core.reference import reference_row
from core.workflow import workflow_for

from ..models import Claim, ClaimAttachment, ContractPayment, PolicyVersion, TechContract
from ..services import claim_create, claim_update, contract_create, contract_update


def rate_text(rate) -> str:
    """0.1000 → "0.10" (at least two places, no trailing zeros beyond them)."""
    normal = rate.normalize()
    return f"{rate:.2f}" if normal.as_tuple().exponent >= -2 else f"{normal:f}"


class SubsidyPolicySerializer(serializers.ModelSerializer):
    rate = serializers.SerializerMethodField()
    basis_rule_display = serializers.CharField(source="get_basis_rule_display", read_only=True)

    class Meta:
        model = PolicyVersion
        fields = [
            "id",
            "name",
            "document_number",
            "valid_from",
            "valid_to",
            "rate",
            "per_project_cap",
            "per_enterprise_year_cap",
            "exceptional_cap",
            "basis_rule",
            "basis_rule_display",
            "publicity_days",
            "notes",
        ]

    def get_rate(self, obj) -> str:
        return rate_text(obj.rate)


class ContractPaymentSerializer(DirectFieldsMixin, serializers.ModelSerializer):
    status_display = ChoiceLabelField(source="status", choices=ContractPayment.Status.choices)
    voucher_url = serializers.SerializerMethodField()
    invoice_url = serializers.SerializerMethodField()

    class Meta:
        model = ContractPayment
        fields = [
            "id",
            "contract",
            "paid_on",
            "amount",
            "invoice_number",
            "invoice_contract_reference",
            "status",
            "status_display",
            "verified_amount",
            "verified_at",
            "voucher_url",
            "invoice_url",
        ]

    # What DRF's fields would write, read directly (tests/subsidies/test_api_rows.py compares).
    direct_values = {
        "contract": lambda s, p: p.contract_id,
        "voucher_url": lambda s, p: f"{id_prefix('subsidies:payment_file', 'voucher')}{p.pk}/voucher/",
        "invoice_url": lambda s, p: f"{id_prefix('subsidies:payment_file', 'invoice')}{p.pk}/invoice/",
    }

    def get_voucher_url(self, obj) -> str:
        return reverse("subsidies:payment_file", args=[obj.pk, "voucher"])

    def get_invoice_url(self, obj) -> str:
        return reverse("subsidies:payment_file", args=[obj.pk, "invoice"])


class ContractPaymentCreateSerializer(serializers.Serializer):
    contract = serializers.PrimaryKeyRelatedField(queryset=TechContract.objects.none())
    paid_on = serializers.DateField()
    amount = serializers.CharField()
    invoice_number = serializers.CharField()
    invoice_contract_reference = serializers.CharField()
    voucher = serializers.FileField()
    invoice = serializers.FileField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["contract"].queryset = TechContract.objects.visible_to(request.user)


class ContractSerializer(DirectFieldsMixin, serializers.ModelSerializer):
    contract_type_display = ChoiceLabelField(source="contract_type", choices=TechContract.ContractType.choices)
    buyer_name = serializers.CharField(source="buyer.name", read_only=True)
    payments = ContractPaymentSerializer(many=True, read_only=True)
    buyer = serializers.PrimaryKeyRelatedField(read_only=True)
    status_display = ChoiceLabelField(source="status", choices=TechContract.Status.choices)
    # Money as typed text, checked by contract_clean()'s parse_money (no exponents, NaN, huge values).
    contract_amount = serializers.CharField(max_length=30)
    transaction_amount = serializers.CharField(max_length=30)

    class Meta:
        model = TechContract
        fields = [
            "id",
            "registration_number",
            "name",
            "contract_type",
            "contract_type_display",
            "buyer",
            "buyer_name",
            "seller",
            "seller_name",
            "seller_outside_city",
            "seller_outside_province",
            "achievement",
            "contract_amount",
            "transaction_amount",
            "signed_on",
            "registered_on",
            "is_related_party",
            "related_party_declaration",
            "status",
            "status_display",
            "created_at",
            "payments",
        ]
        read_only_fields = ["created_at", "status"]
        validators = []  # contract_clean() checks the registration number (without naming others' contracts)
        extra_kwargs = {"registration_number": {"validators": []}, "seller_name": {"required": False}}

    # What DRF's fields would write, read directly (tests/subsidies/test_api_rows.py compares).
    direct_values = {
        "buyer": lambda s, c: c.buyer_id,
        "buyer_name": lambda s, c: c.buyer.name,
        "seller": lambda s, c: c.seller_id,
        "achievement": lambda s, c: c.achievement_id,
    }

    def to_internal_value(self, data):
        values = super().to_internal_value(data)
        buyer_id = data.get("buyer") if hasattr(data, "get") else None
        if buyer_id not in (None, ""):
            buyer = Organisation.objects.filter(pk=parse_id(buyer_id)).first()
            if buyer is None:
                raise serializers.ValidationError({"buyer": ["受让方单位不存在。"]})
            values["buyer"] = buyer
        return values

    def create(self, validated):
        user = self.context["request"].user
        buyer = validated.pop("buyer", None) or user.organisation
        if buyer is None:
            raise serializers.ValidationError({"buyer": ["请指定受让方企业。"]})
        try:
            return contract_create(user=user, buyer=buyer, **validated)
        except PermissionDenied as exc:
            from rest_framework.exceptions import PermissionDenied as ApiDenied

            raise ApiDenied(str(exc)) from None

    def update(self, instance, validated):
        validated.pop("buyer", None)  # the buyer of a recorded contract does not change
        try:
            return contract_update(user=self.context["request"].user, contract=instance, **validated)
        except PermissionDenied as exc:
            from rest_framework.exceptions import PermissionDenied as ApiDenied

            raise ApiDenied(str(exc)) from None


class ClaimAttachmentSerializer(DirectFieldsMixin, serializers.ModelSerializer):
    kind_display = ChoiceLabelField(source="kind", choices=ClaimAttachment.Kind.choices)
    url = serializers.SerializerMethodField()

    class Meta:
        model = ClaimAttachment
        fields = ["id", "kind", "kind_display", "original_name", "content_type", "size", "uploaded_at", "url"]

    # What DRF's fields would write, read directly (tests/subsidies/test_api_rows.py compares).
    direct_values = {
        "url": lambda s, a: f"{id_prefix('subsidies:attachment_download')}{a.pk}/",
    }

    def get_url(self, obj) -> str:
        return reverse("subsidies:attachment_download", args=[obj.pk])


def _county_name(claim):
    county = reference_row(County, claim.enterprise.county_id)
    return None if county is None else county.name


class ClaimAttachmentUploadSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ClaimAttachment.Kind.choices)
    file = serializers.FileField()


class ClaimSerializer(DirectFieldsMixin, serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    county = serializers.CharField(source="enterprise.county.name", read_only=True, default=None)
    status_display = ChoiceLabelField(source="status", choices=Claim.Status.choices)
    policy = serializers.CharField(source="policy.document_number", read_only=True)
    policy_rate = serializers.SerializerMethodField()
    contract = serializers.PrimaryKeyRelatedField(queryset=TechContract.objects.none())
    # Money as typed text, checked by the service's parse_money (no exponents, NaN, huge values).
    requested_amount = serializers.CharField(required=False, allow_null=True, allow_blank=True, max_length=30)
    attachments = ClaimAttachmentSerializer(many=True, read_only=True)
    payment_ids = serializers.SerializerMethodField()
    available_transitions = serializers.SerializerMethodField()

    class Meta:
        model = Claim
        fields = [
            "id",
            "number",
            "enterprise",
            "enterprise_name",
            "county",
            "contract",
            "claim_year",
            "policy",
            "policy_id",
            "basis_amount",
            "policy_rate",
            "policy_cap",
            "computed_amount",
            "calculation",
            "requested_amount",
            "current_amount",
            "approved_amount",
            "is_exceptional",
            "exceptional_justification",
            "decision_reference",
            "status",
            "status_display",
            "return_reason",
            "resubmission_count",
            "submitted_at",
            "approved_at",
            "publicized_on",
            "publicity_until",
            "disbursed_on",
            "disbursement_reference",
            "payment_ids",
            "attachments",
            "available_transitions",
            "created_at",
        ]
        validators = []  # the service explains a double claim in Chinese; the database enforces it
        read_only_fields = [
            f
            for f in fields
            if f not in ("contract", "claim_year", "requested_amount", "is_exceptional", "exceptional_justification")
        ]

    # What DRF's fields would write, read directly: a foreign key's id from its column, names from
    # the loaded rows and the county table (tests/subsidies/test_api_rows.py compares).
    direct_values = {
        "enterprise": lambda s, c: c.enterprise_id,
        "enterprise_name": lambda s, c: c.enterprise.name,
        "county": lambda s, c: _county_name(c),
        "policy": lambda s, c: c.policy.document_number,
        "contract": lambda s, c: c.contract_id,
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            self.fields["contract"].queryset = TechContract.objects.visible_to(request.user)
        if self.instance is not None and not isinstance(self.instance, list | tuple) and hasattr(self.instance, "pk"):
            self.fields["contract"].read_only = True
            self.fields["claim_year"].read_only = True

    def get_policy_rate(self, obj) -> str:
        return rate_text(obj.policy_rate)

    def get_payment_ids(self, obj) -> list[int]:
        facts = obj.__dict__.get("_workflow_facts")  # a list page's (subsidies.workflow.load_page_facts)
        if facts is not None:
            return [payment_id for payment_id, active, _status in facts.links if active]
        return [link.payment_id for link in obj.payment_links.all() if link.is_active]

    def get_available_transitions(self, obj) -> list[dict]:
        request = self.context.get("request")
        if request is None:
            return []
        return [
            {"to": t.target, "label": t.label, "comment_required": t.comment_required}
            for t in workflow_for(obj).available(obj, request.user)
        ]

    def create(self, validated):
        return claim_create(
            user=self.context["request"].user,
            contract=validated["contract"],
            claim_year=validated.get("claim_year"),
            requested_amount=validated.get("requested_amount"),
            is_exceptional=validated.get("is_exceptional", False),
            exceptional_justification=validated.get("exceptional_justification", ""),
        )

    def update(self, instance, validated):
        return claim_update(
            claim=instance,
            user=self.context["request"].user,
            requested_amount=validated.get("requested_amount"),
            is_exceptional=validated.get("is_exceptional", instance.is_exceptional),
            exceptional_justification=validated.get("exceptional_justification", instance.exceptional_justification),
        )


# What a list row leaves to the full record: each needs more reading per page (the claim's files,
# the payments it counts, and the transitions open to the user, which read its history, payment
# links and the blacklist).
CLAIM_DETAIL_ONLY = ("attachments", "payment_ids", "available_transitions")


class ClaimListSerializer(ClaimSerializer):
    """A list row: the claim's own fields and `url`, the full record (GET it, or ask the list for
    `?fields=full`), which adds its attachments, counted payments and available transitions. Same
    names as in the full record."""

    url = serializers.SerializerMethodField(
        help_text="完整记录的地址（GET 返回全部字段，含附件、计入的支付和可做的流转）"
    )

    class Meta(ClaimSerializer.Meta):
        fields = ["id", "url", *(f for f in ClaimSerializer.Meta.fields if f != "id" and f not in CLAIM_DETAIL_ONLY)]
        read_only_fields = fields

    def get_url(self, obj) -> str:
        return f"{absolute_id_prefix(self, 'subsidy-claim-detail')}{obj.pk}/"


class SubsidySimulationSerializer(serializers.Serializer):
    """The simulator's answer (money as strings, Decimal-exact)."""

    amount = serializers.CharField(help_text="补助金额（元）")
    rate = serializers.CharField(help_text="补助比例，如 0.10")
    cap = serializers.CharField(help_text="适用上限（元）")
    policy = serializers.CharField(help_text="政策文号")
    policy_name = serializers.CharField()
    basis = serializers.CharField(help_text="计算基数（元）")
    capped = serializers.BooleanField()
    exceptional = serializers.BooleanField()
    explanation = serializers.CharField()
    project_claimed = serializers.CharField(help_text="本项目（合同及其转化的成果）其他有效申报已占金额（元）")
    project_remaining = serializers.CharField(help_text="本项目累计上限尚余金额（元）")


class SubsidySimulateSerializer(serializers.Serializer):
    basis_amount = serializers.CharField(
        help_text="计算基数（元）：技术交易额或经核实的实际支付额",
        error_messages={"required": "请填写计算基数（元）。", "blank": "请填写计算基数（元）。"},
    )
    exceptional = serializers.BooleanField(
        default=False, error_messages={"invalid": "exceptional 须为 true 或 false。"}
    )
    contract = serializers.CharField(
        required=False, allow_blank=True, help_text="技术合同 id（可选）：按该项目已申报金额测算尚余额度"
    )
