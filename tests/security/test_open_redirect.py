"""`next` after a form POST never sends the user off the portal (no open redirect)."""

import pytest
from django.urls import reverse

from core.models import Notification
from tests.demands.factories import make_demand

EVIL = ["https://evil.example/phish", "//evil.example/", "/\\evil.example", "javascript:alert(1)"]


@pytest.mark.parametrize("evil", EVIL)
def test_demand_transition_ignores_offsite_next(client_as, enterprise_user, evil):
    demand = make_demand(enterprise_user.organisation, status="draft")
    response = client_as(enterprise_user).post(
        reverse("demands:transition", args=[demand.pk]), {"to": "pending_review", "next": evil}
    )
    assert response.status_code == 302
    assert response["Location"] == demand.get_absolute_url()


def test_same_site_next_is_kept(client_as, enterprise_user):
    demand = make_demand(enterprise_user.organisation, status="draft")
    response = client_as(enterprise_user).post(
        reverse("demands:transition", args=[demand.pk]), {"to": "pending_review", "next": "/demands/mine/"}
    )
    assert response["Location"] == "/demands/mine/"


@pytest.mark.parametrize("evil", EVIL[:2])
def test_bureau_batch_and_verify_ignore_offsite_next(client_as, bureau, other_enterprise_user, evil):
    client = client_as(bureau)
    response = client.post(reverse("demands:batch"), {"next": evil})
    assert response["Location"] == reverse("demands:review")
    org = other_enterprise_user.organisation
    response = client.post(reverse("accounts:organisation_verify", args=[org.pk]), {"next": evil})
    assert response["Location"] == reverse("accounts:organisation_list")


@pytest.mark.parametrize("evil", EVIL[:2])
def test_talent_and_claim_transitions_ignore_offsite_next(client_as, liaison_wenxian, evil):
    from tests.talents.factories import make_talent

    talent = make_talent("wenxian")
    response = client_as(liaison_wenxian).post(reverse("talents:confirm", args=[talent.pk]), {"next": evil})
    assert response["Location"] == talent.get_absolute_url()


def test_notification_link_off_site_is_not_followed(client_as, enterprise_user):
    note = Notification.objects.create(recipient=enterprise_user, kind="t", title="t", url="https://evil.example/")
    response = client_as(enterprise_user).post(reverse("core:notification_read", args=[note.pk]), {"follow": "1"})
    assert response["Location"] == reverse("core:notifications")


def test_login_next_off_site_is_ignored(client, enterprise_user):
    from tests.factories import DEFAULT_PASSWORD

    response = client.post(
        reverse("accounts:login") + "?next=https://evil.example/",
        {"username": enterprise_user.username, "password": DEFAULT_PASSWORD},
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
