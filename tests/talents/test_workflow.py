"""Talent status machine through pages and API: owner, other county, outsider."""

import pytest

from core.models import Notification, StatusChange
from talents.models import Talent, TalentStatus

from .factories import make_talent

pytestmark = pytest.mark.django_db


def test_liaison_submits_own_draft_and_cannot_admit(liaison_wenxian, client_as):
    t = make_talent(status=TalentStatus.DRAFT, created_by=liaison_wenxian)
    client = client_as(liaison_wenxian)
    client.post(f"/talents/{t.pk}/transition/", {"to": "screening"})
    assert Talent.objects.get(pk=t.pk).status == TalentStatus.SCREENING
    assert client.post(f"/talents/{t.pk}/transition/", {"to": "admitted"}).status_code == 403
    assert Talent.objects.get(pk=t.pk).status == TalentStatus.SCREENING


def test_other_county_liaison_gets_404(liaison_qinyang, client_as):
    t = make_talent(status=TalentStatus.DRAFT)
    assert client_as(liaison_qinyang).post(f"/talents/{t.pk}/transition/", {"to": "screening"}).status_code == 404


def test_enterprise_cannot_transition(enterprise_user, api_as):
    t = make_talent(status=TalentStatus.ADMITTED)
    response = api_as(enterprise_user).post(
        f"/api/v1/talents/{t.pk}/transition/", {"to": "archived", "comment": "x"}, format="json"
    )
    assert response.status_code == 403


def test_bureau_admits_and_creator_is_notified(bureau, liaison_wenxian, client_as, django_capture_on_commit_callbacks):
    t = make_talent(status=TalentStatus.SCREENING, created_by=liaison_wenxian)
    with django_capture_on_commit_callbacks(execute=True):
        client_as(bureau).post("/talents/screening/admit/", {"ids": [t.pk]})
    assert Talent.objects.get(pk=t.pk).status == TalentStatus.ADMITTED
    assert StatusChange.objects.filter(object_id=str(t.pk), to_state="admitted", actor=bureau).exists()
    assert Notification.objects.filter(recipient=liaison_wenxian, kind="talent_admitted").exists()


def test_return_needs_a_comment(bureau, client_as):
    t = make_talent(status=TalentStatus.SCREENING)
    client_as(bureau).post(f"/talents/{t.pk}/transition/", {"to": "draft"}, follow=True)
    assert Talent.objects.get(pk=t.pk).status == TalentStatus.SCREENING


def test_anonymised_search_cannot_probe_names(enterprise_user, api_as):
    make_talent(name="王建国", research_field="高分子材料")
    api = api_as(enterprise_user)
    assert api.get("/api/v1/talents/", {"q": "王建国"}).json()["results"] == []
    assert len(api.get("/api/v1/talents/", {"q": "高分子"}).json()["results"]) == 1


def test_liaison_filter_for_other_county_is_empty(liaison_wenxian, api_as):
    make_talent("wenxian")
    make_talent("qinyang")
    assert api_as(liaison_wenxian).get("/api/v1/talents/", {"county": "qinyang"}).json()["results"] == []


def test_liaison_template_offers_only_own_county(liaison_wenxian, api_as):
    import io

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(api_as(liaison_wenxian).get("/api/v1/talents/template/").content))
    options = wb["选项"]
    headers = [c.value for c in options[1]]
    column = headers.index("籍贯县区") + 1
    values = [options.cell(row=r, column=column).value for r in range(2, 15)]
    assert [v for v in values if v] == ["温县"]
