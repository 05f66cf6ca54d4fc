"""Matching quality on the labelled sets, next to a plain BM25 baseline (docs/matching.md).

Figures when written (hybrid engine, fusion.json and terms.json as committed, fourth round:
ambiguous knowledge-base phrases weighted down):
  tuning set, 62 demands:     engine first 59, top 3 61, MRR 0.972 — BM25 first 30, top 3 41, MRR 0.584
  validation set, 32 demands: engine first 24, top 3 31, MRR 0.862 — BM25 first  1, top 3 10, MRR 0.193
  held-out set, 40 demands:   engine first 28, top 3 37, MRR 0.818 — BM25 first  9, top 3 28, MRR 0.467
  plain set, 40 demands:      engine first 21, top 3 31, MRR 0.672 — BM25 first 18, top 3 22, MRR 0.516
Fifth round (industry rule, gloss bridge): tuning 61 / 62 / 0.989, validation 26 / 32 / 0.896,
held-out 27 / 38 / 0.808, plain 23 / 35 / 0.724; fresh set (new, never tuned on) 21 / 28 / 0.649
against BM25 19 / 20 / 0.504.
Sixth round (a demand's body phrases are context when its title names a known concept): plain
25 / 36 / 0.750, held-out 27 / 38 / 0.812, fresh 22 / 29 / 0.668; the others unchanged. Then
every doubt about a bridge counts in the knowledge bound: plain 25 / 36 / 0.750, held-out
27 / 39 / 0.814, fresh 23 / 30 / 0.692; unseen set (new) 14 / 29 / 0.550 against BM25 14 / 20 / 0.448.
Seventh round (knowledge base written blind, 130 → 418 concepts): tuning 61 / 62 / 0.992, validation
25 / 32 / 0.880, held-out 24 / 39 / 0.772, plain 29 / 35 / 0.806, fresh 24 / 32 / 0.722, unseen
19 / 29 / 0.619; outside set (new, fifth blind author) 23 / 34 / 0.731 against BM25 17 / 21 / 0.492.
The held-out set lost three first places in that round while the other sets gained (docs/matching.md
"第七轮"); its floor follows the measured figure rather than hide the trade.
The held-out set is frozen: nothing is tuned on it (weights and lexicon are chosen on the tuning
and validation sets). These tests keep the engine from sliding back, and at least as good as
BM25 alone on the held-out and validation sets.
"""

import importlib
import json
from collections import Counter

import pytest

from matching import engine
from tests.matching import evaluation as ev

INDUSTRIES = {
    "高端装备制造",
    "现代生物及生命健康",
    "绿色食品",
    "新能源汽车",
    "电子信息及大数据",
    "新材料",
    "现代物流",
    "文化旅游",
    "康养",
    "现代高效农业",
}


@pytest.fixture(scope="module")
def figures():
    out = {}
    for which in ("tuning", "validation", "held-out", "plain", "fresh", "unseen", "outside"):
        for method in ("engine", "bm25"):
            out[which, method] = ev.evaluate(which, method)
    return out


@pytest.mark.parametrize("path, size", [(ev.HELD_OUT_SET, 40), (ev.VALIDATION_SET, 30)])
def test_evaluation_sets_cover_every_industry_with_near_misses(path, size):
    data = ev.load(path)
    assert len(data["demands"]) >= size
    by_id = {a["id"]: a for a in data["achievements"]}
    assert {d["industry"] for d in data["demands"]} == INDUSTRIES
    assert min(Counter(d["industry"] for d in data["demands"]).values()) >= 3
    targeted = Counter(t for a in data["achievements"] for t in a.get("distractor_for", []))
    for d in data["demands"]:
        assert set(d["relevant"]) <= set(by_id)
        assert targeted[d["id"]] >= 1, d["id"]  # a same-industry near miss for every demand
        for distractor in (a for a in data["achievements"] if d["id"] in a.get("distractor_for", [])):
            assert distractor["industry"] == d["industry"]
    tuning_ids = {d["id"] for d in ev.load(ev.LABELLED_SET)["demands"]}
    assert not tuning_ids & {d["id"] for d in data["demands"]}


def test_held_out_set_is_frozen():
    data = ev.load(ev.HELD_OUT_SET)
    assert min(Counter(d["industry"] for d in data["demands"]).values()) >= 4
    assert not {d["id"] for d in data["demands"]} & {d["id"] for d in ev.load(ev.VALIDATION_SET)["demands"]}


@pytest.mark.parametrize("path", [ev.HELD_OUT_SET, ev.VALIDATION_SET, ev.FRESH_SET, ev.UNSEEN_SET, ev.OUTSIDE_SET])
def test_demands_avoid_the_words_of_the_right_title(path):
    data = ev.load(path)
    by_id = {a["id"]: a for a in data["achievements"]}
    for d in data["demands"]:
        text = d["title"] + d.get("problem", "")
        for right in d["relevant"]:
            shared = [w for w in engine.segment(by_id[right]["title"]) if len(w) >= 2 and w in text]
            assert not shared, (d["id"], shared)


def test_no_lexicon_phrase_was_taken_from_the_held_out_set():
    """Phrases that occur word for word in held-out demands and nowhere in the tuning or
    validation texts were taken out of the lexicon (migration 0005); they must not come back."""

    removed = importlib.import_module("matching.migrations.0005_problem_lexicon_round3").REMOVED
    kb = json.loads(engine.DATA_FILE.read_text(encoding="utf-8"))
    problems = {c["code"]: set(c["problems"]) for c in kb["concepts"]}
    for code, words in removed.items():
        assert not problems[code] & set(words), code


@pytest.mark.parametrize("path", [ev.PLAIN_SET, ev.FRESH_SET, ev.UNSEEN_SET, ev.OUTSIDE_SET])
def test_independent_sets_are_written_apart_and_cover_every_industry(path):
    """The fourth- to seventh-round sets: four demands per industry, each with one right achievement
    of its industry and same-industry near misses; no id shared with the other sets."""
    data = ev.load(path)
    by_id = {a["id"]: a for a in data["achievements"]}
    demands = data["demands"]
    assert len(demands) >= 40
    assert Counter(d["industry"] for d in demands) == dict.fromkeys(INDUSTRIES, 4)
    right = set()
    for d in demands:
        assert len(d["relevant"]) == 1 and d["relevant"][0] in by_id
        assert by_id[d["relevant"][0]]["industry"] == d["industry"]
        right.add(d["relevant"][0])
    near_misses = Counter(a["industry"] for a in data["achievements"] if a["id"] not in right)
    assert all(near_misses[i] >= 4 for i in INDUSTRIES), near_misses
    others = set()
    for other_path in set(ev.SETS.values()) - {path}:
        other = ev.load(other_path)
        others |= {x["id"] for x in other["demands"] + other["achievements"]}
    assert not others & ({d["id"] for d in demands} | set(by_id))


@pytest.mark.parametrize("which", ["held-out", "validation", "plain", "fresh", "unseen", "outside"])
def test_engine_is_at_least_as_good_as_bm25(figures, which):
    engine_f, bm25_f = figures[which, "engine"], figures[which, "bm25"]
    assert engine_f.first >= bm25_f.first, engine_f.failures
    assert engine_f.top3 >= bm25_f.top3, engine_f.failures
    assert engine_f.mrr >= bm25_f.mrr


def test_engine_keeps_its_figures(figures):
    tuning, validation, held_out, plain = (figures[w, "engine"] for w in ("tuning", "validation", "held-out", "plain"))
    assert tuning.p_at_1 >= 0.9, tuning.failures
    assert tuning.hit_at_3 >= 0.95, tuning.failures
    assert validation.first >= 24, validation.failures
    assert validation.hit_at_3 >= 0.95, validation.failures
    assert held_out.first >= 24, held_out.failures
    assert plain.first >= 27, plain.failures
    assert plain.hit_at_3 >= 0.85, plain.failures
    assert held_out.hit_at_3 >= 0.95, held_out.failures


def test_same_industry_neighbour_sharing_words_ranks_below_the_real_solution():
    """Each deliberate distractor of the tuning set ranks below the right answer of its demand."""
    data = json.loads(ev.LABELLED_SET.read_text(encoding="utf-8"))
    queries = {d["id"]: d for d in data["demands"]}
    ranked = ev.engine_rank(list(queries.values()), data["achievements"], limit=30)
    checked = misses = 0
    for a in data["achievements"]:
        for demand_id in a.get("distractor_for", []):
            ids = ranked[demand_id]
            right = min(ids.index(r) for r in queries[demand_id]["relevant"] if r in ids)
            checked += 1
            misses += a["id"] in ids and ids.index(a["id"]) < right
    assert checked >= 25
    assert misses <= checked // 5, (misses, checked)
