"""Screening: duplicates across counties, merge, confirm distinct, admit."""

import pytest

from core.workflow import TransitionError, transition
from talents.models import Talent, TalentStatus
from talents.services import find_duplicates, talent_confirm_distinct, talent_merge

from .factories import make_talent

pytestmark = pytest.mark.django_db


def test_same_phone_in_another_county_is_a_candidate():
    a = make_talent("wenxian", name="王建国", phone="13800001111")
    b = make_talent("qinyang", name="王建囯", phone="13800001111", birth_year=1960, employer="别处")
    assert [c.talent for c in find_duplicates(a)] == [b]
    assert "手机/电话相同" in find_duplicates(a)[0].reasons


def test_same_name_and_birth_year_is_a_candidate():
    a = make_talent("wenxian", name="王建国", phone="13800001111")
    b = make_talent("mengzhou", name="王建国", phone="13800002222", employer="另一单位")
    assert find_duplicates(a)[0].talent == b


def test_similar_name_and_employer_is_a_candidate():
    a = make_talent("wenxian", name="王建国", employer="郑州大学化工学院", birth_year=1975)
    b = make_talent("boai", name="王建囯", employer="郑州大学", birth_year=1976)
    c = make_talent("boai", name="李四", employer="郑州大学", birth_year=1976)
    found = [d.talent for d in find_duplicates(a)]
    assert b in found and c not in found


def test_email_match_and_archived_excluded():
    a = make_talent("wenxian", name="甲", email="same@x.cn")
    make_talent("boai", name="乙", email="same@x.cn", status=TalentStatus.ARCHIVED)
    assert find_duplicates(a) == []


def test_merge_keeps_chosen_values_archives_other_and_records_history(bureau):
    survivor = make_talent("wenxian", name="王建国", phone="13800001111", employer="清华大学", status="screening")
    other = make_talent(
        "qinyang",
        name="王建国",
        phone="13800001111",
        employer="清华大学材料学院",
        email="wjg@tsinghua.edu.cn",
        industries=("equipment",),
        status="screening",
    )
    talent_merge(survivor=survivor, other=other, choices={"employer": "other"}, user=bureau)
    survivor.refresh_from_db()
    other.refresh_from_db()
    assert survivor.employer == "清华大学材料学院"
    assert survivor.email == "wjg@tsinghua.edu.cn"  # blank on the survivor: taken over
    assert {i.code for i in survivor.industries.all()} == {"materials", "equipment"}
    assert other.status == TalentStatus.ARCHIVED and other.merged_into == survivor
    assert "合并记录" in survivor.history.first().history_change_reason
    assert find_duplicates(survivor) == []


def test_only_bureau_may_merge(liaison_wenxian):
    from django.core.exceptions import PermissionDenied

    a = make_talent("wenxian", name="甲", phone="13800001111")
    b = make_talent("wenxian", name="甲", phone="13800001111")
    with pytest.raises(PermissionDenied):
        talent_merge(survivor=a, other=b, choices={}, user=liaison_wenxian)


def test_admit_blocked_until_duplicates_resolved_then_confirm_distinct(bureau):
    a = make_talent("wenxian", name="刘洋", phone="13800001111", status="screening")
    b = make_talent("qinyang", name="刘洋", phone="13800002222", status="admitted")
    with pytest.raises(TransitionError):
        transition(a, TalentStatus.ADMITTED, bureau)
    talent_confirm_distinct(talent=a, other=b, user=bureau)
    assert find_duplicates(a) == [] and find_duplicates(b) == []
    transition(a, TalentStatus.ADMITTED, bureau)
    assert Talent.objects.get(pk=a.pk).status == TalentStatus.ADMITTED


def test_screening_queue_shows_candidates_side_by_side(bureau, liaison_wenxian, client_as):
    a = make_talent("wenxian", name="周杰", phone="13800001111", status="screening")
    make_talent("qinyang", name="周杰", phone="13800001111", employer="北京理工大学")
    assert client_as(liaison_wenxian).get("/talents/screening/").status_code == 403
    page = client_as(bureau).get("/talents/screening/").content.decode()
    assert "北京理工大学" in page and "手机/电话相同" in page
    assert f"/talents/{a.pk}/merge/" in page


def test_merge_page_post_and_distinct(bureau, client_as):
    a = make_talent("wenxian", name="周杰", phone="13800001111", status="screening")
    b = make_talent("qinyang", name="周杰", phone="13800001111", employer="北京理工大学", status="screening")
    client = client_as(bureau)
    page = client.get(f"/talents/{a.pk}/merge/{b.pk}/")
    assert "北京理工大学" in page.content.decode()
    response = client.post(
        f"/talents/{a.pk}/merge/{b.pk}/", {"action": "merge", "employer": "other", "native_county": "survivor"}
    )
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.employer == "北京理工大学" and Talent.objects.get(pk=b.pk).status == TalentStatus.ARCHIVED


def test_merge_via_api(bureau, api_as):
    a = make_talent("wenxian", name="周杰", phone="13800001111", status="screening")
    b = make_talent("qinyang", name="周杰", phone="13800001111", employer="北京理工大学", status="screening")
    response = api_as(bureau).post(
        f"/api/v1/talents/{a.pk}/merge/", {"other": b.pk, "choices": {"employer": "other"}}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["employer"] == "北京理工大学"
