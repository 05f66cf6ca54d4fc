import datetime as dt

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from accounts.models import County, Industry, ReferenceItem
from accounts.roles import Role
from accounts.validators import validate_phone

AGE_LIMIT = 60  # admission age limit (seed 000, annex 2): relaxed only with a recorded reason
REFRESH_YEARS = 2  # records are refreshed every two years


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def age_on(birth_year: int, birth_month: int, day: dt.date) -> int:
    """Age in whole years on `day` for someone born in (birth_year, birth_month)."""
    return day.year - birth_year - (1 if day.month < birth_month else 0)


class TalentCategory(ReferenceItem):
    """One of the seven admission scopes (人才范围) of the talent pool; `examples` lists titles."""

    examples = models.TextField("包含的称号/情形", blank=True)

    class Meta(ReferenceItem.Meta):
        verbose_name = "人才类别"
        verbose_name_plural = "人才类别"


class Gender(models.TextChoices):
    MALE = "male", "男"
    FEMALE = "female", "女"


class ProfessionalTitle(models.TextChoices):
    SENIOR = "senior", "正高级"
    ASSOCIATE = "associate", "副高级"
    INTERMEDIATE = "intermediate", "中级"
    JUNIOR = "junior", "初级"
    NONE = "none", "无"


class Degree(models.TextChoices):
    DOCTOR = "doctor", "博士"
    MASTER = "master", "硕士"
    BACHELOR = "bachelor", "本科"
    COLLEGE = "college", "大专"
    OTHER = "other", "其他"


class CooperationIntent(models.TextChoices):
    CONSULTING = "consulting", "技术咨询"
    PROJECT = "project", "项目合作"
    STARTUP = "startup", "回乡创业"
    PART_TIME = "part_time", "兼职挂职"
    TRANSFER = "transfer", "成果转化"
    TRAINING = "training", "人才培养"


class ConsentMethod(models.TextChoices):
    WRITTEN = "written", "书面同意"
    PHONE = "phone", "电话确认"
    EMAIL = "email", "邮件确认"
    WECHAT = "wechat", "微信确认"
    IN_PERSON = "in_person", "当面确认"
    SELF_LINK = "self_link", "本人在线确认"


class TalentStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SCREENING = "screening", "待甄别"
    ADMITTED = "admitted", "已入库"
    ARCHIVED = "archived", "已归档"


class TalentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Who may see which talent records (pages, API, export, matching).

        bureau: every record; liaison: records of their own county (籍贯); enterprises and
        institutes: admitted records only, and only ever through `anonymised_profile()`;
        leaders: no individual records (aggregates come from `countable_by`).
        """
        if not user.is_authenticated:
            return self.none()
        if user.is_bureau:
            return self.all()
        if user.is_liaison:
            county_id = user.county_id
            return self.filter(native_county_id=county_id) if county_id else self.none()
        if user.has_role(Role.ENTERPRISE, Role.INSTITUTE):
            return self.filter(status=TalentStatus.ADMITTED)
        return self.none()

    def countable_by(self, user):
        """Records a user may count (dashboards, quota progress): leaders count everything."""
        if user.is_authenticated and (user.is_bureau or user.is_leader):
            return self.all()
        if user.is_authenticated and user.is_liaison:
            return self.visible_to(user)
        return self.none()

    def active(self):
        return self.exclude(status=TalentStatus.ARCHIVED)

    def admitted(self):
        return self.filter(status=TalentStatus.ADMITTED)

    def refresh_due(self):
        return self.filter(is_refresh_due=True).exclude(status=TalentStatus.ARCHIVED)


def sees_contacts(user) -> bool:
    """Only the bureau and county liaisons see talents' names and contact details."""
    return user.is_authenticated and (user.is_bureau or user.is_liaison)


class Talent(models.Model):
    Status = TalentStatus

    name = models.CharField("姓名", max_length=40)
    gender = models.CharField("性别", max_length=10, choices=Gender.choices)
    birth_year = models.PositiveSmallIntegerField("出生年份")
    birth_month = models.PositiveSmallIntegerField("出生月份")
    native_county = models.ForeignKey(County, verbose_name="籍贯县区", on_delete=models.PROTECT, related_name="talents")
    township = models.CharField("籍贯乡镇", max_length=40, blank=True)
    work_province = models.CharField("工作省份", max_length=20)
    work_city = models.CharField("工作城市", max_length=30, blank=True)
    employer = models.CharField("工作单位", max_length=120)
    position = models.CharField("职务", max_length=60, blank=True)
    title = models.CharField("职称", max_length=20, choices=ProfessionalTitle.choices, blank=True)
    degree = models.CharField("学历", max_length=20, choices=Degree.choices, blank=True)
    research_field = models.CharField("研究领域", max_length=200, blank=True)
    keywords = models.JSONField("关键词", default=list, blank=True)
    industries = models.ManyToManyField(Industry, verbose_name="所属产业", related_name="talents")
    category = models.ForeignKey(
        TalentCategory, verbose_name="人才类别", on_delete=models.PROTECT, related_name="talents"
    )
    honours = models.TextField("荣誉称号及奖励", blank=True)
    phone = models.CharField("手机/电话", max_length=20, blank=True, validators=[validate_phone])
    email = models.EmailField("邮箱", blank=True)
    wechat = models.CharField("微信号", max_length=40, blank=True)
    cooperation_intents = models.JSONField("合作意向", default=list, blank=True)
    consent_on = models.DateField("同意联系日期", null=True, blank=True)
    consent_method = models.CharField("同意方式", max_length=20, choices=ConsentMethod.choices, blank=True)
    notes = models.TextField("备注", blank=True)

    status = models.CharField("状态", max_length=20, choices=TalentStatus.choices, default=TalentStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("录入时间", default=timezone.now)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    # Age rule: 60 or older on the entry date needs a recorded exception.
    age_exception = models.BooleanField("年龄放宽", default=False)
    age_exception_reason = models.TextField("年龄放宽理由", blank=True)
    age_exception_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="年龄放宽决定人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    age_exception_on = models.DateField("年龄放宽日期", null=True, blank=True)

    # Two-yearly refresh.
    last_verified_on = models.DateField("最近核实日期", null=True, blank=True)
    refresh_due_on = models.DateField("下次更新日期", null=True, blank=True)
    is_refresh_due = models.BooleanField("待更新", default=False)

    # Screening: pairs the bureau confirmed are different people, and where a merged record went.
    distinct_from = models.ManyToManyField("self", verbose_name="已确认非重复", blank=True, symmetrical=True)
    merged_into = models.ForeignKey(
        "self", verbose_name="已合并至", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_records"
    )
    # Lower-case concatenation of name, employer, research field and keywords for text search.
    search_text = models.TextField("检索文本", blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["search_text", "updated_at"])
    objects = TalentQuerySet.as_manager()

    class Meta:
        verbose_name = "人才"
        verbose_name_plural = "人才"
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["native_county", "status"], name="talent_county_status"),
            # A county's list, newest first (every liaison's list; the bureau's county filter).
            models.Index(fields=["native_county", "-id"], name="talent_county_newest"),
            models.Index(fields=["status", "-id"], name="talent_status_id"),
            models.Index(fields=["phone"], name="talent_phone"),
            models.Index(fields=["email"], name="talent_email"),
            models.Index(fields=["name", "birth_year"], name="talent_name_birth"),
            models.Index(fields=["refresh_due_on"], name="talent_refresh_due_on"),
            models.Index(fields=["is_refresh_due", "native_county"], name="talent_due_county"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(birth_month__gte=1, birth_month__lte=12), name="talent_birth_month"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = self.build_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "search_text" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "search_text"]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("talents:detail", args=[self.pk])

    # ---------------------------------------------------------------- derived values

    @property
    def code(self) -> str:
        """Public reference shown instead of the name in anonymised profiles."""
        return f"RC{self.pk:06d}"

    @property
    def birth_display(self) -> str:
        return f"{self.birth_year}年{self.birth_month}月"

    @property
    def work_place(self) -> str:
        if self.work_city and self.work_city != self.work_province:
            return f"{self.work_province}{self.work_city}"
        return self.work_province

    def age(self, on: dt.date | None = None) -> int:
        return age_on(self.birth_year, self.birth_month, on or timezone.localdate())

    @property
    def age_band(self) -> str:
        age = self.age()
        if age < 40:
            return "40岁以下"
        if age < 50:
            return "40–49岁"
        if age < 60:
            return "50–59岁"
        return "60岁及以上"

    @property
    def cooperation_intent_labels(self) -> list[str]:
        labels = dict(CooperationIntent.choices)
        return [labels.get(v, v) for v in self.cooperation_intents or []]

    @property
    def is_overdue(self) -> bool:
        return bool(self.refresh_due_on and self.refresh_due_on <= timezone.localdate())

    def build_search_text(self) -> str:
        parts = [self.name, self.employer, self.research_field, " ".join(self.keywords or [])]
        return " ".join(p for p in parts if p).lower()

    def validate_constraints(self, exclude=None):
        """The only constraint (birth month 1–12), checked in Python: Django would otherwise
        ask the database once per validated row, which is slow for a 5,000-row import."""
        if not (exclude and "birth_month" in exclude) and not 1 <= (self.birth_month or 0) <= 12:
            raise ValidationError({"birth_month": "出生月份应在 1–12 之间。"})

    # ---------------------------------------------------------------- permissions

    def can_edit(self, user) -> bool:
        if not user.is_authenticated or self.status == TalentStatus.ARCHIVED:
            return False
        if user.is_bureau:
            return True
        return user.is_liaison and user.county_id is not None and user.county_id == self.native_county_id

    def mark_verified(self, day: dt.date | None = None) -> None:
        """Reset the two-yearly clock (not saved)."""
        day = day or timezone.localdate()
        self.last_verified_on = day
        self.refresh_due_on = add_years(day, REFRESH_YEARS)
        self.is_refresh_due = False

    # ---------------------------------------------------------------- anonymised view

    def anonymised_profile(self) -> dict:
        """What enterprises, institutes and matching may see: no name, no contact, no birth date."""
        return {
            "id": self.pk,
            "code": self.code,
            "category": self.category.name if self.category_id else "",
            "industries": [i.name for i in self.industries.all()],
            "research_field": self.research_field,
            "keywords": list(self.keywords or []),
            "title": self.get_title_display() if self.title else "",
            "degree": self.get_degree_display() if self.degree else "",
            "work_province": self.work_province,
            "age_band": self.age_band,
            "cooperation_intents": self.cooperation_intent_labels,
        }


# Fields the bureau chooses between when merging two records (survivor's value by default,
# the other's value where the survivor's is blank).
MERGE_FIELDS = [
    "name",
    "gender",
    "birth_year",
    "birth_month",
    "native_county",
    "township",
    "work_province",
    "work_city",
    "employer",
    "position",
    "title",
    "degree",
    "research_field",
    "category",
    "honours",
    "phone",
    "email",
    "wechat",
    "consent_on",
    "consent_method",
    "notes",
]
MERGE_LIST_FIELDS = ["keywords", "cooperation_intents", "industries"]  # default: union of both


class TalentTarget(models.Model):
    """Quota target (入库目标): city-wide when county is empty. Targets are data, not code."""

    year = models.PositiveSmallIntegerField("年度")
    county = models.ForeignKey(County, verbose_name="县区", null=True, blank=True, on_delete=models.CASCADE)
    value = models.PositiveIntegerField("目标入库人数")
    note = models.CharField("依据", max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "入库目标"
        verbose_name_plural = "入库目标"
        ordering = ["year", "county__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["year", "county"], name="talent_target_year_county"),
            models.UniqueConstraint(fields=["year"], condition=Q(county__isnull=True), name="talent_target_city_year"),
        ]

    def __str__(self):
        return f"{self.year}年 {self.county or '全市'}：{self.value}"


class RefreshLink(models.Model):
    """A signed, single-use link (30 days) a liaison sends a talent to confirm or correct the record."""

    VALID_DAYS = 30

    talent = models.ForeignKey(Talent, verbose_name="人才", on_delete=models.CASCADE, related_name="refresh_links")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发送人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("生成时间", default=timezone.now)
    used_at = models.DateTimeField("使用时间", null=True, blank=True)
    outcome = models.CharField("结果", max_length=20, blank=True)  # "confirmed" / "corrected"

    class Meta:
        verbose_name = "信息核实链接"
        verbose_name_plural = "信息核实链接"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.talent} {self.created_at:%Y-%m-%d}"

    @property
    def expires_at(self):
        return self.created_at + dt.timedelta(days=self.VALID_DAYS)


class TalentCorrection(models.Model):
    """Corrections a talent proposed through a signed link; they wait for the liaison's approval."""

    class State(models.TextChoices):
        PENDING = "pending", "待审核"
        APPROVED = "approved", "已采纳"
        REJECTED = "rejected", "未采纳"

    talent = models.ForeignKey(Talent, verbose_name="人才", on_delete=models.CASCADE, related_name="corrections")
    link = models.OneToOneField(RefreshLink, verbose_name="核实链接", null=True, on_delete=models.SET_NULL)
    changes = models.JSONField("更正内容", default=dict)  # field → proposed value
    message = models.TextField("本人留言", blank=True)
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.PENDING)
    created_at = models.DateTimeField("提交时间", default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "本人更正"
        verbose_name_plural = "本人更正"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.talent} 的更正（{self.get_state_display()}）"

    def labelled_changes(self) -> list[tuple[str, str, object]]:
        """(field label, current value, proposed value) for showing the liaison what would change."""
        rows = []
        for name, proposed in self.changes.items():
            try:
                label = str(Talent._meta.get_field(name).verbose_name)
            except FieldDoesNotExist:  # a field removed since the correction was proposed
                label = name
            rows.append((label, getattr(self.talent, name, ""), proposed))
        return rows
