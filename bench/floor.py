"""The floor beside us: `../shared/floor/` (a bare Django + DRF list over 100,000 talents) measured in
the same window as our own talent list, and our figures printed as ratios to it.

The floor runs in its own virtual environment and its own database (`calib`), as its README says;
both are kept between runs (`~/.cache/jiaozuo-floor`), so only the first run installs and seeds.
Our side reuses the talents bench data (`bench.talents` seeds it when missing).
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

from django.test import Client

from .measure import measure, row

ROOT = Path(__file__).resolve().parent.parent
FLOOR_SOURCE = Path(os.environ.get("FLOOR_SOURCE") or ROOT.parent / "shared" / "floor")  # a worktree may sit elsewhere
FLOOR_HOME = Path(os.environ.get("FLOOR_HOME", Path.home() / ".cache" / "jiaozuo-floor"))
FLOOR_PACKAGES = ["django<5.3", "djangorestframework", "django-filter", "psycopg2-binary", "gunicorn"]
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


def run() -> str:
    from bench import talents

    bureau, _liaison = talents._users()
    talents._seed(bureau)
    work = _prepare_floor()

    from rest_framework.authtoken.models import Token

    from accounts.models import County

    county = County.objects.order_by("pk")[2]
    token, _ = Token.objects.get_or_create(user=bureau)
    api = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    page = Client()
    page.force_login(bureau)
    ours = {
        "api": measure(lambda: api.get(f"/api/v1/talents/?county={county.code}&page=50"), repeat=100),
        "page": measure(lambda: page.get(f"/talents/?county={county.code}&page=50"), repeat=100),
    }
    floor = _measure_floor(work)
    floor_api = next(v for k, v in floor.items() if k.startswith("/api/"))
    floor_page = next(v for k, v in floor.items() if k.startswith("/talents/"))

    def ratio(a, b):
        return f"{a['p95'] / b['p95']:.1f}×"

    return "\n".join(
        [
            "## 与地板（../shared/floor/）同窗对比",
            "",
            "地板是一个不带权限、历史和筛选的 Django + DRF 人才列表（同样 100,000 行、按县区筛选、第 50 页、"
            "每页 20 条），与我们的列表在同一时间窗内测量；机器上的绝对时间会漂移，比值更稳定。目标：p95 ≤ 2× 地板。",
            "",
            "| 测量 | p50 (ms) | p95 (ms) | SQL 查询数 | p95 比值 |",
            "|---|---|---|---|---|",
            row(f"我们：人才列表 API ?county={county.code}&page=50（Token）", ours["api"])
            + f" {ratio(ours['api'], floor_api)} |",
            row("地板：/api/talents/?county=3&page=50", floor_api) + " 1.0× |",
            row(f"我们：人才列表页 ?county={county.code}&page=50", ours["page"])
            + f" {ratio(ours['page'], floor_page)} |",
            row("地板：/talents/?county=3&page=50", floor_page) + " 1.0× |",
        ]
    )
