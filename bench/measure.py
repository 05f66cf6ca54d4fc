"""Helpers for in-process latency measurement: server time and query count per request."""

import statistics
import time

from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext


def measure(fn, *, repeat: int = 50, warmup: int = 5) -> dict:
    """Call fn() repeatedly; return p50/p95 milliseconds and the query count of one call."""
    for _ in range(warmup):
        fn()
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        timings.append((time.perf_counter() - start) * 1000)
    reset_queries()
    with CaptureQueriesContext(connection) as ctx:
        fn()
    timings.sort()
    return {
        "p50": statistics.median(timings),
        "p95": timings[max(0, int(len(timings) * 0.95) - 1)],
        "queries": len(ctx.captured_queries),
    }


def row(label: str, m: dict) -> str:
    return f"| {label} | {m['p50']:.1f} | {m['p95']:.1f} | {m['queries']} |"


TABLE_HEAD = "| 测量 | p50 (ms) | p95 (ms) | SQL 查询数 |\n|---|---|---|---|"
