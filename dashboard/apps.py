from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save

from accounts.roles import Role
from core.registry import register_home, register_nav, register_targets


class DashboardConfig(AppConfig):
    name = "dashboard"
    verbose_name = "数据看板"

    def ready(self):
        from . import figures
        from .home import home_cards

        register_nav("数据看板", "dashboard:index", roles={Role.LEADER, Role.BUREAU}, order=5, icon="speedometer2")
        register_nav("年度统计数录入", "dashboard:recorded", roles={Role.BUREAU}, order=6, icon="pencil-square")
        register_home(home_cards)
        register_targets(figures.target_answer)  # other apps' pages show the same targets

        # Any change to a record the dashboard counts makes every cached summary stale.
        for model in figures.COUNTED_MODELS:
            label = model._meta.label
            post_save.connect(figures.invalidate, sender=model, dispatch_uid=f"dashboard-save-{label}")
            post_delete.connect(figures.invalidate, sender=model, dispatch_uid=f"dashboard-delete-{label}")
        for through in figures.COUNTED_LINKS:
            m2m_changed.connect(figures.invalidate, sender=through, dispatch_uid=f"dashboard-m2m-{through._meta.label}")
