"""The leader's home-page card: the programme's progress at a glance."""

from django.urls import reverse

from accounts.roles import Role
from core.registry import HomeCard

from .figures import may_view, summary


def home_cards(user) -> list[HomeCard]:
    if not may_view(user) or not user.has_role(Role.LEADER):
        return []
    data = summary(user)
    figures = [
        (item["name"], f"{item['ratio'] * 100:.0f}%")
        for item in data["indicators"]
        if item["state"] == "ok" and item["ratio"] is not None
    ]
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
