"""The bureau's matching overview: the weakest matches first on request, knowledge-base gaps
marked, a liaison's own county on request."""

import pytest

from tests.matching import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def demands(enterprise_user, institute_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        f.achievement(institute_user.organisation)  # 氟橡胶密封: answers 漏油 well
        unmatched = f.demand(
            enterprise_user.organisation,
            title="想给员工食堂换一套排班软件",
            problem="食堂排班靠手写。",
            county=f.factories.county("wenxian"),
        )
        leaking = f.demand(enterprise_user.organisation, title="液压设备老是漏油", county=f.factories.county("wenxian"))
        vague = f.demand(
            enterprise_user.organisation,
            title="想找新材料方面的合作单位",
            problem="我们想找高校合作开发新材料，方向还没定。",
            county=f.factories.county("qinyang"),
        )
    return {"leaking": leaking, "vague": vague, "unmatched": unmatched}


def _titles(html, demands):
    return sorted(demands, key=lambda key: html.index(demands[key].title))


def test_weakest_matches_first_on_request(client_as, bureau, demands):
    client = client_as(bureau)
    newest = client.get("/matching/").content.decode()
    assert _titles(newest, demands) == ["vague", "leaking", "unmatched"]  # newest first
    weakest = client.get("/matching/?order=weakest").content.decode()
    assert _titles(weakest, demands) == ["unmatched", "vague", "leaking"]  # none, weak, strong
    assert 'value="weakest" selected' in weakest


def test_knowledge_base_gaps_are_marked(client_as, bureau, demands):
    html = client_as(bureau).get("/matching/").content.decode()
    rows = {key: html[html.index(d.title) :].split("</tr>", 1)[0] for key, d in demands.items()}
    assert "知识库未识别问题" not in rows["leaking"]  # “漏油” is a problem the knowledge base knows
    assert "知识库未识别问题" in rows["vague"]
    assert "知识库未识别问题" in rows["unmatched"]


def test_a_liaison_may_keep_to_their_county(client_as, liaison_wenxian, bureau, demands):
    client = client_as(liaison_wenxian)
    everything = client.get("/matching/").content.decode()
    assert demands["vague"].title in everything and 'name="mine"' in everything
    own = client.get("/matching/?mine=on").content.decode()
    assert demands["leaking"].title in own and demands["vague"].title not in own
    assert 'name="mine"' not in client_as(bureau).get("/matching/").content.decode()


def test_search_and_empty_state(client_as, bureau, demands):
    client = client_as(bureau)
    html = client.get("/matching/?q=漏油").content.decode()
    assert demands["leaking"].title in html and demands["vague"].title not in html
    assert "没有符合条件的已发布需求" in client.get("/matching/?q=不存在的需求").content.decode()


def test_others_may_not_open_the_overview(client_as, enterprise_user, institute_user, leader):
    for user in (enterprise_user, institute_user, leader):
        assert client_as(user).get("/matching/").status_code == 403


def test_each_row_counts_its_stored_suggestions_by_kind(client_as, bureau, demands):
    from matching.models import DocKind, Suggestion

    leaking = demands["leaking"]
    stored = Suggestion.objects.filter(source_kind=DocKind.DEMAND, source_id=leaking.pk)
    expected = f"{stored.filter(target_kind=DocKind.ACHIEVEMENT).count()} / {stored.filter(target_kind=DocKind.TALENT).count()}"
    assert expected != "0 / 0"
    rows = client_as(bureau).get("/matching/").context["page_obj"].object_list
    row = next(r for r in rows if r["demand"] == leaking)
    assert f"{row['achievements']} / {row['talents']}" == expected
    assert next(r for r in rows if r["demand"] == demands["unmatched"])["achievements"] == 0
