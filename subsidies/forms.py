from django import forms
from django.utils import timezone

from accounts.models import Organisation
from core.forms import BootstrapFormMixin

from .models import ClaimAttachment, ContractPayment, TechContract, default_claim_year


class ServiceErrorsMixin(BootstrapFormMixin):
    def add_service_errors(self, exc):
        """Show a service ValidationError (dict or list) on the form."""
        if hasattr(exc, "error_dict"):
            for field, messages in exc.message_dict.items():
                target = field if field in self.fields else None
                for message in messages:
                    self.add_error(target, message)
        else:
            for message in exc.messages:
                self.add_error(None, message)


def column_field(model, name: str, **kwargs) -> forms.CharField:
    """A text field as long as its database column, saying so in Chinese when exceeded."""
    column = model._meta.get_field(name)
    kwargs.setdefault("label", str(column.verbose_name))
    messages = {"max_length": f"{column.verbose_name}不能超过 {column.max_length} 个字符。"}
    return forms.CharField(max_length=column.max_length, error_messages=messages, **kwargs)


class ContractTextForm(forms.Form):
    """A contract's text fields; the page form extends it and contract_clean() validates with it."""

    registration_number = column_field(TechContract, "registration_number")
    name = column_field(TechContract, "name")
    seller_name = column_field(TechContract, "seller_name", label="出让方名称（未在平台登记时填写）", required=False)


class PaymentTextForm(forms.Form):
    """A payment's text fields; the page form extends it and payment_create() validates with it."""

    invoice_number = column_field(ContractPayment, "invoice_number")
    invoice_contract_reference = column_field(
        ContractPayment,
        "invoice_contract_reference",
        label="发票备注所载合同",
        help_text="照录发票备注栏中的合同名称或技术合同登记编号。",
    )


def text_errors(form_class, values: dict) -> dict[str, str]:
    """The first error per field of `form_class` for `values` (for services taking raw values)."""
    form = form_class(data=values)
    return {field: messages[0] for field, messages in form.errors.items() if field in values}


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONEY_ATTRS = {"inputmode": "decimal", "placeholder": "单位：元，精确到分"}


def money_field(label: str, **kwargs) -> forms.CharField:
    """A money input read as typed text: the service checks it with parse_money (one rule for page,
    API and import: no exponents, NaN or amounts beyond the column, Chinese messages)."""
    return forms.CharField(label=label, max_length=30, widget=forms.TextInput(attrs=MONEY_ATTRS), **kwargs)


class ContractForm(ServiceErrorsMixin, ContractTextForm):
    field_order = ["registration_number", "name", "contract_type", "buyer", "seller", "seller_name"]
    contract_type = forms.ChoiceField(label="合同类型", choices=TechContract.ContractType.choices)
    buyer = forms.ModelChoiceField(label="受让方（买方企业）", queryset=Organisation.objects.none(), required=False)
    seller = forms.ModelChoiceField(
        label="出让方（已在本平台登记的高校院所）", queryset=Organisation.objects.none(), required=False
    )
    seller_outside_city = forms.BooleanField(label="出让方在焦作市外", required=False, initial=True)
    seller_outside_province = forms.BooleanField(label="出让方在河南省外", required=False)
    contract_amount = money_field("合同金额（元）")
    transaction_amount = money_field("技术交易额（元）", help_text="以登记证明所载技术交易额为准，可小于合同金额。")
    signed_on = forms.DateField(label="签订日期", widget=DATE)
    registered_on = forms.DateField(
        label="登记日期",
        widget=DATE,
        required=False,
        help_text="在全国技术合同登记系统登记的日期；未登记的合同不能申报补助。",
    )
    is_related_party = forms.BooleanField(label="买卖双方存在关联关系", required=False)
    related_party_declaration = forms.CharField(
        label="关联关系声明",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="如无关联关系，请填写“双方不存在控股、参股或同一实际控制人等关联关系”。",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["seller"].queryset = Organisation.objects.institutes().verified()
        if user.is_bureau:
            self.fields["buyer"].queryset = Organisation.objects.enterprises()
            self.fields["buyer"].required = True
        elif user.is_liaison and user.county_id:
            self.fields["buyer"].queryset = Organisation.objects.enterprises().filter(county_id=user.county_id)
            self.fields["buyer"].required = True
        else:
            del self.fields["buyer"]


class PaymentForm(ServiceErrorsMixin, PaymentTextForm):
    paid_on = forms.DateField(label="支付日期", widget=DATE)
    amount = money_field("支付金额（元）")
    field_order = ["paid_on", "amount", "invoice_number", "invoice_contract_reference"]
    voucher = forms.FileField(label="银行转账凭证（PDF/JPG/PNG）")
    invoice = forms.FileField(label="发票（PDF/JPG/PNG）")


class ClaimForm(ServiceErrorsMixin, forms.Form):
    contract = forms.ModelChoiceField(label="技术合同", queryset=TechContract.objects.none())
    claim_year = forms.IntegerField(
        label="申报年度",
        min_value=2020,
        help_text="默认为上一年度：每年申报的是上一年度内经核实的实际支付额（计算基数按适用政策的规则）。",
    )
    requested_amount = money_field("申请金额（元）", required=False, help_text="留空则按政策测算金额申请。")
    is_exceptional = forms.BooleanField(label="申请一事一议（特别优秀项目，最高可至一事一议上限）", required=False)
    exceptional_justification = forms.CharField(
        label="一事一议理由", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    contract_file = forms.FileField(label="技术合同文本", required=False)
    registration_file = forms.FileField(label="技术合同登记证明", required=False)
    invoice_file = forms.FileField(label="发票", required=False)
    voucher_file = forms.FileField(label="银行转账凭证", required=False)

    FILE_KINDS = {
        "contract_file": "contract",
        "registration_file": "registration",
        "invoice_file": "invoice",
        "voucher_file": "voucher",
    }

    def __init__(self, *args, user, claim=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contract"].queryset = TechContract.objects.filter(buyer_id=user.organisation_id)
        self.fields["claim_year"].initial = default_claim_year()
        self.fields["claim_year"].max_value = timezone.localdate().year
        if claim is not None:
            del self.fields["contract"]
            del self.fields["claim_year"]


class AttachmentForm(ServiceErrorsMixin, forms.Form):
    kind = forms.ChoiceField(
        label="材料类型", choices=[(k, v) for k, v in ClaimAttachment.Kind.choices if k != "decision"]
    )
    file = forms.FileField(label="文件（PDF/JPG/PNG）")


class SimulatorForm(ServiceErrorsMixin, forms.Form):
    basis_amount = forms.CharField(
        label="技术交易额 / 已支付金额（元）", max_length=30, widget=forms.TextInput(attrs=MONEY_ATTRS)
    )
    exceptional = forms.BooleanField(label="按一事一议测算", required=False)
    contract = forms.ModelChoiceField(
        label="技术合同（可选：显示本项目尚余的补助额度）",
        queryset=TechContract.objects.none(),
        required=False,
        error_messages={"invalid_choice": "技术合同不存在或不在您的查看范围内。"},
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["contract"].queryset = TechContract.objects.visible_to(user).order_by("-signed_on", "-id")
