"""Age rule: 60 or older on the entry date needs a recorded exception."""

import datetime as dt

import pytest

from talents.forms import TalentForm
from talents.models import Talent

pytestmark = pytest.mark.django_db


def form_data(**changes):
    data = {
        "name": "赵国强",
        "gender": "男",
        "birth": "1970-01",
        "native_county": "wenxian",
        "work_province": "上海市",
        "work_city": "浦东新区",
        "employer": "上海交通大学",
        "industries": ["equipment"],
        "category": "academic",
        "phone": "13700001111",
    }
    data.update(changes)
    return data


def test_under_sixty_is_accepted(bureau):
    form = TalentForm(data=form_data(birth="1967-01"), user=bureau, entry_date=dt.date(2026, 11, 22))
    assert form.is_valid(), form.errors


def test_sixty_on_entry_date_is_refused_without_exception(bureau):
    form = TalentForm(data=form_data(birth="1966-11"), user=bureau, entry_date=dt.date(2026, 11, 22))
    assert not form.is_valid()
    assert "60" in form.errors["birth"][0]


def test_one_month_before_sixtieth_birthday_is_accepted(bureau):
    form = TalentForm(data=form_data(birth="1966-12"), user=bureau, entry_date=dt.date(2026, 11, 22))
    assert form.is_valid(), form.errors


def test_exception_needs_a_reason(bureau):
    form = TalentForm(data=form_data(birth="1950-01", age_exception=True), user=bureau)
    assert not form.is_valid()
    assert "理由" in form.errors["age_exception_reason"][0]


def test_exception_with_reason_is_recorded_and_shown(liaison_wenxian, client_as):
    client = client_as(liaison_wenxian)
    data = form_data(birth="1950-01", age_exception="on", age_exception_reason="国家杰青，本县急需的材料领域带头人")
    response = client.post("/talents/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    talent = Talent.objects.get(name="赵国强")
    assert talent.age_exception and talent.age_exception_by == liaison_wenxian
    assert talent.age_exception_on is not None
    page = client.get(talent.get_absolute_url()).content.decode()
    assert "年龄放宽" in page and "国家杰青，本县急需的材料领域带头人" in page
