"""API field names and writes."""

import pytest

from platforms.models import Platform

from .factories import make_platform

pytestmark = pytest.mark.django_db


def test_field_names(api_as, bureau, enterprise_user):
    platform = make_platform(enterprise_user.organisation, status="recognised", level="provincial")
    row = api_as(bureau).get(f"/api/v1/platforms/{platform.pk}/").json()
    assert row["name"] == platform.name
    assert row["kind"] == "工程技术研究中心"
    assert row["level"] == "provincial"
    assert row["county"] == "温县"
    assert row["status"] == "recognised"


def test_host_creates_through_api_in_planning(api_as, enterprise_user, other_enterprise_user):
    body = {
        "name": "焦作市新材料中试基地",
        "type": "pilot_base",
        "level": "city",
        "county": "温县",
        "industries": ["新材料"],
    }
    response = api_as(enterprise_user).post("/api/v1/platforms/", body, format="json")
    assert response.status_code == 201, response.content
    platform = Platform.objects.get(pk=response.json()["id"])
    assert platform.host == enterprise_user.organisation and platform.status == "planning"
    assert response.json()["kind"] == "中试基地"
    # status cannot be written directly
    patch = api_as(enterprise_user).patch(f"/api/v1/platforms/{platform.pk}/", {"status": "recognised"}, format="json")
    assert patch.status_code == 200 and Platform.objects.get(pk=platform.pk).status == "planning"
    # another unit cannot host it for them, nor edit it
    other = api_as(other_enterprise_user)
    body["host"] = enterprise_user.organisation_id
    assert other.post("/api/v1/platforms/", body, format="json").status_code == 400
    assert other.patch(f"/api/v1/platforms/{platform.pk}/", {"name": "x"}, format="json").status_code == 404


def test_liaison_and_leader_cannot_create(api_as, liaison_wenxian, leader):
    body = {"name": "x", "type": "pilot_base", "level": "city", "county": "温县"}
    for user in (liaison_wenxian, leader):
        assert api_as(user).post("/api/v1/platforms/", body, format="json").status_code == 403
