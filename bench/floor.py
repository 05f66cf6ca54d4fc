"""The floor beside us: `../shared/floor/` (a bare Django + DRF list over 100,000 talents) measured in
the same window as every big list of ours, and our figures printed as ratios to it.

The floor runs in its own virtual environment and its own database (`calib`), as its README says;
both are kept between runs (`~/.cache/jiaozuo-floor`), so only the first run installs and seeds.
Our side: every big list page and list API on the bench data (talents and claims are seeded when
missing; demands, achievements, engagements and platforms are measured when their bench data is there).
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

from . import ours as ours_module
from .measure import row

ROOT = Path(__file__).resolve().parent.parent
FLOOR_SOURCE = Path(os.environ.get("FLOOR_SOURCE") or ROOT.parent / "shared" / "floor")  # a worktree may sit elsewhere
FLOOR_HOME = Path(os.environ.get("FLOOR_HOME", Path.home() / ".cache" / "jiaozuo-floor"))
FLOOR_PACKAGES = ["django<5.3", "djangorestframework", "django-filter", "psycopg2-binary", "gunicorn"]
GROUP = 4  # lists of ours measured between two runs of the floor
LINE = re.compile(r"^(?P<label>.+?): p50 (?P<p50>[\d.]+) ms p95 (?P<p95>[\d.]+) ms(?:, (?P<queries>\d+) queries)?")


def _floor_env() -> dict:
    """The floor is its own project: none of our Django settings may leak into it."""
    return {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")}


def _psql(sql: str, database: str = "postgres") -> str:
    return subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-tAc", sql],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def _prepare_floor() -> Path:
    """Copy the floor, give it a venv, create and seed its database — each step only once."""
    if not FLOOR_SOURCE.exists():
        raise SystemExit(f"找不到 {FLOOR_SOURCE}（../shared/floor/）")
    work = FLOOR_HOME / "app"
    if not (work / "manage.py").exists():
        shutil.copytree(FLOOR_SOURCE, work, dirs_exist_ok=True)
        for path in work.rglob("*"):
            path.chmod(path.stat().st_mode | 0o200)
    python = FLOOR_HOME / "venv" / "bin" / "python"
    if not python.exists():
        subprocess.run(["python3.11", "-m", "venv", str(FLOOR_HOME / "venv")], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", *FLOOR_PACKAGES], check=True)
    if _psql("SELECT 1 FROM pg_database WHERE datname='calib'") != "1":
        _psql("CREATE DATABASE calib")
    subprocess.run(
        [str(python), "manage.py", "makemigrations", "calib"],
        cwd=work,
        env=_floor_env(),
        check=True,
        capture_output=True,
    )
    subprocess.run([str(python), "manage.py", "migrate"], cwd=work, env=_floor_env(), check=True, capture_output=True)
    if _psql("SELECT count(*) FROM calib_talent", "calib") != "100000":
        _psql("TRUNCATE calib_talent, calib_county, calib_industry RESTART IDENTITY CASCADE", "calib")
        subprocess.run([str(python), "seed.py"], cwd=work, env=_floor_env(), check=True)
        _psql("VACUUM ANALYZE calib_talent", "calib")
    return work


def _measure_floor(work: Path) -> dict[str, dict]:
    python = FLOOR_HOME / "venv" / "bin" / "python"
    out = subprocess.run(
        [str(python), "measure.py"], cwd=work, env=_floor_env(), capture_output=True, text=True, check=True
    ).stdout
    figures = {}
    for line in out.splitlines():
        match = LINE.match(line.strip())
        if match:
            label = match["label"].removeprefix("django ").strip()
            figures[label] = {
                "p50": float(match["p50"]),
                "p95": float(match["p95"]),
                "queries": int(match["queries"] or 0),
            }
    return figures


PLATFORMS = 5_000
ENGAGEMENTS = 10_000


def _seed_extras(bureau) -> str:
    """A modest set of platforms and engagements (bulk inserts, kept between runs) so that their lists
    are measured too; engagements need the bench demands and achievements. Returns a note on failure."""
    import random

    from django.db import connection, transaction

    from accounts.models import Industry
    from achievements.models import Achievement
    from demands.models import Demand
    from engagements.models import Engagement
    from platforms.models import Platform, PlatformType

    from .demands import ENTERPRISES, INSTITUTES, _units

    rng = random.Random(20261129)
    try:
        have = Platform.objects.filter(name__startswith="基准平台").count()
        if have < PLATFORMS:
            hosts = _units("institute", INSTITUTES, "基准测试研究院") + _units(
                "enterprise", ENTERPRISES, "基准测试企业"
            )
            types = list(PlatformType.objects.values_list("pk", flat=True))
            industries = list(Industry.objects.values_list("pk", flat=True))
            batch = [
                Platform(
                    name=f"基准平台{i:05d}",
                    platform_type_id=rng.choice(types),
                    level=rng.choice(["national", "provincial", "city"]),
                    host_id=hosts[i % len(hosts)][0],
                    county_id=hosts[i % len(hosts)][1],
                    status=rng.choice(["recognised"] * 6 + ["planning", "revoked"]),
                    document_number="焦科〔2025〕1号",
                    description="基准测试平台",
                )
                for i in range(have, PLATFORMS)
            ]
            with transaction.atomic():
                Platform.objects.bulk_create(batch)
                Through = Platform.industries.through
                Through.objects.bulk_create(
                    [Through(platform_id=p.pk, industry_id=rng.choice(industries)) for p in batch]
                )
        have = Engagement.objects.filter(summary__startswith="【基准】").count()
        if have < ENGAGEMENTS:
            demands = list(
                Demand.objects.filter(title__startswith="【基准】")
                .order_by("pk")
                .values_list("pk", "county_id")[:ENGAGEMENTS]
            )
            achievements = list(
                Achievement.objects.filter(title__startswith="【基准】")
                .order_by("pk")
                .values_list("pk", flat=True)[:ENGAGEMENTS]
            )
            if demands and achievements:
                Engagement.objects.bulk_create(
                    [
                        Engagement(
                            demand_id=demands[i % len(demands)][0],
                            target_kind="achievement",
                            achievement_id=achievements[(i * 7) % len(achievements)],
                            county_id=demands[i % len(demands)][1],
                            owner=bureau,
                            created_by=bureau,
                            status=rng.choice(["intent"] * 4 + ["negotiating"] * 3 + ["terminated", "requested"]),
                            summary=f"【基准】对接 {i}",
                        )
                        for i in range(have, ENGAGEMENTS)
                    ],
                    batch_size=5000,
                )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for table in ("platforms_platform", "engagements_engagement"):
                    cursor.execute(f"VACUUM ANALYZE {table}")
    except Exception as exc:  # the lists without data are reported as such, the run goes on
        return f"平台/对接基准数据生成失败：{type(exc).__name__} {str(exc)[:80]}"
    return ""


def _ours(bureau) -> list[tuple[str, str, str, str | None]]:
    """(label, kind, note, url) for every big list of ours; kind "api"/"page" picks the floor request it
    is compared with. A list whose bench data is missing has url None and a note instead (never a crash)."""
    from accounts.models import County

    from . import subsidies

    county = County.objects.order_by("pk")[2]

    def have(model, n, how):
        return "" if model.objects.count() >= n else f"基准数据不足 {n:,} 条（{how}）"

    from achievements.models import Achievement
    from demands.models import Demand
    from engagements.models import Engagement
    from platforms.models import Platform
    from subsidies.models import Claim, ContractPayment, TechContract

    demands_note = have(Demand, 100_000, "先运行 python -m bench.run demands")
    achievements_note = have(Achievement, 100_000, "先运行 python -m bench.run demands")
    engagements_note = have(Engagement, 1_000, "需先有需求、成果基准数据")
    platforms_note = have(Platform, 1_000, "平台基准数据缺失")
    rows = [
        (f"人才列表 API ?county={county.code}&page=50", "api", "", f"/api/v1/talents/?county={county.code}&page=50"),
        (f"人才列表页 ?county={county.code}&page=50", "page", "", f"/talents/?county={county.code}&page=50"),
        ("需求列表 API", "api", demands_note, "/api/v1/demands/"),
        ("需求列表页", "page", demands_note, "/demands/"),
        ("成果列表 API", "api", achievements_note, "/api/v1/achievements/"),
        ("成果列表页", "page", achievements_note, "/achievements/"),
        ("补助申报列表 API", "api", "", "/api/v1/subsidy-claims/"),
        ("补助申报列表页", "page", "", "/subsidies/claims/"),
        ("补助审核队列页（市级审核）", "page", "", "/subsidies/review/"),
        (
            "技术合同列表 API",
            "api",
            have(TechContract, 10_000, "先运行 python -m bench.run subsidies"),
            "/api/v1/contracts/",
        ),
        (
            "技术合同列表页",
            "page",
            have(TechContract, 10_000, "先运行 python -m bench.run subsidies"),
            "/subsidies/contracts/",
        ),
        (
            "合同支付记录 API",
            "api",
            have(ContractPayment, 10_000, "先运行 python -m bench.run subsidies"),
            "/api/v1/contract-payments/",
        ),
        (
            "合同支付记录页",
            "page",
            have(ContractPayment, 10_000, "先运行 python -m bench.run subsidies"),
            "/subsidies/payments/",
        ),
        ("对接列表 API", "api", engagements_note, "/api/v1/engagements/"),
        ("对接列表页", "page", engagements_note, "/engagements/list/"),
        ("创新平台列表 API", "api", platforms_note, "/api/v1/platforms/"),
        ("创新平台列表页", "page", platforms_note, "/platforms/"),
    ]
    if Claim.objects.count() < subsidies.TARGET:
        rows = [
            (label, kind, note or "补助基准数据缺失", url) if "补助" in label else (label, kind, note, url)
            for label, kind, note, url in rows
        ]
    return [(label, kind, note, None if note else url) for label, kind, note, url in rows]


def run() -> str:
    from bench import subsidies, talents

    bureau, _liaison = talents._users()
    talents._seed(bureau)
    subsidies.ensure_claims()  # about a minute when missing; kept between runs
    extras_note = _seed_extras(bureau)
    work = _prepare_floor()

    # Interleaved: the floor, four lists of ours, the floor again, four more …; each of our rows is
    # compared with the mean of the floor runs just before and just after it, so drift is shared.
    def floor_of(figures, kind):
        prefix = "/api/" if kind == "api" else "/talents/"
        return next(v for k, v in figures.items() if k.startswith(prefix))

    lists = _ours(bureau)
    ours_module.collect_static()
    floor_runs = [_measure_floor(work)]
    ours = []
    for start in range(0, len(lists), GROUP):
        group = lists[start : start + GROUP]
        wanted = [[label, kind, url] for label, kind, _note, url in group if url]
        try:
            figures = ours_module.measure_lists(bureau.username, wanted) if wanted else {}
        except Exception as exc:  # a broken run is a row in the table, not a lost run
            figures = {label: {"error": f"{type(exc).__name__} {str(exc)[:80]}"} for label, *_ in wanted}
        measured = []
        for label, kind, note, url in group:
            m = figures.get(label) if url else None
            if m is not None and "error" in m:
                note, m = f"出错：{m['error']}", None
            measured.append((label, kind, note, m))
        if any(m for *_, m in measured):
            floor_runs.append(_measure_floor(work))
        before, after = floor_runs[-2] if len(floor_runs) > 1 else floor_runs[-1], floor_runs[-1]
        for label, kind, note, m in measured:
            beside = (floor_of(before, kind)["p95"] + floor_of(after, kind)["p95"]) / 2
            ours.append((label, kind, note, m, beside))

    floor = {}
    for kind in ("api", "page"):
        runs = [floor_of(f, kind) for f in floor_runs]
        floor[kind] = {
            "p50": sum(r["p50"] for r in runs) / len(runs),
            "p95": sum(r["p95"] for r in runs) / len(runs),
            "queries": runs[0]["queries"],
            "spread": f"{len(runs)} 次，p95 {min(r['p95'] for r in runs):.1f}–{max(r['p95'] for r in runs):.1f}",
        }

    lines = [
        "## 与地板（../shared/floor/）同窗对比",
        "",
        "地板是一个不带权限、历史和筛选的 Django + DRF 人才列表（100,000 行、按县区筛选、第 50 页、每页 20 条）。"
        "同一时间窗内交替测量我们的每个大列表（每项 100 次，进程内 test Client，市科技局账号；"
        "和地板一样用生产设置（DEBUG 关闭、模板缓存、不记 SQL 日志），在单独的进程里（bench/ours.py）；"
        "API 用 Token）：地板、我们的 4 个列表、地板、再 4 个……交替进行，每行的比值以紧挨其前后两次地板 p95 的平均为分母"
        "（下表地板行是各次的平均）；机器上的绝对时间会漂移，比值更稳定。"
        "列表页与地板页面比，API 与地板 API 比。目标：p95 ≤ 2× 地板。",
        "",
        "| 测量 | p50 (ms) | p95 (ms) | SQL 查询数 | p95 比值 | ≤ 2× |",
        "|---|---|---|---|---|---|",
        row(f"地板：/api/talents/?county=3&page=50（{floor['api']['spread']}）", floor["api"]) + " 1.0× | |",
        row(f"地板：/talents/?county=3&page=50（{floor['page']['spread']}）", floor["page"]) + " 1.0× | |",
    ]
    passed = failed = 0
    for label, _kind, note, m, beside in ours:
        if m is None:
            lines.append(f"| 我们：{label} | — | — | — | 未测：{note} | |")
            continue
        ratio = m["p95"] / beside
        ok = ratio <= 2.0
        passed, failed = passed + ok, failed + (not ok)
        lines.append(row(f"我们：{label}", m) + f" {ratio:.1f}× | {'✓' if ok else '✗'} |")
    lines += ["", f"在 2× 以内：{passed} 项；超过：{failed} 项。" + (f"（{extras_note}）" if extras_note else "")]
    return "\n".join(lines) + "\n"
