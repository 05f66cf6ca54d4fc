"""The contact is masked to everyone but the owner and the bureau (and open engagement parties)."""

import pytest

from .factories import make_demand


@pytest.fixture
def demand(enterprise_user):
    return make_demand(enterprise_user.organisation, status="published", contact_phone="13903910001")


@pytest.mark.django_db
def test_owner_and_bureau_see_the_contact(demand, enterprise_user, bureau, api_as):
    for user in (enterprise_user, bureau):
        assert demand.contact_visible_to(user)
        data = api_as(user).get(f"/api/v1/demands/{demand.pk}/").json()
        assert data["contact_phone"] == "13903910001"
        assert data["contact_masked"] is False


@pytest.mark.django_db
def test_others_see_it_masked_in_api_page_and_export(
    demand, other_enterprise_user, institute_user, leader, api_as, client_as
):
    for user in (other_enterprise_user, institute_user, leader):
        assert not demand.contact_visible_to(user)
        data = api_as(user).get(f"/api/v1/demands/{demand.pk}/").json()
        assert data["contact_phone"] == "139****0001"
        assert data["contact_masked"] is True
    body = client_as(institute_user).get(f"/demands/{demand.pk}/").content.decode()
    assert "13903910001" not in body
    assert "139****0001" in body
    export = client_as(institute_user).get("/demands/export/")
    assert b"13903910001" not in export.content
