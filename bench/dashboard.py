"""Dashboard bench: the leader dashboard's figures over the bench data, uncached and cached.

Data: `BENCH_DASHBOARD_N` (default 100,000) talents, published demands and achievements (the
talents and library benches' generators, reused if present), plus n/20 engagements, n/50
technology contracts and n/100 subsidy claims spread over the counties and the plan years.
"""

import datetime as dt
import os
import random
import time
from decimal import Decimal

from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from .measure import TABLE_HEAD, measure, row

N = int(os.environ.get("BENCH_DASHBOARD_N", "100000"))


def _leader():
    from accounts.models import Organisation, User

    org, _ = Organisation.objects.get_or_create(
        name="焦作市院地合作领导小组办公室", defaults={"kind": "city_department"}
    )
    leader, _ = User.objects.get_or_create(username="bench_leader", defaults={"organisation": org})
    leader.groups.add(Group.objects.get(name="leader"))
    return User.objects.get(pk=leader.pk)


def _seed_talents(user) -> None:
    from . import talents

    talents.TARGET = N
    talents._seed(user)


def _seed_pipeline(bureau) -> None:
    """Engagements, contracts and claims over the bench demands/achievements (reused if present)."""
    from achievements.models import Achievement
    from demands.models import Demand
    from engagements.models import Engagement
    from subsidies.models import Claim, PolicyVersion, TechContract

    rng = random.Random(20261129)
    year = timezone.localdate().year
    years = list(range(2020, year + 1))
    want = N // 20
    have = Engagement.objects.filter(summary="【基准】").count()
    if have < want:
        demands = list(Demand.objects.filter(title__startswith="【基准】").values_list("pk", "county_id")[: want * 2])
        achievements = list(
            Achievement.objects.filter(title__startswith="【基准】").values_list("pk", flat=True)[:want]
        )
        stages = ["intent"] * 4 + ["negotiating"] * 3 + ["signed"] * 2 + ["landed", "terminated"]
        batch = []
        for i in range(have, want):
            demand, county = demands[i % len(demands)]
            status = rng.choice(stages)
            signed = dt.date(rng.choice(years), rng.randint(1, 12), rng.randint(1, 28))
            batch.append(
                Engagement(
                    demand_id=demand,
                    target_kind="achievement",
                    achievement_id=achievements[i % len(achievements)],
                    county_id=county,
                    owner=bureau,
                    status=status,
                    summary="【基准】",
                    signed_on=signed if status in ("signed", "landed") else None,
                    landed_on=signed + dt.timedelta(days=90) if status == "landed" else None,
                )
            )
        with transaction.atomic():
            Engagement.objects.bulk_create(batch, batch_size=5000)

    want = N // 50
    have = TechContract.objects.filter(registration_number__startswith="BENCH").count()
    if have < want:
        from accounts.models import Organisation

        buyers = list(Organisation.objects.filter(name__startswith="基准测试企业").values_list("pk", flat=True))
        contracts = []
        for i in range(have, want):
            amount = Decimal(rng.randrange(100_000, 5_000_000))
            signed = dt.date(rng.choice(years), rng.randint(1, 12), rng.randint(1, 28))
            contracts.append(
                TechContract(
                    registration_number=f"BENCH{i:08d}",
                    name=f"【基准】技术转让合同{i}",
                    contract_type="transfer",
                    buyer_id=buyers[i % len(buyers)],
                    seller_name="基准测试研究院",
                    contract_amount=amount,
                    transaction_amount=amount,
                    signed_on=signed,
                    registered_on=signed,
                )
            )
        with transaction.atomic():
            TechContract.objects.bulk_create(contracts, batch_size=5000)

    want = N // 100
    have = Claim.objects.filter(number__startswith="BENCH").count()
    if have < want:
        policy = PolicyVersion.objects.order_by("valid_from").first()
        contracts = list(
            TechContract.objects.filter(registration_number__startswith="BENCH").values_list(
                "pk", "buyer_id", "transaction_amount", "signed_on"
            )[:want]
        )
        states = ["submitted", "county_review", "bureau_review", "approved", "publicized", "disbursed", "rejected"]
        claims = []
        for i in range(have, want):
            pk, buyer, basis, signed = contracts[i]
            computed = min(basis / 10, Decimal(1_000_000)).quantize(Decimal("0.01"))
            status = rng.choice(states)
            granted = status in ("approved", "publicized", "disbursed")
            approved_at = timezone.make_aware(dt.datetime(signed.year, rng.randint(1, 12), 15, 10))
            claims.append(
                Claim(
                    number=f"BENCH{i:08d}",
                    enterprise_id=buyer,
                    contract_id=pk,
                    claim_year=signed.year,
                    policy=policy,
                    basis_amount=basis,
                    policy_rate=Decimal("0.1"),
                    policy_cap=Decimal(1_000_000),
                    computed_amount=computed,
                    requested_amount=computed,
                    current_amount=computed,
                    approved_amount=computed if granted else None,
                    status=status,
                    approved_at=approved_at if granted else None,
                    disbursed_on=approved_at.date() + dt.timedelta(days=30) if status == "disbursed" else None,
                )
            )
        with transaction.atomic():
            Claim.objects.bulk_create(claims, batch_size=5000)
    with connection.cursor() as cursor:
        for table in ("engagements_engagement", "subsidies_techcontract", "subsidies_claim"):
            cursor.execute(f"VACUUM ANALYZE {table}")


def _what(sql: str) -> str:
    for table, label in (
        ("talents_talent_industries", "人才–产业"),
        ("talents_talent", "人才"),
        ("demands_demand", "需求"),
        ("achievements_achievement", "成果"),
        ("engagements_engagement", "对接"),
        ("subsidies_", "补助/合同"),
    ):
        if f'FROM "{table}' in sql:
            return label
    return "其他"


def run() -> str:
    from achievements.models import Achievement
    from dashboard import figures
    from demands.models import Demand
    from engagements.models import Engagement
    from subsidies.models import Claim, TechContract
    from talents.models import Talent

    from .demands import ensure_library
    from .talents import _users

    started = time.perf_counter()
    bureau, _ = _users()
    _seed_talents(bureau)
    ensure_library(N)
    _seed_pipeline(bureau)
    seed_seconds = time.perf_counter() - started
    leader = _leader()
    year = timezone.localdate().year

    def uncached(county=None):
        return lambda: figures.compute(leader, year=year, county=county)

    from accounts.models import County

    wenxian = County.objects.get(code="wenxian")
    client = Client()
    client.force_login(leader)
    cache.clear()
    client.get("/dashboard/")  # warm the cache entries the cached rows read

    results = {
        "汇总计算（不用缓存，全市，领导）": measure(uncached(), repeat=10, warmup=1),
        "汇总计算（不用缓存，温县）": measure(uncached(wenxian), repeat=10, warmup=1),
        "figures.summary()（缓存命中）": measure(lambda: figures.summary(leader, year=year)),
        "GET /api/v1/dashboard/summary/（缓存命中）": measure(lambda: client.get("/api/v1/dashboard/summary/")),
        "GET /dashboard/ 整页（缓存命中，含模板渲染）": measure(lambda: client.get("/dashboard/")),
    }

    def cold_page():
        figures.invalidate()
        return client.get("/dashboard/")

    results["GET /dashboard/ 整页（每次先失效缓存）"] = measure(cold_page, repeat=10, warmup=1)

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        figures.compute(leader, year=year)
    slowest = sorted(ctx.captured_queries, key=lambda q: -float(q["time"]))[:3]
    heavy = "、".join(f"{_what(q['sql'])} {float(q['time']) * 1000:.0f} ms" for q in slowest)
    total_sql = sum(float(q["time"]) for q in ctx.captured_queries) * 1000

    counts = {
        "人才": Talent.objects.count(),
        "需求": Demand.objects.count(),
        "成果": Achievement.objects.count(),
        "对接": Engagement.objects.count(),
        "技术合同": TechContract.objects.count(),
        "补助申报": Claim.objects.count(),
    }
    from django.core.cache import caches

    backend = caches["default"].__class__.__name__
    lines = [
        "## 数据看板（dashboard）",
        "",
        "数据量：" + "、".join(f"{k} {v:,}" for k, v in counts.items()) + f"（准备数据 {seed_seconds:.0f} s）。",
        f"缓存：{backend}（设置 REDIS_URL 时为 Redis）。以领导身份，进程内测量服务端耗时；"
        f"测量时机器负载（1 分钟平均）{os.getloadavg()[0]:.1f}（{os.cpu_count()} 核）。"
        "目标：不用缓存 < 300 ms，缓存命中 < 30 ms。",
        "",
        TABLE_HEAD,
        *[row(label, m) for label, m in results.items()],
        "",
        f"- 不用缓存的一次计算中 SQL 共 {total_sql:.0f} ms，最慢的三条：{heavy}；"
        "即人才表一次扫描（按县区×类别分组、各年度累计和逾期数用 FILTER 一次算出）、人才–产业关联表与人才表的联接、"
        "需求表一次扫描（按县区×状态），其余查询都在小表上。",
        "- 所有数字由 `dashboard/figures.py` 以数据库聚合算出（按年、县区或状态分组，不逐条读记录），"
        "查询数固定，与数据量无关；页面、导出和 API 共用同一份结果。",
        "- 缓存键为（用户范围, 年度, 县区），记录保存或删除时（post_save/post_delete 信号）更换版本号使全部失效，"
        f"另设 {figures.CACHE_SECONDS // 60} 分钟过期，覆盖不发信号的批量更新。",
    ]
    return "\n".join(lines)
