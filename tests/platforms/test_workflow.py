"""筹建 → 已认定 → 已撤销: only the bureau moves a platform; every step leaves history."""

import pytest
from django.utils import timezone

from core.models import StatusChange
from core.workflow import TransitionError, transition, workflow_for
from platforms.models import Platform
from platforms.workflow import PLATFORM_WORKFLOW, PlatformStatus

from .factories import make_platform

pytestmark = pytest.mark.django_db


def test_workflow_is_registered_and_labelled():
    assert workflow_for(Platform) is PLATFORM_WORKFLOW and Platform.workflow is PLATFORM_WORKFLOW
    assert PLATFORM_WORKFLOW.label("recognised") == "已认定"
    assert set(PlatformStatus.values) == {"planning", "recognised", "revoked"}


def test_bureau_recognises_with_document_number(enterprise_user, bureau, django_capture_on_commit_callbacks):
    platform = make_platform(enterprise_user.organisation)
    with pytest.raises(TransitionError, match="认定文号"):
        transition(platform, "recognised", bureau)
    with django_capture_on_commit_callbacks(execute=True):
        transition(platform, "recognised", bureau, "专家评审通过", {"document_number": "焦科〔2026〕7号"})
    platform.refresh_from_db()
    assert platform.status == "recognised"
    assert platform.document_number == "焦科〔2026〕7号"
    assert platform.recognised_on == timezone.localdate()
    change = StatusChange.objects.get(object_id=str(platform.pk), workflow="platform")
    assert (change.from_state, change.to_state, change.actor) == ("planning", "recognised", bureau)
    # The host's users hear about it.
    assert enterprise_user.notifications.filter(kind="platform_recognised").exists()


@pytest.mark.parametrize("persona", ["enterprise_user", "liaison_wenxian", "leader", "institute_user"])
def test_others_may_not_recognise_or_revoke(request, persona, enterprise_user):
    user = request.getfixturevalue(persona)
    platform = make_platform(enterprise_user.organisation)
    with pytest.raises(TransitionError) as exc:
        transition(platform, "recognised", user, "", {"document_number": "x"})
    assert exc.value.code == "forbidden"
    recognised = make_platform(enterprise_user.organisation, name="已认定", status="recognised")
    with pytest.raises(TransitionError) as exc:
        transition(recognised, "revoked", user, "撤销")
    assert exc.value.code == "forbidden"


def test_revoke_needs_a_reason_and_blocks_host_edits(enterprise_user, bureau):
    platform = make_platform(enterprise_user.organisation, status="recognised")
    assert platform.can_edit(enterprise_user)
    with pytest.raises(TransitionError) as exc:
        transition(platform, "revoked", bureau, "")
    assert exc.value.code == "comment_required"
    transition(platform, "revoked", bureau, "考核不合格")
    assert platform.status == "revoked"
    assert not platform.can_edit(enterprise_user)
    assert platform.can_edit(bureau)
    # 已撤销 is final: nothing leaves it, and no button is offered
    assert PLATFORM_WORKFLOW.available(platform, bureau) == []
    with pytest.raises(TransitionError):
        transition(platform, "recognised", bureau, "恢复")


def test_planning_cannot_jump_back(enterprise_user, bureau):
    platform = make_platform(enterprise_user.organisation, status="recognised")
    with pytest.raises(TransitionError) as exc:
        transition(platform, "planning", bureau)
    assert exc.value.code == "not_allowed"


def test_api_transition(api_as, enterprise_user, bureau):
    platform = make_platform(enterprise_user.organisation)
    url = f"/api/v1/platforms/{platform.pk}/transition/"
    assert api_as(enterprise_user).post(url, {"to": "recognised"}, format="json").status_code == 403
    response = api_as(bureau).post(url, {"to": "recognised", "comment": "通过"}, format="json")
    assert response.status_code == 400 and "认定文号" in response.json()["detail"]
    response = api_as(bureau).post(
        url,
        {"to": "recognised", "comment": "通过", "document_number": "焦科〔2026〕8号", "recognised_on": "2026-01-05"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "recognised"
    assert response.json()["recognised_on"] == "2026-01-05"


def test_page_transition_and_history(client_as, enterprise_user, bureau):
    platform = make_platform(enterprise_user.organisation)
    assert (
        'data-target="recognised"' not in client_as(enterprise_user).get(f"/platforms/{platform.pk}/").content.decode()
    )
    client = client_as(bureau)
    assert 'data-target="recognised"' in client.get(f"/platforms/{platform.pk}/").content.decode()
    response = client.post(
        f"/platforms/{platform.pk}/transition/", {"to": "recognised", "document_number": "焦科〔2026〕9号"}
    )
    assert response.status_code == 302
    detail = client.get(f"/platforms/{platform.pk}/").content.decode()
    assert "筹建 → 已认定" in detail and "焦科〔2026〕9号" in detail
    # A refused step shows the reason on the page.
    response = client.post(f"/platforms/{platform.pk}/transition/", {"to": "revoked", "comment": ""})
    assert response.status_code == 200 and "请填写意见或原因" in response.content.decode()
    host = client_as(enterprise_user)
    assert host.post(f"/platforms/{platform.pk}/transition/", {"to": "revoked", "comment": "x"}).status_code == 403
