"""Ledger scoping per role: a liaison keeps only their county's ledger; the bureau all; leaders
read all; other roles nothing. Evidence files are content-checked and permission-checked."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.workflow import TransitionError, transition
from supervision.models import LedgerItem
from tests.subsidies.factories import PDF

from .factories import ledger_item, unit

pytestmark = pytest.mark.django_db


def pdf(name="佐证.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_liaison_sees_only_own_county(liaison_wenxian, bureau, leader, enterprise_user):
    wx, qy = ledger_item("wenxian"), ledger_item("qinyang")
    assert list(LedgerItem.objects.visible_to(liaison_wenxian)) == [wx]
    assert set(LedgerItem.objects.visible_to(bureau)) == {wx, qy}
    assert set(LedgerItem.objects.visible_to(leader)) == {wx, qy}
    assert not LedgerItem.objects.visible_to(enterprise_user).exists()


def test_liaison_adds_an_item_with_evidence(client_as, liaison_wenxian):
    client = client_as(liaison_wenxian)
    response = client.post(
        "/supervision/ledger/new/",
        {
            "unit": unit("wenxian").pk,
            "year": 2026,
            "quarter": 4,
            "task": "组织企业走进院所",
            "responsible_person": "陈静",
            "progress": "已组织 8 家企业赴郑州大学对接。",
            "evidence_file": pdf(),
        },
    )
    item = LedgerItem.objects.get()
    assert response.status_code == 302 and response["Location"] == item.get_absolute_url()
    assert item.evidence_name == "佐证.pdf" and item.evidence.name.startswith("private/supervision/")
    download = client.get(f"/supervision/ledger/{item.pk}/evidence/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["X-Content-Type-Options"] == "nosniff"


def test_liaison_cannot_write_another_countys_ledger(client_as, api_as, liaison_wenxian):
    qy = ledger_item("qinyang")
    client = client_as(liaison_wenxian)
    response = client.post(
        "/supervision/ledger/new/",
        {"unit": unit("qinyang").pk, "year": 2026, "quarter": 4, "task": "越权", "responsible_person": "某"},
    )
    assert response.status_code == 200 and not LedgerItem.objects.filter(task="越权").exists()
    assert client.get(f"/supervision/ledger/{qy.pk}/edit/").status_code == 404
    api = api_as(liaison_wenxian)
    assert api.patch(f"/api/v1/ledger-items/{qy.pk}/", {"progress": "x"}, format="json").status_code == 404
    created = api.post(
        "/api/v1/ledger-items/",
        {"unit": unit("qinyang").pk, "year": 2026, "quarter": 4, "task": "越权", "responsible_person": "某"},
        format="json",
    )
    assert created.status_code == 403
    assert "本单位" in created.json()["detail"]


def test_leader_reads_but_cannot_edit(client_as, api_as, leader):
    item = ledger_item("wenxian")
    assert client_as(leader).get(f"/supervision/ledger/{item.pk}/").status_code == 200
    assert client_as(leader).get(f"/supervision/ledger/{item.pk}/edit/").status_code == 403
    assert api_as(leader).patch(f"/api/v1/ledger-items/{item.pk}/", {"progress": "x"}, format="json").status_code == 403


def test_enterprise_and_institute_see_nothing(client_as, api_as, enterprise_user, institute_user):
    ledger_item("wenxian")
    for user in (enterprise_user, institute_user):
        assert client_as(user).get("/supervision/ledger/").status_code == 403
        assert api_as(user).get("/api/v1/ledger-items/").status_code == 403


def test_evidence_is_checked_by_content(api_as, liaison_wenxian):
    item = ledger_item("wenxian")
    fake = SimpleUploadedFile("伪装.pdf", b"MZ\x90\x00 this is an exe", content_type="application/pdf")
    response = api_as(liaison_wenxian).patch(f"/api/v1/ledger-items/{item.pk}/", {"evidence": fake}, format="multipart")
    assert response.status_code == 400
    assert "按文件内容识别" in str(response.json())
    ok = api_as(liaison_wenxian).patch(f"/api/v1/ledger-items/{item.pk}/", {"evidence": pdf()}, format="multipart")
    assert ok.status_code == 200 and ok.json()["evidence_url"].endswith("/evidence/")


def test_status_goes_through_the_workflow(liaison_wenxian, liaison_qinyang, api_as):
    item = ledger_item("wenxian")
    with pytest.raises(TransitionError, match="请先填写工作进展"):
        transition(item, "done", liaison_wenxian)
    with pytest.raises(TransitionError, match="权限"):
        transition(item, "in_progress", liaison_qinyang)
    item.progress = "已完成需求征集。"
    item.save()
    response = api_as(liaison_wenxian).post(
        f"/api/v1/ledger-items/{item.pk}/transition/", {"to": "done"}, format="json"
    )
    assert response.status_code == 200 and response.json()["status"] == "done"
    reopened = api_as(liaison_wenxian).post(
        f"/api/v1/ledger-items/{item.pk}/transition/", {"to": "in_progress"}, format="json"
    )
    assert reopened.status_code == 400 and "意见" in reopened.json()["detail"]


def test_api_filters_by_quarter(api_as, bureau):
    ledger_item("wenxian", year=2026, quarter=3)
    ledger_item("wenxian", year=2026, quarter=4)
    data = api_as(bureau).get("/api/v1/ledger-items/?year=2026&quarter=4").json()
    assert [r["quarter"] for r in data["results"]] == [4]
    assert {"unit", "year", "quarter", "task", "responsible_person", "progress", "status", "evidence_url"} <= set(
        data["results"][0]
    )
