"""`make load`: the portal under concurrent users, beside the floor, written to docs/benchmarks.md.

    python -m bench.load            # 3 phases of LOAD_SECONDS (30) each, then the report
    python -m bench.load --smoke    # CI: a 20-second mix on a small data set; fails on any error

1. Prepares the `make bench` database (100,000 talents; users of each role; published demands)
   in development mode, and makes a session per role and an API token, so nobody logs in
   during the run.
2. Starts gunicorn with **production settings** (DEBUG unset, the hashed static files that
   production serves) on 127.0.0.1. SECURE_SSL_REDIRECT is on in production, so the load sends
   `X-Forwarded-Proto: https` as the reverse proxy would; without it every request is a 301.
3. Drives it with locust, headless, for a bounded time: a role mix (liaison list and search,
   enterprise demands and matches, bureau review queue, API list), then the list API alone.
4. Runs ../shared/floor (a bare Django + DRF list over 100,000 rows) with the same workers and
   users in the same window, and reports our list API's throughput as a share of the floor's.
"""

import contextlib
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"
PORT = int(os.environ.get("LOAD_PORT", "8090"))
FLOOR_PORT = int(os.environ.get("LOAD_FLOOR_PORT", "8099"))
USERS = int(os.environ.get("LOAD_USERS", "16"))
WORKERS = int(os.environ.get("LOAD_WORKERS", "4"))
DATABASE_URL = os.environ.get("LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/jiaozuo_bench")
# One key for the preparing process and the servers: sessions and their auth hashes are signed with it.
SECRET_KEY = "load-test-only-" + "k" * 50
# ../shared/floor beside the repository (as CI lays it out); FLOOR_DIR for another layout.
FLOOR_DIR = Path(os.environ.get("FLOOR_DIR", ROOT.parent / "shared" / "floor"))
PSQL = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc"]


def _database(name: str, *, fresh: bool = False) -> None:
    """Create the database if missing; `fresh` drops it first (the CI smoke starts from nothing,
    whatever an earlier run on the same machine left behind)."""
    if fresh:
        subprocess.run([*PSQL, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], check=True, capture_output=True)
    exists = subprocess.run(
        [*PSQL, f"SELECT 1 FROM pg_database WHERE datname='{name}'"], capture_output=True, text=True
    )
    if exists.stdout.strip() != "1":
        subprocess.run([*PSQL, f"CREATE DATABASE {name}"], check=True, capture_output=True)


# --------------------------------------------------------------------------- preparing the data


def prepare(talents: int, *, fresh: bool = False) -> dict:
    """Data, sessions and a token, written in development mode (this process only)."""
    _database(DATABASE_URL.rsplit("/", 1)[1], fresh=fresh)
    os.environ.update(
        DEBUG="True", DATABASE_URL=DATABASE_URL, SECRET_KEY=SECRET_KEY, DJANGO_SETTINGS_MODULE="jiaozuo_portal.settings"
    )
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import Group
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from accounts.models import County, Industry, Organisation, User
    from bench import talents as talent_bench
    from demands.models import Demand

    call_command("migrate", verbosity=0)
    bureau, liaison = talent_bench._users()
    talent_bench.TARGET = talents
    talent_bench._seed(bureau)

    org, _ = Organisation.objects.get_or_create(
        name="焦作市压测机械有限公司",
        defaults={"kind": "enterprise", "county": County.objects.get(code="wenxian"), "is_verified": True},
    )
    enterprise, _ = User.objects.get_or_create(username="bench_enterprise", defaults={"organisation": org})
    enterprise.groups.add(Group.objects.get(name="enterprise"))
    industries = list(Industry.objects.all())
    missing = 60 - Demand.objects.filter(owner=org).count()
    for i in range(max(missing, 0)):
        Demand.objects.create(
            owner=org,
            title=f"压测需求 {i}：液压密封件耐高压改进",
            description="液压支架密封件在高压下老化漏油，需要耐高压、耐油的密封材料与成型工艺。",
            industry=industries[i % len(industries)],
            keywords=["液压", "密封", "材料"],
            contact_name="王工",
            contact_phone="13903910001",
            status="published" if i % 3 else "pending_review",
            published_at=timezone.now() if i % 3 else None,
            valid_until=timezone.localdate() + timezone.timedelta(days=365),
        )
    demands = list(Demand.objects.filter(owner=org, status="published").values_list("pk", flat=True)[:20])

    def session(user) -> str:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "accounts.backends.PortalBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        return store.session_key

    users = {"bureau": bureau, "liaison": liaison, "enterprise": User.objects.get(pk=enterprise.pk)}
    Token.objects.filter(user=bureau).delete()
    token = Token.objects.create(user=bureau)
    from talents.models import Talent

    return {
        "sessions": {role: session(user) for role, user in users.items()},
        "token": token.key,
        "demands": demands,
        "talents": Talent.objects.count(),
    }


# --------------------------------------------------------------------------- servers


def production_env() -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE"}}
    env.update(
        DATABASE_URL=DATABASE_URL,
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        DJANGO_SETTINGS_MODULE="jiaozuo_portal.settings",
    )
    env.pop("REDIS_URL", None)
    return env


def _wait(url: str, seconds: int = 60) -> None:
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
    for _ in range(seconds * 5):
        try:
            with urllib.request.urlopen(request, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer")


def start_portal() -> subprocess.Popen:
    env = production_env()
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "jiaozuo_portal.wsgi:application", "-w", str(WORKERS)]
        + ["-b", f"127.0.0.1:{PORT}", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )
    _wait(f"http://127.0.0.1:{PORT}/healthz")
    return process


def start_floor(workdir: Path) -> subprocess.Popen:
    shutil.copytree(FLOOR_DIR, workdir, dirs_exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL"}}
    env["DJANGO_SETTINGS_MODULE"] = "calib.settings"
    _database("calib")
    seeded = subprocess.run([*PSQL, "SELECT count(*) FROM calib_talent", "-d", "calib"], capture_output=True, text=True)
    if seeded.returncode != 0 or int(seeded.stdout.strip() or 0) < 100_000:
        for step in (["manage.py", "makemigrations", "calib"], ["manage.py", "migrate"], ["seed.py"]):
            subprocess.run([sys.executable, *step], cwd=workdir, env=env, check=True, capture_output=True)
        subprocess.run([*PSQL, "VACUUM ANALYZE calib_talent", "-d", "calib"], check=True, capture_output=True)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "calib.wsgi", "-w", str(WORKERS), "-b", f"127.0.0.1:{FLOOR_PORT}"]
        + ["--log-level", "warning"],
        cwd=workdir,
        env=env,
    )
    _wait(f"http://127.0.0.1:{FLOOR_PORT}/api/talents/?county=3")
    return process


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


# --------------------------------------------------------------------------- locust


def warm_up(data: dict) -> None:
    """Each worker's first requests load jieba's dictionary and the matching model: not what a
    user waits for once the portal runs, so every page is requested a few times before measuring."""
    cookie = {role: {"Cookie": f"sessionid={key}"} for role, key in data["sessions"].items()}
    pages = [
        ("/talents/?q=%E6%9D%90%E6%96%99", cookie["liaison"]),
        ("/demands/", cookie["enterprise"]),
        ("/demands/mine/", cookie["enterprise"]),
        (f"/matching/demands/{(data['demands'] or [0])[0]}/", cookie["enterprise"]),
        ("/demands/review/", cookie["bureau"]),
        ("/api/v1/talents/", {"Authorization": f"Token {data['token']}"}),
    ]
    for _ in range(WORKERS * 2):
        for path, headers in pages:
            request = urllib.request.Request(
                f"http://127.0.0.1:{PORT}{path}", headers={"X-Forwarded-Proto": "https", **headers}
            )
            with contextlib.suppress(OSError):
                urllib.request.urlopen(request, timeout=60).read()


def drive(target: str, port: int, seconds: int, data: dict, outdir: Path) -> list[dict]:
    prefix = outdir / target
    env = {
        **os.environ,
        "LOAD_TARGET": target,
        "LOAD_SESSIONS": json.dumps(data.get("sessions", {})),
        "LOAD_TOKEN": data.get("token", ""),
        "LOAD_DEMANDS": json.dumps(data.get("demands") or [0]),
    }
    subprocess.run(
        [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"), "--headless"]
        + ["-u", str(USERS), "-r", str(USERS), "-t", f"{seconds}s", "--stop-timeout", "5"]
        + ["--host", f"http://127.0.0.1:{port}", "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING"],
        env=env,
        cwd=ROOT,
        check=False,  # locust exits 1 when a request failed; the report says how many
    )
    with open(f"{prefix}_stats.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


# --------------------------------------------------------------------------- wrk (when installed)


def wrk(url: str, headers: dict, seconds: int) -> dict | None:
    """Requests/s and latency percentiles from wrk (C, a few % of one core), so that the figure is
    the server's, not the load generator's: locust in Python shares the same two cores."""
    if not shutil.which("wrk"):
        return None
    args = ["wrk", "-t2", f"-c{USERS}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    for name, value in {"X-Forwarded-Proto": "https", **headers}.items():
        args += ["-H", f"{name}: {value}"]
    out = subprocess.run([*args, url], capture_output=True, text=True, check=False).stdout
    figures = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}
    for pct in ("50", "90", "99"):
        match = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s)", out, flags=re.M)
        value, unit = float(match.group(1)), match.group(2)
        figures[f"p{pct}"] = value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    figures["errors"] = (int(errors.group(1)) if errors else 0) + (sum(map(int, socket.groups())) if socket else 0)
    return figures


def wrk_phases(data: dict, seconds: int) -> list[tuple[str, dict, dict]]:
    """Ours and the floor, both servers up, interleaved: API, then the list page."""
    token = {"Authorization": f"Token {data['token']}"}
    cookie = {"Cookie": f"sessionid={data['sessions']['liaison']}"}
    pairs = [
        (
            "人才列表 API ?county（令牌）",
            f"http://127.0.0.1:{PORT}/api/v1/talents/?county=wenxian",
            token,
            f"http://127.0.0.1:{FLOOR_PORT}/api/talents/?county=3",
        ),
        (
            "人才列表页 ?county（联络员会话）",
            f"http://127.0.0.1:{PORT}/talents/?county=wenxian",
            cookie,
            f"http://127.0.0.1:{FLOOR_PORT}/talents/?county=3",
        ),
    ]
    results = []
    for label, ours_url, headers, floor_url in pairs:
        ours = wrk(ours_url, headers, seconds)
        floor = wrk(floor_url, {}, seconds)
        if ours is None or floor is None:
            return []
        results.append((label, ours, floor))
    return results


def wrk_report(results: list) -> list[str]:
    if not results:
        return ["", "（未安装 wrk：只有 locust 的数字。Debian：`apt-get install wrk`。）"]
    lines = [
        "",
        f"### 吞吐（wrk，{USERS} 个连接，两边服务同时在线、交替压测）",
        "",
        "locust 本身是 Python，和服务器分用同两个核，吞吐受压测端所限；wrk 是 C 写的，几乎不占 CPU，所以这里的比值才是服务器之比。",
        "",
        "| 请求 | 本门户 req/s | 地板 req/s | 比值（目标 ≥ 60%） | 本门户 p50 / p90 / p99 (ms) | 地板 p50 / p90 / p99 (ms) | 错误 |",
        "|---|---|---|---|---|---|---|",
    ]
    for label, ours, floor in results:
        lines.append(
            f"| {label} | {ours['rps']:.1f} | {floor['rps']:.1f} | **{ours['rps'] / floor['rps']:.0%}** | "
            f"{ours['p50']:.1f} / {ours['p90']:.1f} / {ours['p99']:.1f} | "
            f"{floor['p50']:.1f} / {floor['p90']:.1f} / {floor['p99']:.1f} | {ours['errors'] + floor['errors']} |"
        )
    return lines


def _row(stat: dict) -> str:
    count, failures = int(stat["Request Count"]), int(stat["Failure Count"])
    return (
        f"| {stat['Name']} | {count} | {float(stat['Requests/s']):.1f} | {stat['50%']} | {stat['95%']} | "
        f"{stat['99%']} | {failures} |"
    )


def aggregated(stats: list[dict]) -> dict:
    return next(s for s in stats if s["Name"] == "Aggregated")


def report(data: dict, seconds: int, mix: list[dict], api: list[dict], floor: list[dict] | None, wrk_results=()) -> str:
    head = (
        "| 场景 / 请求 | 请求数 | 吞吐 (req/s) | p50 (ms) | p95 (ms) | p99 (ms) | 错误 |\n|---|---|---|---|---|---|---|"
    )
    lines = [
        "## 负载测试（`make load`）",
        "",
        f"gunicorn {WORKERS} 个 worker（生产设置：DEBUG 关闭、压缩哈希静态文件、SECURE_SSL_REDIRECT 开启，因此压测请求带 "
        "`X-Forwarded-Proto: https`，与反向代理转发一致），PostgreSQL 本机，"
        f"{data['talents']:,} 条人才记录；locust 无界面模式，{USERS} 个并发用户，每阶段 {seconds} s，与地板（../shared/floor）"
        "在同一时段、同一台机器上依次运行。",
        "",
        "### 角色混合（联络员列表与检索、企业需求与匹配、市科技局审核队列、列表 API）",
        "",
        head,
        *[_row(s) for s in mix if s["Name"] != "Aggregated"],
        _row({**aggregated(mix), "Name": "**合计**"}),
        "",
        "### 列表 API 单独压测与地板对比",
        "",
        head,
        _row({**aggregated(api), "Name": "本门户 /api/v1/talents/?county（令牌认证、权限范围、脱敏）"}),
    ]
    if floor:
        ours, base = float(aggregated(api)["Requests/s"]), float(aggregated(floor)["Requests/s"])
        lines += [
            _row({**aggregated(floor), "Name": "地板 /api/talents/?county（无认证、无权限、无历史）"}),
            "",
            f"本门户列表 API 吞吐为地板的 **{ours / base:.0%}**（目标 ≥ 60%）；"
            f"混合场景 p95 **{aggregated(mix)['95%']} ms**（目标 < 200 ms），错误 **{aggregated(mix)['Failure Count']}** 个（目标 0）。",
        ]
    lines += wrk_report(list(wrk_results))
    load = " / ".join(f"{x:.1f}" for x in data.get("loadavg", ()))
    lines += [
        "",
        f"（测于 {time.strftime('%Y-%m-%d %H:%M')}，{os.cpu_count()} 核，开始时系统负载 {load}（1/5/15 分钟）。"
        "负载远高于核数时各项绝对值都会放大，比较以同一时段的地板为准。重跑：`make load`，时长 LOAD_SECONDS。）",
        "",
    ]
    return "\n".join(lines)


def write_section(body: str) -> None:
    from bench.run import _sections

    sections = _sections(DOC.read_text(encoding="utf-8")) if DOC.exists() else {}
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# 性能基准\n\n"
    if "load" in sections:
        start = text.index("<!-- bench:load -->\n")
        following = text.find("<!-- bench:", start + 1)
        text = text[:start] + f"<!-- bench:load -->\n{body}" + (text[following:] if following != -1 else "")
    else:
        text = text.rstrip() + f"\n\n<!-- bench:load -->\n{body}"
    DOC.write_text(text, encoding="utf-8")


def main(argv: list[str]) -> int:
    global DATABASE_URL
    smoke = "--smoke" in argv
    if smoke and "LOAD_DATABASE_URL" not in os.environ:
        DATABASE_URL = "postgres://postgres@127.0.0.1:5432/jiaozuo_load_smoke"
    seconds = 20 if smoke else int(os.environ.get("LOAD_SECONDS", "30"))
    data = prepare(talents=int(os.environ.get("LOAD_TALENTS", "5000" if smoke else "100000")), fresh=smoke)
    data["loadavg"] = os.getloadavg()
    outdir = Path(tempfile.mkdtemp(prefix="jz-load-"))
    portal = start_portal()
    try:
        warm_up(data)
        mix = drive("mix", PORT, seconds, data, outdir)
        api = [] if smoke else drive("api", PORT, seconds, data, outdir)
    finally:
        stop(portal)
    total = aggregated(mix)
    print(
        f"mix: {total['Request Count']} requests, {float(total['Requests/s']):.1f} req/s, p95 {total['95%']} ms, "
        f"{total['Failure Count']} errors"
    )
    if smoke:
        return 1 if int(total["Failure Count"]) or not int(total["Request Count"]) else 0
    floor = None
    floor_process = start_floor(outdir / "floor")
    try:
        floor = drive("floor", FLOOR_PORT, seconds, data, outdir)
        portal = start_portal()
        try:
            warm_up(data)
            wrk_results = wrk_phases(data, seconds)
        finally:
            stop(portal)
    finally:
        stop(floor_process)
    body = report(data, seconds, mix, api, floor, wrk_results)
    write_section(body)
    print(body)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
