"""Unpublished and expired demands are invisible to others; owners and the bureau see theirs / all."""

import datetime as dt

import pytest
from django.utils import timezone

from demands.models import Demand

from .factories import make_demand

YESTERDAY = timezone.localdate() - dt.timedelta(days=1)


@pytest.fixture
def library(enterprise_user):
    org = enterprise_user.organisation
    return {
        "draft": make_demand(org, title="草稿需求"),
        "pending": make_demand(org, status="pending_review", title="待审核需求"),
        "returned": make_demand(org, status="returned", title="退回需求"),
        "published": make_demand(org, status="published", title="已发布需求"),
        "in_progress": make_demand(org, status="in_progress", title="对接中需求"),
        "expired": make_demand(org, status="published", title="过期需求", valid_until=YESTERDAY),
        "closed": make_demand(org, status="closed", title="已关闭需求"),
    }


@pytest.mark.django_db
def test_other_enterprise_sees_only_public_unexpired(library, other_enterprise_user, institute_user):
    for user in (other_enterprise_user, institute_user):
        titles = set(Demand.objects.visible_to(user).values_list("title", flat=True))
        assert titles == {"已发布需求", "对接中需求"}


@pytest.mark.django_db
def test_owner_sees_all_its_own_including_expired(library, enterprise_user):
    assert Demand.objects.visible_to(enterprise_user).count() == len(library)


@pytest.mark.django_db
def test_bureau_sees_everything_leader_everything_but_drafts(library, bureau, leader):
    assert Demand.objects.visible_to(bureau).count() == len(library)
    assert set(Demand.objects.visible_to(leader)) == set(library.values()) - {library["draft"]}


@pytest.mark.django_db
def test_published_queryset_leaves_out_expired_and_engaged(library):
    assert list(Demand.objects.published().values_list("title", flat=True)) == ["已发布需求"]


@pytest.mark.django_db
def test_detail_of_draft_or_expired_is_404_for_others(library, other_enterprise_user, client_as):
    client = client_as(other_enterprise_user)
    assert client.get(f"/demands/{library['published'].pk}/").status_code == 200
    for key in ("draft", "pending", "expired", "closed"):
        assert client.get(f"/demands/{library[key].pk}/").status_code == 404, key


@pytest.mark.django_db
def test_api_list_and_detail_follow_the_same_scope(library, other_enterprise_user, api_as):
    api = api_as(other_enterprise_user)
    titles = {d["title"] for d in api.get("/api/v1/demands/?page_size=100").json()["results"]}
    assert titles == {"已发布需求", "对接中需求"}
    assert api.get(f"/api/v1/demands/{library['draft'].pk}/").status_code == 404
    assert api.get(f"/api/v1/demands/{library['expired'].pk}/").status_code == 404


@pytest.mark.django_db
def test_public_list_page_hides_unpublished(library, other_enterprise_user, client_as):
    body = client_as(other_enterprise_user).get("/demands/").content.decode()
    assert "已发布需求" in body
    assert "草稿需求" not in body
    assert "过期需求" not in body


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(library, client, api_client):
    assert client.get("/demands/").status_code == 302
    assert api_client.get("/api/v1/demands/").status_code in (401, 403)


@pytest.mark.django_db
def test_owner_edits_drafts_but_not_published(library, enterprise_user, other_enterprise_user, client_as):
    client = client_as(enterprise_user)
    assert client.get(f"/demands/{library['draft'].pk}/edit/").status_code == 200
    assert client.get(f"/demands/{library['returned'].pk}/edit/").status_code == 200
    assert client.get(f"/demands/{library['published'].pk}/edit/").status_code == 403
    other = client_as(other_enterprise_user)
    assert other.get(f"/demands/{library['published'].pk}/edit/").status_code == 403
    assert other.get(f"/demands/{library['draft'].pk}/edit/").status_code == 404


@pytest.mark.django_db
def test_expire_task_notifies_the_owner_once(library, enterprise_user):
    from demands.tasks import expire_demands

    assert expire_demands.delay().get() == 1
    expire_demands.delay()
    notes = enterprise_user.notifications.filter(kind="demand_expired")
    assert notes.count() == 1
    assert "过期需求" in notes.get().title
