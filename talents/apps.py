from django.apps import AppConfig

from accounts.roles import Role


class TalentsConfig(AppConfig):
    name = "talents"
    verbose_name = "焦作籍科技人才库"

    def ready(self):
        from core.registry import register_home, register_nav
        from core.workflow import register

        from .models import Talent, TalentCorrection
        from .workflow import CORRECTION_WORKFLOW, TALENT_WORKFLOW

        register(Talent, TALENT_WORKFLOW)
        register(TalentCorrection, CORRECTION_WORKFLOW)

        register_nav("人才库", "talents:list", roles={Role.BUREAU, Role.LIAISON}, order=10, icon="people")
        register_nav("人才资源", "talents:list", roles={Role.ENTERPRISE, Role.INSTITUTE}, order=40, icon="people")
        register_nav("汇总甄别", "talents:screening", roles={Role.BUREAU}, order=11, icon="intersect")
        register_nav("人才库进度", "talents:progress", roles={Role.LEADER, Role.BUREAU}, order=12, icon="bar-chart")
        register_home(home_cards)

        from core.reminders import ReminderJob, register_job

        from . import reminders, services

        register_job(
            ReminderJob(
                "talent_refresh_due",
                "人才两年更新检查",
                reminders.SCHEDULE,
                services.mark_refresh_due,
                reminders.planned_refreshes,
                order=60,
            )
        )


def home_cards(user):
    """Liaison: own county's next steps and overdue refreshes; bureau: screening queue and
    quota; leader: progress counts (never people)."""
    from django.db.models import Count, Q
    from django.urls import reverse

    from core.registry import HomeCard

    from .models import Talent, TalentCorrection, TalentStatus
    from .views import progress_context

    cards = []
    list_url = reverse("talents:list")
    if user.is_liaison and not user.is_bureau and user.county_id:
        county = user.county
        counts = Talent.objects.visible_to(user).aggregate(
            admitted=Count("id", filter=Q(status=TalentStatus.ADMITTED)),
            screening=Count("id", filter=Q(status=TalentStatus.SCREENING)),
            draft=Count("id", filter=Q(status=TalentStatus.DRAFT)),
            overdue=Count("id", filter=Q(is_refresh_due=True) & ~Q(status=TalentStatus.ARCHIVED)),
        )
        pending = TalentCorrection.objects.filter(
            talent__native_county_id=user.county_id, state=TalentCorrection.State.PENDING
        ).count()
        cards.append(
            HomeCard(
                title=f"{county.name}人才库",
                body="录入和维护本县区焦作籍科技人才；到期记录请一键确认或编辑更新。",
                url=list_url + "?refresh_due=true" if counts["overdue"] else list_url,
                link_text="处理逾期更新" if counts["overdue"] else "进入人才库",
                figures=[
                    ("逾期未更新", counts["overdue"]),
                    ("已入库", counts["admitted"]),
                    ("待甄别", counts["screening"]),
                    ("草稿", counts["draft"]),
                    ("待审核本人更正", pending),
                ],
                order=20,
            )
        )
    if user.is_bureau:
        by_county = (
            Talent.objects.refresh_due()
            .values("native_county__name")
            .annotate(n=Count("id"))
            .order_by("native_county__sort_order")
        )
        screening = Talent.objects.filter(status=TalentStatus.SCREENING).count()
        cards.append(
            HomeCard(
                title="人才汇总甄别",
                body="对各县区新录入、导入的人才记录进行查重、合并并确认入库。",
                url=reverse("talents:screening"),
                link_text="进入甄别队列",
                figures=[("待甄别", screening)]
                + [(f"{r['native_county__name']}逾期未更新", r["n"]) for r in by_county],
                order=20,
            )
        )
    if user.is_bureau or user.is_leader:
        progress = progress_context(user)
        current = progress["current"]
        figures = [("全市已入库", progress["city_count"])]
        if current:
            figures.append((f"{current.year}年目标", current.value))
            figures.append(("完成率", f"{progress['current_percent']}%"))
        cards.append(
            HomeCard(
                title="人才库建设进度",
                body="全市及各县区已入库人数与目标对比。",
                url=reverse("talents:progress"),
                link_text="查看进度",
                figures=figures,
                order=21,
            )
        )
    return cards
