"""Supervision (督导考核): quarterly ledgers per unit, tasks assigned by the joint meeting,
quarterly supervision records and the yearly award ranking (seed 000, 三.4 and 三.2)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from accounts.models import Organisation
from accounts.roles import Role

QUARTER_CHOICES = [(1, "第一季度"), (2, "第二季度"), (3, "第三季度"), (4, "第四季度")]
YEAR_VALIDATORS = [MinValueValidator(2020), MaxValueValidator(2100)]


# --------------------------------------------------------------------------- units


class LedgerStatus(models.TextChoices):
    NOT_STARTED = "not_started", "未开始"
    IN_PROGRESS = "in_progress", "推进中"
    DONE = "done", "已完成"


class TaskStatus(models.TextChoices):
    ASSIGNED = "assigned", "已交办"
    IN_PROGRESS = "in_progress", "办理中"
    DONE = "done", "已办结"
    CANCELLED = "cancelled", "已撤销"


class SupervisedUnitQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def kept_by(self, user):
        """The units whose ledger this user keeps: a liaison's county, a department's own users."""
        if not user.is_authenticated:
            return self.none()
        if user.is_bureau:
            return self.all()
        q = Q(pk__in=[])
        if user.is_liaison and user.county_id:
            q |= Q(county_id=user.county_id)
        if user.organisation_id and user.has_role(Role.LIAISON):
            q |= Q(organisation_id=user.organisation_id)
        return self.filter(q)

    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_bureau or user.is_leader:
            return self.all()
        return self.kept_by(user)


class SupervisedUnit(models.Model):
    """A unit that keeps a ledger and is supervised: a county-level unit or a city department."""

    class Kind(models.TextChoices):
        COUNTY = "county", "县（市、区）"
        DEPARTMENT = "department", "市直部门"

    name = models.CharField("单位名称", max_length=60, unique=True)
    kind = models.CharField("类别", max_length=12, choices=Kind.choices)
    county = models.OneToOneField(
        "accounts.County",
        verbose_name="县区",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervised_unit",
    )
    organisation = models.OneToOneField(
        Organisation,
        verbose_name="对应单位账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supervised_unit",
        help_text="市直部门：该单位的用户（联络员角色）维护本部门台账并接收提醒。",
    )
    sort_order = models.PositiveSmallIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    objects = SupervisedUnitQuerySet.as_manager()

    class Meta:
        verbose_name = "被督导单位"
        verbose_name_plural = "被督导单位"
        ordering = ["sort_order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="county") | Q(county__isnull=False), name="supervised_county_has_county"
            )
        ]

    def __str__(self):
        return self.name

    def keepers(self):
        """Active users who keep this unit's ledger and receive its reminders."""
        from accounts.models import User

        if self.kind == self.Kind.COUNTY and self.county_id:
            return User.objects.liaisons_of(self.county_id)
        if self.organisation_id:
            return User.objects.with_role(Role.LIAISON).filter(organisation_id=self.organisation_id)
        return User.objects.none()


class UnitScopedQuerySet(models.QuerySet):
    """Bureau and leaders: everything; a ledger keeper: their unit's rows; others nothing."""

    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_bureau or user.is_leader:
            return self.all()
        return self.filter(unit__in=SupervisedUnit.objects.kept_by(user))


class UnitScopedModel(models.Model):
    class Meta:
        abstract = True

    def unit_is_kept_by(self, user) -> bool:
        return user.is_authenticated and SupervisedUnit.objects.kept_by(user).filter(pk=self.unit_id).exists()


# --------------------------------------------------------------------------- ledger


def evidence_upload_to(instance, filename: str) -> str:
    """Private path with a random name; the original name is kept in the row."""
    import uuid

    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"private/supervision/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{ext}"


class LedgerItemQuerySet(UnitScopedQuerySet):
    def in_quarter(self, year: int, quarter: int):
        return self.filter(year=year, quarter=quarter)


class LedgerItem(UnitScopedModel):
    """One line of a unit's quarterly ledger (台账): a task, who answers for it, how far it is."""

    Status = LedgerStatus

    unit = models.ForeignKey(SupervisedUnit, verbose_name="单位", on_delete=models.PROTECT, related_name="ledger_items")
    year = models.PositiveSmallIntegerField("年度", validators=YEAR_VALIDATORS)
    quarter = models.PositiveSmallIntegerField("季度", choices=QUARTER_CHOICES)
    task = models.CharField("工作任务", max_length=200)
    responsible_person = models.CharField("责任人", max_length=40)
    progress = models.TextField("工作进展", blank=True)
    evidence = models.FileField("佐证材料", upload_to=evidence_upload_to, max_length=200, blank=True)
    evidence_name = models.CharField("佐证材料文件名", max_length=200, blank=True)
    evidence_content_type = models.CharField("佐证材料类型", max_length=60, blank=True)
    status = models.CharField(
        "状态", max_length=20, choices=LedgerStatus.choices, default=LedgerStatus.NOT_STARTED, db_index=True
    )
    assigned_task = models.ForeignKey(
        "supervision.AssignedTask",
        verbose_name="对应交办任务",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ledger_items",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="填报人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("填报时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = LedgerItemQuerySet.as_manager()

    class Meta:
        verbose_name = "台账事项"
        verbose_name_plural = "台账事项"
        ordering = ["-year", "-quarter", "unit__sort_order", "id"]
        indexes = [models.Index(fields=["unit", "year", "quarter"], name="ledger_unit_quarter")]

    def __str__(self):
        return f"{self.unit} {self.year}年第{self.quarter}季度：{self.task}"

    def get_absolute_url(self):
        return reverse("supervision:ledger_detail", args=[self.pk])

    def can_edit(self, user) -> bool:
        return user.is_authenticated and (user.is_bureau or self.unit_is_kept_by(user))


# --------------------------------------------------------------------------- assigned tasks


class AssignedTaskQuerySet(UnitScopedQuerySet):
    def open(self):
        return self.filter(status__in=(TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS))

    def overdue(self, on):
        """Open tasks whose due date has passed as of `on` (due today is not yet overdue)."""
        return self.open().filter(due_on__lt=on)


class AssignedTask(UnitScopedModel):
    """A task the quarterly joint meeting (联席会议) assigns to a unit, with a due date."""

    Status = TaskStatus

    title = models.CharField("任务", max_length=200)
    detail = models.TextField("任务要求", blank=True)
    unit = models.ForeignKey(
        SupervisedUnit, verbose_name="责任单位", on_delete=models.PROTECT, related_name="assigned_tasks"
    )
    meeting_on = models.DateField("交办会议日期", help_text="交办该任务的联席会议日期")
    due_on = models.DateField("完成时限")
    status = models.CharField(
        "状态", max_length=20, choices=TaskStatus.choices, default=TaskStatus.ASSIGNED, db_index=True
    )
    result = models.TextField("办理结果", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="交办人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("交办时间", auto_now_add=True)

    history = HistoricalRecords()
    objects = AssignedTaskQuerySet.as_manager()

    class Meta:
        verbose_name = "交办任务"
        verbose_name_plural = "交办任务"
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["status", "due_on"], name="assigned_task_due")]
        constraints = [
            models.CheckConstraint(condition=Q(due_on__gte=models.F("meeting_on")), name="task_due_after_meeting")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("supervision:task_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in (TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS)

    def is_overdue(self, on=None) -> bool:
        return self.is_open and self.due_on < (on or timezone.localdate())

    def can_edit(self, user) -> bool:
        """Only the bureau changes a task's wording; the unit moves it through the workflow."""
        return user.is_authenticated and user.is_bureau


# --------------------------------------------------------------------------- supervision records


class Outcome(models.TextChoices):
    COMMEND = "commend", "表彰"
    CRITICISE = "criticise", "通报批评"
    NONE = "none", "无"


class SupervisionRecord(UnitScopedModel):
    """The bureau's quarterly supervision (督导检查) of one unit: a score out of 100 and an outcome."""

    Outcome = Outcome

    unit = models.ForeignKey(
        SupervisedUnit, verbose_name="单位", on_delete=models.PROTECT, related_name="supervision_records"
    )
    year = models.PositiveSmallIntegerField("年度", validators=YEAR_VALIDATORS)
    quarter = models.PositiveSmallIntegerField("季度", choices=QUARTER_CHOICES)
    score = models.DecimalField(
        "得分",
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    comment = models.TextField("督导意见", blank=True)
    outcome = models.CharField("结果", max_length=12, choices=Outcome.choices, default=Outcome.NONE)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField("记录时间", auto_now=True)

    history = HistoricalRecords(excluded_fields=["recorded_at"])
    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "督导记录"
        verbose_name_plural = "督导记录"
        ordering = ["-year", "-quarter", "-score", "unit__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "quarter"], name="one_supervision_per_quarter"),
            models.CheckConstraint(condition=Q(score__gte=0) & Q(score__lte=100), name="supervision_score_0_100"),
        ]

    def __str__(self):
        return f"{self.unit} {self.year}年第{self.quarter}季度 {self.score} 分"

    def get_absolute_url(self):
        return reverse("supervision:record_list") + f"?year={self.year}&quarter={self.quarter}"

    def can_edit(self, user) -> bool:
        return user.is_authenticated and user.is_bureau


# --------------------------------------------------------------------------- yearly awards


class Prize(models.TextChoices):
    FIRST = "first", "一等奖"
    SECOND = "second", "二等奖"
    THIRD = "third", "三等奖"
    NONE = "none", "未获奖"


class AwardDecisionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Confirmed awards are announced: every unit keeper sees them; the bureau and leaders too."""
        if not user.is_authenticated:
            return self.none()
        if user.is_bureau or user.is_leader or user.is_liaison:
            return self.all()
        return self.none()


class AwardDecision(models.Model):
    """The bureau's confirmation of one year's 目标先进单位 awards (re-confirming keeps history)."""

    year = models.PositiveSmallIntegerField("年度", unique=True, validators=YEAR_VALIDATORS)
    comment = models.TextField("说明", blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="确认人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField("确认时间")

    history = HistoricalRecords()
    objects = AwardDecisionQuerySet.as_manager()

    class Meta:
        verbose_name = "年度评奖确认"
        verbose_name_plural = "年度评奖确认"
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year}年度院地合作目标先进单位评奖"


class AwardEntry(models.Model):
    decision = models.ForeignKey(AwardDecision, verbose_name="评奖", on_delete=models.CASCADE, related_name="entries")
    unit = models.ForeignKey(SupervisedUnit, verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    rank = models.PositiveSmallIntegerField("名次")
    annual_score = models.DecimalField("年度得分", max_digits=5, decimal_places=2)
    prize = models.CharField("奖项", max_length=10, choices=Prize.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "评奖结果"
        verbose_name_plural = "评奖结果"
        ordering = ["rank", "unit__sort_order"]
        constraints = [models.UniqueConstraint(fields=["decision", "unit"], name="one_award_per_unit_year")]

    def __str__(self):
        return f"{self.unit}：{self.get_prize_display()}"
