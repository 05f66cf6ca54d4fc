"""The /api/v1/demands/ contract: field names, Chinese labels on input, owner defaulting, transitions."""

import pytest

from demands.models import Demand

from .factories import make_demand


@pytest.mark.django_db
def test_enterprise_creates_a_demand_with_chinese_names(enterprise_user, api_as):
    response = api_as(enterprise_user).post(
        "/api/v1/demands/",
        {
            "title": "车间粉尘超标治理",
            "description": "铸造车间粉尘浓度超标，需要高效除尘方案。",
            "industry": "高端装备制造",
            "kind": "技术需求",
            "keywords": ["粉尘", "除尘"],
            "cooperation_modes": ["委托研发", "technical_transfer_invalid"],
        },
        format="json",
    )
    assert response.status_code == 400
    assert "cooperation_modes" in response.json()
    response = api_as(enterprise_user).post(
        "/api/v1/demands/",
        {
            "title": "车间粉尘超标治理",
            "description": "铸造车间粉尘浓度超标，需要高效除尘方案。",
            "industry": "高端装备制造",
            "kind": "技术需求",
            "keywords": ["粉尘", "除尘"],
            "cooperation_modes": ["委托研发", "transfer"],
            "budget_min": "10",
            "budget_max": "30.5",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["industry"] == "高端装备制造"
    assert data["keywords"] == ["粉尘", "除尘"]
    assert data["status"] == "draft"
    assert data["kind"] == "technology"
    assert data["cooperation_modes"] == ["commissioned_rd", "transfer"]
    demand = Demand.objects.get(pk=data["id"])
    assert demand.owner == enterprise_user.organisation
    assert demand.county == enterprise_user.organisation.county
    assert str(demand.budget_max) == "30.50"
    assert {"id", "title", "description", "industry", "keywords", "status"} <= set(data)


@pytest.mark.django_db
def test_enterprise_cannot_post_for_another_unit(enterprise_user, other_enterprise_user, api_as):
    response = api_as(enterprise_user).post(
        "/api/v1/demands/",
        {
            "title": "x需求",
            "description": "描述",
            "industry": "equipment",
            "owner": other_enterprise_user.organisation_id,
        },
        format="json",
    )
    assert response.status_code == 400
    assert "owner" in response.json()


@pytest.mark.django_db
def test_institute_cannot_post_demands(institute_user, api_as):
    response = api_as(institute_user).post(
        "/api/v1/demands/", {"title": "需求", "description": "描述", "industry": "新材料"}, format="json"
    )
    assert response.status_code in (400, 403)
    assert not Demand.objects.exists()


@pytest.mark.django_db
def test_budget_range_is_checked(enterprise_user, api_as):
    response = api_as(enterprise_user).post(
        "/api/v1/demands/",
        {"title": "需求", "description": "描述", "industry": "新材料", "budget_min": 50, "budget_max": 10},
        format="json",
    )
    assert response.status_code == 400
    assert "预算上限不能低于下限" in str(response.json())


@pytest.mark.django_db
def test_transition_endpoint_runs_the_workflow(enterprise_user, bureau, api_as):
    demand = make_demand(enterprise_user.organisation)
    owner_api, bureau_api = api_as(enterprise_user), api_as(bureau)
    assert owner_api.post(f"/api/v1/demands/{demand.pk}/transition/", {"to": "pending_review"}).json()["status"] == (
        "pending_review"
    )
    refused = owner_api.post(f"/api/v1/demands/{demand.pk}/transition/", {"to": "published"})
    assert refused.status_code == 403
    no_reason = bureau_api.post(f"/api/v1/demands/{demand.pk}/transition/", {"to": "returned"})
    assert no_reason.status_code == 400
    assert no_reason.json()["detail"]
    ok = bureau_api.post(f"/api/v1/demands/{demand.pk}/transition/", {"to": "published", "comment": "同意发布"})
    assert ok.status_code == 200
    assert ok.json()["status"] == "published"
    bad = bureau_api.post(f"/api/v1/demands/{demand.pk}/transition/", {"to": "draft"})
    assert bad.status_code == 400


@pytest.mark.django_db
def test_owner_cannot_change_a_published_demand(enterprise_user, api_as):
    demand = make_demand(enterprise_user.organisation, status="published")
    response = api_as(enterprise_user).patch(f"/api/v1/demands/{demand.pk}/", {"title": "改名"}, format="json")
    assert response.status_code == 403


@pytest.mark.django_db
def test_status_is_read_only_through_update(enterprise_user, api_as):
    demand = make_demand(enterprise_user.organisation)
    api_as(enterprise_user).patch(f"/api/v1/demands/{demand.pk}/", {"status": "published"}, format="json")
    demand.refresh_from_db()
    assert demand.status == "draft"


@pytest.mark.django_db
def test_search_without_spaces_and_filters(enterprise_user, other_enterprise_user, api_as):
    from tests import factories

    org = enterprise_user.organisation
    make_demand(org, status="published", title="液压设备老是漏油", keywords=["液压"])
    make_demand(
        org,
        status="published",
        title="车间粉尘超标",
        description="铸造车间粉尘浓度高，需要脉冲除尘。",
        keywords=["粉尘"],
        industry=factories.industry("materials"),
        cooperation_modes=["transfer"],
        kind="funding",
    )
    api = api_as(other_enterprise_user)

    def titles(query):
        return {d["title"] for d in api.get(f"/api/v1/demands/?{query}").json()["results"]}

    assert titles("q=液压漏油") == {"液压设备老是漏油"}
    assert titles("q=粉尘超标的问题") == {"车间粉尘超标"}
    assert titles("q=脉冲除尘") == {"车间粉尘超标"}
    assert titles("q=数控机床") == set()
    assert titles("industry=新材料") == {"车间粉尘超标"}
    assert titles("industry=materials") == {"车间粉尘超标"}
    assert titles("kind=资金需求") == {"车间粉尘超标"}
    assert titles("mode=技术转让") == {"车间粉尘超标"}
    assert titles(f"county={org.county.code}") == {"液压设备老是漏油", "车间粉尘超标"}
    assert titles("status=published&q=液压") == {"液压设备老是漏油"}


@pytest.mark.django_db
def test_export_is_the_filtered_list_and_is_logged(enterprise_user, bureau, client_as):
    from io import BytesIO

    from openpyxl import load_workbook

    from core.models import ExportLog

    org = enterprise_user.organisation
    make_demand(org, status="published", title="液压设备老是漏油")
    make_demand(org, status="published", title="车间粉尘超标", keywords=["粉尘"], description="粉尘")
    response = client_as(bureau).get("/demands/export/?q=粉尘")
    assert response.status_code == 200
    ws = load_workbook(BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:2] == ("编号", "需求名称")
    assert [r[1] for r in rows[1:]] == ["车间粉尘超标"]
    assert ExportLog.objects.filter(user=bureau, row_count=1).exists()
