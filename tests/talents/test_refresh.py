"""Two-yearly refresh: the daily task, one-click confirm, signed self-service links."""

import datetime as dt

import pytest
from django.core import signing
from django.utils import timezone

from core.models import Notification
from talents import tasks
from talents.models import RefreshLink, Talent, TalentCorrection
from talents.services import refresh_link_create

from .factories import make_talent

pytestmark = pytest.mark.django_db


def overdue(county="wenxian", **kw):
    t = make_talent(county, **kw)
    Talent.objects.filter(pk=t.pk).update(refresh_due_on=timezone.localdate() - dt.timedelta(days=1))
    return Talent.objects.get(pk=t.pk)


def test_task_twice_notifies_each_county_liaison_once(liaison_wenxian, liaison_qinyang):
    overdue(name="甲")
    overdue(name="乙")
    overdue("qinyang", name="丙")
    make_talent(name="未到期")
    assert tasks.mark_refresh_due.delay().get() == 3
    assert tasks.mark_refresh_due.delay().get() == 0
    mine = Notification.objects.filter(recipient=liaison_wenxian, kind="talent_refresh_due")
    assert mine.count() == 1 and "甲" in mine.get().body and "乙" in mine.get().body and "丙" not in mine.get().body
    assert Notification.objects.filter(recipient=liaison_qinyang).count() == 1
    assert Talent.objects.filter(is_refresh_due=True).count() == 3


def test_overdue_count_on_liaison_home(liaison_wenxian, client_as):
    overdue(name="甲")
    tasks.mark_refresh_due()
    page = client_as(liaison_wenxian).get("/").content.decode()
    assert "逾期未更新" in page and "温县人才库" in page


def test_one_click_confirm_resets_clock(liaison_wenxian, client_as):
    t = overdue(name="甲")
    tasks.mark_refresh_due()
    response = client_as(liaison_wenxian).post(f"/talents/{t.pk}/confirm/")
    assert response.status_code == 302
    t.refresh_from_db()
    today = timezone.localdate()
    assert not t.is_refresh_due and t.last_verified_on == today and t.refresh_due_on.year == today.year + 2


def test_other_county_liaison_cannot_confirm(liaison_qinyang, client_as):
    t = overdue(name="甲")
    assert client_as(liaison_qinyang).post(f"/talents/{t.pk}/confirm/").status_code == 404


def test_edit_resets_clock(liaison_wenxian, api_as):
    t = overdue(name="甲")
    tasks.mark_refresh_due()
    response = api_as(liaison_wenxian).patch(f"/api/v1/talents/{t.pk}/", {"position": "院长"}, format="json")
    assert response.status_code == 200, response.json()
    t.refresh_from_db()
    assert t.position == "院长" and not t.is_refresh_due and t.refresh_due_on > timezone.localdate()


def test_signed_link_confirm_is_single_use(liaison_wenxian, client):
    t = overdue(name="甲")
    _, path = refresh_link_create(talent=t, user=liaison_wenxian)
    assert client.get(path).status_code == 200
    assert client.post(path, {"action": "confirm"}).status_code == 200
    t.refresh_from_db()
    assert t.refresh_due_on > timezone.localdate()
    again = client.get(path)
    assert again.status_code == 410 and "只能使用一次" in again.content.decode()


def test_signed_link_expires_after_thirty_days(liaison_wenxian, client, monkeypatch):
    t = make_talent(name="甲")
    _, path = refresh_link_create(talent=t, user=liaison_wenxian)
    real = signing.TimestampSigner.unsign

    def later(self, value, max_age=None):
        import time

        monkeypatch.setattr(time, "time", lambda: timezone.now().timestamp() + 31 * 86400)
        return real(self, value, max_age=max_age)

    monkeypatch.setattr(signing.TimestampSigner, "unsign", later)
    response = client.get(path)
    assert response.status_code == 410 and "30 天" in response.content.decode()


def test_tampered_link_is_refused(liaison_wenxian, client):
    t = make_talent(name="甲")
    _, path = refresh_link_create(talent=t, user=liaison_wenxian)
    assert client.get(path[:-3] + "xyz/").status_code == 410


def test_correction_waits_for_liaison_approval(liaison_wenxian, client, client_as):
    t = make_talent(name="甲", employer="旧单位")
    _, path = refresh_link_create(talent=t, user=liaison_wenxian)
    form = {
        f: getattr(t, f)
        for f in [
            "work_province",
            "work_city",
            "employer",
            "position",
            "title",
            "degree",
            "research_field",
            "honours",
            "phone",
            "email",
            "wechat",
        ]
    }
    form.update(employer="新单位", action="correct", message="已调动")
    assert client.post(path, form).status_code == 200
    t.refresh_from_db()
    assert t.employer == "旧单位"
    correction = TalentCorrection.objects.get()
    assert correction.changes == {"employer": "新单位"}
    assert Notification.objects.filter(recipient=liaison_wenxian, kind="talent_correction").exists()
    assert RefreshLink.objects.get().used_at is not None
    liaison = client_as(liaison_wenxian)
    detail = liaison.get(f"/talents/{t.pk}/").content.decode()
    assert "工作单位：旧单位 → <strong>新单位</strong>" in detail  # labelled, not raw field names
    liaison.post(f"/talents/{t.pk}/corrections/{correction.pk}/", {"decision": "approve"})
    t.refresh_from_db()
    reasons = [h.history_change_reason for h in t.history.order_by("-history_id")[:2]]
    assert t.employer == "新单位" and reasons == ["已入库 → 待甄别", "采纳本人更正"]
    assert t.status == "screening"  # a liaison's adoption changes an admitted record: re-screened


def test_liaison_generates_link_on_detail_page(liaison_wenxian, client_as):
    t = make_talent(name="甲")
    client = client_as(liaison_wenxian)
    page = client.post(f"/talents/{t.pk}/link/", follow=True).content.decode()
    assert "/talents/r/" in page
