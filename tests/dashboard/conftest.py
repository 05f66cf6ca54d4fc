"""A small known world for the dashboard: every figure in the tests is counted by hand from it.

Y is the current year. Hand counts (leader's view unless noted):
- talents admitted: 温县 3 (one also 高端装备, one overdue), 沁阳 1 (entered Y-1); plus a draft and an
  archived record that never count. City 4.
- demands: 温县 2 published + 1 pending review (+1 draft only the bureau counts), 沁阳 1 published.
- achievements transferred: 2 (one to land in 温县); 1 published.
- engagements: 温县 signed (Y), landed (signed Y, landed Y), signed (Y-1); 沁阳 intent.
  agreements(Y) = 2, projects landed(Y) = 1.
- contracts: 温县 1,000,000 (Y) and 500,000 (Y-1); 沁阳 2,500,000 (Y). Turnover(Y) = 3,500,000.
- claims (Y): 温县 approved 100,000 (Q1); 沁阳 disbursed 200,000 (approved Q2, disbursed Q3); a draft.
- recorded: key technologies 5 (Y-1) + 3 (Y) = 8; high-tech enterprises 300 at end of Y-1.
"""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.utils import timezone

from dashboard.models import RecordedFigure
from engagements.models import Engagement
from subsidies.models import Claim, PolicyVersion, TechContract
from talents.models import Talent, TalentStatus
from tests import factories
from tests.demands.factories import make_achievement, make_demand
from tests.talents.factories import make_talent

Y = timezone.localdate().year


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _aware(year, month, day):
    return timezone.make_aware(dt.datetime(year, month, day, 12, 0))


def _contract(buyer, amount, signed_on, n):
    return TechContract.objects.create(
        registration_number=f"41080{signed_on.year}{n:06d}",
        name=f"技术转让合同{n}",
        contract_type="transfer",
        buyer=buyer,
        seller_name="中国科学院金属研究所",
        contract_amount=Decimal(amount),
        transaction_amount=Decimal(amount),
        signed_on=signed_on,
        registered_on=signed_on,
    )


def _claim(contract, n, status, approved, **dates):
    policy = PolicyVersion.objects.order_by("valid_from").first()
    amount = Decimal(approved)
    return Claim.objects.create(
        number=f"BZ{Y}{n:04d}",
        enterprise=contract.buyer,
        contract=contract,
        claim_year=Y,
        policy=policy,
        basis_amount=amount * 10,
        policy_rate=Decimal("0.1"),
        policy_cap=Decimal("1000000"),
        computed_amount=amount,
        requested_amount=amount,
        current_amount=amount,
        approved_amount=amount if status != "draft" else None,
        status=status,
        **dates,
    )


@pytest.fixture
def world(db, bureau, leader, enterprise_user, other_enterprise_user, institute_user):
    wx, qy = enterprise_user.organisation, other_enterprise_user.organisation

    make_talent("wenxian", name="甲")
    make_talent("wenxian", name="乙", industries=("materials", "equipment"))
    overdue = make_talent("wenxian", name="丙")
    Talent.objects.filter(pk=overdue.pk).update(is_refresh_due=True, refresh_due_on=dt.date(Y - 1, 1, 1))
    make_talent("wenxian", name="丁", status=TalentStatus.DRAFT)
    old = make_talent("qinyang", name="戊")
    Talent.objects.filter(pk=old.pk).update(created_at=_aware(Y - 1, 6, 1))
    make_talent("qinyang", name="己", status=TalentStatus.ARCHIVED)

    d1 = make_demand(wx, status="published", title="需求一")
    make_demand(wx, status="published", title="需求二")
    make_demand(wx, status="pending_review", title="需求三")
    make_demand(wx, status="draft", title="需求草稿")
    d5 = make_demand(qy, status="published", title="需求五")

    institute = institute_user.organisation
    a1 = make_achievement(institute, status="transferred", title="成果一", county=factories.county("wenxian"))
    make_achievement(institute, status="transferred", title="成果二")
    a3 = make_achievement(institute, status="published", title="成果三")

    def engagement(demand, county, status, **dates):
        return Engagement.objects.create(
            demand=demand,
            target_kind="achievement",
            achievement=a3 if status == "intent" else a1,
            county=factories.county(county),
            owner=bureau,
            status=status,
            **dates,
        )

    engagement(d1, "wenxian", "signed", signed_on=dt.date(Y, 3, 1))
    engagement(d1, "wenxian", "landed", signed_on=dt.date(Y, 2, 1), landed_on=dt.date(Y, 5, 1))
    engagement(d1, "wenxian", "signed", signed_on=dt.date(Y - 1, 6, 1))
    engagement(d5, "qinyang", "intent")

    c1 = _contract(wx, "1000000.00", dt.date(Y, 1, 10), 1)
    c2 = _contract(qy, "2500000.00", dt.date(Y, 4, 1), 2)
    c3 = _contract(wx, "500000.00", dt.date(Y - 1, 9, 1), 3)
    _claim(c1, 1, "approved", "100000.00", approved_at=_aware(Y, 2, 15))
    _claim(c2, 2, "disbursed", "200000.00", approved_at=_aware(Y, 5, 1), disbursed_on=dt.date(Y, 7, 1))
    _claim(c3, 3, "draft", "50000.00")

    RecordedFigure.objects.create(indicator="key_technologies", year=Y - 1, value=5)
    RecordedFigure.objects.create(indicator="key_technologies", year=Y, value=3)
    RecordedFigure.objects.create(indicator="high_tech_enterprises", year=Y - 1, value=300)
    cache.clear()
    return SimpleNamespace(bureau=bureau, leader=leader, year=Y)
