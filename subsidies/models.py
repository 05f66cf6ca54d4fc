"""Technology-transfer subsidies (科技成果转化配套补助).

Registered technology contracts, the payments made under them (proved by bank transfer
vouchers and invoices, verified by the bureau), versioned policy parameters, and claims
that move through one workflow table (see `subsidies.workflow`).
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from accounts.roles import Role

MONEY = {"max_digits": 14, "decimal_places": 2}
ZERO = Decimal("0.00")


def _is_bureau_or_leader(user) -> bool:
    return user.is_bureau or user.has_role(Role.LEADER)


class TechContractQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Bureau and leaders: all; liaison: buyers in their county; enterprise/institute: own."""
        if not user.is_authenticated:
            return self.none()
        if _is_bureau_or_leader(user):
            return self.all()
        q = Q(pk__in=[])
        if user.is_liaison and user.county_id:
            q |= Q(buyer__county_id=user.county_id)
        if user.organisation_id and user.has_role(Role.ENTERPRISE, Role.INSTITUTE):
            q |= Q(buyer_id=user.organisation_id) | Q(seller_id=user.organisation_id)
        return self.filter(q)


class TechContract(models.Model):
    """A technology contract registered in the national technology-contract system."""

    class ContractType(models.TextChoices):
        DEVELOPMENT = "development", "技术开发"
        TRANSFER = "transfer", "技术转让"
        LICENSING = "licensing", "技术许可"
        SERVICE = "service", "技术服务"
        CONSULTING = "consulting", "技术咨询"

    class Status(models.TextChoices):
        RECORDED = "recorded", "待受让方确认"
        CONFIRMED = "confirmed", "受让方已确认"
        VERIFIED = "verified", "市科技局已核实"
        DISPUTED = "disputed", "受让方否认"

    # A contract counts for claims only once the buyer confirms it or the bureau verifies it.
    COUNTED_STATES = (Status.CONFIRMED, Status.VERIFIED)

    registration_number = models.CharField("技术合同登记编号", max_length=40)
    name = models.CharField("合同名称", max_length=200)
    contract_type = models.CharField("合同类型", max_length=20, choices=ContractType.choices)
    buyer = models.ForeignKey(
        "accounts.Organisation",
        verbose_name="受让方（买方企业）",
        on_delete=models.PROTECT,
        related_name="tech_contracts_bought",
    )
    seller = models.ForeignKey(
        "accounts.Organisation",
        verbose_name="出让方（卖方单位）",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tech_contracts_sold",
    )
    seller_name = models.CharField("出让方名称", max_length=120)
    achievement = models.ForeignKey(
        "achievements.Achievement",
        verbose_name="关联科技成果",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tech_contracts",
    )
    seller_outside_city = models.BooleanField("出让方在市外", default=True)
    seller_outside_province = models.BooleanField("出让方在省外", default=False)
    contract_amount = models.DecimalField("合同金额（元）", **MONEY)
    transaction_amount = models.DecimalField("技术交易额（元）", **MONEY)
    signed_on = models.DateField("签订日期")
    registered_on = models.DateField("登记日期", null=True, blank=True)
    is_related_party = models.BooleanField("关联交易", default=False)
    related_party_declaration = models.TextField(
        "关联关系声明", blank=True, help_text="买卖双方是否存在控股、参股、同一实际控制人等关联关系的说明。"
    )
    status = models.CharField("确认状态", max_length=20, choices=Status.choices, default=Status.RECORDED, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    history = HistoricalRecords()
    objects = TechContractQuerySet.as_manager()

    class Meta:
        verbose_name = "技术合同"
        verbose_name_plural = "技术合同"
        ordering = ["-signed_on", "-id"]
        indexes = [models.Index(fields=["-signed_on", "-id"], name="contract_list_order")]
        constraints = [
            # A number the buyer disputed (recorded by someone else) is free for the real contract.
            models.UniqueConstraint(
                fields=["registration_number"],
                condition=~Q(status="disputed"),
                name="contract_registration_number_once",
            ),
            models.CheckConstraint(condition=Q(contract_amount__gt=0), name="contract_amount_positive"),
            models.CheckConstraint(condition=Q(transaction_amount__gt=0), name="contract_transaction_positive"),
            models.CheckConstraint(
                condition=Q(transaction_amount__lte=models.F("contract_amount")),
                name="contract_transaction_le_amount",
            ),
        ]

    def __str__(self):
        return f"{self.name}（{self.registration_number}）"

    def get_absolute_url(self):
        return reverse("subsidies:contract_detail", args=[self.pk])

    @property
    def is_registered(self) -> bool:
        return self.registered_on is not None

    @property
    def is_counted(self) -> bool:
        return self.status in self.COUNTED_STATES

    def can_edit(self, user) -> bool:
        """Bureau, or the buyer enterprise while no claim beyond a draft uses the contract."""
        if user.is_bureau:
            return True
        if not (user.has_role(Role.ENTERPRISE) and user.organisation_id == self.buyer_id):
            return False
        return not self.claims.exclude(status__in=["draft", "returned", "rejected"]).exists()


# --------------------------------------------------------------------------- files


def proof_upload_to(instance, filename: str) -> str:
    """Private path with a random name: the original name is kept in the row, never in the path."""
    import uuid

    from django.utils import timezone

    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"private/subsidies/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{ext}"


# --------------------------------------------------------------------------- payments


class PaymentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(contract__in=TechContract.objects.visible_to(user))


class ContractPayment(models.Model):
    """One payment under a contract, proved by a bank transfer voucher and an invoice."""

    class Status(models.TextChoices):
        PENDING = "pending", "待核实"
        VERIFIED = "verified", "已核实"
        REJECTED = "rejected", "核实未通过"

    contract = models.ForeignKey(
        TechContract, verbose_name="技术合同", on_delete=models.PROTECT, related_name="payments"
    )
    paid_on = models.DateField("支付日期")
    amount = models.DecimalField("支付金额（元）", **MONEY)
    voucher = models.FileField("银行转账凭证", upload_to=proof_upload_to, max_length=200)
    voucher_name = models.CharField("凭证原文件名", max_length=200, blank=True)
    invoice_number = models.CharField("发票号码", max_length=40)
    invoice_contract_reference = models.CharField(
        "发票所载合同信息", max_length=200, help_text="发票备注栏所载的合同名称或技术合同登记编号。"
    )
    invoice = models.FileField("发票", upload_to=proof_upload_to, max_length=200)
    invoice_name = models.CharField("发票原文件名", max_length=200, blank=True)
    status = models.CharField("核实状态", max_length=20, choices=Status.choices, default=Status.PENDING)
    verified_amount = models.DecimalField("核实金额（元）", null=True, blank=True, **MONEY)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="核实人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verified_at = models.DateTimeField("核实时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    history = HistoricalRecords()
    objects = PaymentQuerySet.as_manager()

    class Meta:
        verbose_name = "合同支付记录"
        verbose_name_plural = "合同支付记录"
        ordering = ["-paid_on", "-id"]
        indexes = [
            models.Index(fields=["-paid_on", "-id"], name="payment_list_order"),
            # The payments waiting for verification, in the list's order (below the bureau's queue).
            models.Index(fields=["status", "-paid_on", "-id"], name="payment_status_order"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
            models.CheckConstraint(
                condition=Q(verified_amount__isnull=True) | Q(verified_amount__lte=models.F("amount")),
                name="payment_verified_le_amount",
            ),
            models.UniqueConstraint(fields=["contract", "invoice_number"], name="payment_invoice_once_per_contract"),
        ]

    def __str__(self):
        return f"{self.contract.registration_number} {self.paid_on:%Y-%m-%d} ￥{self.amount}"

    def get_absolute_url(self):
        return reverse("subsidies:contract_detail", args=[self.contract_id]) + f"#payment-{self.pk}"

    def can_edit(self, user) -> bool:
        if user.is_bureau:
            return True
        return (
            self.status == self.Status.PENDING
            and user.has_role(Role.ENTERPRISE)
            and user.organisation_id == self.contract.buyer_id
        )

    @property
    def counted_amount(self) -> Decimal:
        return self.verified_amount if self.status == self.Status.VERIFIED and self.verified_amount else ZERO

    @property
    def active_claim(self):
        link = self.claim_links.filter(is_active=True).select_related("claim").first()
        return link.claim if link else None


# --------------------------------------------------------------------------- policy


def default_claim_year(today=None) -> int:
    """Claims are filed for the payments of the year just ended (as in the Hebi rules)."""
    from django.utils import timezone

    return (today or timezone.localdate()).year - 1


class PolicyVersion(models.Model):
    """Policy parameters with validity dates; every claim records the version that computed it."""

    class BasisRule(models.TextChoices):
        PAID_IN_YEAR = "verified_payments_in_year", "申报年度内经核实的实际支付额（依据转账凭证和发票）"
        PAID_ALL = "verified_payments_all", "合同项下全部经核实的实际支付额（依据转账凭证和发票）"

    name = models.CharField("政策名称", max_length=200)
    document_number = models.CharField("文号", max_length=60)
    valid_from = models.DateField("生效日期")
    valid_to = models.DateField("失效日期", null=True, blank=True)
    rate = models.DecimalField("补助比例", max_digits=5, decimal_places=4, help_text="如 0.10 表示按技术交易额的 10%。")
    per_project_cap = models.DecimalField("单项目上限（元）", **MONEY)
    per_enterprise_year_cap = models.DecimalField(
        "每家企业每年上限（元）", null=True, blank=True, help_text="为空表示不设此项上限。", **MONEY
    )
    exceptional_cap = models.DecimalField("一事一议上限（元）", **MONEY)
    basis_rule = models.CharField(
        "计算基数规则", max_length=40, choices=BasisRule.choices, default=BasisRule.PAID_IN_YEAR
    )
    publicity_days = models.PositiveSmallIntegerField("公示天数", default=5)
    notes = models.TextField("说明", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "补助政策版本"
        verbose_name_plural = "补助政策版本"
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(condition=Q(rate__gt=0) & Q(rate__lte=1), name="policy_rate_in_range"),
            models.CheckConstraint(condition=Q(per_project_cap__gt=0), name="policy_cap_positive"),
            models.CheckConstraint(
                condition=Q(exceptional_cap__gte=models.F("per_project_cap")), name="policy_exceptional_ge_cap"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="policy_valid_range",
            ),
        ]

    def __str__(self):
        return f"{self.name}（{self.document_number}）"

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            errors["valid_to"] = "失效日期不能早于生效日期。"
        if self.rate is not None and not (Decimal("0") < self.rate <= Decimal("1")):
            errors["rate"] = "补助比例须大于 0 且不超过 1（如 0.10）。"
        caps = (self.per_project_cap, self.exceptional_cap)
        if None not in caps and self.exceptional_cap < self.per_project_cap:
            errors["exceptional_cap"] = "一事一议上限不能低于单项目上限。"
        if self.valid_from and not errors:
            others = PolicyVersion.objects.exclude(pk=self.pk)
            end = self.valid_to
            overlapping = others.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=self.valid_from))
            if end is not None:
                overlapping = overlapping.filter(valid_from__lte=end)
            if overlapping.exists():
                errors["valid_from"] = f"有效期与“{overlapping.first()}”重叠，请先调整原政策的失效日期。"
        if errors:
            raise ValidationError(errors)

    def is_valid_on(self, on) -> bool:
        return self.valid_from <= on and (self.valid_to is None or self.valid_to >= on)

    def has_ended(self, on=None) -> bool:
        from django.utils import timezone

        return self.valid_to is not None and self.valid_to < (on or timezone.localdate())

    @property
    def period_display(self) -> str:
        """ "2020–2025（已到期）", "2026 年起"."""
        if self.valid_to is None:
            return f"{self.valid_from.year} 年起"
        period = f"{self.valid_from.year}–{self.valid_to.year}"
        return period + ("（已到期）" if self.has_ended() else "")

    @classmethod
    def for_claim_year(cls, year: int):
        """The version that applies to a claim for `year`'s payments: the latest one in force at
        some time in that year, or None (say so: no policy covers that year)."""
        from datetime import date

        return (
            cls.objects.filter(valid_from__lte=date(year, 12, 31))
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=date(year, 1, 1)))
            .order_by("-valid_from", "-id")
            .first()
        )

    @classmethod
    def current(cls, on=None):
        """The version in force on `on` (default today), or None."""
        from django.utils import timezone

        on = on or timezone.localdate()
        return (
            cls.objects.filter(valid_from__lte=on)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
            .order_by("-valid_from", "-id")
            .first()
        )


# --------------------------------------------------------------------------- claims


class ClaimQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Enterprise: its own; liaison: its county's filed claims; bureau and leaders: all filed."""
        if not user.is_authenticated:
            return self.none()
        q = Q(pk__in=[])
        if user.organisation_id and user.has_role(Role.ENTERPRISE):
            q |= Q(enterprise_id=user.organisation_id)
        filed = ~Q(status=Claim.Status.DRAFT)
        if _is_bureau_or_leader(user):
            q |= filed
        elif user.is_liaison and user.county_id:
            q |= filed & Q(enterprise__county_id=user.county_id)
        return self.filter(q)

    def granted(self):
        return self.filter(status__in=Claim.GRANTED_STATES)


class Claim(models.Model):
    """A subsidy claim for the verified payments of one contract in one claim year."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "已提交"
        COUNTY_REVIEW = "county_review", "县区初审"
        BUREAU_REVIEW = "bureau_review", "市级审核"
        LEADER_REVIEW = "leader_review", "一事一议决策"
        APPROVED = "approved", "审核通过"
        PUBLICIZED = "publicized", "公示中"
        DISBURSED = "disbursed", "已拨付"
        RETURNED = "returned", "退回补正"
        REJECTED = "rejected", "不予支持"

    GRANTED_STATES = (Status.APPROVED, Status.PUBLICIZED, Status.DISBURSED)
    PUBLIC_STATES = (Status.PUBLICIZED, Status.DISBURSED)  # what the 公示 list shows beyond the bureau
    OPEN_STATES = (Status.DRAFT, Status.RETURNED)

    number = models.CharField("申报编号", max_length=20, unique=True)
    enterprise = models.ForeignKey(
        "accounts.Organisation", verbose_name="申报企业", on_delete=models.PROTECT, related_name="subsidy_claims"
    )
    contract = models.ForeignKey(TechContract, verbose_name="技术合同", on_delete=models.PROTECT, related_name="claims")
    claim_year = models.PositiveSmallIntegerField("申报年度")
    policy = models.ForeignKey(PolicyVersion, verbose_name="适用政策", on_delete=models.PROTECT, related_name="claims")
    payments = models.ManyToManyField(
        ContractPayment, verbose_name="计入的支付记录", through="ClaimPayment", related_name="claims"
    )
    basis_amount = models.DecimalField("计算基数（元）", **MONEY)
    policy_rate = models.DecimalField("计算比例", max_digits=5, decimal_places=4)
    policy_cap = models.DecimalField("适用上限（元）", **MONEY)
    computed_amount = models.DecimalField("政策测算金额（元）", **MONEY)
    calculation = models.TextField("测算说明", blank=True)
    requested_amount = models.DecimalField("申请金额（元）", **MONEY)
    current_amount = models.DecimalField("当前核定金额（元）", **MONEY)
    approved_amount = models.DecimalField("批准金额（元）", null=True, blank=True, **MONEY)
    is_exceptional = models.BooleanField("一事一议", default=False)
    exceptional_justification = models.TextField("一事一议理由", blank=True)
    decision_reference = models.CharField("决策依据（文号/会议纪要号）", max_length=120, blank=True)
    decision_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="决策人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_at = models.DateTimeField("决策时间", null=True, blank=True)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    resubmission_count = models.PositiveSmallIntegerField("重新提交次数", default=0)
    return_reason = models.TextField("补正要求", blank=True, help_text="最近一次退回补正的原因（流程记录中有完整历史）")
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    approved_at = models.DateTimeField("批准时间", null=True, blank=True)
    publicized_on = models.DateField("公示开始日期", null=True, blank=True)
    publicity_until = models.DateField("公示截止日期", null=True, blank=True)
    disbursed_on = models.DateField("拨付日期", null=True, blank=True)
    disbursement_reference = models.CharField("拨付凭证号", max_length=60, blank=True)
    disbursement_voucher = models.FileField(
        "拨付凭证", upload_to=proof_upload_to, max_length=200, null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="填报人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = ClaimQuerySet.as_manager()

    class Meta:
        verbose_name = "成果转化补助申报"
        verbose_name_plural = "成果转化补助申报"
        ordering = ["-created_at", "-id"]
        indexes = [
            # A year's claims in one state, newest first (?status=…&claim_year=…): a page is the
            # first rows of this index, not a filter over the whole list order.
            models.Index(fields=["claim_year", "status", "-created_at", "-id"], name="claim_year_status_order"),
            # The list's order: a page is the first rows of this index, not a sort of every claim.
            models.Index(fields=["-created_at", "-id"], name="claim_list_order"),
            # A reviewer's queue (one state, oldest submission first) is the first rows of this one.
            # The queue's order; enterprise_id covered so that its count ("not my own unit's
            # claims") is an index-only scan.
            models.Index(fields=["status", "submitted_at", "id"], include=["enterprise_id"], name="claim_queue_order"),
            # The approved claims waiting for publicity, oldest approval first (below the bureau's queue).
            models.Index(fields=["status", "approved_at", "id"], name="claim_approved_order"),
        ]
        constraints = [
            # One live claim per contract and year: the database refuses a second one.
            models.UniqueConstraint(
                fields=["contract", "claim_year"],
                condition=~Q(status="rejected"),
                name="claim_once_per_contract_year",
            ),
            models.CheckConstraint(condition=Q(basis_amount__gte=0), name="claim_basis_not_negative"),
            models.CheckConstraint(
                condition=Q(requested_amount__gte=0) & Q(requested_amount__lte=models.F("computed_amount")),
                name="claim_requested_within_limit",
            ),
            models.CheckConstraint(
                condition=Q(current_amount__lte=models.F("computed_amount")), name="claim_current_within_limit"
            ),
            models.CheckConstraint(
                condition=Q(approved_amount__isnull=True) | Q(approved_amount__lte=models.F("computed_amount")),
                name="claim_approved_within_limit",
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.contract.name}"

    def get_absolute_url(self):
        return reverse("subsidies:claim_detail", args=[self.pk])

    def can_edit(self, user) -> bool:
        """The enterprise edits its draft or returned claim; reviewers act through transitions."""
        return (
            self.status in self.OPEN_STATES
            and user.has_role(Role.ENTERPRISE)
            and user.organisation_id == self.enterprise_id
        )

    def status_label(self) -> str:
        return self.Status(self.status).label

    @property
    def granted_amount(self):
        return self.approved_amount if self.status in self.GRANTED_STATES else None


class ClaimPayment(models.Model):
    """Which payments a claim counts. A payment is counted by at most one live claim (database).

    `is_active` is the link's workflow state (subsidies.workflow.CLAIM_PAYMENT_WORKFLOW): a
    rejected claim stops counting its payments and a reopened one counts them again, each
    change with a status-history row."""

    class State(models.TextChoices):
        ACTIVE = "active", "计入"
        INACTIVE = "inactive", "不再计入"

    # How each state is stored in `is_active`.
    STATE_VALUES = {State.ACTIVE: True, State.INACTIVE: False}

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="payment_links")
    payment = models.ForeignKey(ContractPayment, on_delete=models.PROTECT, related_name="claim_links")
    amount = models.DecimalField("计入金额（元）", **MONEY)
    is_active = models.BooleanField("有效", default=True)

    class Meta:
        verbose_name = "申报计入支付"
        verbose_name_plural = "申报计入支付"
        constraints = [
            models.UniqueConstraint(
                fields=["payment"], condition=Q(is_active=True), name="payment_counted_in_one_claim"
            ),
            models.UniqueConstraint(fields=["claim", "payment"], name="claim_payment_once"),
        ]

    def __str__(self):
        return f"{self.claim.number} ← {self.payment}"


class ClaimAttachment(models.Model):
    class Kind(models.TextChoices):
        CONTRACT = "contract", "技术合同文本"
        REGISTRATION = "registration", "技术合同登记证明"
        INVOICE = "invoice", "发票"
        VOUCHER = "voucher", "银行转账凭证"
        DECISION = "decision", "一事一议决策文件"
        OTHER = "other", "其他材料"

    REQUIRED = ("contract", "registration", "invoice", "voucher")

    claim = models.ForeignKey(Claim, verbose_name="申报", on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField("材料类型", max_length=20, choices=Kind.choices)
    file = models.FileField("文件", upload_to=proof_upload_to, max_length=200)
    original_name = models.CharField("原文件名", max_length=200)
    content_type = models.CharField("文件类型", max_length=60)
    size = models.PositiveIntegerField("大小（字节）")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "申报附件"
        verbose_name_plural = "申报附件"
        ordering = ["kind", "id"]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.original_name}"
