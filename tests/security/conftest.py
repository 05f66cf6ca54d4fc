"""A small world with records in every state, and the nine personas, for the permission matrix."""

import datetime as dt
from dataclasses import dataclass, field

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from achievements.models import AchievementAttachment
from core.models import Notification
from engagements.services import engagement_open
from tests import factories
from tests.credit.factories import make_blacklist, make_record
from tests.demands.factories import make_achievement, make_demand
from tests.platforms.factories import make_instrument, make_platform
from tests.subsidies.factories import PDF, advance, make_claim
from tests.talents.factories import make_talent

# Strings that must never reach a persona not entitled to them.
TALENT_PHONE_WX = "13911110001"
TALENT_PHONE_QY = "13922220002"
TALENT_EMAIL_WX = "zhangsan-secret@example.cn"
DEMAND_PHONE = "13933330003"
DRAFT_DEMAND_PHONE = "13944440004"
ACHIEVEMENT_PHONE = "13955550005"
DRAFT_TITLE = "草稿需求绝密标题"
EXPIRED_TITLE = "过期需求标题"
TALENT_NAME_WX = "张三温"
DRAFT_ACH_TITLE = "草稿成果绝密标题"
PLANNING_PLATFORM = "沁阳筹建平台绝密名称"
CREDIT_REASON = "虚开发票骗取补助绝密事由"


@dataclass
class World:
    users: dict = field(default_factory=dict)
    ids: dict = field(default_factory=dict)
    objs: dict = field(default_factory=dict)


@pytest.fixture
def world(db, bureau, liaison_wenxian, liaison_qinyang, enterprise_user, other_enterprise_user, institute_user, leader):
    w = World()
    inactive = factories.make_enterprise_user(name="未核验企业有限公司", is_verified=False)
    inactive.is_active = False
    inactive.save()
    w.users = {
        "anonymous": None,
        "bureau": bureau,
        "liaison_wenxian": liaison_wenxian,
        "liaison_qinyang": liaison_qinyang,
        "owner": enterprise_user,
        "other_enterprise": other_enterprise_user,
        "institute": institute_user,
        "leader": leader,
        "inactive": inactive,
    }
    ent, inst = enterprise_user.organisation, institute_user.organisation
    wx = factories.county("wenxian")
    published = make_demand(ent, status="published", contact_phone=DEMAND_PHONE, county=wx)
    draft = make_demand(ent, status="draft", title=DRAFT_TITLE, contact_phone=DRAFT_DEMAND_PHONE, county=wx)
    expired = make_demand(
        ent, status="published", title=EXPIRED_TITLE, valid_until=timezone.localdate() - dt.timedelta(days=1)
    )
    ach = make_achievement(inst, status="published", contact_phone=ACHIEVEMENT_PHONE)
    ach_draft = make_achievement(inst, status="draft", title=DRAFT_ACH_TITLE)
    t_wx = make_talent("wenxian", phone=TALENT_PHONE_WX, email=TALENT_EMAIL_WX, name=TALENT_NAME_WX)
    t_qy = make_talent("qinyang", phone=TALENT_PHONE_QY, name="李四沁")
    claim = advance(make_claim(enterprise_user, bureau), (enterprise_user, "submitted"))
    claim_draft = make_claim(enterprise_user, bureau)
    engagement = engagement_open(user=bureau, demand=published, achievement=ach)
    AchievementAttachment.objects.create(
        achievement=ach_draft, file=ContentFile(PDF, name="说明书.pdf"), name="说明书.pdf", size=len(PDF)
    )
    AchievementAttachment.objects.create(
        achievement=ach, file=ContentFile(PDF, name="公开说明书.pdf"), name="公开说明书.pdf", size=len(PDF)
    )
    w.objs.update(
        demand=published,
        demand_draft=draft,
        demand_expired=expired,
        achievement=ach,
        achievement_draft=ach_draft,
        engagement=engagement,
        talent_wx=t_wx,
        talent_qy=t_qy,
        claim=claim,
        claim_draft=claim_draft,
    )
    w.ids = {k: v.pk for k, v in w.objs.items()}
    for suffix, c in (("", claim), ("_draft", claim_draft)):
        w.ids["contract" + suffix] = c.contract_id
        w.ids["payment" + suffix] = c.contract.payments.first().pk
        w.ids["claim_attachment" + suffix] = c.attachments.first().pk
    w.ids["policy"] = claim.policy_id
    w.ids["attachment_draft"] = ach_draft.attachments.get().pk
    w.ids["attachment"] = ach.attachments.get().pk
    w.ids["enterprise_org"] = ent.pk
    w.ids["institute_org"] = inst.pk
    other = w.users["other_enterprise"].organisation
    platform = make_platform(ent, name="温县已认定平台", status="recognised")
    planning = make_platform(other, name=PLANNING_PLATFORM, county="qinyang")
    w.ids["platform"], w.ids["platform_planning"] = platform.pk, planning.pk
    w.ids["instrument"] = make_instrument(platform).pk
    w.ids["instrument_planning"] = make_instrument(planning, name="筹建平台仪器").pk
    w.ids["credit_record"] = make_record(ent, kind="bad", reason="合同履约逾期").pk
    w.ids["credit_blacklist"] = make_blacklist(other, reason=CREDIT_REASON).pk
    notification = Notification.objects.create(recipient=enterprise_user, kind="test", title="测试通知", url="/")
    w.ids["notification"] = notification.pk
    _events_and_supervision(w, bureau, liaison_qinyang)
    return w


def _events_and_supervision(w, bureau, liaison_qinyang):
    """A published 温县 event and a 沁阳 draft; ledger lines, tasks and scores of both counties."""
    from events.models import Event
    from supervision.models import AssignedTask, LedgerItem, SupervisedUnit, SupervisionRecord

    today = timezone.localdate()
    w.ids["event"] = Event.objects.create(
        kind="launch",
        title="成果发布会",
        date=today,
        place="焦作",
        organiser="市科技局",
        county=factories.county("wenxian"),
        status="upcoming",
        created_by=bureau,
    ).pk
    w.ids["event_draft"] = Event.objects.create(
        kind="roadshow",
        title="筹备中的路演",
        date=today,
        organiser="沁阳市科技局",
        county=factories.county("qinyang"),
        created_by=liaison_qinyang,
    ).pk
    for suffix, code in (("wx", "wenxian"), ("qy", "qinyang")):
        unit = SupervisedUnit.objects.get(county__code=code)
        item = LedgerItem.objects.create(
            unit=unit,
            year=today.year,
            quarter=1,
            task="征集需求",
            responsible_person="张三",
            evidence=ContentFile(PDF, name="佐证.pdf"),
            evidence_name="佐证.pdf",
            evidence_content_type="application/pdf",
        )
        w.ids[f"ledger_{suffix}"] = item.pk
        w.ids[f"task_{suffix}"] = AssignedTask.objects.create(
            unit=unit, title="梳理需求清单", meeting_on=today, due_on=today
        ).pk
        w.ids[f"record_{suffix}"] = SupervisionRecord.objects.create(unit=unit, year=today.year, quarter=1, score=90).pk
