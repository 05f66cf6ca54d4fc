"""The pure engine: segmentation, problem → technology bridges, readable reasons."""

from matching import engine
from matching.models import Concept


def _doc(kind, id, title, text="", industry="高端装备制造", **kw):
    return engine.Document(kind=kind, id=id, title=title, fields=[(text, 1.0)], industries=[industry], **kw)


def test_user_dictionary_keeps_compound_terms_whole():
    words = engine.default_kb().segment("采用脉冲袋式除尘技术和膜生物反应器")
    assert "脉冲袋式除尘" in words
    assert "膜生物反应器" in words


def test_plain_words_problem_reaches_the_technology_with_a_readable_reason():
    kb = engine.default_kb()
    demand = engine.analyze(_doc("demand", 1, "液压设备老是漏油"), kb)
    seal = engine.analyze(
        _doc("achievement", 10, "高性能氟橡胶密封材料", industry="新材料", maturity_rank=4, maturity_label="通过中试"),
        kb,
    )
    energy = engine.analyze(_doc("achievement", 11, "液压系统变频节能控制技术", "液压设备节能"), kb)
    stats = engine.CorpusStats.from_profiles([seal, energy])
    ranked = engine.rank(demand, [energy, seal], stats, kb)
    assert [m.id for m in ranked][:2] == [10, 11]
    assert "问题“漏油”对应技术“氟橡胶”" in ranked[0].reasons
    assert "成熟度：通过中试" in ranked[0].reasons
    assert "同一产业：高端装备制造" in ranked[1].reasons


def test_industry_alone_is_not_a_match():
    kb = engine.default_kb()
    demand = engine.analyze(_doc("demand", 1, "车间粉尘超标"), kb)
    unrelated = engine.analyze(_doc("achievement", 2, "五轴加工中心误差补偿"), kb)
    assert engine.rank(demand, [unrelated], engine.CorpusStats.from_profiles([unrelated]), kb) == []


def test_same_county_is_a_reason_for_talents():
    kb = engine.default_kb()
    demand = engine.analyze(_doc("demand", 1, "车间粉尘超标", county="温县"), kb)
    talent = engine.analyze(_doc("talent", 5, "某高校教授（新材料）", "袋式除尘滤料", county="温县"), kb)
    [match] = engine.rank(demand, [talent], engine.CorpusStats.from_profiles([talent]), kb)
    assert "同县区：温县" in match.reasons


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
