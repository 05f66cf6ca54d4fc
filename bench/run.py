"""`make bench`: runs each bench module against PostgreSQL and rewrites docs/benchmarks.md.

    python -m bench.run            # every module in MODULES
    python -m bench.run talents    # only bench/talents.py

A module is `bench/<name>.py` with `run() -> str` returning its Markdown section. Results of
modules not run this time are kept from the previous file. Without DATABASE_URL it uses a
local PostgreSQL database `jiaozuo_bench` (created if missing).
"""

import importlib
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path

# floor last: it measures every list beside the floor on the data the others seeded.
MODULES = ["talents", "demands", "matching", "subsidies", "dashboard", "floor"]
ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"


def _ensure_database():
    if os.environ.get("DATABASE_URL"):
        return
    os.environ["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/jiaozuo_bench"
    exists = subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-tAc",
            "SELECT 1 FROM pg_database WHERE datname='jiaozuo_bench'",
        ],
        capture_output=True,
        text=True,
    )
    if exists.stdout.strip() != "1":
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-c", "CREATE DATABASE jiaozuo_bench"], check=True)


def _sections(text: str) -> dict[str, str]:
    parts = re.split(r"^<!-- bench:(\w+) -->\n", text, flags=re.M)
    return {parts[i]: parts[i + 1].rstrip() + "\n" for i in range(1, len(parts) - 1, 2)}


def main(argv):
    _ensure_database()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiaozuo_portal.settings")
    os.environ.setdefault("AXES_ENABLED", "False")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    wanted = argv or MODULES
    sections = _sections(DOC.read_text(encoding="utf-8")) if DOC.exists() else {}
    for name in wanted:
        module = importlib.import_module(f"bench.{name}")
        started = time.perf_counter()
        print(f"== bench {name}", flush=True)
        body = module.run()
        sections[name] = body.rstrip() + f"\n\n（本节耗时 {time.perf_counter() - started:.0f} s）\n"
        print(body, flush=True)
        _write(sections)  # after every module: a later failure keeps what is already measured
    print(f"written {DOC}")


def _write(sections: dict[str, str]) -> None:
    header = (
        "# 性能基准（`make bench`）\n\n"
        f"机器：{os.cpu_count()} 核，Python {platform.python_version()}，PostgreSQL（本机）。"
        "各节由 `bench/<模块>.py` 生成，单独重跑：`python -m bench.run <模块>`。\n\n"
    )
    ordered = [n for n in MODULES if n in sections] + [n for n in sections if n not in MODULES]
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text(header + "\n".join(f"<!-- bench:{n} -->\n{sections[n]}" for n in ordered), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
