"""Hosts propose and edit their own platforms; the bureau any; the target count; evaluations."""

import pytest

from platforms.models import Platform, PlatformType
from platforms.targets import platform_target
from tests import factories

from .factories import make_platform

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "name": "焦作市智能农机工程技术研究中心",
        "platform_type": PlatformType.objects.get(name="工程技术研究中心").pk,
        "level": "city",
        "county": factories.county("wenxian").pk,
        "industries": [factories.industry("agriculture").pk],
        "description": "面向智能农机的研发平台。",
    }
    data.update(overrides)
    return data


def test_host_proposes_a_platform_in_planning(client_as, enterprise_user):
    client = client_as(enterprise_user)
    assert client.get("/platforms/new/").status_code == 200
    response = client.post("/platforms/new/", form_data(host=999, document_number="伪造文号"))
    platform = Platform.objects.get()
    assert response.status_code == 302
    assert platform.host == enterprise_user.organisation  # the host is the user's unit, whatever is posted
    assert platform.status == "planning" and platform.document_number == ""
    assert platform.created_by == enterprise_user
    assert platform.history.filter(history_type="+").count() == 1


def test_host_cannot_change_level_once_recognised(client_as, enterprise_user):
    platform = make_platform(enterprise_user.organisation, status="recognised", level="city")
    client = client_as(enterprise_user)
    client.post(f"/platforms/{platform.pk}/edit/", form_data(name=platform.name, level="national"))
    platform.refresh_from_db()
    assert platform.level == "city"


def test_other_units_cannot_edit(client_as, other_enterprise_user, liaison_wenxian, leader, enterprise_user):
    platform = make_platform(enterprise_user.organisation, status="recognised")
    for user in (other_enterprise_user, leader):
        assert client_as(user).get(f"/platforms/{platform.pk}/edit/").status_code == 403
    assert client_as(liaison_wenxian).get("/platforms/new/").status_code == 403


def test_bureau_creates_for_any_host(client_as, bureau, institute_user):
    client = client_as(bureau)
    response = client.post("/platforms/new/", form_data(host=institute_user.organisation_id))
    assert response.status_code == 302
    assert Platform.objects.get().host == institute_user.organisation


def test_duplicate_name_per_host_refused(client_as, enterprise_user):
    make_platform(enterprise_user.organisation, name="焦作市智能农机工程技术研究中心")
    response = client_as(enterprise_user).post("/platforms/new/", form_data())
    assert "该依托单位已有同名平台" in response.content.decode()


def test_target_count_shows_recognised_city_or_higher(client_as, bureau, enterprise_user):
    org = enterprise_user.organisation
    make_platform(org, name="A", status="recognised", level="national")
    make_platform(org, name="B", status="recognised", level="provincial")
    make_platform(org, name="C", status="recognised", level="city")
    make_platform(org, name="D", status="planning", level="national")
    make_platform(org, name="E", status="revoked", level="city")
    target, _year = platform_target()
    assert target == 300
    page = client_as(bureau).get("/platforms/").content.decode()
    assert 'data-testid="target-count">3<' in page and 'data-testid="target-value">300<' in page
    home = client_as(bureau).get("/").content.decode()
    assert "3 / 300" in home


def test_bureau_records_yearly_evaluation(client_as, bureau, enterprise_user):
    platform = make_platform(enterprise_user.organisation, status="recognised")
    client = client_as(bureau)
    client.post(f"/platforms/{platform.pk}/", {"year": 2025, "result": "excellent", "comment": "绩效突出"})
    again = client.post(f"/platforms/{platform.pk}/", {"year": 2025, "result": "good"})
    assert "2025 年度的评估结果已录入" in again.content.decode()
    evaluation = platform.evaluations.get()
    assert evaluation.get_result_display() == "优秀"
    assert (
        client_as(enterprise_user).post(f"/platforms/{platform.pk}/", {"year": 2024, "result": "good"}).status_code
        == 403
    )
    detail = client_as(enterprise_user).get(f"/platforms/{platform.pk}/").content.decode()
    assert "绩效突出" in detail
