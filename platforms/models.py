"""Innovation platforms (创新平台) and their shared instruments (共享仪器)."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from accounts.models import County, Industry, Organisation, ReferenceItem
from accounts.roles import Role
from accounts.validators import validate_phone

from .workflow import PlatformStatus


class PlatformType(ReferenceItem):
    """Kind of innovation platform (重点实验室, 工程技术研究中心, 孵化器 …)."""

    class Meta(ReferenceItem.Meta):
        verbose_name = "平台类型"
        verbose_name_plural = "平台类型"


class PlatformLevel(models.TextChoices):
    NATIONAL = "national", "国家级"
    PROVINCIAL = "provincial", "省级"
    CITY = "city", "市级"


# Levels that count towards the "300 city-level-or-higher platforms" target.
CITY_OR_HIGHER = (PlatformLevel.NATIONAL, PlatformLevel.PROVINCIAL, PlatformLevel.CITY)


class PlatformQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Recognised platforms are public to signed-in users; planning and revoked ones to their
        host and partner units, the county's liaison, the bureau and leaders."""
        if not user.is_authenticated:
            return self.none()
        if user.is_bureau or user.has_role(Role.LEADER):
            return self.all()
        scope = Q(status=PlatformStatus.RECOGNISED)
        if user.organisation_id:
            partner_of = Platform.partners.through.objects.filter(organisation_id=user.organisation_id)
            scope |= Q(host_id=user.organisation_id) | Q(pk__in=partner_of.values("platform_id"))
        if user.is_liaison and user.county_id:
            scope |= Q(county_id=user.county_id)
        return self.filter(scope)

    def recognised(self):
        return self.filter(status=PlatformStatus.RECOGNISED)

    def city_or_higher(self):
        return self.filter(level__in=CITY_OR_HIGHER)

    def search(self, text: str):
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(
            Q(name__icontains=text)
            | Q(host__name__icontains=text)
            | Q(document_number__icontains=text)
            | Q(description__icontains=text)
        )


class Platform(models.Model):
    Status = PlatformStatus
    Level = PlatformLevel

    name = models.CharField("平台名称", max_length=120)
    platform_type = models.ForeignKey(PlatformType, verbose_name="平台类型", on_delete=models.PROTECT)
    level = models.CharField("级别", max_length=20, choices=PlatformLevel.choices)
    host = models.ForeignKey(
        Organisation, verbose_name="依托单位", on_delete=models.PROTECT, related_name="hosted_platforms"
    )
    partners = models.ManyToManyField(
        Organisation, verbose_name="合作院所", blank=True, related_name="partner_platforms"
    )
    county = models.ForeignKey(County, verbose_name="所在县区", on_delete=models.PROTECT)
    industries = models.ManyToManyField(Industry, verbose_name="所属产业", blank=True)
    recognised_on = models.DateField("认定日期", null=True, blank=True)
    document_number = models.CharField("认定文号", max_length=100, blank=True)
    description = models.TextField("平台简介", blank=True)
    status = models.CharField("状态", max_length=20, choices=PlatformStatus.choices, default=PlatformStatus.PLANNING)
    created_by = models.ForeignKey(
        "accounts.User", verbose_name="创建人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    # Partners and industries are many-to-many: their changes are written, readable, into the
    # change reason (see m2m_change_note) rather than as raw link rows.
    history = HistoricalRecords()
    objects = PlatformQuerySet.as_manager()
    # The workflow (platforms/workflow.py) is registered in PlatformsConfig.ready().

    class Meta:
        verbose_name = "创新平台"
        verbose_name_plural = "创新平台"
        ordering = ["-updated_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["host", "name"], name="platform_unique_per_host")]
        indexes = [
            models.Index(fields=["status", "level"]),
            # The list's order: a page is the first rows of this index, not a sort of every platform.
            models.Index(fields=["-updated_at", "-id"], name="platform_list_order"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("platforms:detail", args=[self.pk])

    @property
    def kind(self) -> str:
        """The type's Chinese name (API field `kind`)."""
        return self.platform_type.name

    def m2m_change_note(self, *, partners=None, industries=None) -> str:
        """'合作院所：A、B；所属产业：新材料' for the lists that differ from the stored ones."""
        notes = []
        for label, new, current in (
            ("合作院所", partners, self.partners.all() if self.pk else []),
            ("所属产业", industries, self.industries.all() if self.pk else []),
        ):
            if new is None:
                continue
            if {o.pk for o in new} != {o.pk for o in current}:
                notes.append(f"{label}：" + ("、".join(str(o) for o in new) or "（空）"))
        return "；".join(notes)

    def is_host(self, user) -> bool:
        return (
            user.is_authenticated
            and user.organisation_id is not None
            and user.organisation_id == self.host_id
            and user.has_role(Role.ENTERPRISE, Role.INSTITUTE)
        )

    def can_edit(self, user) -> bool:
        """The bureau any; the host's users their own while it is not revoked."""
        if user.is_bureau:
            return True
        return self.is_host(user) and self.status != PlatformStatus.REVOKED


class EvaluationResult(models.TextChoices):
    EXCELLENT = "excellent", "优秀"
    GOOD = "good", "良好"
    PASS = "pass", "合格"
    FAIL = "fail", "不合格"


class PlatformEvaluation(models.Model):
    """A yearly evaluation (年度考核评估) of a platform, recorded by the bureau."""

    platform = models.ForeignKey(Platform, verbose_name="平台", on_delete=models.CASCADE, related_name="evaluations")
    year = models.PositiveSmallIntegerField("年度")
    result = models.CharField("评估结果", max_length=20, choices=EvaluationResult.choices)
    comment = models.TextField("评估意见", blank=True)
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "年度评估"
        verbose_name_plural = "年度评估"
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["platform", "year"], name="platform_evaluation_once_a_year")]

    def __str__(self):
        return f"{self.platform} {self.year} 年度：{self.get_result_display()}"


class InstrumentQuerySet(models.QuerySet):
    def public(self):
        """Instruments of recognised platforms: the public list (anonymous visitors too)."""
        return self.filter(platform__status=PlatformStatus.RECOGNISED)

    def visible_to(self, user):
        if user.is_authenticated and (user.is_bureau or user.has_role(Role.LEADER)):
            return self.all()
        if not user.is_authenticated:
            return self.public()
        return self.filter(
            Q(platform__status=PlatformStatus.RECOGNISED)
            | Q(platform__in=Platform.objects.visible_to(user).values("pk"))
        )

    def search(self, text: str):
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(
            Q(name__icontains=text)
            | Q(model__icontains=text)
            | Q(services__icontains=text)
            | Q(platform__name__icontains=text)
            | Q(platform__host__name__icontains=text)
        )


class SharedInstrument(models.Model):
    """A large instrument a platform shares with enterprises (大型仪器共享)."""

    platform = models.ForeignKey(
        Platform, verbose_name="所属平台", on_delete=models.CASCADE, related_name="instruments"
    )
    name = models.CharField("仪器名称", max_length=120)
    model = models.CharField("型号规格", max_length=120, blank=True)
    original_value = models.DecimalField("原值（元）", max_digits=14, decimal_places=2)
    services = models.TextField("可提供服务", help_text="如：材料成分分析、力学性能测试")
    booking_contact = models.CharField("预约联系人", max_length=40)
    booking_phone = models.CharField("预约电话", max_length=20, validators=[validate_phone])
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    history = HistoricalRecords()
    objects = InstrumentQuerySet.as_manager()

    class Meta:
        verbose_name = "共享仪器"
        verbose_name_plural = "共享仪器"
        ordering = ["platform_id", "name", "id"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("platforms:detail", args=[self.platform_id]) + f"#instrument-{self.pk}"

    @property
    def original_value_display(self) -> str:
        """2350000 → "2,350,000.00"."""
        return f"{self.original_value:,.2f}"

    def can_edit(self, user) -> bool:
        return self.platform.can_edit(user)
