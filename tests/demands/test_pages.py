"""The demand pages an enterprise and the bureau use."""

import pytest

from demands.models import Demand

from .factories import make_demand


def form_data(**overrides):
    data = {
        "title": "数控机床主轴精度保持",
        "kind": "technology",
        "industry": "1",
        "description": "主轴运行一年后精度下降，需要提高精度保持性。",
        "keywords": "主轴、精度",
        "cooperation_modes": ["joint_development"],
        "contact_name": "赵工",
        "contact_phone": "13903910002",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_enterprise_saves_and_submits_from_the_form(enterprise_user, bureau, client_as):
    from tests import factories

    industry = factories.industry("equipment")
    client = client_as(enterprise_user)
    assert client.get("/demands/new/").status_code == 200
    response = client.post("/demands/new/", form_data(industry=industry.pk, action="submit"))
    assert response.status_code == 302
    demand = Demand.objects.get()
    assert demand.status == "pending_review"
    assert demand.owner == enterprise_user.organisation
    assert demand.keywords == ["主轴", "精度"]
    assert demand.created_by == enterprise_user


@pytest.mark.django_db
def test_form_errors_are_in_chinese(enterprise_user, client_as):
    client = client_as(enterprise_user)
    response = client.post(
        "/demands/new/", form_data(industry="不存在的产业", budget_min="50", budget_max="10", contact_phone="123")
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "预算上限不能低于下限" in body
    assert "不是有效的选项" in body
    assert not Demand.objects.exists()


@pytest.mark.django_db
def test_institute_and_liaison_cannot_create_demands(institute_user, liaison_wenxian, client_as):
    assert client_as(institute_user).get("/demands/new/").status_code == 403
    assert client_as(liaison_wenxian).get("/demands/new/").status_code == 403


@pytest.mark.django_db
def test_review_queue_is_for_the_bureau(enterprise_user, bureau, client_as):
    make_demand(enterprise_user.organisation, status="pending_review", title="等待审核的需求")
    assert client_as(enterprise_user).get("/demands/review/").status_code == 403
    body = client_as(bureau).get("/demands/review/").content.decode()
    assert "等待审核的需求" in body


@pytest.mark.django_db
def test_bureau_publishes_from_the_detail_page(enterprise_user, bureau, client_as):
    demand = make_demand(enterprise_user.organisation, status="pending_review")
    client = client_as(bureau)
    page = client.get(f"/demands/{demand.pk}/").content.decode()
    assert 'value="published"' in page
    client.post(f"/demands/{demand.pk}/transition/", {"to": "published"})
    demand.refresh_from_db()
    assert demand.status == "published"


@pytest.mark.django_db
def test_my_demands_and_home_card(enterprise_user, client_as):
    make_demand(enterprise_user.organisation, status="returned", title="被退回的需求")
    client = client_as(enterprise_user)
    assert "被退回的需求" in client.get("/demands/mine/").content.decode()
    home = client.get("/").content.decode()
    assert "我的需求" in home
    assert "退回修改" in home


@pytest.mark.django_db
def test_history_is_on_the_detail_page(enterprise_user, bureau, client_as):
    from core.workflow import transition

    demand = make_demand(enterprise_user.organisation, status="pending_review")
    transition(demand, "returned", bureau, "请补充关键指标")
    body = client_as(enterprise_user).get(f"/demands/{demand.pk}/").content.decode()
    assert "请补充关键指标" in body
