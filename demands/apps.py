from django.apps import AppConfig

from accounts.roles import Role


class DemandsConfig(AppConfig):
    name = "demands"
    verbose_name = "企业需求库"

    def ready(self):
        from core.registry import register_home, register_nav, register_todo
        from core.workflow import register

        from .models import Demand
        from .workflow import DEMAND_WORKFLOW

        register(Demand, DEMAND_WORKFLOW)

        register_nav("需求库", "demands:list", order=30, icon="clipboard-data")
        register_nav("我的需求", "demands:mine", roles={Role.ENTERPRISE}, order=31, icon="clipboard-check")
        register_nav("需求审核", "demands:review", roles={Role.BUREAU}, order=32, icon="clipboard2-check")
        register_home(home_cards)
        register_todo(todos)


def home_cards(user):
    from django.urls import reverse

    from core.registry import HomeCard

    from .models import Demand

    cards = []
    roles = set(user.roles) | ({Role.BUREAU} if user.is_superuser else set())
    if Role.ENTERPRISE in roles and user.organisation_id:
        mine = Demand.objects.visible_to(user).filter(owner_id=user.organisation_id)
        returned = mine.filter(status=Demand.Status.RETURNED).count()
        cards.append(
            HomeCard(
                title="我的需求",
                body="发布技术、人才、资金需求，经市科技局审核后进入需求库并自动匹配科技成果。"
                + (f" 有 {returned} 条需求被退回修改，请处理。" if returned else ""),
                url=reverse("demands:mine"),
                link_text="管理我的需求",
                figures=[
                    ("已发布", mine.published().count()),
                    ("草稿", mine.filter(status=Demand.Status.DRAFT).count()),
                    ("退回修改", returned),
                    ("待审核", mine.filter(status=Demand.Status.PENDING_REVIEW).count()),
                ],
                order=20,
            )
        )
    if Role.BUREAU in roles:
        pending = Demand.objects.visible_to(user).filter(status=Demand.Status.PENDING_REVIEW).count()
        cards.append(
            HomeCard(
                title="需求审核",
                body="审核企业提交的需求，通过后发布到需求库。",
                url=reverse("demands:review"),
                link_text="进入审核队列",
                figures=[("待审核需求", pending)],
                order=21,
            )
        )
    if Role.LEADER in roles or Role.BUREAU in roles:
        visible = Demand.objects.visible_to(user)
        cards.append(
            HomeCard(
                title="需求库概况",
                url=reverse("demands:list"),
                link_text="查看需求库",
                figures=[
                    ("公开需求", visible.public().count()),
                    ("对接中", visible.filter(status=Demand.Status.IN_PROGRESS).count()),
                    ("已解决", visible.filter(status=Demand.Status.RESOLVED).count()),
                ],
                order=40,
            )
        )
    return cards


def todos(user):
    from core.library.todos import library_todos

    from .filters import DemandFilter
    from .models import Demand

    return library_todos(
        user,
        model=Demand,
        filterset_class=DemandFilter,
        namespace="demands",
        noun="需求",
        owner_role=Role.ENTERPRISE,
        owner_params={"status": "returned"},
        owner_label="退回修改的需求",
    )
