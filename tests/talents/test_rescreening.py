"""A liaison's edit of an admitted talent sends it back to screening, with history and a notice to
the bureau; the bureau's own edits (it screens) and unchanged saves do not."""

import pytest

from core.models import Notification, StatusChange
from talents.models import TalentStatus

from .factories import make_talent

pytestmark = pytest.mark.django_db


def test_liaison_api_edit_of_an_admitted_talent_is_rescreened(
    liaison_wenxian, bureau, api_as, django_capture_on_commit_callbacks
):
    talent = make_talent(name="甲")
    with django_capture_on_commit_callbacks(execute=True):
        answer = api_as(liaison_wenxian).patch(f"/api/v1/talents/{talent.pk}/", {"employer": "新单位"}, format="json")
    assert answer.status_code == 200, answer.content
    talent.refresh_from_db()
    assert talent.status == TalentStatus.SCREENING
    change = StatusChange.objects.get(workflow="talent", object_id=str(talent.pk))
    assert (change.from_state, change.to_state, change.actor) == ("admitted", "screening", liaison_wenxian)
    assert Notification.objects.filter(recipient=bureau, kind="talent_rescreening").exists()


def test_liaison_page_edit_of_an_admitted_talent_is_rescreened(liaison_wenxian, client_as):
    talent = make_talent(name="乙")
    from talents.api.views import form_data_from

    data = {k: v for k, v in form_data_from(talent).items() if v is not None}
    data.update(position="首席科学家", action="submit")
    answer = client_as(liaison_wenxian).post(f"/talents/{talent.pk}/edit/", data)
    assert answer.status_code == 302, answer.content.decode()[:2000]
    talent.refresh_from_db()
    assert talent.position == "首席科学家" and talent.status == TalentStatus.SCREENING


def test_bureau_edit_keeps_an_admitted_talent_admitted(bureau, api_as):
    talent = make_talent(name="丙")
    assert (
        api_as(bureau).patch(f"/api/v1/talents/{talent.pk}/", {"employer": "新单位"}, format="json").status_code == 200
    )
    talent.refresh_from_db()
    assert talent.status == TalentStatus.ADMITTED
