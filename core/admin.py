from django.contrib import admin

from .models import ExportLog, Notification, NotificationPreference, ReminderLog, StatusChange


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "recipient", "kind", "created_at", "read_at"]
    list_filter = ["kind"]
    search_fields = ["title", "recipient__username"]


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    list_display = ["workflow", "object_id", "from_state", "to_state", "actor", "created_at"]
    list_filter = ["workflow"]
    readonly_fields = [f.name for f in StatusChange._meta.fields]


@admin.register(ExportLog)
class ExportLogAdmin(admin.ModelAdmin):
    list_display = ["what", "user", "row_count", "contains_personal_data", "created_at"]
    readonly_fields = [f.name for f in ExportLog._meta.fields]


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    list_display = ["kind", "period", "recipient", "title", "sent_at"]
    list_filter = ["kind"]
    search_fields = ["title", "recipient__username", "period"]
    readonly_fields = [f.name for f in ReminderLog._meta.fields]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "channel", "updated_at"]
    list_filter = ["channel"]
