import pytest
from django.urls import reverse

from accounts.models import Organisation
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "persona, expected",
    [
        ("bureau", "市科技局：下一步工作"),
        ("liaison_wenxian", "县区联络员：下一步工作"),
        ("enterprise_user", "企业用户：下一步工作"),
        ("institute_user", "高校院所：下一步工作"),
        ("leader", "领导：下一步工作"),
    ],
)
def test_each_role_sees_its_own_next_steps(request, client_as, persona, expected):
    user = request.getfixturevalue(persona)
    body = client_as(user).get(reverse("core:home")).content.decode()
    assert expected in body
    for other in {"市科技局：下一步工作", "县区联络员：下一步工作", "企业用户：下一步工作", "高校院所：下一步工作"} - {
        expected
    }:
        assert other not in body


def test_bureau_sees_pending_verifications(client_as, bureau):
    OrganisationFactory(kind=Organisation.Kind.ENTERPRISE, is_verified=False)
    body = client_as(bureau).get(reverse("core:home")).content.decode()
    assert "待核验单位" in body


@pytest.mark.parametrize("persona", ["liaison_wenxian", "enterprise_user", "institute_user", "leader"])
def test_organisation_admin_page_is_bureau_only(request, client_as, persona):
    user = request.getfixturevalue(persona)
    assert client_as(user).get(reverse("accounts:organisation_list")).status_code == 403


def test_bureau_verifies_enterprise_and_activates_its_users(client_as, bureau):
    from tests.factories import UserFactory

    org = OrganisationFactory(kind=Organisation.Kind.ENTERPRISE, is_verified=False)
    applicant = UserFactory(organisation=org, roles=["enterprise"], is_active=False, awaiting_verification=True)
    response = client_as(bureau).post(reverse("accounts:organisation_verify", args=[org.pk]))
    assert response.status_code == 302
    org.refresh_from_db()
    applicant.refresh_from_db()
    assert org.is_verified and org.verified_by == bureau
    assert applicant.is_active
    assert org.history.first().history_user == bureau


def test_error_pages_are_in_chinese(client_as, liaison_wenxian):
    client = client_as(liaison_wenxian)
    assert "页面不存在" in client.get("/no-such-page/").content.decode()
    assert "无权访问" in client.get(reverse("accounts:organisation_list")).content.decode()


def test_navigation_is_grouped_by_section_and_follows_role(client_as, bureau, enterprise_user):
    bureau_page = client_as(bureau).get(reverse("core:home")).content.decode()
    assert "需求与成果" in bureau_page and "单位管理" in bureau_page
    enterprise_page = client_as(enterprise_user).get(reverse("core:home")).content.decode()
    assert "单位管理" not in enterprise_page
