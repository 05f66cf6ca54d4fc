from django.apps import AppConfig

from accounts.roles import Role


class AchievementsConfig(AppConfig):
    name = "achievements"
    verbose_name = "科技成果库"

    def ready(self):
        from core.registry import register_home, register_nav, register_todo
        from core.workflow import register

        from .models import Achievement
        from .workflow import ACHIEVEMENT_WORKFLOW

        register(Achievement, ACHIEVEMENT_WORKFLOW)

        register_nav("成果库", "achievements:list", order=35, icon="lightbulb")
        register_nav("我的成果", "achievements:mine", roles={Role.INSTITUTE}, order=36, icon="journal-check")
        register_nav("成果审核", "achievements:review", roles={Role.BUREAU}, order=37, icon="check2-square")
        register_home(home_cards)
        register_todo(todos)


def home_cards(user):
    from django.urls import reverse

    from core.registry import HomeCard

    from .models import Achievement

    cards = []
    roles = set(user.roles) | ({Role.BUREAU} if user.is_superuser else set())
    if Role.INSTITUTE in roles and user.organisation_id:
        mine = Achievement.objects.visible_to(user).filter(owner_id=user.organisation_id)
        cards.append(
            HomeCard(
                title="我的成果",
                body="发布本单位科技成果，经市科技局审核后进入成果库，系统自动推荐匹配的企业需求。",
                url=reverse("achievements:mine"),
                link_text="管理我的成果",
                figures=[
                    ("已发布", mine.published().count()),
                    ("草稿", mine.filter(status=Achievement.Status.DRAFT).count()),
                    ("待审核", mine.filter(status=Achievement.Status.PENDING_REVIEW).count()),
                    ("已转化", mine.filter(status=Achievement.Status.TRANSFERRED).count()),
                ],
                order=20,
            )
        )
    if Role.BUREAU in roles:
        pending = Achievement.objects.visible_to(user).filter(status=Achievement.Status.PENDING_REVIEW).count()
        cards.append(
            HomeCard(
                title="成果审核",
                body="审核高校院所提交的科技成果，通过后发布到成果库；征集的成果可批量导入。",
                url=reverse("achievements:review"),
                link_text="进入审核队列",
                figures=[("待审核成果", pending)],
                order=22,
            )
        )
    if Role.LEADER in roles or Role.BUREAU in roles:
        visible = Achievement.objects.visible_to(user)
        cards.append(
            HomeCard(
                title="成果库概况",
                url=reverse("achievements:list"),
                link_text="查看成果库",
                figures=[
                    ("已发布成果", visible.published().count()),
                    ("已转化", visible.filter(status=Achievement.Status.TRANSFERRED).count()),
                ],
                order=41,
            )
        )
    return cards


def todos(user):
    from core.library.todos import library_todos

    from .filters import AchievementFilter
    from .models import Achievement

    return library_todos(
        user,
        model=Achievement,
        filterset_class=AchievementFilter,
        namespace="achievements",
        noun="成果",
        owner_role=Role.INSTITUTE,
        owner_params={"status": "draft"},
        owner_label="草稿待提交的成果",
    )
