"""Shared instruments: a public searchable list; hosts and the bureau keep them."""

from decimal import Decimal

import pytest

from platforms.models import SharedInstrument

from .factories import make_instrument, make_platform

pytestmark = pytest.mark.django_db


@pytest.fixture
def instruments(enterprise_user, other_enterprise_user):
    recognised = make_platform(enterprise_user.organisation, name="已认定中心", status="recognised")
    planning = make_platform(other_enterprise_user.organisation, name="筹建中心", county="qinyang")
    return {
        "sem": make_instrument(recognised, name="场发射扫描电子显微镜", services="微观形貌观察"),
        "xrd": make_instrument(recognised, name="X 射线衍射仪", services="物相鉴定"),
        "hidden": make_instrument(planning, name="筹建平台的质谱仪", services="成分分析"),
    }


def test_anonymous_reads_and_searches_the_public_list(client, api_client, instruments):
    page = client.get("/platforms/instruments/?q=物相")
    assert page.status_code == 200
    body = page.content.decode()
    assert "X 射线衍射仪" in body and "场发射扫描电子显微镜" not in body
    assert "质谱仪" not in client.get("/platforms/instruments/").content.decode()
    rows = api_client.get("/api/v1/instruments/").json()["results"]
    assert {r["name"] for r in rows} == {"场发射扫描电子显微镜", "X 射线衍射仪"}
    assert Decimal(rows[0]["original_value"]) == Decimal("2350000.00")
    rows = api_client.get("/api/v1/instruments/?q=显微镜").json()["results"]
    assert [r["name"] for r in rows] == ["场发射扫描电子显微镜"]


def test_api_is_read_only(api_client, api_as, bureau, instruments):
    assert api_client.post("/api/v1/instruments/", {"name": "x"}).status_code in (401, 403, 405)
    assert api_as(bureau).delete(f"/api/v1/instruments/{instruments['sem'].pk}/").status_code == 405


def test_host_sees_own_planning_instruments(api_as, other_enterprise_user, instruments):
    rows = api_as(other_enterprise_user).get("/api/v1/instruments/").json()["results"]
    assert "筹建平台的质谱仪" in {r["name"] for r in rows}


def test_platform_page_lists_its_instruments(client_as, liaison_wenxian, instruments):
    page = client_as(liaison_wenxian).get(f"/platforms/{instruments['sem'].platform_id}/").content.decode()
    assert "场发射扫描电子显微镜" in page and "X 射线衍射仪" in page


def test_host_and_bureau_edit_others_cannot(client_as, enterprise_user, bureau, other_enterprise_user, instruments):
    platform = instruments["sem"].platform
    data = {
        "name": "同步热分析仪",
        "model": "STA 449",
        "original_value": "620000.00",
        "services": "热重分析",
        "booking_contact": "陈工",
        "booking_phone": "13803910088",
    }
    for user in (enterprise_user, bureau):
        client = client_as(user)
        response = client.post(
            f"/platforms/{platform.pk}/instruments/new/", {**data, "name": f"同步热分析仪-{user.pk}"}
        )
        assert response.status_code == 302
    assert platform.instruments.count() == 4
    other = client_as(other_enterprise_user)
    assert other.post(f"/platforms/{platform.pk}/instruments/new/", data).status_code == 403
    bad = client_as(enterprise_user).post(
        f"/platforms/{platform.pk}/instruments/new/", {**data, "original_value": "-1"}
    )
    assert "原值须大于零" in bad.content.decode()
    sem = instruments["sem"]
    response = client_as(enterprise_user).post(f"/platforms/{platform.pk}/instruments/{sem.pk}/delete/")
    assert response.status_code == 302 and not SharedInstrument.objects.filter(pk=sem.pk).exists()
