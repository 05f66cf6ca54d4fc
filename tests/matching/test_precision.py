"""Matching quality on the labelled set (tests/matching/labelled_set.json).

Floors recorded here and in docs/matching.md. Measured when written (2026, knowledge base v1):
all 41 demands: P@1 0.976, P@5 0.220 (ceiling 0.224: most demands have one right answer),
normalised P@5 1.000, R@5 1.000, MRR 0.988; held-out 7: P@1 0.857, R@5 1.000.
"""

import json

from matching import engine
from tests.matching.evaluation import LABELLED_SET, evaluate, load

FLOOR_P5 = 0.20  # |relevant ∩ top 5| / 5
FLOOR_NORMALISED_P5 = 0.90  # |relevant ∩ top 5| / min(5, |relevant|)
FLOOR_RECALL5 = 0.90
FLOOR_P1 = 0.85
FLOOR_HELD_OUT_P1 = 0.70


def test_labelled_set_is_big_enough_and_has_distractors():
    data = load()
    assert len(data["demands"]) >= 30
    assert sum(1 for d in data["demands"] if d.get("held_out")) >= 5
    assert sum(1 for a in data["achievements"] if a.get("distractor_for")) >= 8
    ids = {a["id"] for a in data["achievements"]}
    assert all(set(d["relevant"]) <= ids for d in data["demands"])


def test_precision_at_5_stays_above_the_floor():
    figures = evaluate()
    assert figures.precision_at_5 >= FLOOR_P5, figures
    assert figures.normalised_precision_at_5 >= FLOOR_NORMALISED_P5, figures
    assert figures.recall_at_5 >= FLOOR_RECALL5, figures
    assert figures.precision_at_1 >= FLOOR_P1, figures.failures


def test_held_out_cases_are_matched_too():
    figures = evaluate(held_out=True)
    assert figures.cases >= 5
    assert figures.precision_at_1 >= FLOOR_HELD_OUT_P1, figures.failures
    assert figures.recall_at_5 >= FLOOR_RECALL5, figures


def test_same_industry_neighbour_sharing_words_ranks_below_the_real_solution():
    """Every deliberate distractor ranks below the right answer of the demand it targets."""
    from tests.matching.evaluation import achievement_profile, demand_profile

    kb = engine.default_kb()
    data = json.loads(LABELLED_SET.read_text(encoding="utf-8"))
    achievements = {a["id"]: achievement_profile(a, kb) for a in data["achievements"]}
    stats = engine.CorpusStats.from_profiles(achievements.values())
    demands = {d["id"]: d for d in data["demands"] if not d.get("held_out")}
    checked = 0
    for a in data["achievements"]:
        for demand_id in a.get("distractor_for", []):
            if demand_id not in demands:
                continue
            ranked = [
                m.id for m in engine.rank(demand_profile(demands[demand_id], kb), achievements.values(), stats, kb, 20)
            ]
            right = min(ranked.index(r) for r in demands[demand_id]["relevant"])
            assert a["id"] not in ranked or ranked.index(a["id"]) > right, (demand_id, ranked)
            checked += 1
    assert checked >= 8
