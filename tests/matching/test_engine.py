"""The pure engine: segmentation, BM25F + semantic + knowledge-base fusion, readable reasons."""

import json

import pytest
from django.core.exceptions import ValidationError

from matching import engine
from matching.models import Concept


def _doc(kind, id, title, text="", industry="高端装备制造", **kw):
    return engine.Document(kind=kind, id=id, title=title, fields=[(text, 1.0)], industries=[industry], **kw)


def test_user_dictionary_keeps_compound_terms_whole():
    words = engine.segment("采用脉冲袋式除尘技术和膜生物反应器")
    assert "脉冲袋式除尘" in words
    assert "膜生物反应器" in words
    assert engine.default_kb().segment("采用脉冲袋式除尘技术") == engine.segment("采用脉冲袋式除尘技术")


def test_segmentation_is_memoised_per_clause():
    kb = engine.default_kb()
    engine.segment("压力机液压设备老是漏油，油缸每月换件", kb)
    assert "压力机液压设备老是漏油" in kb.clause_cache
    assert "油缸每月换件" in kb.clause_cache


def test_lexical_terms_hold_words_and_character_bigrams_with_field_weights():
    kb = engine.default_kb()
    terms = engine.lexical_terms(_doc("achievement", 1, "氟橡胶密封材料", "耐油耐高温的密封件"), kb)
    assert "氟橡胶" in terms and "#橡胶" in terms and "#耐油" in terms
    assert terms["氟橡胶"] > terms["#橡胶"]  # bigrams weigh less than words
    assert terms["氟橡胶"] > terms.get("密封件", 0)  # the title weighs more than the body


def test_plain_words_problem_reaches_the_technology_with_a_readable_reason():
    kb = engine.default_kb()
    demand = engine.analyze(_doc("demand", 1, "液压设备老是漏油"), kb)
    seal = engine.analyze(
        _doc(
            "achievement",
            10,
            "高性能氟橡胶密封材料",
            "耐油耐高温，制成O型圈用于油缸动密封，解决渗油、漏油",
            industry="新材料",
            maturity_rank=4,
            maturity_label="通过中试",
        ),
        kb,
    )
    energy = engine.analyze(_doc("achievement", 11, "液压系统变频节能控制技术", "液压设备节能"), kb)
    ranked = engine.search(demand, [energy, seal], kb)
    assert [m.id for m in ranked][:2] == [10, 11]
    assert "问题“漏油”对应技术“氟橡胶”" in ranked[0].reasons
    assert "成熟度：通过中试" in ranked[0].reasons
    assert "同一产业：高端装备制造" in ranked[1].reasons
    assert any(r.startswith("共同关键词：") and "液压设备" in r for r in ranked[1].reasons)


def test_knowledge_base_is_a_bounded_bonus():
    """A record reached only through the knowledge base can never score above the knowledge weight."""
    kb = engine.default_kb()
    f = engine.fusion()
    demand = engine.analyze(_doc("demand", 1, "液压设备老是漏油"), kb)
    seal = engine.analyze(_doc("achievement", 10, "氟橡胶O型圈", industry="新材料"), kb)
    [match] = engine.search(demand, [seal], kb)
    assert match.score <= f.knowledge + f.semantic + f.maturity + f.industry
    assert f.knowledge < f.lexical


def test_industry_alone_is_not_a_match():
    kb = engine.default_kb()
    demand = engine.analyze(_doc("demand", 1, "车间粉尘超标"), kb)
    unrelated = engine.analyze(_doc("achievement", 2, "五轴加工中心误差补偿"), kb)
    assert engine.search(demand, [unrelated], kb) == []


def test_same_county_is_a_reason_for_talents():
    kb = engine.default_kb()
    demand = engine.analyze(_doc("demand", 1, "车间粉尘超标", county="温县"), kb)
    talent = engine.analyze(_doc("talent", 5, "某高校教授（新材料）", "袋式除尘滤料", county="温县"), kb)
    [match] = engine.search(demand, [talent], kb)
    assert "同县区：温县" in match.reasons


def test_private_fields_match_but_are_never_quoted():
    kb = engine.default_kb()
    demand = engine.analyze(_doc("demand", 1, "想和郑州大学合作做密封"), kb)
    talent = engine.Document(
        kind="talent", id=5, title="某高校教授", fields=[("密封材料", 1.0)], private_fields=[("郑州大学", 0.3)]
    )
    [match] = engine.search(demand, [engine.analyze(talent, kb)], kb)
    assert not any("郑州大学" in r for r in match.reasons)


def test_semantic_vectors_come_from_the_packaged_model():
    from matching import embedding

    vectors = embedding.embed(["车间噪声大", "减振降噪技术", ""])
    assert vectors.shape == (3, embedding.DIM)
    assert abs(float((vectors[0] ** 2).sum()) - 1.0) < 1e-3
    assert not vectors[2].any()
    restored = embedding.from_bytes(embedding.to_bytes(vectors[0]))
    assert abs(float(restored @ vectors[0]) - 1.0) < 1e-2


def test_latin_terms_do_not_match_inside_words():
    kb = engine.default_kb()
    assert "AR" not in engine.find_surfaces("RADAR测速", kb)
    assert "AR" in engine.find_surfaces("景区AR导览", kb)


def test_knowledge_base_is_data_loaded_into_the_admin(db):
    kb = engine.default_kb()
    assert Concept.objects.count() == len(kb.concepts) >= 60
    industries = {code for c in Concept.objects.all() for code in c.industries}
    assert industries >= {
        "equipment",
        "biohealth",
        "food",
        "nev",
        "it_bigdata",
        "materials",
        "logistics",
        "culture_tourism",
        "elderly_care",
        "agriculture",
    }


def test_sharing_only_the_object_loses_to_solving_the_named_problem():
    """冲床 is the object, 轰隆隆 the problem: the vibration-isolation record wins though it never says 冲床."""
    kb = engine.default_kb()
    demand = engine.analyze(_doc("demand", 1, "冲床一开整个车间轰隆隆", "冲床干活时震得厉害"), kb)
    press = engine.analyze(_doc("achievement", 10, "冲床自动送料与冲压模具快速换模", "冲床自动化上下料"), kb)
    isolation = engine.analyze(_doc("achievement", 11, "压力机隔振基础与阻尼吸声罩", "隔振、吸声，降低车间噪声"), kb)
    others = [
        engine.analyze(_doc("achievement", 12, "冲床安全光幕与双手按钮保护", "冲床作业防压手"), kb),
        engine.analyze(_doc("achievement", 13, "冲床伺服改造节能技术", "老旧冲床伺服电机改造"), kb),
        engine.analyze(_doc("achievement", 14, "车间照明节能改造", "LED 车间照明"), kb),
    ]
    ranked = engine.search(demand, [press, isolation, *others], kb)
    assert ranked[0].id == 11
    assert "问题“轰隆隆”对应技术“隔振”" in ranked[0].reasons
    # Without the penalty the fused scores of the object-only record are untouched.
    index = engine.Index([engine.entry(press), engine.entry(isolation)])
    plain = engine.Fusion.from_file()
    off = engine.Fusion(**{**plain.__dict__, "problem_penalty": 0.0})
    by_penalty = {c.id: c.fused for c in index.search(demand, 2, plain)}
    by_plain = {c.id: c.fused for c in index.search(demand, 2, off)}
    assert by_penalty[10] < by_plain[10]
    assert by_penalty[11] == by_plain[11]


def _kb_with_weak(weak):
    rows = [
        {
            "code": "noise",
            "name": "减振降噪",
            "terms": ["减振", "降噪"],
            "problems": ["噪声大", "晃得厉害"],
            "weak": weak,
        },
        {"code": "sway", "name": "防摇摆", "terms": ["防摇摆"], "problems": []},
    ]
    return engine.KnowledgeBase.from_dicts(rows)


def test_an_ambiguous_phrase_reaches_its_concept_weakly_and_does_not_penalise_others():
    """“晃得厉害” may be load sway, not vibration: marked weak, it weighs weak_factor of a clear
    phrase, and a candidate that has nothing to do with vibration keeps its full score."""
    f = engine.Fusion.from_file()
    assert 0 < f.weak_factor < 1
    demand_doc = _doc("demand", 1, "行车吊东西晃得厉害", "钢梁一起步就来回晃，要等半天才能落位")
    clear, weak = _kb_with_weak([]), _kb_with_weak(["晃得厉害"])
    strong_hit = engine.find_concepts(demand_doc, clear)["noise"]
    weak_hit = engine.find_concepts(demand_doc, weak)["noise"]
    assert not strong_hit.weak and weak_hit.weak
    assert weak_hit.weight == pytest.approx(strong_hit.weight * f.weak_factor)
    assert engine.Hit.from_list(weak_hit.as_list()) == weak_hit  # stored profiles keep the flag

    def fused(kb):
        demand = engine.analyze(demand_doc, kb)
        gear = engine.analyze(_doc("achievement", 10, "齿轮修形降噪技术", "齿轮箱减振降噪"), kb)
        crane = engine.analyze(_doc("achievement", 11, "桥式起重机吊载防摇摆控制", "行车起步停车时吊钩来回晃"), kb)
        index = engine.Index([engine.entry(gear), engine.entry(crane)])
        return {c.id: c.fused for c in index.search(demand, 2, f)}

    with_clear, with_weak = fused(clear), fused(weak)
    assert with_weak[10] < with_clear[10]  # the vibration record loses most of its bridge
    assert with_weak[11] > with_clear[11]  # the sway record is no longer penalised
    assert with_weak[11] > with_weak[10]


def test_a_clear_phrase_outweighs_an_ambiguous_one_for_the_same_concept():
    kb = _kb_with_weak(["晃得厉害"])
    hit = engine.find_concepts(_doc("demand", 1, "设备晃得厉害", "车间噪声大"), kb)["noise"]
    assert not hit.weak and hit.problem == "噪声大" and hit.weight == 1.0


def _kb_with_two_ambiguous_phrases():
    row = {"code": "noise", "name": "减振降噪", "terms": ["降噪"], "problems": ["晃得厉害", "嘈杂"]}
    return engine.KnowledgeBase.from_dicts([{**row, "weak": row["problems"]}])


def test_two_different_ambiguous_phrases_agree_and_count_in_full():
    kb = _kb_with_two_ambiguous_phrases()
    once = engine.find_concepts(_doc("demand", 1, "设备晃得厉害", "一开机就晃得厉害"), kb)["noise"]
    both = engine.find_concepts(_doc("demand", 2, "设备晃得厉害", "车间里很嘈杂"), kb)["noise"]
    assert once.weak and once.weight < 1.0  # the same phrase twice is still one cue
    assert not both.weak and both.weight == 1.0


def test_weak_phrases_are_data_edited_in_the_admin(db):
    kb = engine.default_kb()
    marked = {code: c.weak for code, c in kb.concepts.items() if c.weak}
    assert sum(map(len, marked.values())) >= 100
    concept = Concept.objects.get(code="noise_vibration")
    assert list(concept.weak) == list(kb.concepts["noise_vibration"].weak)
    assert "晃得厉害" in concept.weak
    assert concept.as_dict()["weak"] == concept.weak
    concept.weak = ["晃得厉害", "完全不相干"]
    with pytest.raises(ValidationError) as raised:
        concept.full_clean()
    assert "完全不相干 不在其中" in str(raised.value)


def test_admin_saves_weak_phrases_and_matching_reads_them(admin_client, db):
    from matching import services

    concept = Concept.objects.get(code="noise_vibration")
    url = f"/admin/matching/concept/{concept.pk}/change/"
    page = admin_client.get(url)
    assert page.status_code == 200
    assert "把握不大的说法" in page.content.decode()
    services.reset_caches()
    assert ("noise_vibration", "晃得厉害") in services.current_kb().weak


def test_two_ambiguous_phrases_both_count_unweakened():
    """The first ambiguous phrase (in the title) is not left weakened by the second agreeing one."""
    kb = _kb_with_two_ambiguous_phrases()
    doc = engine.Document(kind="demand", id=1, title="设备晃得厉害", fields=[("车间里很嘈杂", 0.6)])
    hit = engine.find_concepts(doc, kb)["noise"]
    assert not hit.weak and hit.weight == pytest.approx(1.0)


def _kb_rows():
    return [
        {"code": "staling", "name": "保软与抗回生", "industries": ["food"], "terms": ["抗回生"], "problems": ["掉渣"]},
        {
            "code": "heritage",
            "name": "文物保护",
            "industries": ["culture_tourism"],
            "terms": ["壁画修复"],
            "problems": ["起甲"],
        },
        {"code": "noise", "name": "减振降噪", "terms": ["降噪"], "problems": ["噪声大"]},  # no industry: everywhere
    ]


def _kb_with_industries():
    names = {"food": "绿色食品", "culture_tourism": "文化旅游"}
    return engine.KnowledgeBase.from_dicts(_kb_rows(), industry_names=names)


def test_outside_its_industries_a_phrase_reaches_its_concept_only_weakly():
    """“掉渣” is stale bread in food and a flaking mural in cultural tourism: outside the concept's
    own industries the bridge is uncertain (weak_factor, never the off-problem penalty alone)."""
    kb, f = _kb_with_industries(), engine.Fusion.from_file()
    bread = engine.find_concepts(_doc("demand", 1, "馒头放一天就掉渣", industry="绿色食品"), kb)["staling"]
    mural = engine.find_concepts(_doc("demand", 2, "庙里的壁画掉渣", industry="文化旅游"), kb)["staling"]
    assert not bread.weak and mural.weak
    assert mural.weight == pytest.approx(bread.weight * f.weak_factor)
    everywhere = engine.find_concepts(_doc("demand", 3, "车间噪声大", industry="文化旅游"), kb)["noise"]
    assert not everywhere.weak and everywhere.weight == 1.0
    unknown = engine.find_concepts(engine.Document(kind="demand", id=4, title="壁画掉渣"), kb)["staling"]
    assert not unknown.weak  # a record without an industry is not judged

    def bridge_to_bakery(kb):
        demand = engine.analyze(_doc("demand", 5, "庙里的壁画掉渣", "颜色越来越淡", industry="文化旅游"), kb)
        bakery = engine.analyze(_doc("achievement", 10, "面包抗回生改良剂", "放置后发硬", industry="绿色食品"), kb)
        other = engine.analyze(_doc("achievement", 11, "寺观壁画修复技术", "颜料层加固", industry="文化旅游"), kb)
        index = engine.Index([engine.entry(bakery), engine.entry(other)])
        return {c.id: c.knowledge for c in index.search(demand, 2, f)}[10]

    unaware = engine.KnowledgeBase.from_dicts([{**row, "industries": []} for row in _kb_rows()])
    assert bridge_to_bakery(kb) < bridge_to_bakery(unaware) * 0.7


def test_the_admin_knowledge_base_reads_industry_names_from_the_reference_table(db):
    from accounts.models import Industry
    from matching import services

    services.reset_caches()
    kb = services.current_kb()
    names = dict(Industry.objects.values_list("code", "name"))
    assert kb.home["staling"] == frozenset({names["food"]})
    # terms.json keeps the same legend for the pure path (evaluation, tests without a database)
    assert engine.KnowledgeBase.from_file().home["staling"] == kb.home["staling"]
    legend = json.loads(engine.DATA_FILE.read_text(encoding="utf-8"))["industries"]
    assert legend == names


def test_concept_industries_must_be_known_codes(db):
    concept = Concept.objects.get(code="noise_vibration")
    concept.industries = ["equipment", "机械"]
    with pytest.raises(ValidationError) as raised:
        concept.full_clean()
    assert "没有这个重点产业编码：机械" in str(raised.value)
    concept.industries = ["equipment", "food"]
    concept.full_clean()


def _kb_yam():
    return engine.KnowledgeBase.from_dicts(
        [
            {"code": "yam", "name": "山药", "kind": "object", "terms": ["山药"], "problems": []},
            {"code": "browning", "name": "护色", "terms": ["护色", "非硫护色"], "problems": ["发褐", "变黑"]},
            {"code": "noise", "name": "减振降噪", "terms": ["降噪"], "problems": ["噪声大"]},
        ]
    )


def test_phrases_met_only_in_the_body_are_context_when_the_title_names_a_known_concept():
    """The title says what a demand is about: a known phrase met only in its body then bridges
    weakly (weak_factor) and names no problem; without a known title, the body is the demand."""
    kb, f = _kb_yam(), engine.Fusion.from_file()
    titled = engine.find_concepts(_doc("demand", 1, "山药地连种几年产量掉一半", "挖出来切开还发褐"), kb)
    assert not titled["yam"].weak and titled["browning"].weak
    untitled = engine.find_concepts(_doc("demand", 2, "求技术合作", "山药挖出来切开就发褐"), kb)
    assert not untitled["browning"].weak
    assert titled["browning"].weight == pytest.approx(untitled["browning"].weight * f.weak_factor)
    both = engine.find_concepts(_doc("demand", 3, "山药切开发褐", "车间噪声大"), kb)
    assert not both["browning"].weak and both["noise"].weak
    achievement = engine.find_concepts(_doc("achievement", 10, "山药连作障碍治理", "兼顾切面发褐"), kb)
    assert not achievement["browning"].weak  # only a demand's title frames its body

    demand = engine.analyze(_doc("demand", 4, "山药地连种几年产量掉一半", "去年挖出来切开还发褐"), kb)
    records = [
        _doc("achievement", 11, "山药连作障碍综合治理", "连续种植减产的轮作倒茬与土壤改良"),
        _doc("achievement", 12, "鲜切薯蓣非硫护色技术", "切面护色保鲜"),
        _doc("achievement", 13, "冲床隔振降噪", "车间噪声大"),
        _doc("achievement", 14, "玉米秸秆还田机械", "秸秆粉碎还田"),
    ]
    index = engine.Index([engine.entry(engine.analyze(r, kb)) for r in records])
    # The browning bridge from the body's aside no longer outranks the answer to the title.
    assert [c.id for c in index.search(demand, 2, f)] == [11, 12]


def test_each_doubt_about_a_bridge_counts_in_the_knowledge_score():
    """An ambiguous phrase outside its concept's industries is doubted twice: alone it reaches at
    most weak_factor² of the knowledge score (weak_factor with one doubt, all of it with none),
    and the doubts survive a stored profile."""
    rows = [
        {
            "code": "staling",
            "name": "保软与抗回生",
            "industries": ["food"],
            "terms": ["抗回生"],
            "problems": ["掉渣", "发硬"],
        },
        {"code": "other", "name": "别的", "terms": ["别的技术"], "problems": ["别的问题"]},
    ]
    names = {"food": "绿色食品", "culture_tourism": "文化旅游"}
    kb = engine.KnowledgeBase.from_dicts([{**rows[0], "weak": ["掉渣"]}, rows[1]], industry_names=names)
    f = engine.Fusion.from_file()
    bakery = engine.analyze(_doc("achievement", 10, "面包抗回生改良剂", "延缓老化", industry="绿色食品"), kb)
    filler = engine.analyze(_doc("achievement", 11, "别的技术", "无关", industry="绿色食品"), kb)
    index = engine.Index([engine.entry(bakery), engine.entry(filler)])

    def knowledge(title, industry):
        demand = engine.analyze(_doc("demand", 1, title, industry=industry), kb)
        hit = demand.concepts["staling"]
        assert engine.Hit.from_list(hit.as_list()) == hit
        return hit.doubt, {c.id: c.knowledge for c in index.search(demand, 2, f)}[10]

    assert knowledge("馒头放一天就发硬", "绿色食品") == (0, pytest.approx(1.0))
    assert knowledge("馒头放一天就掉渣", "绿色食品") == (1, pytest.approx(f.weak_factor))
    assert knowledge("壁画掉渣", "文化旅游") == (2, pytest.approx(f.weak_factor**2))


def test_an_uncertain_bridge_says_so_in_its_reason():
    gear = _doc("achievement", 10, "齿轮修形降噪技术", "齿轮箱减振降噪")
    for weak, reason in (([], "问题“晃得厉害”对应技术“降噪”"), (["晃得厉害"], "问题“晃得厉害”可能对应技术“降噪”")):
        kb = _kb_with_weak(weak)
        demand = engine.analyze(_doc("demand", 1, "行车吊东西晃得厉害", "钢梁一起步就来回晃"), kb)
        ranked = engine.search(demand, [engine.analyze(gear, kb)], kb)
        assert reason in ranked[0].reasons


def test_the_admin_finds_the_concept_that_holds_a_phrase(admin_client, db):
    """Before adding a phrase met in a demand, the bureau looks up which concept already has it."""
    page = admin_client.get("/admin/matching/concept/", {"q": "跑冒滴漏"})
    assert page.status_code == 200
    rows = list(page.context["cl"].result_list)
    assert [c.code for c in rows] == ["sealing"]
    assert "按编码、名称或任一技术术语、问题说法查找" in page.content.decode()
    assert admin_client.get("/admin/matching/concept/", {"q": "没有这个说法的概念"}).context["cl"].result_count == 0
