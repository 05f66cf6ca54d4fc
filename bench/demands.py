"""Bench for the demand and achievement libraries: 100,000 of each, Chinese search latency.

`ensure_library(n)` is also used by the matching bench: it bulk-creates published demands
and achievements with varied Chinese text (reusing what is already there).
"""

import datetime as dt
import random
from decimal import Decimal
from functools import cache

from django.db import transaction
from django.utils import timezone

from .measure import measure

TOPICS = [
    # (industry, enterprise phrasing of the problem, institute phrasing of the technology, keywords)
    ("equipment", "液压设备老是漏油", "高性能氟橡胶密封材料", ["液压", "密封", "漏油"]),
    ("equipment", "车间粉尘超标", "脉冲袋式除尘技术", ["粉尘", "除尘"]),
    ("equipment", "机床用久了精度下降", "主轴热误差补偿技术", ["数控机床", "主轴", "精度"]),
    ("equipment", "铸件老有气孔", "铸造充型凝固数值模拟", ["铸件", "气孔"]),
    ("equipment", "焊接换产品要重新示教", "焊接机器人离线编程", ["焊接机器人", "离线编程"]),
    ("equipment", "支架立柱生锈掉皮", "激光熔覆耐蚀涂层", ["耐腐蚀", "涂层"]),
    ("materials", "废水里的铬去不干净", "含铬废水电化学处理", ["含铬废水", "铬回收"]),
    ("materials", "废砂没地方放", "铸造废砂热法再生", ["废砂", "再生"]),
    ("materials", "想不用铬鞣", "无铬鞣剂清洁鞣制", ["无铬鞣", "鞣剂"]),
    ("food", "山药放几天就发黑", "真空冷冻干燥护色技术", ["山药", "冻干", "保鲜"]),
    ("food", "想从山药里提多糖", "超声辅助酶解提取多糖", ["多糖", "提取"]),
    ("biohealth", "结晶颗粒大小不一", "连续结晶粒度控制", ["结晶", "原料药"]),
    ("biohealth", "怀药颗粒缺标准", "配方颗粒特征图谱", ["怀药", "配方颗粒"]),
    ("nev", "控制器发热严重", "相变材料散热技术", ["散热", "热管理"]),
    ("nev", "电池壳太重", "复合材料轻量化壳体", ["轻量化", "电池壳"]),
    ("nev", "担心电池起火", "热失控早期预警传感器", ["热失控", "预警"]),
    ("it_bigdata", "设备坏了才知道", "预测性维护故障诊断算法", ["故障诊断", "预测性维护"]),
    ("it_bigdata", "电费太高", "数据中心液冷节能", ["节能", "数据中心"]),
    ("culture_tourism", "节假日人太多排长队", "景区客流预测调度", ["客流", "智慧景区"]),
    ("agriculture", "浇水施肥全凭经验", "水肥一体化智能控制", ["水肥一体化", "灌溉"]),
    ("agriculture", "麦子得病减产", "赤霉病生防菌剂", ["赤霉病", "生物防治"]),
    ("agriculture", "盐碱地种不好庄稼", "盐碱地改良剂", ["盐碱地", "土壤改良"]),
    ("logistics", "仓库找货慢", "仓储机器人调度系统", ["仓储", "机器人"]),
    ("elderly_care", "老人摔倒没人知道", "毫米波跌倒监测", ["跌倒监测", "养老"]),
]
PLACES = ["一车间", "二车间", "新厂区", "老生产线", "井下", "出口产品线", "试验线", "分公司", "总装线", "仓库"]
ASKS = ["急需解决方案", "希望与高校合作攻关", "寻求成熟技术转让", "拟委托研发", "愿意联合开发", "求合作伙伴"]
ADJ = ["低成本", "高效", "智能化", "绿色", "新型", "高可靠", "模块化", "国产化"]
BASIS = ["已有中试线", "有检测平台", "有研发团队 8 人", "省级企业技术中心", "年产值过亿", "有合作意向单位"]
ENTERPRISES = 600
INSTITUTES = 160


@cache
def _words(text):
    from core.search import words

    return tuple(w for w in words(text) if len(w) > 1)


def _search_text(parts):
    tokens = dict.fromkeys(w for p in parts for w in _words(p))
    return " ".join(parts).lower() + " | " + " ".join(tokens)


def _units(kind, count, prefix):
    from accounts.models import County, Organisation

    existing = Organisation.objects.filter(name__startswith=prefix).count()
    counties = list(County.objects.all())
    Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"{prefix}{i:04d}",
                kind=kind,
                county=counties[i % len(counties)],
                institute_kind="university" if kind == "institute" else "",
                is_verified=True,
            )
            for i in range(existing, count)
        ]
    )
    return list(Organisation.objects.filter(name__startswith=prefix).values_list("pk", "county_id"))


def ensure_library(n: int = 100_000) -> dict:
    """At least n published demands and n published achievements (bench data, reused if present)."""
    from accounts.models import Industry
    from achievements.models import Achievement, Maturity, TransferMode
    from demands.models import CooperationMode, Demand

    rng = random.Random(20260101)
    industries = {i.code: i.pk for i in Industry.objects.all()}
    enterprises = _units("enterprise", ENTERPRISES, "基准测试企业")
    institutes = _units("institute", INSTITUTES, "基准测试研究院")
    now = timezone.now()
    valid = timezone.localdate() + dt.timedelta(days=365)
    maturities = Maturity.values
    modes = CooperationMode.values
    tmodes = TransferMode.values

    have = Demand.objects.filter(title__startswith="【基准】").count()
    batch = []
    for i in range(have, n):
        industry, problem, tech, keywords = TOPICS[i % len(TOPICS)]
        place, ask, basis = rng.choice(PLACES), rng.choice(ASKS), rng.choice(BASIS)
        title = f"【基准】{place}{problem}，{ask}"
        description = f"我公司{place}{problem}，影响产品质量和交付。{basis}，{ask}。编号 {i}。"
        owner, county = enterprises[i % len(enterprises)]
        budget = Decimal(rng.randrange(5, 300))
        batch.append(
            Demand(
                title=title,
                description=description,
                kind="technology",
                industry_id=industries[industry],
                keywords=keywords,
                budget_min=budget,
                budget_max=budget + 20,
                cooperation_modes=rng.sample(modes, 2),
                valid_until=valid,
                contact_name="测试联系人",
                contact_phone="13900000000",
                owner_id=owner,
                county_id=county,
                status="published",
                published_at=now,
                search_text=_search_text((title, description, " ".join(keywords))),
            )
        )
        if len(batch) >= 5000:
            with transaction.atomic():
                Demand.objects.bulk_create(batch)
            batch = []
    Demand.objects.bulk_create(batch)

    have = Achievement.objects.filter(title__startswith="【基准】").count()
    batch = []
    for i in range(have, n):
        industry, problem, tech, keywords = TOPICS[(i * 7) % len(TOPICS)]
        adj = rng.choice(ADJ)
        title = f"【基准】{adj}{tech}"
        summary = f"{adj}{tech}，可用于解决“{problem}”等问题，已完成工程验证。成果编号 {i}。"
        owner, _ = institutes[i % len(institutes)]
        batch.append(
            Achievement(
                title=title,
                summary=summary,
                owner_id=owner,
                industry_id=industries[industry],
                keywords=keywords,
                maturity=rng.choice(maturities),
                transfer_modes=rng.sample(tmodes, 2),
                status="published",
                published_at=now,
                reference_price=Decimal(rng.randrange(10, 500)),
                search_text=_search_text((title, summary, " ".join(keywords))),
            )
        )
        if len(batch) >= 5000:
            with transaction.atomic():
                Achievement.objects.bulk_create(batch)
            batch = []
    Achievement.objects.bulk_create(batch)
    return {
        "demands": Demand.objects.published().count(),
        "achievements": Achievement.objects.published().count(),
    }


# Figures before the list/search work (commit c0bbba1: LIKE over search_text with a trigram
# index, exact COUNT(*) of the whole visible list, no index matching the ordering).
BEFORE = {
    "需求 API 列表，无检索": (248.6, 276.6, 5),
    "需求 API q=液压漏油（无空格中文）": (292.9, 330.6, 5),
    "需求 API q=粉尘超标&industry=高端装备制造": (166.7, 207.0, 6),
    "需求列表页 q=山药保鲜": (361.1, 416.2, 9),
    "成果 API q=氟橡胶密封": (77.1, 98.0, 6),
    "成果 API q=除尘&maturity=通过中试": (251.7, 280.6, 6),
    "成果列表页 q=热失控预警": (314.7, 344.7, 9),
}
TABLE_HEAD = "| 测量 | p50 (ms) | p95 (ms) | SQL 查询数 | 优化前 p50 / p95 (ms) |\n|---|---|---|---|---|"


def _row(label: str, m: dict) -> str:
    before = BEFORE.get(label)
    was = f"{before[0]:.1f} / {before[1]:.1f}" if before else "—"
    return f"| {label} | {m['p50']:.1f} | {m['p95']:.1f} | {m['queries']} | {was} |"


def _bench_user():
    from django.contrib.auth.models import Group

    from accounts.models import Organisation, User

    org, _ = Organisation.objects.get_or_create(
        name="基准测试检索企业", defaults={"kind": "enterprise", "is_verified": True}
    )
    user, _ = User.objects.get_or_create(username="bench_demands", defaults={"organisation": org})
    user.groups.add(Group.objects.get(name="enterprise"))
    return User.objects.get(pk=user.pk)


def run() -> str:
    import time

    from django.db import connection
    from django.test import Client
    from rest_framework.test import APIClient

    start = time.perf_counter()
    counts = ensure_library(100_000)
    load_seconds = time.perf_counter() - start
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # What autovacuum does after a bulk load: statistics, and the visibility map that lets
            # the capped COUNT be an index-only scan.
            cursor.execute("VACUUM ANALYZE demands_demand")
            cursor.execute("VACUUM ANALYZE achievements_achievement")

    user = _bench_user()
    api = APIClient()
    api.force_authenticate(user)
    page = Client()
    page.force_login(user, backend="accounts.backends.PortalBackend")

    def check(response):
        assert response.status_code == 200, response.status_code

    cases = [
        ("需求 API 列表，无检索", lambda: check(api.get("/api/v1/demands/"))),
        ("需求 API 列表 ?page_size=100", lambda: check(api.get("/api/v1/demands/", {"page_size": 100}))),
        ("需求 API 列表 ?page=200", lambda: check(api.get("/api/v1/demands/", {"page": 200}))),
        ("需求列表页，无检索", lambda: check(page.get("/demands/"))),
        ("需求 API q=液压漏油（无空格中文）", lambda: check(api.get("/api/v1/demands/", {"q": "液压漏油"}))),
        (
            "需求 API q=粉尘超标&industry=高端装备制造",
            lambda: check(api.get("/api/v1/demands/", {"q": "粉尘超标", "industry": "高端装备制造"})),
        ),
        ("需求列表页 q=山药保鲜", lambda: check(page.get("/demands/", {"q": "山药保鲜"}))),
        ("成果 API 列表，无检索", lambda: check(api.get("/api/v1/achievements/"))),
        ("成果 API q=氟橡胶密封", lambda: check(api.get("/api/v1/achievements/", {"q": "氟橡胶密封"}))),
        (
            "成果 API q=除尘&maturity=通过中试",
            lambda: check(api.get("/api/v1/achievements/", {"q": "除尘", "maturity": "通过中试"})),
        ),
        ("成果列表页 q=热失控预警", lambda: check(page.get("/achievements/", {"q": "热失控预警"}))),
    ]
    lines = [
        "## 需求库与成果库检索",
        "",
        f"数据量：已发布需求 {counts['demands']:,} 条、已发布成果 {counts['achievements']:,} 项"
        f"（本次准备数据 {load_seconds:.0f} 秒）。数据库：{connection.vendor}。",
        "检索为中文无空格：查询经 jieba 切词（同一查询只切一次，有缓存），PostgreSQL 上每个词须是记录的 jieba 词"
        "（`to_tsvector('simple', search_text) @@ plainto_tsquery('simple', 词)`，GIN 表达式索引；两字词如“液压”“漏油”"
        "也走索引，pg_trgm 做不到）。以企业用户身份请求（visible_to 范围 + 分页 20 条 + 总数），进程内测量服务端耗时，"
        "每项 30 次。",
        "",
        "列表做法：默认排序（发布时间倒序、id 倒序）有对应的组合索引，一页就是索引的前 20 行；visible_to 的条件"
        "（状态、有效期、本单位）在一个覆盖索引里；总数最多数到 10,000 条（`COUNT(*) FROM (… LIMIT 10001)`，仅索引扫描），"
        "超过时列表页显示“超过 10,000 条”并可翻阅前 10,000 条，API 返回 `count`=10000、`count_capped`=true，"
        "`next` 链接照常可逐页读完全部记录。每页查询数固定（与每页条数、数据量无关，见 tests/demands/test_list_queries.py）。",
        "",
        TABLE_HEAD,
    ]
    for label, fn in cases:
        lines.append(_row(label, measure(fn, repeat=30, warmup=3)))
    return "\n".join(lines) + "\n"
