from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "dashboard"
    verbose_name = "数据看板"

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from core.registry import register_home, register_nav

        from . import figures

        register_nav("数据看板", "dashboard:index", roles={"leader", "bureau"}, order=5, icon="speedometer2")
        register_nav("年度统计数录入", "dashboard:recorded", roles={"bureau"}, order=6, icon="pencil-square")
        register_home(home_cards)

        # Any change to a record the dashboard counts makes every cached summary stale.
        for model in _counted_models():
            post_save.connect(figures.invalidate, sender=model, dispatch_uid=f"dashboard-save-{model._meta.label}")
            post_delete.connect(figures.invalidate, sender=model, dispatch_uid=f"dashboard-delete-{model._meta.label}")
        from talents.models import Talent

        m2m_changed.connect(
            figures.invalidate, sender=Talent.industries.through, dispatch_uid="dashboard-m2m-industries"
        )


def _counted_models():
    from accounts.models import County, Industry
    from achievements.models import Achievement
    from core.models import StatusChange
    from demands.models import Demand
    from engagements.models import Engagement
    from subsidies.models import Claim, TechContract
    from talents.models import Talent, TalentCategory, TalentTarget

    from .models import RecordedFigure, Target

    return [
        County,
        Industry,
        TalentCategory,
        Talent,
        TalentTarget,
        Demand,
        Achievement,
        StatusChange,
        Engagement,
        TechContract,
        Claim,
        Target,
        RecordedFigure,
    ]


def home_cards(user):
    """Leaders (and the bureau) get the programme's progress at a glance on their home page."""
    from django.urls import reverse

    from core.registry import HomeCard

    from .figures import may_view, summary

    if not may_view(user) or not user.is_leader:
        return []
    data = summary(user)
    figures = []
    for item in data["indicators"]:
        if item["state"] == "ok" and item["ratio"] is not None:
            figures.append((item["name"], f"{item['ratio'] * 100:.0f}%"))
    return [
        HomeCard(
            title="数据看板",
            body=f"{data['year']}年各项目标完成情况、县区排名和图表（完成率 = 当前值 ÷ 目标值）。",
            url=reverse("dashboard:index"),
            link_text="打开数据看板",
            figures=figures[:6],
            order=1,
        )
    ]
