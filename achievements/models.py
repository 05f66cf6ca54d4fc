"""Research achievements (科技成果库): what institutes offer for transfer in Jiaozuo."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from accounts.models import County, Industry, Organisation
from core.library.models import LibraryQuerySet, LibraryRecord


class Maturity(models.TextChoices):
    """Technology maturity, in rank order (the matcher asks "does the maturity satisfy …")."""

    RESEARCH = "research", "正在研发"
    SAMPLE = "sample", "已有样品"
    LAB_TEST = "lab_test", "通过小试"
    PILOT = "pilot", "通过中试"
    MASS_PRODUCTION = "mass_production", "可以量产"

    @classmethod
    def rank(cls, value: str | None) -> int:
        """1 (正在研发) … 5 (可以量产); 0 for an unknown value."""
        try:
            return cls.values.index(value) + 1
        except ValueError:
            return 0


MATURITY_RANK = {value: Maturity.rank(value) for value in Maturity.values}


class TechnicalLevel(models.TextChoices):
    INTERNATIONAL_LEADING = "international_leading", "国际领先"
    INTERNATIONAL_ADVANCED = "international_advanced", "国际先进"
    DOMESTIC_LEADING = "domestic_leading", "国内领先"
    DOMESTIC_ADVANCED = "domestic_advanced", "国内先进"
    OTHER = "other", "其他"


class IPKind(models.TextChoices):
    INVENTION_PATENT = "invention_patent", "发明专利"
    UTILITY_MODEL = "utility_model", "实用新型"
    DESIGN_PATENT = "design_patent", "外观设计"
    SOFTWARE_COPYRIGHT = "software_copyright", "软件著作权"
    IC_LAYOUT = "ic_layout", "集成电路布图"
    PLANT_VARIETY = "plant_variety", "植物新品种"
    TRADE_SECRET = "trade_secret", "技术秘密"
    OTHER = "other", "其他"


class TransferMode(models.TextChoices):
    TRANSFER = "transfer", "转让"
    EXCLUSIVE_LICENSE = "exclusive_license", "独占许可"
    ORDINARY_LICENSE = "ordinary_license", "普通许可"
    EQUITY = "equity", "作价入股"
    JOINT_DEVELOPMENT = "joint_development", "合作开发"
    TECHNICAL_SERVICE = "technical_service", "技术服务"


class Source(models.TextChoices):
    INSTITUTE = "institute", "院所发布"
    BUREAU = "bureau", "市科技局征集"


class AchievementStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PENDING_REVIEW = "pending_review", "待审核"
    PUBLISHED = "published", "已发布"
    TRANSFERRED = "transferred", "已转化"
    WITHDRAWN = "withdrawn", "已下架"


PUBLIC_STATES = (AchievementStatus.PUBLISHED, AchievementStatus.TRANSFERRED)
EDITABLE_STATES = (AchievementStatus.DRAFT,)


class AchievementQuerySet(LibraryQuerySet):
    def published(self):
        return self.filter(status=AchievementStatus.PUBLISHED)


class Achievement(LibraryRecord):
    Maturity = Maturity
    TechnicalLevel = TechnicalLevel
    IPKind = IPKind
    TransferMode = TransferMode
    Source = Source
    Status = AchievementStatus
    public_states = PUBLIC_STATES
    editable_states = EDITABLE_STATES
    search_fields = ("title", "summary", "keywords", "technical_field", "application")

    title = models.CharField("成果名称", max_length=120)
    summary = models.TextField("成果简介")
    owner = models.ForeignKey(
        Organisation, verbose_name="成果持有单位", on_delete=models.PROTECT, related_name="achievements"
    )
    team_lead = models.CharField("团队负责人", max_length=40, blank=True)
    industry = models.ForeignKey(
        Industry, verbose_name="所属产业", on_delete=models.PROTECT, related_name="achievements"
    )
    technical_field = models.CharField("技术领域", max_length=80, blank=True)
    keywords = models.JSONField("关键词", default=list, blank=True)
    maturity = models.CharField("成熟度", max_length=20, choices=Maturity.choices, default=Maturity.RESEARCH)
    technical_level = models.CharField("技术水平", max_length=30, choices=TechnicalLevel.choices, blank=True)
    ip_kinds = models.JSONField("知识产权类型", default=list, blank=True)
    ip_numbers = models.TextField("知识产权号", blank=True, help_text="专利号、登记号等，每行一个")
    transfer_modes = models.JSONField("转化方式", default=list, blank=True)
    reference_price = models.DecimalField(
        "参考价格（万元）", max_digits=12, decimal_places=2, null=True, blank=True, help_text="不填为面议"
    )
    application = models.TextField("应用领域与前景", blank=True)
    source = models.CharField("来源", max_length=20, choices=Source.choices, default=Source.INSTITUTE)
    county = models.ForeignKey(
        County, verbose_name="拟落地县区", null=True, blank=True, on_delete=models.PROTECT, related_name="achievements"
    )
    status = models.CharField(
        "状态", max_length=20, choices=AchievementStatus.choices, default=AchievementStatus.DRAFT, db_index=True
    )

    history = HistoricalRecords(excluded_fields=["search_text", "updated_at"])
    objects = AchievementQuerySet.as_manager()

    class Meta:
        verbose_name = "科技成果"
        verbose_name_plural = "科技成果"
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["owner", "status"], name="achievement_owner_status"),
            # visible_to(): status or own unit, in one index, so the list's COUNT is an index-only scan.
            models.Index(fields=["status", "owner"], name="achievement_status_owner"),
            # The default ordering: a page of the list is the first rows of this index.
            models.Index(fields=["-published_at", "-id"], name="achievement_list_order"),
        ]

    def get_absolute_url(self):
        return reverse("achievements:detail", args=[self.pk])

    @property
    def maturity_rank(self) -> int:
        return Maturity.rank(self.maturity)

    def ip_kind_labels(self) -> list[str]:
        labels = dict(IPKind.choices)
        return [labels.get(k, k) for k in self.ip_kinds or []]

    def transfer_mode_labels(self) -> list[str]:
        labels = dict(TransferMode.choices)
        return [labels.get(m, m) for m in self.transfer_modes or []]

    @property
    def price_display(self) -> str:
        return "面议" if self.reference_price is None else f"{self.reference_price:g} 万元"


def attachment_path(instance, filename):
    return f"achievements/{instance.achievement_id}/{filename}"


class AchievementAttachment(models.Model):
    """A file about an achievement (说明书、检测报告、专利证书); served only through a checked view."""

    achievement = models.ForeignKey(
        Achievement, verbose_name="成果", on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField("文件", upload_to=attachment_path, max_length=255)
    name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小（字节）", default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "成果附件"
        verbose_name_plural = "成果附件"
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.name
