from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q


class Notification(models.Model):
    """An in-app notification; `dedupe_key` makes scheduled sends idempotent.

    A scheduled task passes a key such as "2026-Q4" or "refresh:2026-11-22": the unique
    constraint on (recipient, kind, dedupe_key) means running the task twice sends once.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="接收人", on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField("类型", max_length=60)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=300, blank=True)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=40, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    dedupe_key = models.CharField("去重键", max_length=120, null=True, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)
    emailed = models.BooleanField("已发邮件", default=False)

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "dedupe_key"],
                condition=Q(dedupe_key__isnull=False),
                name="notification_once_per_key",
            )
        ]

    def __str__(self):
        return self.title


class StatusChange(models.Model):
    """One row per workflow transition of any object: from, to, who, when, comment, figures."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=40)
    target = GenericForeignKey("content_type", "object_id")
    workflow = models.CharField("流程", max_length=60)
    from_state = models.CharField("原状态", max_length=40)
    to_state = models.CharField("新状态", max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment = models.TextField("意见", blank=True)
    data = models.JSONField("附加信息", default=dict, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "状态变更"
        verbose_name_plural = "状态变更"
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.from_state} → {self.to_state}"


class ExportLog(models.Model):
    """Who exported what, when, with which filter (exports of personal data are logged)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="导出人", null=True, on_delete=models.SET_NULL)
    what = models.CharField("导出内容", max_length=60)
    query = models.TextField("筛选条件", blank=True)
    row_count = models.PositiveIntegerField("行数", default=0)
    contains_personal_data = models.BooleanField("含个人信息", default=False)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "导出记录"
        verbose_name_plural = "导出记录"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.what} ({self.created_at:%Y-%m-%d %H:%M})"


class NotificationPreference(models.Model):
    """How a user wants to be told: every notification is in-app; email is the user's choice."""

    class Channel(models.TextChoices):
        EMAIL = "email", "站内通知并发送邮件"
        IN_APP = "in_app", "仅站内通知"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    channel = models.CharField("提醒方式", max_length=10, choices=Channel.choices, default=Channel.EMAIL)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "提醒方式"
        verbose_name_plural = "提醒方式"

    def __str__(self):
        return f"{self.user}：{self.get_channel_display()}"

    @classmethod
    def wants_email(cls, user) -> bool:
        channel = cls.objects.filter(user=user).values_list("channel", flat=True).first()
        return channel != cls.Channel.IN_APP


class ReminderLog(models.Model):
    """One row per scheduled reminder sent: unique on (kind, recipient, period).

    A reminder job inserts the row before it notifies, in one transaction: a second run, or a
    second worker running at the same moment, hits the unique constraint and sends nothing.
    """

    kind = models.CharField("提醒类型", max_length=60)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="接收人", on_delete=models.CASCADE, related_name="reminder_logs"
    )
    period = models.CharField("周期", max_length=120, help_text="如 2026-Q4、2026-12-21、2026")
    title = models.CharField("标题", max_length=200)
    url = models.CharField("链接", max_length=300, blank=True)
    run_for = models.DateField("按日期运行")
    notification = models.ForeignKey(
        Notification, verbose_name="通知", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField("发送时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "提醒记录"
        verbose_name_plural = "提醒记录"
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "recipient", "period"], name="reminder_once_per_period"),
        ]

    def __str__(self):
        return f"{self.kind} {self.period} → {self.recipient}"
