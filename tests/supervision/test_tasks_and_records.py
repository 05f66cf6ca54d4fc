"""Assigned tasks (交办任务) and quarterly supervision records."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import Notification
from core.workflow import TransitionError, transition
from supervision.models import AssignedTask, SupervisionRecord
from supervision.services import record_save, task_assign

from .factories import task, unit

pytestmark = pytest.mark.django_db
D = dt.date


def test_bureau_assigns_and_unit_is_told(bureau, liaison_wenxian, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        t = task_assign(
            user=bureau, unit=unit("wenxian"), title="报送项目清单", meeting_on=D(2026, 3, 10), due_on=D(2026, 4, 10)
        )
    assert Notification.objects.filter(recipient=liaison_wenxian, kind="task_assigned").exists()
    assert t.status == "assigned"
    with pytest.raises(ValidationError):
        task_assign(user=bureau, unit=unit("wenxian"), title="倒挂", meeting_on=D(2026, 3, 10), due_on=D(2026, 3, 1))
    with pytest.raises(PermissionDenied):
        task_assign(
            user=liaison_wenxian, unit=unit("wenxian"), title="x", meeting_on=D(2026, 3, 10), due_on=D(2026, 4, 1)
        )


def test_overdue_detection():
    t = task("wenxian", due_on=D(2026, 6, 30))
    assert not t.is_overdue(D(2026, 6, 30))
    assert t.is_overdue(D(2026, 7, 1))
    assert list(AssignedTask.objects.overdue(D(2026, 7, 1))) == [t]


def test_unit_moves_its_task_other_county_cannot(liaison_wenxian, liaison_qinyang, bureau):
    t = task("wenxian", due_on=D(2026, 6, 30))
    with pytest.raises(TransitionError):
        transition(t, "in_progress", liaison_qinyang)
    transition(t, "in_progress", liaison_wenxian)
    with pytest.raises(TransitionError, match="意见"):
        transition(t, "done", liaison_wenxian)
    transition(t, "done", liaison_wenxian, comment="已报送")
    with pytest.raises(TransitionError, match="权限"):
        transition(t, "in_progress", liaison_wenxian, comment="想重开")
    transition(t, "in_progress", bureau, comment="材料不全，退回重办")


def test_task_list_marks_overdue(client_as, liaison_wenxian):
    task("wenxian", due_on=D(2020, 1, 10), meeting_on=D(2020, 1, 1), title="早已逾期的任务")
    page = client_as(liaison_wenxian).get("/supervision/tasks/?overdue=true").content.decode()
    assert "早已逾期的任务" in page and "已逾期" in page


def test_record_score_bounds_and_outcome(bureau):
    r = record_save(
        user=bureau, unit=unit("wenxian"), year=2026, quarter=4, score="92.5", outcome="commend", comment="台账规范"
    )
    assert r.score == Decimal("92.50")
    with pytest.raises(ValidationError, match="0 到 100"):
        record_save(user=bureau, unit=unit("wenxian"), year=2026, quarter=4, score="100.01")
    with pytest.raises(ValidationError, match="0 到 100"):
        record_save(user=bureau, unit=unit("wenxian"), year=2026, quarter=4, score="NaN")
    with pytest.raises(ValidationError, match="督导意见"):
        record_save(user=bureau, unit=unit("wenxian"), year=2026, quarter=4, score=60, outcome="criticise")
    corrected = record_save(user=bureau, unit=unit("wenxian"), year=2026, quarter=4, score=88)
    assert corrected.pk == r.pk and SupervisionRecord.objects.count() == 1
    assert corrected.history.count() == 2


def test_only_bureau_records(api_as, liaison_wenxian, leader, bureau):
    body = {"unit": unit("wenxian").pk, "year": 2026, "quarter": 4, "score": "91.00", "outcome": "none"}
    assert api_as(liaison_wenxian).post("/api/v1/supervision-records/", body, format="json").status_code == 403
    assert api_as(leader).post("/api/v1/supervision-records/", body, format="json").status_code == 403
    created = api_as(bureau).post("/api/v1/supervision-records/", body, format="json")
    assert created.status_code == 201 and created.json()["score"] == "91.00"
    again = api_as(bureau).post("/api/v1/supervision-records/", {**body, "score": "93"}, format="json")
    assert again.status_code == 201 and SupervisionRecord.objects.get().score == Decimal("93")
    bad = api_as(bureau).post("/api/v1/supervision-records/", {**body, "score": "150"}, format="json")
    assert bad.status_code == 400


def test_liaison_sees_own_records_only(api_as, bureau, liaison_wenxian):
    record_save(user=bureau, unit=unit("wenxian"), year=2026, quarter=4, score=90)
    record_save(user=bureau, unit=unit("qinyang"), year=2026, quarter=4, score=80)
    names = [r["unit_name"] for r in api_as(liaison_wenxian).get("/api/v1/supervision-records/").json()["results"]]
    assert names == ["温县"]


def test_record_page_lists_units_without_a_score(client_as, bureau):
    record_save(user=bureau, unit=unit("wenxian"), year=2026, quarter=4, score=90)
    page = client_as(bureau).get("/supervision/records/?year=2026&quarter=4").content.decode()
    missing = page.split('data-testid="missing-units"')[1].split("</div>")[0]
    assert "沁阳市" in missing and "温县" not in missing
