"""The library lists cost the same number of queries for 5 rows as for 50 (no N+1), and the
count is capped so that a list of 100,000 records does not count them all on every page."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from achievements.models import AchievementAttachment
from core.library.pagination import LibraryPaginator
from engagements.models import Engagement

from .factories import make_achievement, make_demand


def _queries(fn) -> int:
    fn()  # warm up per-user caches (roles) so that only the list itself is counted
    with CaptureQueriesContext(connection) as ctx:
        response = fn()
    assert response.status_code == 200, response.content[:300]
    return len(ctx.captured_queries)


def _demands(owner, n, start=0):
    for i in range(start, start + n):
        make_demand(owner, status="published", title=f"液压设备漏油治理{i}")


def _achievements(owner, n, start=0):
    for i in range(start, start + n):
        a = make_achievement(owner, status="published", title=f"氟橡胶密封材料{i}")
        AchievementAttachment.objects.create(achievement=a, file=f"achievements/{a.pk}/说明.pdf", name="说明.pdf")


def _open_engagement(demand, achievement, bureau):
    return Engagement.objects.create(
        demand=demand, target_kind="achievement", achievement=achievement, owner=bureau, status="intent"
    )


@pytest.mark.django_db
def test_demand_api_queries_do_not_grow_with_page_size_or_data(institute_user, other_enterprise_user, bureau, api_as):
    # The institute is a party of an open engagement: contact visibility is decided per row,
    # and must still be one query for the whole page.
    other = other_enterprise_user.organisation
    _demands(other, 5)
    mine = make_achievement(institute_user.organisation, status="published")
    _open_engagement(make_demand(other, status="in_progress", title="已在对接的需求"), mine, bureau)
    api = api_as(institute_user)

    small = _queries(lambda: api.get("/api/v1/demands/?page_size=5"))
    _demands(other, 45, start=5)
    large = _queries(lambda: api.get("/api/v1/demands/?page_size=50"))
    searched = _queries(lambda: api.get("/api/v1/demands/?page_size=50&q=液压漏油&industry=高端装备制造"))

    assert large == small
    assert searched <= small + 1  # + the industry lookup
    results = api.get("/api/v1/demands/?page_size=60").json()["results"]
    engaged = next(d for d in results if d["title"] == "已在对接的需求")
    assert engaged["contact_masked"] is False
    assert all(d["contact_masked"] for d in results if d["title"] != "已在对接的需求")


@pytest.mark.django_db
def test_achievement_api_queries_do_not_grow_with_page_size_or_data(enterprise_user, institute_user, bureau, api_as):
    inst = institute_user.organisation
    _achievements(inst, 5)
    engaged = make_achievement(inst, status="published", title="已在对接的成果")
    _open_engagement(make_demand(enterprise_user.organisation, status="in_progress"), engaged, bureau)
    api = api_as(enterprise_user)

    small = _queries(lambda: api.get("/api/v1/achievements/?page_size=5"))
    _achievements(inst, 45, start=5)
    large = _queries(lambda: api.get("/api/v1/achievements/?page_size=50"))

    assert large == small
    results = api.get("/api/v1/achievements/?page_size=60").json()["results"]
    assert {len(a["attachments"]) for a in results if a["title"] != "已在对接的成果"} == {1}
    assert [a["contact_masked"] for a in results if a["title"] == "已在对接的成果"] == [False]


@pytest.mark.django_db
def test_list_pages_queries_do_not_grow_with_data(enterprise_user, institute_user, client_as):
    client = client_as(enterprise_user)
    _demands(enterprise_user.organisation, 3)
    _achievements(institute_user.organisation, 3)
    demand_page = _queries(lambda: client.get("/demands/"))
    achievement_page = _queries(lambda: client.get("/achievements/?q=氟橡胶"))

    _demands(enterprise_user.organisation, 30, start=3)
    _achievements(institute_user.organisation, 30, start=3)
    assert _queries(lambda: client.get("/demands/")) == demand_page
    assert _queries(lambda: client.get("/achievements/?q=氟橡胶")) == achievement_page


@pytest.mark.django_db
def test_count_is_capped_but_paging_reaches_every_record(enterprise_user, other_enterprise_user, api_as, monkeypatch):
    monkeypatch.setattr(LibraryPaginator, "cap", 5)
    _demands(other_enterprise_user.organisation, 8)
    api = api_as(enterprise_user)

    first = api.get("/api/v1/demands/?page_size=2").json()
    assert first["count"] == 5 and first["count_capped"] is True

    seen, url = [], "/api/v1/demands/?page_size=2"
    while url:
        body = api.get(url).json()
        seen += [d["id"] for d in body["results"]]
        url = body["next"]
    assert len(seen) == len(set(seen)) == 8

    assert api.get("/api/v1/demands/?page_size=2&page=5").status_code == 404
    assert api.get("/api/v1/demands/?page_size=2&page=last").status_code == 404
    narrowed = api.get("/api/v1/demands/?page_size=2&q=液压漏油3").json()
    assert narrowed["count"] == 1 and narrowed["count_capped"] is False


@pytest.mark.django_db
def test_list_page_says_when_the_count_is_capped(enterprise_user, client_as, monkeypatch):
    monkeypatch.setattr(LibraryPaginator, "cap", 3)
    _demands(enterprise_user.organisation, 4)
    client = client_as(enterprise_user)

    text = client.get("/demands/").content.decode()
    assert "超过 3 条" in text
    assert 'data-testid="count-capped"' in text

    text = client.get("/demands/?q=液压漏油1").content.decode()
    assert "共 1 条" in text
    assert 'data-testid="count-capped"' not in text


@pytest.mark.django_db
def test_bureau_count_includes_unpublished_and_expired(bureau, enterprise_user, api_as):
    org = enterprise_user.organisation
    make_demand(org, status="pending_review", title="待审核需求")
    make_demand(org, status="draft", title="草稿需求")
    make_demand(org, status="published", title="已过期需求", valid_until=timezone.localdate() - dt.timedelta(days=1))
    body = api_as(bureau).get("/api/v1/demands/").json()
    assert body["count"] == 3 and body["count_capped"] is False
