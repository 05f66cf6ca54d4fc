"""Demo events of this year (and the latest fair) with participants and outcomes.

Idempotent: an event is found by its title; states are only advanced.
"""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from core.workflow import transition

from .models import Agreement, Event, EventKind, EventParticipant, EventStatus, LandedProject


def _fair_date(today: dt.date) -> dt.date:
    year = today.year if today.year % 2 == 0 else today.year - 1
    return dt.date(year, 9, 18)


def seed(context):
    from accounts.models import County

    bureau = context["users"]["bureau"]
    liaison = context["users"].get("liaison_wenxian")
    enterprise = context["organisations"].get("焦作市示范机械制造有限公司")
    institute = context["organisations"].get("中国科学院示范技术研究所")
    today = timezone.localdate()
    wenxian = County.objects.filter(code="wenxian").first()
    plan = [
        # title, kind, date, place, organiser, county, owner
        (
            f"{_fair_date(today).year}年焦作市院（校）地科技合作洽谈会",
            EventKind.FAIR,
            _fair_date(today),
            "焦作市会展中心",
            "焦作市院（校）地科技合作洽谈会领导小组办公室",
            None,
            bureau,
        ),
        (
            f"{today.year}年第一场科技成果发布会",
            EventKind.LAUNCH,
            today - dt.timedelta(days=60),
            "焦作市科技大厦报告厅",
            "焦作市科学技术局",
            None,
            bureau,
        ),
        (
            "温县装备制造企业走进中国科学院",
            EventKind.ENTERPRISE_VISIT,
            today - dt.timedelta(days=30),
            "北京市海淀区",
            "温县科学技术和工业信息化局",
            wenxian,
            liaison or bureau,
        ),
        (
            "新材料产业项目路演",
            EventKind.ROADSHOW,
            today + dt.timedelta(days=20),
            "焦作高新区创新创业中心",
            "焦作市科学技术局",
            None,
            bureau,
        ),
        (
            "专家走进温县食品企业",
            EventKind.EXPERT_VISIT,
            today + dt.timedelta(days=45),
            "",
            "温县科学技术和工业信息化局",
            wenxian,
            liaison or bureau,
        ),
    ]
    events = {}
    for title, kind, date, place, organiser, county, owner in plan:
        event, _ = Event.objects.get_or_create(
            title=title,
            defaults={
                "kind": kind,
                "date": date,
                "place": place,
                "organiser": organiser,
                "county": county,
                "created_by": owner,
                "description": "围绕十大重点产业组织供需对接。",
            },
        )
        events[kind] = event
        if event.status == EventStatus.DRAFT and place:
            transition(event, EventStatus.UPCOMING, owner, comment="发布活动")
        if event.status == EventStatus.UPCOMING and event.date <= today:
            transition(event, EventStatus.HELD, owner, comment="活动已举办")

    for kind, org in (
        (EventKind.ENTERPRISE_VISIT, enterprise),
        (EventKind.FAIR, enterprise),
        (EventKind.FAIR, institute),
    ):
        if org is not None:
            EventParticipant.objects.get_or_create(
                event=events[kind], organisation=org, defaults={"source": EventParticipant.Source.INVITED}
            )

    fair = events[EventKind.FAIR]
    if fair.status == EventStatus.HELD and enterprise and institute:
        Agreement.objects.get_or_create(
            event=fair,
            title="高性能减速机齿轮材料联合研发协议",
            defaults={
                "parties": f"{enterprise} 与 {institute}",
                "enterprise": enterprise,
                "institute": institute,
                "amount": Decimal("2800000.00"),
                "signed_on": fair.date,
                "created_by": bureau,
            },
        )
        LandedProject.objects.get_or_create(
            event=fair,
            name="精密齿轮热处理中试线",
            defaults={
                "enterprise": enterprise,
                "institute": institute,
                "investment": Decimal("12000000.00"),
                "landed_on": min(fair.date + dt.timedelta(days=40), today),
                "created_by": bureau,
            },
        )
    context["stdout"].write(f"对接活动：{Event.objects.count()} 场，合作协议 {Agreement.objects.count()} 项。")
