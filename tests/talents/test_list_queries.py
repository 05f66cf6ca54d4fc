"""The talent list (page and API) costs the same number of queries for 5 rows as for 50, its API
rows are compact with a link to the full record, its count is capped, and the reference tables
its filters use are read once per process and refreshed when edited."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.serializers import ModelSerializer

from accounts.models import County, Industry
from core import reference
from core.library.pagination import LibraryPaginator
from talents.api.serializers import LIST_FIELDS, TalentListSerializer, TalentSerializer
from talents.models import Talent

from .factories import make_talent

pytestmark = pytest.mark.django_db


def _queries(fn) -> tuple[int, list[str]]:
    fn()  # warm up per-user and per-process caches (roles, reference tables)
    with CaptureQueriesContext(connection) as ctx:
        response = fn()
    assert response.status_code == 200, response.content[:300]
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries]


def _talents(n, start=0, **kwargs):
    for i in range(start, start + n):
        make_talent(name=f"人才{i}", industries=("materials", "biohealth"), **kwargs)


@pytest.mark.parametrize("who", ["bureau", "liaison_wenxian", "enterprise_user"])
def test_talent_api_queries_do_not_grow_with_page_size_or_data(who, request, api_as):
    api = api_as(request.getfixturevalue(who))
    _talents(5)
    small, _ = _queries(lambda: api.get("/api/v1/talents/?page_size=5"))
    _talents(45, start=5)
    large, _ = _queries(lambda: api.get("/api/v1/talents/?page_size=50"))
    filtered, _ = _queries(lambda: api.get("/api/v1/talents/?page_size=50&county=wenxian&industry=materials"))

    assert large == small
    assert filtered == small  # county and industry codes resolve without a query


@pytest.mark.parametrize("who", ["bureau", "liaison_wenxian", "enterprise_user"])
def test_talent_page_queries_do_not_grow_with_data(who, request, client_as):
    client = client_as(request.getfixturevalue(who))
    _talents(3)
    small, _ = _queries(lambda: client.get("/talents/"))
    _talents(30, start=3)
    assert _queries(lambda: client.get("/talents/"))[0] == small
    assert _queries(lambda: client.get("/talents/?county=wenxian&industry=materials"))[0] == small


def test_api_list_rows_are_compact_with_a_link_to_the_full_record(bureau, api_as):
    talent = make_talent(name="孙丽", notes="内部备注", wechat="sunli")
    api = api_as(bureau)

    row = api.get("/api/v1/talents/").json()["results"][0]
    assert list(row) == LIST_FIELDS
    assert row["name"] == "孙丽" and row["native_county_name"] == "温县" and row["industry_names"] == ["新材料"]
    assert "phone" not in row and "notes" not in row and "created_by_name" not in row
    assert row["url"] == f"http://testserver/api/v1/talents/{talent.pk}/"

    full = api.get(row["url"]).json()
    assert list(full) == TalentSerializer.Meta.fields
    assert full["notes"] == "内部备注" and full["wechat"] == "sunli"

    # The hand-written row equals what DRF makes of the declared fields.
    request = api.get("/api/v1/talents/").wsgi_request
    serializer = TalentListSerializer(context={"request": request})
    listed = Talent.objects.select_related("native_county", "category").get(pk=talent.pk)
    assert serializer.to_representation(listed) == ModelSerializer.to_representation(serializer, listed)
    listed.refresh_due_on = None if listed.refresh_due_on else listed.created_at.date()
    assert serializer.to_representation(listed) == ModelSerializer.to_representation(serializer, listed)

    # Clients that want whole records in the list ask for them.
    assert list(api.get("/api/v1/talents/?fields=full").json()["results"][0]) == TalentSerializer.Meta.fields


def test_talent_count_is_capped_on_the_api_and_the_page(bureau, api_as, client_as, monkeypatch):
    monkeypatch.setattr(LibraryPaginator, "cap", 3)
    _talents(5)
    api = api_as(bureau)

    body = api.get("/api/v1/talents/?page_size=2").json()
    assert body["count"] == 3 and body["count_capped"] is True
    seen, url = [], "/api/v1/talents/?page_size=2"
    while url:
        body = api.get(url).json()
        seen += [r["id"] for r in body["results"]]
        url = body["next"]
    assert len(set(seen)) == 5

    text = client_as(bureau).get("/talents/").content.decode()
    assert "超过 3 条" in text and 'data-testid="count-capped"' in text
    text = client_as(bureau).get("/talents/?q=人才1").content.decode()
    assert "共 1 条" in text and 'data-testid="count-capped"' not in text


def test_reference_tables_are_refreshed_when_edited(bureau, client_as):
    client = client_as(bureau)
    assert reference.reference_index(County).get("温县").code == "wenxian"

    county = County.objects.get(code="wenxian")
    county.name = "温县（新）"
    county.save()
    assert reference.reference_index(County).get("温县") is None
    assert reference.reference_index(County).get("温县（新）").pk == county.pk
    assert "温县（新）" in client.get("/talents/").content.decode()  # the filter's drop-down

    industry = Industry.objects.create(code="lowalt", name="低空经济", sort_order=99)
    assert ("lowalt", "低空经济") in reference.active_choices(Industry)
    industry.is_active = False
    industry.save()
    assert ("lowalt", "低空经济") not in reference.active_choices(Industry)
    industry.delete()
    assert reference.reference_index(Industry).get("lowalt") is None


def test_other_processes_reload_after_an_edit(monkeypatch):
    """An edit in another process bumps the shared generation; this process notices it."""
    rows = reference.reference_rows(County)
    assert reference.reference_rows(County) is rows  # cached: the same list

    monkeypatch.setattr(reference, "REFRESH_SECONDS", 0)
    assert reference.reference_rows(County) is rows  # generation unchanged: still cached
    reference._entries["accounts.county"].generation = -1  # as if another process had edited
    assert reference.reference_rows(County) is not rows


def test_reference_lookups_cost_no_query_once_loaded():
    reference.reference_index(County)
    with CaptureQueriesContext(connection) as ctx:
        assert reference.reference_index(County).get("wenxian").name == "温县"
        assert reference.active_choices(County)
    assert ctx.captured_queries == []
