"""Evaluate the matching engine against a plain BM25 baseline (pure: no database).

Three labelled sets, each demand ranked over the achievements of its own file (the right one
hidden among same-industry near misses that share its surface words):
  * tuning set     — tests/matching/labelled_set.json (may be looked at while tuning);
  * validation set — tests/matching/validation_set.json (written before the third round, in
    enterprise wording; tuned on together with the tuning set);
  * held-out set   — tests/matching/held_out_set.json (frozen: never tuned on);
  * plain set      — tests/matching/plain_set.json (fourth round, written apart from the engine
    and the knowledge base: half the demands share plain words with the right achievement's
    summary, as many real submissions do, half need knowledge; checks that the engine does not
    lose to BM25 where the words alone already point to the answer);
  * fresh set      — tests/matching/fresh_set.json (fifth round, another blind author, same recipe
    as the plain set; measured once per engine version, never tuned on).
  * unseen set     — tests/matching/unseen_set.json (sixth round, a fourth blind author, same recipe,
    stricter: the knowledge half shares no word with the right achievement at all; measured once
    blind, then used for development like the plain set).
  * outside set    — tests/matching/outside_set.json (seventh round, a fifth blind author, same recipe
    as the unseen set; measured once blind, then frozen like the fresh set).
The files cover some of the same problems (a held-out achievement can be a right answer for a
tuning demand), so they are not mixed into one corpus.

Run directly to print the figures: `.venv/bin/python -m tests.matching.evaluation`.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
LABELLED_SET = HERE / "labelled_set.json"
HELD_OUT_SET = HERE / "held_out_set.json"
VALIDATION_SET = HERE / "validation_set.json"
PLAIN_SET = HERE / "plain_set.json"
FRESH_SET = HERE / "fresh_set.json"
UNSEEN_SET = HERE / "unseen_set.json"
OUTSIDE_SET = HERE / "outside_set.json"
SETS = {
    "tuning": LABELLED_SET,
    "validation": VALIDATION_SET,
    "held-out": HELD_OUT_SET,
    "plain": PLAIN_SET,
    "fresh": FRESH_SET,
    "unseen": UNSEEN_SET,
    "outside": OUTSIDE_SET,
}
MATURITY_LABELS = {1: "正在研发", 2: "已有样品", 3: "通过小试", 4: "通过中试", 5: "可以量产"}


def load(path: Path = LABELLED_SET) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def corpus(which: str) -> list[dict]:
    return load(SETS[which])["achievements"]


def demands(which: str) -> list[dict]:
    return load(SETS[which])["demands"]


# --------------------------------------------------------------------------- baseline


_PLAIN = None
_WORD = re.compile(r"\w")


def _plain_tokens(text: str) -> list[str]:
    """Plain jieba (its own dictionary, no knowledge base), punctuation dropped."""
    global _PLAIN
    if _PLAIN is None:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        _PLAIN = jieba.Tokenizer()
    return [w for w in _PLAIN.lcut(text) if _WORD.search(w)]


def bm25_rank(queries: list[dict], docs: list[dict], k1: float = 1.2, b: float = 0.75) -> dict:
    """Plain Okapi BM25 over jieba tokens of title + summary + keywords; no tuning, no knowledge base."""
    tokenised = [
        Counter(_plain_tokens(" ".join([a["title"], a.get("summary", ""), *a.get("keywords", [])]))) for a in docs
    ]
    n = len(docs)
    avgdl = sum(sum(c.values()) for c in tokenised) / n
    df = Counter(t for c in tokenised for t in c)
    idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}
    ranked = {}
    for q in queries:
        terms = _plain_tokens(" ".join([q["title"], q.get("problem", ""), q.get("description", "")]))
        scores = []
        for a, tf in zip(docs, tokenised, strict=True):
            dl = sum(tf.values())
            s = sum(idf[t] * tf[t] * (k1 + 1) / (tf[t] + k1 * (1 - b + b * dl / avgdl)) for t in terms if t in tf)
            if s > 0:
                scores.append((-s, a["id"]))
        ranked[q["id"]] = [i for _, i in sorted(scores)]
    return ranked


# --------------------------------------------------------------------------- the engine


def achievement_document(a: dict):
    from matching import engine

    return engine.Document(
        kind="achievement",
        id=a["id"],
        title=a["title"],
        fields=[(a.get("summary", ""), 0.8)],
        keywords=a.get("keywords", []),
        industries=[a["industry"]],
        maturity_rank=a.get("maturity"),
        maturity_label=MATURITY_LABELS.get(a.get("maturity"), ""),
    )


def demand_document(d: dict):
    from matching import engine

    return engine.Document(
        kind="demand",
        id=d["id"],
        title=d["title"],
        fields=[(d.get("problem", ""), 1.0), (d.get("description", ""), 0.6)],
        keywords=d.get("keywords", []),
        industries=[d["industry"]],
    )


def engine_rank(queries: list[dict], docs: list[dict], limit: int = 20, fusion=None) -> dict:
    from matching import engine

    kb = engine.default_kb()
    profiles = engine.analyze_many([achievement_document(a) for a in docs], kb)
    queries_p = engine.analyze_many([demand_document(q) for q in queries], kb)
    return {q.id: [m.id for m in engine.search(q, profiles, kb, limit, fusion)] for q in queries_p}


# --------------------------------------------------------------------------- figures


@dataclass
class Figures:
    cases: int
    first: int  # right achievement ranked first
    top3: int
    mrr: float
    failures: list  # (demand id, title, first three ids, rank of the right one)

    @property
    def p_at_1(self) -> float:
        return self.first / (self.cases or 1)

    @property
    def hit_at_3(self) -> float:
        return self.top3 / (self.cases or 1)

    def line(self, label: str) -> str:
        return (
            f"{label:<22} n={self.cases:<3} first {self.first}/{self.cases} ({self.p_at_1:.3f})  "
            f"top 3 {self.top3}/{self.cases} ({self.hit_at_3:.3f})  MRR {self.mrr:.3f}"
        )


def figures(queries: list[dict], ranked: dict) -> Figures:
    first = top3 = 0
    rr = 0.0
    failures = []
    for q in queries:
        ids = ranked.get(q["id"], [])
        relevant = set(q["relevant"])
        position = next((i for i, x in enumerate(ids, 1) if x in relevant), None)
        first += position == 1
        top3 += position is not None and position <= 3
        rr += 1 / position if position else 0.0
        if position != 1:
            failures.append((q["id"], q["title"], ids[:3], position))
    return Figures(len(queries), first, top3, rr / (len(queries) or 1), failures)


def evaluate(which: str = "held-out", method: str = "engine", fusion=None) -> Figures:
    queries = demands(which)
    if method == "engine":
        return figures(queries, engine_rank(queries, corpus(which), fusion=fusion))
    return figures(queries, bm25_rank(queries, corpus(which)))


if __name__ == "__main__":
    import sys

    for which in sys.argv[1:] or tuple(SETS):
        for method in ("bm25", "engine"):
            f = evaluate(which, method)
            print(f.line(f"{which} / {method}"))
            for fail in f.failures:
                print("     miss", fail)
