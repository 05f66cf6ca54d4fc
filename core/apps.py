from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "公共"

    def ready(self):
        from .registry import register_nav

        register_nav("定时提醒", "core:reminders", roles=(), order=95, icon="alarm")
