"""Credit records (诚信档案): good, bad and blacklist entries about a unit or a person.

Whether a unit is blacklisted on a date is a question answered from these records
(`credit.services.is_blacklisted`); a blacklist lapses by itself when its validity ends.
"""

import datetime as dt

from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from accounts.models import Organisation
from accounts.roles import Role


class CreditKind(models.TextChoices):
    GOOD = "good", "良好"
    BAD = "bad", "不良"
    BLACKLIST = "blacklist", "黑名单"


class CreditRecordQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The bureau keeps them and leaders read all; a unit's users see their unit's records."""
        if not user.is_authenticated:
            return self.none()
        if user.is_bureau or user.has_role(Role.LEADER):
            return self.all()
        if user.organisation_id:
            return self.filter(organisation_id=user.organisation_id)
        return self.none()

    def active(self, on: dt.date):
        """Records in force on `on` (both ends inclusive; no end date = open-ended)."""
        return self.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on), valid_from__lte=on)

    def blacklist(self):
        return self.filter(kind=CreditKind.BLACKLIST)


class CreditRecord(models.Model):
    Kind = CreditKind

    organisation = models.ForeignKey(
        Organisation,
        verbose_name="单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="credit_records",
    )
    person_name = models.CharField("个人姓名", max_length=40, blank=True, help_text="记录个人时填写（不填身份证号）")
    kind = models.CharField("类别", max_length=20, choices=CreditKind.choices)
    reason = models.TextField("事由")
    source_document = models.CharField("依据文件", max_length=200, help_text="如：焦科〔2026〕12号")
    valid_from = models.DateField("有效期起")
    valid_until = models.DateField("有效期至", null=True, blank=True, help_text="不填为长期有效")
    created_by = models.ForeignKey(
        "accounts.User", verbose_name="录入人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    history = HistoricalRecords()
    objects = CreditRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "诚信记录"
        verbose_name_plural = "诚信记录"
        ordering = ["-valid_from", "-id"]
        indexes = [models.Index(fields=["organisation", "kind", "valid_from"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | ~Q(person_name=""), name="credit_record_has_subject"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="credit_record_valid_range",
            ),
        ]

    def __str__(self):
        return f"{self.subject}（{self.get_kind_display()}）"

    def get_absolute_url(self):
        return reverse("credit:detail", args=[self.pk])

    @property
    def subject(self) -> str:
        return str(self.organisation) if self.organisation_id else self.person_name

    @property
    def validity_display(self) -> str:
        until = f"{self.valid_until:%Y-%m-%d}" if self.valid_until else "长期"
        return f"{self.valid_from:%Y-%m-%d} 至 {until}"

    def is_active(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_until is None or on <= self.valid_until)

    def can_edit(self, user) -> bool:
        return user.is_bureau
