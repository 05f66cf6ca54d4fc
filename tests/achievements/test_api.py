"""/api/v1/achievements/ and the achievement pages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from achievements.models import Achievement
from tests.demands.factories import make_achievement


@pytest.mark.django_db
def test_institute_creates_with_labels_and_owner_defaults(institute_user, api_as):
    response = api_as(institute_user).post(
        "/api/v1/achievements/",
        {
            "title": "脉冲袋式除尘技术",
            "summary": "高效脉冲袋式除尘器，排放浓度低于 10mg/m³。",
            "industry": "新材料",
            "keywords": ["除尘", "粉尘"],
            "maturity": "通过中试",
            "transfer_modes": ["转让", "技术服务"],
            "ip_kinds": ["发明专利"],
            "reference_price": None,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["industry"], data["maturity"], data["status"]) == ("新材料", "pilot", "draft")
    assert data["keywords"] == ["除尘", "粉尘"]
    assert data["transfer_modes"] == ["transfer", "technical_service"]
    achievement = Achievement.objects.get(pk=data["id"])
    assert achievement.owner == institute_user.organisation
    assert achievement.source == "institute"
    assert achievement.price_display == "面议"
    assert {"id", "title", "summary", "industry", "keywords", "maturity", "status"} <= set(data)


@pytest.mark.django_db
def test_bureau_collected_achievement(bureau, institute_user, api_as):
    response = api_as(bureau).post(
        "/api/v1/achievements/",
        {
            "title": "秸秆还田技术",
            "summary": "简介",
            "industry": "agriculture",
            "maturity": "mass_production",
            "owner": institute_user.organisation.name,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["source"] == "bureau"


@pytest.mark.django_db
def test_enterprise_cannot_post_achievements(enterprise_user, api_as):
    response = api_as(enterprise_user).post(
        "/api/v1/achievements/", {"title": "x", "summary": "y", "industry": "新材料"}, format="json"
    )
    assert response.status_code in (400, 403)


@pytest.mark.django_db
def test_filters_and_search(institute_user, enterprise_user, api_as):
    org = institute_user.organisation
    make_achievement(org, status="published", title="高性能氟橡胶密封材料", maturity="pilot")
    make_achievement(
        org,
        status="published",
        title="脉冲袋式除尘技术",
        summary="除尘",
        keywords=["除尘"],
        maturity="sample",
        transfer_modes=["equity"],
    )
    make_achievement(org, status="draft", title="未发布的除尘成果", keywords=["除尘"])
    api = api_as(enterprise_user)

    def titles(query):
        return {a["title"] for a in api.get(f"/api/v1/achievements/?{query}").json()["results"]}

    assert titles("q=氟橡胶密封") == {"高性能氟橡胶密封材料"}
    assert titles("q=除尘") == {"脉冲袋式除尘技术"}
    assert titles("maturity=已有样品") == {"脉冲袋式除尘技术"}
    assert titles("min_maturity=lab_test") == {"高性能氟橡胶密封材料"}
    assert titles("mode=作价入股") == {"脉冲袋式除尘技术"}


@pytest.mark.django_db
def test_transition_endpoint(institute_user, bureau, api_as):
    achievement = make_achievement(institute_user.organisation)
    assert (
        api_as(institute_user)
        .post(f"/api/v1/achievements/{achievement.pk}/transition/", {"to": "pending_review"})
        .status_code
        == 200
    )
    assert (
        api_as(institute_user)
        .post(f"/api/v1/achievements/{achievement.pk}/transition/", {"to": "published"})
        .status_code
        == 403
    )
    response = api_as(bureau).post(f"/api/v1/achievements/{achievement.pk}/transition/", {"to": "published"})
    assert response.json()["status"] == "published"


def pdf_file(name="检测报告.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", content_type="application/pdf")


@pytest.mark.django_db
def test_attachments_upload_download_and_permissions(institute_user, enterprise_user, client_as, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    achievement = make_achievement(institute_user.organisation)
    owner = client_as(institute_user)
    owner.post(f"/achievements/{achievement.pk}/attachments/", {"file": pdf_file()})
    attachment = achievement.attachments.get()
    assert attachment.name == "检测报告.pdf"
    owner.post(f"/achievements/{achievement.pk}/attachments/", {"file": SimpleUploadedFile("x.pdf", b"MZ\x90\x00")})
    assert achievement.attachments.count() == 1  # content is not a PDF
    download = owner.get(f"/achievements/{achievement.pk}/attachments/{attachment.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    # a draft is invisible to an enterprise, so is its file
    other = client_as(enterprise_user)
    assert other.get(f"/achievements/{achievement.pk}/attachments/{attachment.pk}/").status_code == 404
    assert other.post(f"/achievements/{achievement.pk}/attachments/", {"file": pdf_file()}).status_code == 404


@pytest.mark.django_db
def test_achievement_pages(institute_user, bureau, client_as):
    from tests import factories

    client = client_as(institute_user)
    assert client.get("/achievements/new/").status_code == 200
    response = client.post(
        "/achievements/new/",
        {
            "title": "智能温室控制系统",
            "industry": factories.industry("agriculture").pk,
            "summary": "物联网温室",
            "maturity": "可以量产",
            "transfer_modes": ["transfer"],
            "action": "submit",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    achievement = Achievement.objects.get()
    assert achievement.status == "pending_review"
    assert "智能温室控制系统" in client.get("/achievements/mine/").content.decode()
    assert "智能温室控制系统" in client_as(bureau).get("/achievements/review/").content.decode()
