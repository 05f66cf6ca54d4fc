"""Evaluate the matching engine on the labelled set (pure: no database).

Run directly to print the figures: `.venv/bin/python -m tests.matching.evaluation`.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from matching import engine

LABELLED_SET = Path(__file__).resolve().parent / "labelled_set.json"
MATURITY_LABELS = {1: "正在研发", 2: "已有样品", 3: "通过小试", 4: "通过中试", 5: "可以量产"}


def load():
    return json.loads(LABELLED_SET.read_text(encoding="utf-8"))


def achievement_profile(a, kb):
    doc = engine.Document(
        kind="achievement",
        id=a["id"],
        title=a["title"],
        fields=[(a["summary"], 0.8)],
        keywords=a.get("keywords", []),
        industries=[a["industry"]],
        maturity_rank=a.get("maturity"),
        maturity_label=MATURITY_LABELS.get(a.get("maturity"), ""),
    )
    return engine.analyze(doc, kb)


def demand_profile(d, kb):
    doc = engine.Document(
        kind="demand",
        id=d["id"],
        title=d["title"],
        fields=[(d.get("problem", ""), 1.0), (d.get("description", ""), 0.6)],
        keywords=d.get("keywords", []),
        industries=[d["industry"]],
    )
    return engine.analyze(doc, kb)


@dataclass
class Figures:
    cases: int
    precision_at_1: float
    precision_at_5: float  # |relevant ∩ top5| / 5 (bounded by |relevant| / 5)
    normalised_precision_at_5: float  # |relevant ∩ top5| / min(5, |relevant|)
    recall_at_5: float
    mrr: float
    failures: list


def evaluate(held_out: bool | None = None, kb=None) -> Figures:
    kb = kb or engine.default_kb()
    data = load()
    achievements = [achievement_profile(a, kb) for a in data["achievements"]]
    stats = engine.CorpusStats.from_profiles(achievements)
    demands = [d for d in data["demands"] if held_out is None or bool(d.get("held_out")) == held_out]
    p1 = p5 = np5 = r5 = rr = 0.0
    failures = []
    for d in demands:
        relevant = set(d["relevant"])
        ranked = [m.id for m in engine.rank(demand_profile(d, kb), achievements, stats, kb, limit=10)]
        top5 = ranked[:5]
        hits = len(relevant.intersection(top5))
        p1 += 1.0 if ranked and ranked[0] in relevant else 0.0
        p5 += hits / 5
        np5 += hits / min(5, len(relevant))
        r5 += hits / len(relevant)
        first = next((i for i, x in enumerate(ranked, 1) if x in relevant), None)
        rr += 1 / first if first else 0.0
        if not ranked or ranked[0] not in relevant:
            failures.append((d["id"], d["title"], ranked[:3]))
    n = len(demands) or 1
    return Figures(len(demands), p1 / n, p5 / n, np5 / n, r5 / n, rr / n, failures)


if __name__ == "__main__":
    for label, flag in (("all", None), ("tuning", False), ("held-out", True)):
        f = evaluate(flag)
        print(
            f"{label}: n={f.cases} P@1={f.precision_at_1:.3f} P@5={f.precision_at_5:.3f} "
            f"nP@5={f.normalised_precision_at_5:.3f} R@5={f.recall_at_5:.3f} MRR={f.mrr:.3f}"
        )
        for fail in f.failures:
            print("   miss", fail)
