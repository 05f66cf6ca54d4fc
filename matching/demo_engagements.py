"""Demo engagements across the stages, built from the best suggestions of published demands
(seeded by matching's demo, since the suggestions are matching's; engagements sits below it).

Idempotent: an engagement is identified by (demand, achievement); stages are only advanced.
"""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from achievements.models import Achievement
from core.workflow import transition
from demands.models import Demand
from engagements.models import Engagement
from engagements.services import engagement_open

from . import services as matching

# stage to reach, note, follow-up in days (None: no follow-up)
PLAN = [
    ("intent", "市科技局推荐对接，已向双方发送对接函。", 3),
    ("negotiating", "双方在焦作市院地合作洽谈会上面谈，院所团队将到企业现场调研。", 7),
    ("signed", "签订技术转让合同，企业分期支付转让费。", 30),
    ("landed", "技术已在企业生产线落地应用，首批产品通过用户验收。", None),
    ("terminated", "企业调整投资计划，暂缓技术引进。", None),
]
ORDER = ["intent", "negotiating", "signed", "landed"]


def seed(context):
    bureau = context["users"]["bureau"]
    liaison = context["users"].get("liaison_wenxian")
    today = timezone.localdate()
    demands = list(Demand.objects.public().select_related("industry", "county", "owner").order_by("pk")[:12])
    made = 0
    for demand in demands:
        if made >= len(PLAN):
            break
        existing = Engagement.objects.filter(demand=demand, target_kind="achievement").first()
        if existing is None:
            best = [m for m in matching.matches_for("demand", demand, "achievement", 3) if m.score >= 0.3]
            achievement = Achievement.objects.published().filter(pk__in=[m.id for m in best]).first()
            if achievement is None:
                continue
            owner = liaison if liaison and demand.county_id == liaison.county_id else bureau
            existing = engagement_open(
                user=owner,
                demand=demand,
                achievement=achievement,
                summary="根据系统匹配推荐发起对接。",
            )
        stage, note, follow_up = PLAN[made]
        _advance(existing, stage, note, bureau, today, made)
        if follow_up is not None and existing.is_open and existing.next_follow_up_on is None:
            existing.next_follow_up_on = today + dt.timedelta(days=follow_up)
            existing.save(update_fields=["next_follow_up_on", "updated_at"])
        made += 1
    context["stdout"].write(f"对接：演示对接 {Engagement.objects.count()} 项。")


def _advance(engagement, stage, note, bureau, today, n):
    if not engagement.notes.exists():
        engagement.notes.create(author=bureau, body=note)
    if stage == "terminated":
        if engagement.status != "terminated" and engagement.is_open:
            transition(engagement, "terminated", bureau, comment=note)
        return
    for target in (
        ORDER[ORDER.index(engagement.status) + 1 : ORDER.index(stage) + 1] if engagement.status in ORDER else []
    ):
        data = {}
        if target == "signed" and not engagement.contract_id:
            data = {
                "registration_number": f"2026410800{engagement.demand_id:06d}",
                "contract_name": f"{engagement.achievement.title}技术转让合同",
                "contract_type": "transfer",
                "contract_amount": Decimal("1500000.00"),
                "transaction_amount": Decimal("1200000.00"),
                "signed_on": (today - dt.timedelta(days=20 + n)).isoformat(),
                "registered_on": (today - dt.timedelta(days=10 + n)).isoformat(),
            }
        transition(engagement, target, bureau, comment="演示数据", data=data)
