"""对接 (engagements): a demand linked to an achievement, a talent or an institute, in stages."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from accounts.roles import Role
from core.masking import PersonalFields, hide
from talents.display import talent_display


class EngagementStatus(models.TextChoices):
    REQUESTED = "requested", "申请中"  # asked for by a party from a suggestion; the bureau accepts
    INTENT = "intent", "意向"
    NEGOTIATING = "negotiating", "洽谈"
    SIGNED = "signed", "签约"
    LANDED = "landed", "落地"
    TERMINATED = "terminated", "终止"


OPEN_STATES = (EngagementStatus.INTENT, EngagementStatus.NEGOTIATING, EngagementStatus.SIGNED)
# Stages shown as pipeline columns, in order.
PIPELINE = (EngagementStatus.REQUESTED, *OPEN_STATES, EngagementStatus.LANDED, EngagementStatus.TERMINATED)


class TargetKind(models.TextChoices):
    ACHIEVEMENT = "achievement", "科技成果"
    TALENT = "talent", "人才"
    INSTITUTE = "institute", "高校院所"


class EngagementQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATES)

    def visible_to(self, user):
        """Bureau and leaders: all; liaison: own county's (or own); parties: theirs, read-only."""
        if not user.is_authenticated:
            return self.none()
        if user.is_bureau or user.is_leader:
            return self.all()
        # Each condition on a related record is a subquery (not a join): the rows are the
        # engagements themselves, without DISTINCT, so a page is the first rows of the list-order
        # index that match, not a sort of every visible engagement.
        q = Q(pk__in=[])
        if user.is_liaison:
            q |= Q(owner=user)
            if user.county_id:
                q |= Q(county_id=user.county_id) | Q(talent_id__in=_native_talents(user.county_id))
        if user.organisation_id and user.has_role(Role.ENTERPRISE, Role.INSTITUTE):
            org = user.organisation_id
            q |= Q(demand_id__in=_owned("demands.Demand", org)) | Q(
                achievement_id__in=_owned("achievements.Achievement", org)
            )
            q |= Q(institute_id=org)
        return self.filter(q)

    def managed_by(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_bureau:
            return self.all()
        if user.is_liaison:
            q = Q(owner=user)
            if user.county_id:
                q |= Q(county_id=user.county_id) | Q(talent_id__in=_native_talents(user.county_id))
            return self.filter(q)
        return self.none()


def _native_talents(county_id):
    from django.apps import apps

    return apps.get_model("talents", "Talent").objects.filter(native_county_id=county_id).values("pk")


def _owned(label: str, organisation_id):
    from django.apps import apps

    return apps.get_model(label).objects.filter(owner_id=organisation_id).values("pk")


class Engagement(models.Model):
    Status = EngagementStatus
    TargetKind = TargetKind
    # Which talent is engaged is personal: its history hides it from those who see the profile only.
    personal_fields = PersonalFields({"talent": hide}, visible_to="talent_name_visible_to")

    demand = models.ForeignKey(
        "demands.Demand", verbose_name="企业需求", on_delete=models.PROTECT, related_name="engagements"
    )
    target_kind = models.CharField("对接对象类型", max_length=12, choices=TargetKind.choices)
    achievement = models.ForeignKey(
        "achievements.Achievement",
        verbose_name="科技成果",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="engagements",
    )
    talent = models.ForeignKey(
        "talents.Talent",
        verbose_name="人才",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="engagements",
    )
    institute = models.ForeignKey(
        "accounts.Organisation",
        verbose_name="高校院所",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="engagements_as_institute",
    )
    county = models.ForeignKey(
        "accounts.County", verbose_name="所在县区", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="负责人", on_delete=models.PROTECT, related_name="engagements_owned"
    )
    status = models.CharField(
        "对接阶段", max_length=20, choices=EngagementStatus.choices, default=EngagementStatus.INTENT, db_index=True
    )
    summary = models.TextField("对接说明", blank=True)
    next_follow_up_on = models.DateField("下次跟进日期", null=True, blank=True, db_index=True)
    contract = models.OneToOneField(
        "subsidies.TechContract",
        verbose_name="技术合同",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="engagement",
    )
    signed_on = models.DateField("签约日期", null=True, blank=True)
    landed_on = models.DateField("落地日期", null=True, blank=True)
    termination_reason = models.TextField("终止原因", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发起人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("发起时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = EngagementQuerySet.as_manager()

    class Meta:
        verbose_name = "对接"
        verbose_name_plural = "对接"
        ordering = ["-created_at", "-id"]
        indexes = [
            # The list's order: a page is the first rows of this index, not a sort of every engagement.
            models.Index(fields=["-created_at", "-id"], name="engagement_list_order"),
            models.Index(fields=["status", "next_follow_up_on", "-updated_at"], name="engagement_follow_up"),
            models.Index(fields=["county", "status"], name="engagement_county_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(target_kind="achievement", achievement__isnull=False, talent__isnull=True, institute__isnull=True)
                    | Q(target_kind="talent", talent__isnull=False, achievement__isnull=True, institute__isnull=True)
                    | Q(target_kind="institute", institute__isnull=False, achievement__isnull=True, talent__isnull=True)
                ),
                name="engagement_one_target",
            )
        ]

    def __str__(self):
        return f"{self.demand} ↔ {self.target_display()}"

    def get_absolute_url(self):
        return reverse("engagements:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATES

    @property
    def party_organisation_ids(self) -> set[int]:
        ids = {self.demand.owner_id}
        if self.achievement_id:
            ids.add(self.achievement.owner_id)
        if self.institute_id:
            ids.add(self.institute_id)
        return ids

    def target_display(self, user=None) -> str:
        """The other side, as this user may see it (talents anonymised for non-parties)."""
        if self.achievement_id:
            return f"{self.achievement.title}（{self.achievement.owner}）"
        if self.institute_id:
            return str(self.institute)
        if self.talent_id:
            if user is None or self.talent_name_visible_to(user):
                return f"{self.talent.name}（{self.talent.employer}）"
            return talent_display(self.talent)
        return ""

    def talent_name_visible_to(self, user) -> bool:
        """Who may see the engaged talent as a person (name, employer): the bureau, the liaison of
        the talent's home county (the talent pool's own rule) and the demand's enterprise, for
        whom the bureau opened the engagement. Leaders and other counties see the anonymised profile."""
        if not user.is_authenticated:
            return False
        if user.is_bureau:
            return True
        if user.is_liaison and user.county_id and self.talent_id:
            return user.county_id == self.talent.native_county_id
        return user.organisation_id == self.demand.owner_id

    def can_edit(self, user) -> bool:
        """Bureau, the owning liaison or a liaison of the same county; parties only read."""
        if not user.is_authenticated:
            return False
        if user.is_bureau:
            return True
        if user.is_liaison:
            if self.owner_id == user.pk:
                return True
            county_id = user.county_id
            return county_id is not None and county_id in (
                self.county_id,
                self.talent.native_county_id if self.talent_id else None,
            )
        return False

    @classmethod
    def open_party_record_ids(cls, user, label: str) -> frozenset:
        """Ids of the demands or achievements (`label` "demands.demand" / "achievements.achievement")
        the user's unit is an open-engagement party of — one query, so a list page asks once.

        Registered in core.registry (EngagementsConfig.ready()): it is what lets the other side of
        an engagement the bureau opened see the record's contact details.

        For a demand, the unit offers the engaged achievement or is the engaged institute; for an
        achievement, the unit owns the engaged demand.
        """
        if not user.is_authenticated or not user.organisation_id:
            return frozenset()
        org = user.organisation_id
        engagements = cls.objects.open()
        if label == "demands.demand":
            rows = engagements.filter(Q(achievement__owner_id=org) | Q(institute_id=org)).values_list("demand_id")
        elif label == "achievements.achievement":
            rows = engagements.filter(demand__owner_id=org, achievement__isnull=False).values_list("achievement_id")
        else:
            return frozenset()
        return frozenset(pk for (pk,) in rows)


class EngagementNote(models.Model):
    """A dated note on the engagement (visit, call, meeting minutes)."""

    engagement = models.ForeignKey(Engagement, verbose_name="对接", on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField("内容")
    created_at = models.DateTimeField("时间", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "对接记录"
        verbose_name_plural = "对接记录"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.body[:40]
