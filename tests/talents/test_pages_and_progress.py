"""Web form, detail history, quota progress (targets as data), home cards."""

import pytest

from talents.models import Talent, TalentStatus, TalentTarget

from .factories import make_talent

pytestmark = pytest.mark.django_db


def test_targets_are_data():
    assert {(t.year, t.value) for t in TalentTarget.objects.filter(county=None)} >= {
        (2020, 2250),
        (2021, 3350),
        (2025, 5000),
    }


def test_liaison_creates_record_by_web_form_and_sees_history(liaison_wenxian, client_as):
    client = client_as(liaison_wenxian)
    assert client.get("/talents/new/").status_code == 200
    data = {
        "name": "陈静",
        "gender": "female",
        "birth": "1982-06",
        "work_province": "江苏省",
        "work_city": "南京市",
        "employer": "南京大学",
        "industries": ["materials"],
        "category": "academic",
        "phone": "13500001111",
        "cooperation_intents": ["project"],
        "action": "submit",
    }
    response = client.post("/talents/new/", data)
    assert response.status_code == 302
    talent = Talent.objects.get(name="陈静")
    assert talent.native_county.code == "wenxian" and talent.status == TalentStatus.SCREENING
    page = client.get(talent.get_absolute_url()).content.decode()
    assert "变更记录" in page and "待甄别" in page
    edit = client.post(f"/talents/{talent.pk}/edit/", {**data, "position": "教授"})
    assert edit.status_code == 302
    assert "职务" in client.get(talent.get_absolute_url()).content.decode()


def test_form_errors_are_shown_in_chinese(liaison_wenxian, client_as):
    response = client_as(liaison_wenxian).post("/talents/new/", {"name": "", "phone": "12"})
    assert response.status_code == 400
    assert "电话号码格式不正确" in response.content.decode()


def test_bureau_progress_counts_admitted_per_county(bureau, client_as):
    make_talent("wenxian", name="甲")
    make_talent("qinyang", name="乙")
    make_talent("qinyang", name="丙", status=TalentStatus.SCREENING)
    page = client_as(bureau).get("/talents/progress/").content.decode()
    assert 'data-testid="city-count">2<' in page and "沁阳市" in page and "5000" in page


def test_home_cards_per_role(bureau, leader, liaison_wenxian, client_as):
    make_talent("wenxian", name="甲", status=TalentStatus.SCREENING)
    assert "人才汇总甄别" in client_as(bureau).get("/").content.decode()
    assert "人才库建设进度" in client_as(leader).get("/").content.decode()
    assert "温县人才库" in client_as(liaison_wenxian).get("/").content.decode()


def test_enterprise_list_page_is_anonymised(enterprise_user, client_as):
    t = make_talent(name="保密姓名", phone="13999990000")
    page = client_as(enterprise_user).get("/talents/").content.decode()
    assert t.code in page and "保密姓名" not in page and "13999990000" not in page
