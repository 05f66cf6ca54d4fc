"""Home-page cards: what each role does next with subsidy claims."""

from django.db.models import Count, Sum
from django.urls import reverse

from accounts.roles import Role
from core.registry import HomeCard

from .models import Claim, ContractPayment, TechContract
from .queues import review_queue_for


def home_cards(user) -> list[HomeCard]:
    if not user.is_authenticated:
        return []
    cards = []
    claims = Claim.objects.visible_to(user)
    if user.has_role(Role.ENTERPRISE) and user.organisation_id:
        own = claims.filter(enterprise_id=user.organisation_id)
        returned = own.filter(status=Claim.Status.RETURNED).count()
        to_confirm = TechContract.objects.filter(
            buyer_id=user.organisation_id, status=TechContract.Status.RECORDED
        ).count()
        cards.append(
            HomeCard(
                title="成果转化补助：我的申报",
                body="登记技术合同和支付凭证，按政策测算并申报配套补助。"
                + (f"有 {returned} 件申报被退回补正，请尽快修改后重新提交。" if returned else ""),
                url=reverse("subsidies:claim_list") + ("?status=returned" if returned else ""),
                link_text="处理退回的申报" if returned else "查看我的申报",
                figures=[
                    ("草稿", own.filter(status=Claim.Status.DRAFT).count()),
                    ("退回补正", returned),
                    (
                        "审核中",
                        own.filter(status__in=["submitted", "county_review", "bureau_review", "leader_review"]).count(),
                    ),
                    ("已批准", own.filter(status__in=Claim.GRANTED_STATES).count()),
                    ("待确认合同", to_confirm),
                ],
                order=40,
            )
        )
    if user.is_liaison or user.is_bureau or user.is_leader:
        queue = review_queue_for(user)
        if user.is_leader and not user.is_bureau and not user.is_liaison:
            title, body = "一事一议待决策", "特别优秀项目的一事一议补助，需要记录决策文号或会议纪要号。"
        elif user.is_bureau:
            title, body = "补助申报：市级审核", "县区初审通过的申报，核定金额后批准、公示和登记拨付。"
        else:
            title, body = "补助申报：县区初审", "本县区企业提交的成果转化补助申报，请受理并初审。"
        figures = [("待处理", queue.count())]
        if user.is_bureau:
            figures.append(("待核实支付", ContractPayment.objects.filter(status="pending").count()))
            figures.append(("待核实合同", TechContract.objects.filter(status=TechContract.Status.RECORDED).count()))
            figures.append(("待公示", claims.filter(status=Claim.Status.APPROVED).count()))
        cards.append(
            HomeCard(
                title=title,
                body=body,
                url=reverse("subsidies:review_queue"),
                link_text="进入审核",
                figures=figures,
                order=45,
            )
        )
    if user.is_leader or user.is_bureau:
        granted = claims.granted().aggregate(n=Count("id"), s=Sum("approved_amount"))
        cards.append(
            HomeCard(
                title="成果转化补助汇总",
                body="按年度、县区、产业统计已批准和已拨付的补助。",
                url=reverse("subsidies:totals"),
                link_text="查看汇总",
                figures=[("已批准项目", granted["n"] or 0), ("批准金额（元）", f"{granted['s'] or 0:,.2f}")],
                order=70,
            )
        )
    return cards
