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

MONEY = {"max_digits": 14, "decimal_places": 2}
ZERO = Decimal("0.00")


def _is_bureau_or_leader(user) -> bool:
    return user.is_bureau or user.has_role("leader")


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
        if user.organisation_id and user.has_role("enterprise", "institute"):
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

    registration_number = models.CharField("技术合同登记编号", max_length=40, unique=True)
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
        constraints = [
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

    def can_edit(self, user) -> bool:
        """Bureau, or the buyer enterprise while no claim beyond a draft uses the contract."""
        if user.is_bureau:
            return True
        if not (user.has_role("enterprise") and user.organisation_id == self.buyer_id):
            return False
        return not self.claims.exclude(status__in=["draft", "returned", "rejected"]).exists()
