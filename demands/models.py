"""Enterprise demands (企业需求库): what a Jiaozuo enterprise needs, reviewed by the bureau."""

import datetime as dt

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from accounts.models import County, Industry, Organisation
from core.library.models import LibraryQuerySet, LibraryRecord


class DemandKind(models.TextChoices):
    TECHNOLOGY = "technology", "技术需求"
    TALENT = "talent", "人才需求"
    FUNDING = "funding", "资金需求"
    OTHER = "other", "其他"


class CooperationMode(models.TextChoices):
    COMMISSIONED_RD = "commissioned_rd", "委托研发"
    JOINT_RESEARCH = "joint_research", "合作研究"
    JOINT_DEVELOPMENT = "joint_development", "联合开发"
    TRANSFER = "transfer", "技术转让"
    LICENSING = "licensing", "许可使用"
    EQUITY = "equity", "作价入股"
    TALENT_INTRODUCTION = "talent_introduction", "人才引进"
    FLEXIBLE_TALENT = "flexible_talent", "柔性引才"
    FINANCING = "financing", "融资"


class DemandStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PENDING_REVIEW = "pending_review", "待审核"
    PUBLISHED = "published", "已发布"
    IN_PROGRESS = "in_progress", "对接中"
    RESOLVED = "resolved", "已解决"
    CLOSED = "closed", "已关闭"
    RETURNED = "returned", "退回修改"


# States in which a demand is on the public list (while not expired).
PUBLIC_STATES = (DemandStatus.PUBLISHED, DemandStatus.IN_PROGRESS)
# States in which the owner may still edit the text.
EDITABLE_STATES = (DemandStatus.DRAFT, DemandStatus.RETURNED)


def _today():
    return timezone.localdate()


def default_valid_until():
    return timezone.localdate() + dt.timedelta(days=365)


class DemandQuerySet(LibraryQuerySet):
    def not_expired(self):
        return self.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=_today()))

    def expired(self):
        return self.filter(valid_until__lt=_today())

    def published(self):
        """Published and not expired: what the public list and the matcher work from."""
        return self.filter(status=DemandStatus.PUBLISHED).not_expired()

    def public_q(self) -> Q:
        """On the public list: published or under engagement, and not expired."""
        return Q(status__in=PUBLIC_STATES) & (Q(valid_until__isnull=True) | Q(valid_until__gte=_today()))


class Demand(LibraryRecord):
    Kind = DemandKind
    Mode = CooperationMode
    Status = DemandStatus
    public_states = PUBLIC_STATES
    editable_states = EDITABLE_STATES
    search_fields = ("title", "description", "keywords", "problem", "technical_field")

    title = models.CharField("需求名称", max_length=120)
    description = models.TextField("需求描述")
    kind = models.CharField("需求类型", max_length=20, choices=DemandKind.choices, default=DemandKind.TECHNOLOGY)
    industry = models.ForeignKey(Industry, verbose_name="所属产业", on_delete=models.PROTECT, related_name="demands")
    technical_field = models.CharField("技术领域", max_length=80, blank=True)
    problem = models.TextField("要解决的问题", blank=True)
    basis = models.TextField("现有基础", blank=True)
    indicators = models.TextField("关键指标", blank=True)
    keywords = models.JSONField("关键词", default=list, blank=True)
    budget_min = models.DecimalField("预算下限（万元）", max_digits=12, decimal_places=2, null=True, blank=True)
    budget_max = models.DecimalField("预算上限（万元）", max_digits=12, decimal_places=2, null=True, blank=True)
    cooperation_modes = models.JSONField("合作方式", default=list, blank=True)
    valid_until = models.DateField("有效期至", default=default_valid_until, db_index=True)
    owner = models.ForeignKey(Organisation, verbose_name="需求单位", on_delete=models.PROTECT, related_name="demands")
    county = models.ForeignKey(
        County, verbose_name="所在县区", null=True, blank=True, on_delete=models.PROTECT, related_name="demands"
    )
    status = models.CharField(
        "状态", max_length=20, choices=DemandStatus.choices, default=DemandStatus.DRAFT, db_index=True
    )

    history = HistoricalRecords(excluded_fields=["search_text", "updated_at"])
    objects = DemandQuerySet.as_manager()

    class Meta:
        verbose_name = "企业需求"
        verbose_name_plural = "企业需求"
        ordering = ["-published_at", "-id"]
        indexes = [
            # visible_to()/public(): status + expiry + own unit, all in one index, so the list's
            # COUNT is an index-only scan.
            models.Index(fields=["status", "valid_until", "owner"], name="demand_status_valid_owner"),
            models.Index(fields=["owner", "status"], name="demand_owner_status"),
            # The default ordering: a page of the list is the first rows of this index.
            models.Index(fields=["-published_at", "-id"], name="demand_list_order"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(budget_min__isnull=True)
                | Q(budget_max__isnull=True)
                | Q(budget_min__lte=models.F("budget_max")),
                name="demand_budget_range",
            )
        ]

    def save(self, *args, **kwargs):
        if self.county_id is None and self.owner_id is not None:
            self.county_id = Organisation.objects.filter(pk=self.owner_id).values_list("county_id", flat=True).first()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("demands:detail", args=[self.pk])

    # ------------------------------------------------------------------ rules

    @property
    def is_expired(self) -> bool:
        return self.valid_until is not None and self.valid_until < _today()

    @property
    def status_label(self) -> str:
        """The status as shown: a public demand past its validity shows as 已过期, not 已发布."""
        if self.status in PUBLIC_STATES and self.is_expired:
            return "已过期"
        return self.get_status_display()

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATES and not self.is_expired

    def mode_labels(self) -> list[str]:
        labels = dict(CooperationMode.choices)
        return [labels.get(m, m) for m in self.cooperation_modes or []]

    @property
    def budget_display(self) -> str:
        if self.budget_min is None and self.budget_max is None:
            return "面议"
        if self.budget_min is not None and self.budget_max is not None:
            if self.budget_min == self.budget_max:
                return f"{self.budget_min:g} 万元"
            return f"{self.budget_min:g}–{self.budget_max:g} 万元"
        if self.budget_min is not None:
            return f"{self.budget_min:g} 万元以上"
        return f"{self.budget_max:g} 万元以内"
