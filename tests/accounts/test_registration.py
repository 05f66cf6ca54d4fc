"""Enterprise / institute sign-up, bureau verification and the institutes API."""

import pytest

from accounts.models import Organisation, User
from tests import factories


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def registration(**overrides):
    data = {
        "kind": "enterprise",
        "name": "焦作市新注册科技有限公司",
        "uscc": factories.make_uscc(),
        "county": factories.county("wenxian").pk,
        "industry": factories.industry("equipment").pk,
        "is_high_tech": "on",
        "contact_name": "刘经理",
        "contact_phone": "13903910009",
        "contact_email": "liu@example.cn",
        "username": "xinzhuce",
        "password1": "Jiaozuo#2026pass",
        "password2": "Jiaozuo#2026pass",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_enterprise_registers_and_waits_for_verification(client, bureau):
    assert client.get("/accounts/register/").status_code == 200
    response = client.post("/accounts/register/", registration())
    assert response.status_code == 200
    assert "等待市科技局核验" in response.content.decode()
    org = Organisation.objects.get(name="焦作市新注册科技有限公司")
    assert (org.kind, org.is_verified, org.is_high_tech) == ("enterprise", False, True)
    user = User.objects.get(username="xinzhuce")
    assert not user.is_active and user.roles == frozenset({"enterprise"})
    assert bureau.notifications.filter(kind="organisation_registered").exists()

    login = client.post("/accounts/login/", {"username": "xinzhuce", "password": "Jiaozuo#2026pass"})
    assert "尚未启用" in login.content.decode()

    client.force_login(bureau)
    client.post(f"/accounts/organisations/{org.pk}/verify/")
    user.refresh_from_db()
    assert user.is_active
    client.logout()
    login = client.post("/accounts/login/", {"username": "xinzhuce", "password": "Jiaozuo#2026pass"})
    assert login.status_code == 302


@pytest.mark.django_db
def test_invalid_uscc_and_duplicates_are_refused_in_chinese(client, enterprise_user):
    response = client.post("/accounts/register/", registration(uscc="91410800MA44XXXXXX"))
    assert "统一社会信用代码" in response.content.decode()
    taken = client.post("/accounts/register/", registration(uscc=enterprise_user.organisation.uscc, username="b"))
    assert "已注册" in taken.content.decode()
    mismatch = client.post("/accounts/register/", registration(password2="other", username="c2c2"))
    assert "两次输入的密码不一致" in mismatch.content.decode()
    assert not Organisation.objects.filter(name="焦作市新注册科技有限公司").exists()


@pytest.mark.django_db
def test_institute_registers_with_its_kind(client):
    response = client.post(
        "/accounts/register/",
        registration(
            kind="institute",
            name="北京某大学焦作研究院",
            uscc="",
            county="",
            industry="",
            institute_kind="beijing_alliance",
            location="北京市",
            username="bjdx",
        ),
    )
    assert response.status_code == 200
    org = Organisation.objects.get(name="北京某大学焦作研究院")
    assert (org.kind, org.institute_kind, org.location) == ("institute", "beijing_alliance", "北京市")


@pytest.mark.django_db
def test_bureau_creates_institutes_on_the_page(bureau, enterprise_user, client_as):
    assert client_as(enterprise_user).get("/accounts/institutes/new/").status_code == 403
    client = client_as(bureau)
    client.post(
        "/accounts/institutes/new/", {"name": "中国科学院某研究所", "institute_kind": "cas", "location": "北京市"}
    )
    org = Organisation.objects.get(name="中国科学院某研究所")
    assert org.kind == "institute" and org.is_verified


@pytest.mark.django_db
def test_institutes_api(bureau, enterprise_user, institute_user, api_as):
    response = api_as(bureau).post(
        "/api/v1/institutes/", {"name": "郑州大学", "institute_kind": "高校", "location": "河南省郑州市"}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["institute_kind"] == "university"
    assert api_as(enterprise_user).post("/api/v1/institutes/", {"name": "某院"}, format="json").status_code == 403
    names = {i["name"] for i in api_as(enterprise_user).get("/api/v1/institutes/").json()["results"]}
    assert {"郑州大学", institute_user.organisation.name} <= names
    assert enterprise_user.organisation.name not in names
    filtered = api_as(enterprise_user).get("/api/v1/institutes/?institute_kind=高校").json()["results"]
    assert [i["name"] for i in filtered] == ["郑州大学"]


def test_institute_contacts_are_masked_except_for_bureau_and_itself(
    bureau, leader, enterprise_user, institute_user, api_as
):
    org = institute_user.organisation
    org.contact_name, org.contact_phone = "刘研究员", "13812345678"
    org.save()
    url = f"/api/v1/institutes/{org.pk}/"
    for user in (leader, enterprise_user):
        data = api_as(user).get(url).json()
        assert (data["contact_name"], data["contact_phone"]) == ("刘***", "138****5678")
    for user in (bureau, institute_user):
        data = api_as(user).get(url).json()
        assert (data["contact_name"], data["contact_phone"]) == ("刘研究员", "13812345678")
