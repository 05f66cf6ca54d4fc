"""Subsidy bench: 100,000 claims in PostgreSQL; claims list (page and API), review queue, simulator.

`ensure_claims()` bulk-creates the data once (kept between runs, reused by bench/floor.py):
20,000 registered technology contracts bought by the 600 bench enterprises (bench/demands.py
makes them), one verified payment each, and a claim per contract for each of the five claim
years 2021–2025 — 100,000 claims spread over every workflow state, amounts computed with the
policy of their year (Decimal). Measured in-process with Django's test Client, as bench/talents.py.
"""

import datetime as dt
import random
import time
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from .measure import TABLE_HEAD, measure, row

TARGET = 100_000
YEARS = (2021, 2022, 2023, 2024, 2025)
CONTRACTS = TARGET // len(YEARS)
PREFIX = "JZBENCH-"  # registration numbers of the bench contracts
CENT = Decimal("0.01")
# (state, weight): most claims of past years are paid out; this year's are in review.
STATES = [
    ("draft", 4),
    ("submitted", 6),
    ("county_review", 8),
    ("bureau_review", 8),
    ("leader_review", 2),
    ("approved", 6),
    ("publicized", 4),
    ("disbursed", 44),
    ("returned", 6),
    ("rejected", 12),
]
CONTRACT_NAMES = [
    "高性能齿轮热处理工艺技术转让",
    "铸造废砂热法再生技术开发",
    "含铬废水电化学处理技术服务",
    "山药真空冷冻干燥护色技术许可",
    "液压密封件氟橡胶配方技术开发",
    "动力电池热失控预警传感器技术转让",
    "水肥一体化智能控制系统技术开发",
    "怀药配方颗粒特征图谱技术咨询",
]
SELLERS = ["郑州大学", "河南理工大学", "中国科学院金属研究所", "华中科技大学", "河南省农业科学院", "焦作大学"]


def _money(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def users():
    """The bureau reviewer (bench_bureau, as in bench/talents.py) and one bench enterprise's user."""
    from django.contrib.auth.models import Group

    from accounts.models import Organisation, User

    from . import talents

    bureau, _liaison = talents._users()
    org = Organisation.objects.filter(name__startswith="基准测试企业").order_by("name").first()
    enterprise, _ = User.objects.get_or_create(username="bench_subsidy_enterprise", defaults={"organisation": org})
    enterprise.groups.add(Group.objects.get(name="enterprise"))
    return bureau, User.objects.get(pk=enterprise.pk)


def ensure_claims(n: int = TARGET) -> float:
    """At least n bench claims (with their contracts and payments); seconds spent, 0 when reused."""
    from achievements.models import Achievement
    from subsidies.models import Claim, ContractPayment, PolicyVersion, TechContract

    from .demands import ENTERPRISES, INSTITUTES, _units

    if Claim.objects.filter(contract__registration_number__startswith=PREFIX).count() >= n:
        return 0.0
    started = time.perf_counter()
    rng = random.Random(20261129)
    enterprises = _units("enterprise", ENTERPRISES, "基准测试企业")
    institutes = _units("institute", INSTITUTES, "基准测试研究院")
    achievements = list(
        Achievement.objects.filter(title__startswith="【基准】").order_by("pk").values_list("pk", flat=True)[:5000]
    )
    contracts_per_year = n // len(YEARS)

    # Contracts and their verified payments (kept if already there).
    have = TechContract.objects.filter(registration_number__startswith=PREFIX).count()
    for start in range(have, contracts_per_year, 5000):
        contracts = []
        for i in range(start, min(start + 5000, contracts_per_year)):
            buyer, _county = enterprises[i % len(enterprises)]
            seller, _ = institutes[i % len(institutes)]
            amount = _money(rng.randrange(50_000, 5_000_000, 1000))
            signed = dt.date(rng.choice(YEARS), rng.randint(1, 12), rng.randint(1, 28))
            contracts.append(
                TechContract(
                    registration_number=f"{PREFIX}{i:06d}",
                    name=f"{rng.choice(CONTRACT_NAMES)}（{i}）",
                    contract_type=rng.choice(["development", "transfer", "licensing", "service", "consulting"]),
                    buyer_id=buyer,
                    seller_id=seller,
                    seller_name=rng.choice(SELLERS),
                    achievement_id=rng.choice(achievements) if achievements and rng.random() < 0.4 else None,
                    contract_amount=amount,
                    transaction_amount=_money(amount * Decimal("0.9")),
                    signed_on=signed,
                    registered_on=signed + dt.timedelta(days=rng.randint(3, 40)),
                    status=rng.choice(["verified", "verified", "confirmed"]),
                )
            )
        with transaction.atomic():
            TechContract.objects.bulk_create(contracts)
            ContractPayment.objects.bulk_create(
                [
                    ContractPayment(
                        contract=c,
                        paid_on=c.signed_on + dt.timedelta(days=30),
                        amount=c.transaction_amount,
                        voucher="private/subsidies/bench/voucher.pdf",
                        voucher_name="转账凭证.pdf",
                        invoice_number=f"FPB{c.registration_number[-6:]}",
                        invoice_contract_reference=f"合同登记编号 {c.registration_number}",
                        invoice="private/subsidies/bench/invoice.pdf",
                        invoice_name="发票.pdf",
                        status=rng.choice(["verified"] * 8 + ["pending", "rejected"]),
                        verified_amount=c.transaction_amount,
                    )
                    for c in contracts
                ]
            )

    contracts = list(
        TechContract.objects.filter(registration_number__startswith=PREFIX)
        .order_by("pk")
        .values_list("pk", "buyer_id", "transaction_amount")[:contracts_per_year]
    )
    states = [s for s, w in STATES for _ in range(w)]
    now = timezone.now()
    for year in YEARS:
        policy = PolicyVersion.for_claim_year(year) or PolicyVersion.objects.order_by("-valid_from").first()
        done = set(
            Claim.objects.filter(claim_year=year, contract__registration_number__startswith=PREFIX).values_list(
                "contract_id", flat=True
            )
        )
        batch = []
        for seq, (contract_id, buyer_id, basis) in enumerate(contracts, start=1):
            if contract_id in done:
                continue
            # Older years are settled; the claims of the last year are still moving.
            state = rng.choice(states) if year == YEARS[-1] else rng.choice(["disbursed"] * 8 + ["rejected"])
            exceptional = rng.random() < 0.03
            cap = policy.exceptional_cap if exceptional else policy.per_project_cap
            computed = min(_money(basis * policy.rate), cap)
            requested = computed if rng.random() < 0.8 else _money(computed * Decimal("0.8"))
            granted = state in ("approved", "publicized", "disbursed")
            submitted = None if state == "draft" else now - dt.timedelta(days=rng.randint(1, 300), minutes=seq)
            batch.append(
                Claim(
                    number=f"BZ{year}-{50000 + seq:05d}",
                    enterprise_id=buyer_id,
                    contract_id=contract_id,
                    claim_year=year,
                    policy=policy,
                    basis_amount=basis,
                    policy_rate=policy.rate,
                    policy_cap=cap,
                    computed_amount=computed,
                    calculation=f"{basis:,.2f} × {policy.rate} = {computed:,.2f}（上限 {cap:,.2f}）",
                    requested_amount=requested,
                    current_amount=requested,
                    approved_amount=requested if granted else None,
                    is_exceptional=exceptional,
                    exceptional_justification="填补省内空白，带动产值过亿元" if exceptional else "",
                    status=state,
                    submitted_at=submitted,
                    approved_at=submitted + dt.timedelta(days=20) if granted else None,
                    disbursed_on=(submitted + dt.timedelta(days=60)).date() if state == "disbursed" else None,
                    disbursement_reference=f"BK{year}{seq:06d}" if state == "disbursed" else "",
                    return_reason="请补充银行转账凭证原件扫描件。" if state == "returned" else "",
                )
            )
            if len(batch) >= 5000:
                Claim.objects.bulk_create(batch)
                batch = []
        Claim.objects.bulk_create(batch)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # what autovacuum does after a bulk load
            for table in (
                "accounts_organisation",
                "subsidies_techcontract",
                "subsidies_contractpayment",
                "subsidies_claim",
            ):
                cursor.execute(f"VACUUM ANALYZE {table}")
    return time.perf_counter() - started


def cases(bureau, enterprise) -> dict:
    """label -> callable; also used by bench/floor.py (the kind says which floor request compares)."""
    from rest_framework.authtoken.models import Token

    from subsidies.models import TechContract

    page, own_page = Client(), Client()
    page.force_login(bureau)
    own_page.force_login(enterprise)
    api = Client(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=bureau)[0].key}")
    own_api = Client(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=enterprise)[0].key}")
    contract = TechContract.objects.visible_to(enterprise).order_by("pk").first()
    contract_param = {"contract": contract.pk} if contract else {}

    def ok(response):
        assert response.status_code == 200, (response.status_code, response.content[:300])
        return response

    return {
        "申报列表页 /subsidies/claims/（市科技局）": ("page", lambda: ok(page.get("/subsidies/claims/"))),
        "申报列表页 ?status=disbursed&claim_year=2024&page=50": (
            "page",
            lambda: ok(page.get("/subsidies/claims/?status=disbursed&claim_year=2024&page=50")),
        ),
        "申报列表页（企业，本企业申报）": ("page", lambda: ok(own_page.get("/subsidies/claims/"))),
        "申报列表 API /api/v1/subsidy-claims/（市科技局，Token）": (
            "api",
            lambda: ok(api.get("/api/v1/subsidy-claims/")),
        ),
        "申报列表 API ?page_size=100（市科技局）": (
            "api",
            lambda: ok(api.get("/api/v1/subsidy-claims/?page_size=100")),
        ),
        "申报列表 API（企业，Token）": ("api", lambda: ok(own_api.get("/api/v1/subsidy-claims/"))),
        "审核队列页 /subsidies/review/（市科技局）": ("page", lambda: ok(page.get("/subsidies/review/"))),
        "补助测算页 /subsidies/simulator/?basis_amount=…&contract=…（企业）": (
            "other",
            lambda: ok(own_page.get("/subsidies/simulator/", {"basis_amount": "860000.00", **contract_param})),
        ),
        "补助测算 API POST /api/v1/subsidy-claims/simulate/（企业）": (
            "other",
            lambda: ok(
                own_api.post(
                    "/api/v1/subsidy-claims/simulate/",
                    {"basis_amount": "860000.00", **contract_param},
                    content_type="application/json",
                )
            ),
        ),
    }


def run() -> str:
    from subsidies.models import Claim, ClaimPayment, ContractPayment, TechContract

    seed_seconds = ensure_claims()
    bureau, enterprise = users()
    total = Claim.objects.count()
    queue = Claim.objects.filter(status="bureau_review").count()
    own = Claim.objects.filter(enterprise_id=enterprise.organisation_id).count()
    results = {label: measure(fn, repeat=50, warmup=5) for label, (_kind, fn) in cases(bureau, enterprise).items()}
    lines = [
        "## 成果转化补助（subsidies）",
        "",
        f"数据量：{total:,} 条补助申报（{len(YEARS)} 个申报年度，覆盖全部流程状态；待市级审核 {queue:,} 条；"
        f"基准企业用户本企业 {own:,} 条）、{TechContract.objects.count():,} 份技术合同、"
        f"{ContractPayment.objects.count():,} 条支付记录、{ClaimPayment.objects.count():,} 条申报计入支付（PostgreSQL）"
        + (f"，本次批量生成耗时 {seed_seconds:.1f} s" if seed_seconds else "，沿用已有数据")
        + "。",
        "",
        "服务器端耗时（进程内 Django test Client，每项 50 次）。列表总数最多数到 10,000 条（超过时显示“超过 10,000 条”，"
        "API 返回 `count_capped`），审核队列分页显示。",
        "",
        TABLE_HEAD,
        *[row(label, m) for label, m in results.items()],
    ]
    return "\n".join(lines) + "\n"
