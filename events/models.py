"""对接活动: the biennial fair and the yearly events (launches, visits, roadshows), who took part,
and what came of them (agreements signed, projects landed)."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from accounts.models import Organisation
from accounts.roles import Role


class EventStatus(models.TextChoices):
    DRAFT = "draft", "筹备中"
    UPCOMING = "upcoming", "即将举办"
    HELD = "held", "已举办"
    CANCELLED = "cancelled", "已取消"


PUBLISHED_STATES = (EventStatus.UPCOMING, EventStatus.HELD, EventStatus.CANCELLED)


class EventKind(models.TextChoices):
    FAIR = "fair", "院校地科技合作洽谈会"
    LAUNCH = "launch", "成果发布会"
    ENTERPRISE_VISIT = "enterprise_visit", "企业走进院所"
    EXPERT_VISIT = "expert_visit", "专家走进企业"
    ROADSHOW = "roadshow", "路演"
    OTHER = "other", "其他"


FAIR_FIRST_YEAR = 2020  # held every even year from 2020 (seed 000 三.1)


def is_fair_year(year: int) -> bool:
    return year >= FAIR_FIRST_YEAR and year % 2 == 0


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status__in=PUBLISHED_STATES)

    def managed_by(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_bureau:
            return self.all()
        if user.is_liaison:
            q = Q(created_by=user)
            if user.county_id:
                q |= Q(county_id=user.county_id)
            return self.filter(q)
        return self.none()

    def visible_to(self, user):
        """Bureau and leaders: all; liaisons: published plus their own drafts; enterprises and
        institutes: published events (their own sign-ups are among them)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_bureau or user.is_leader:
            return self.all()
        if user.is_liaison or user.has_role(Role.ENTERPRISE, Role.INSTITUTE):
            return self.filter(Q(status__in=PUBLISHED_STATES) | Q(pk__in=self.managed_by(user).values("pk")))
        return self.none()


class Event(models.Model):
    Kind = EventKind
    Status = EventStatus

    kind = models.CharField("活动类型", max_length=20, choices=EventKind.choices)
    title = models.CharField("活动名称", max_length=200)
    date = models.DateField("活动日期", db_index=True)
    place = models.CharField("地点", max_length=200, blank=True)
    organiser = models.CharField("主办单位", max_length=120)
    county = models.ForeignKey(
        "accounts.County",
        verbose_name="所在县区",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="市级活动不填",
    )
    description = models.TextField("活动内容", blank=True)
    status = models.CharField(
        "状态", max_length=20, choices=EventStatus.choices, default=EventStatus.DRAFT, db_index=True
    )
    talents = models.ManyToManyField("talents.Talent", verbose_name="参加人才", blank=True, related_name="events")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = "对接活动"
        verbose_name_plural = "对接活动"
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["kind", "date"], name="event_kind_date")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:detail", args=[self.pk])

    def clean(self):
        if self.kind == EventKind.FAIR and self.date and not is_fair_year(self.date.year):
            raise ValidationError(
                {"date": "院校地科技合作洽谈会自2020年起每两年（偶数年）举办一次，请选择偶数年份的日期。"}
            )

    def can_edit(self, user) -> bool:
        """The bureau; the liaison of the event's county or its creator."""
        if not user.is_authenticated:
            return False
        if user.is_bureau:
            return True
        if user.is_liaison:
            return self.created_by_id == user.pk or (user.county_id is not None and user.county_id == self.county_id)
        return False

    @property
    def is_published(self) -> bool:
        return self.status in PUBLISHED_STATES


class EventParticipant(models.Model):
    """An enterprise or institute taking part: invited by the organiser or signed up itself."""

    class Source(models.TextChoices):
        INVITED = "invited", "主办方邀请"
        SIGNUP = "signup", "自主报名"

    event = models.ForeignKey(Event, verbose_name="活动", on_delete=models.CASCADE, related_name="participants")
    organisation = models.ForeignKey(
        Organisation, verbose_name="单位", on_delete=models.PROTECT, related_name="event_participations"
    )
    source = models.CharField("方式", max_length=10, choices=Source.choices)
    signed_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="报名人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("时间", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "参加单位"
        verbose_name_plural = "参加单位"
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["event", "organisation"], name="event_participant_once")]

    def __str__(self):
        return f"{self.organisation} @ {self.event}"


class OutcomeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Bureau and leaders: all; liaisons: outcomes of events they see; parties: their own."""
        if not user.is_authenticated:
            return self.none()
        if user.is_bureau or user.is_leader:
            return self.all()
        if user.is_liaison:
            return self.filter(event__in=Event.objects.visible_to(user))
        if user.organisation_id and user.has_role(Role.ENTERPRISE, Role.INSTITUTE):
            return self.filter(Q(enterprise_id=user.organisation_id) | Q(institute_id=user.organisation_id))
        return self.none()


MONEY = dict(max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0"))])


class Agreement(models.Model):
    """产学研合作协议 signed at (or because of) an event."""

    event = models.ForeignKey(Event, verbose_name="活动", on_delete=models.PROTECT, related_name="agreements")
    title = models.CharField("协议名称", max_length=200)
    parties = models.CharField("签约各方", max_length=300, help_text="如：焦作某公司 与 某大学")
    enterprise = models.ForeignKey(
        Organisation, verbose_name="企业", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    institute = models.ForeignKey(
        Organisation, verbose_name="高校院所", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    amount = models.DecimalField("协议金额（元）", null=True, blank=True, **MONEY)
    signed_on = models.DateField("签订日期", db_index=True)
    engagement = models.ForeignKey(
        "engagements.Engagement",
        verbose_name="对应对接",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_agreements",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    history = HistoricalRecords()
    objects = OutcomeQuerySet.as_manager()

    class Meta:
        verbose_name = "产学研合作协议"
        verbose_name_plural = "产学研合作协议"
        ordering = ["-signed_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="agreement_amount_not_negative")]

    def __str__(self):
        return self.title


class LandedProject(models.Model):
    """A cooperation project landed in Jiaozuo as an outcome of an event."""

    event = models.ForeignKey(Event, verbose_name="活动", on_delete=models.PROTECT, related_name="projects")
    name = models.CharField("项目名称", max_length=200)
    enterprise = models.ForeignKey(
        Organisation, verbose_name="承接企业", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    institute = models.ForeignKey(
        Organisation, verbose_name="合作院所", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    investment = models.DecimalField("投资额（元）", null=True, blank=True, **MONEY)
    landed_on = models.DateField("落地日期", db_index=True)
    engagement = models.ForeignKey(
        "engagements.Engagement",
        verbose_name="对应对接",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_projects",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    history = HistoricalRecords()
    objects = OutcomeQuerySet.as_manager()

    class Meta:
        verbose_name = "落地项目"
        verbose_name_plural = "落地项目"
        ordering = ["-landed_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(investment__gte=0), name="project_investment_not_negative")]

    def __str__(self):
        return self.name
