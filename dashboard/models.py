"""Targets as data, and the figures no other app records (entered yearly by the bureau)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

YEAR_VALIDATORS = [MinValueValidator(2000, "年度不早于 2000 年。"), MaxValueValidator(2100, "年度不晚于 2100 年。")]


class TargetKind(models.TextChoices):
    MILESTONE = "milestone", "到期目标（到该年底达到）"
    ANNUAL = "annual", "年度目标（期间内每年达到）"


class Target(models.Model):
    """One published target of the programme: a new plan period is a new row, not a release.

    A milestone target is to be reached by the end of `year`; an annual target applies to
    every year from `start_year` to `year`.
    """

    code = models.SlugField("指标编码", max_length=40, help_text="与看板指标对应，如 agreements、contract_turnover")
    name = models.CharField("指标名称", max_length=60)
    kind = models.CharField("目标类型", max_length=20, choices=TargetKind.choices, default=TargetKind.MILESTONE)
    start_year = models.PositiveSmallIntegerField(
        "起始年度", null=True, blank=True, validators=YEAR_VALIDATORS, help_text="年度目标的起始年度"
    )
    year = models.PositiveSmallIntegerField("目标年度", validators=YEAR_VALIDATORS)
    value = models.DecimalField("目标值", max_digits=16, decimal_places=2)
    unit = models.CharField("单位", max_length=10)
    source = models.CharField("依据", max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "目标"
        verbose_name_plural = "目标"
        ordering = ["sort_order", "code", "year"]
        constraints = [
            models.UniqueConstraint(fields=["code", "year"], name="dashboard_target_code_year"),
            models.CheckConstraint(condition=models.Q(value__gte=0), name="dashboard_target_not_negative"),
        ]

    def __str__(self):
        return f"{self.name}（{self.year}年）：{self.value:g}{self.unit}"

    def clean(self):
        if self.kind == TargetKind.ANNUAL and self.start_year and self.year and self.start_year > self.year:
            raise ValidationError({"start_year": "起始年度不能晚于目标年度。"})

    def covers(self, year: int) -> bool:
        return (self.start_year or self.year) <= year <= self.year


class RecordedIndicator(models.TextChoices):
    """Figures no app records, entered by the bureau once a year."""

    KEY_TECHNOLOGIES = "key_technologies", "关键技术突破（当年新增，项）"
    HIGH_TECH_ENTERPRISES = "high_tech_enterprises", "高新技术企业（年末数，家）"


class RecordedFigure(models.Model):
    """A yearly value the bureau records; corrections overwrite it and keep the history."""

    indicator = models.CharField("指标", max_length=40, choices=RecordedIndicator.choices)
    year = models.PositiveSmallIntegerField("年度", validators=YEAR_VALIDATORS)
    value = models.PositiveIntegerField("数值")
    note = models.CharField("来源/说明", max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField("录入时间", default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "年度统计数"
        verbose_name_plural = "年度统计数"
        ordering = ["indicator", "-year"]
        constraints = [models.UniqueConstraint(fields=["indicator", "year"], name="dashboard_recorded_once_per_year")]

    def __str__(self):
        return f"{self.get_indicator_display()} {self.year}年：{self.value}"
