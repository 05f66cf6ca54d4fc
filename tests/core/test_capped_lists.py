"""Every list counts at most 10,000 rows (core.library.pagination), pages and API alike, and says
so honestly; the lists that grow with use (contracts, payments, claims, the review queue, credit
records, platforms, supervision ledgers, notifications) cost the same number of queries for 3
rows as for 13."""

import importlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver

from core.library.pagination import LibraryApiPagination, LibraryPaginator
from core.mixins import FilteredListMixin
from core.models import Notification
from tests.credit.factories import make_record
from tests.platforms.factories import make_platform
from tests.subsidies.factories import make_claim, make_contract
from tests.supervision.factories import ledger_item

API_MODULES = [
    "accounts.api.urls",
    "credit.api.urls",
    "talents.api.urls",
    "demands.api.urls",
    "achievements.api.urls",
    "engagements.api.urls",
    "platforms.api.urls",
    "subsidies.api.urls",
    "events.api.urls",
    "supervision.api.urls",
]


def _views(patterns):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _views(p.url_patterns)
        elif isinstance(p, URLPattern):
            yield p.callback


def test_every_list_page_has_a_capped_count():
    pages = {getattr(v, "view_class", None) for v in _views(get_resolver().url_patterns)}
    lists = [c for c in pages if c is not None and issubclass(c, FilteredListMixin)]
    assert len(lists) >= 15
    assert [c for c in lists if not issubclass(c.paginator_class, LibraryPaginator)] == []


def test_every_list_api_has_a_capped_count():
    viewsets = [vs for m in API_MODULES for _prefix, vs, _name in importlib.import_module(m).router.registry]
    uncapped = [
        vs.__name__
        for vs in viewsets
        if vs().pagination_class is not None and not issubclass(vs().pagination_class, LibraryApiPagination)
    ]
    assert uncapped == []


def _queries(fn) -> int:
    fn()  # warm per-user caches (roles) so that only the list itself is counted
    with CaptureQueriesContext(connection) as ctx:
        response = fn()
    assert response.status_code == 200, response.content[:300]
    return len(ctx.captured_queries)


def _contracts(ctx, n):
    for _ in range(n):
        make_contract(ctx["enterprise"])


def _claims(ctx, n, status="submitted"):
    from subsidies.models import Claim

    for _ in range(n):
        claim = make_claim(ctx["enterprise"], ctx["bureau"], attach=False)
        # Only the state matters to the lists (the workflow is tested in tests/subsidies).
        Claim.objects.filter(pk=claim.pk).update(status=status, submitted_at=claim.created_at)


def _review_queue(ctx, n):
    _claims(ctx, n, status="bureau_review")


def _credit(ctx, n):
    for i in range(n):
        make_record(ctx["enterprise"].organisation, reason=f"虚报技术合同交易额{i}")


def _platforms(ctx, n):
    start = ctx.setdefault("platforms", 0)
    for i in range(start, start + n):
        make_platform(ctx["institute"].organisation, name=f"焦作市液压密封工程技术研究中心{i}")
    ctx["platforms"] = start + n


def _ledger(ctx, n):
    for i in range(n):
        ledger_item(task=f"征集企业技术需求{i}")


def _engagements(ctx, n):
    from engagements.models import Engagement
    from tests.demands.factories import make_achievement, make_demand

    for i in range(n):
        Engagement.objects.create(
            demand=make_demand(ctx["enterprise"].organisation, status="published", title=f"液压设备漏油治理{i}"),
            target_kind="achievement",
            achievement=make_achievement(ctx["institute"].organisation, status="published", title=f"氟橡胶密封{i}"),
            owner=ctx["bureau"],
            status="intent",
        )


def _notifications(ctx, n):
    Notification.objects.bulk_create(
        [Notification(recipient=ctx["bureau"], kind="test", title=f"通知{i}") for i in range(n)]
    )


# (name, rows maker, page URL, API URL or None)
LISTS = [
    ("contracts", _contracts, "/subsidies/contracts/", "/api/v1/contracts/"),
    ("payments", _claims, "/subsidies/payments/", "/api/v1/contract-payments/"),
    ("claims", _claims, "/subsidies/claims/", "/api/v1/subsidy-claims/"),
    ("review queue", _review_queue, "/subsidies/review/", None),
    ("credit records", _credit, "/credit/", "/api/v1/credit-records/"),
    ("platforms", _platforms, "/platforms/", "/api/v1/platforms/"),
    ("supervision ledger", _ledger, "/supervision/ledger/", "/api/v1/ledger-items/"),
    ("engagements", _engagements, "/engagements/list/", "/api/v1/engagements/"),
    ("notifications", _notifications, "/notifications/", "/api/v1/notifications/"),
]


@pytest.fixture
def ctx(bureau, enterprise_user, institute_user):
    return {"bureau": bureau, "enterprise": enterprise_user, "institute": institute_user}


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "make", "page_url", "api_url"), LISTS, ids=[x[0] for x in LISTS])
def test_list_queries_do_not_grow_with_rows(ctx, client_as, api_as, name, make, page_url, api_url):
    page, api = client_as(ctx["bureau"]), api_as(ctx["bureau"])
    make(ctx, 3)
    few_page = _queries(lambda: page.get(page_url))
    few_api = _queries(lambda: api.get(api_url)) if api_url else None
    make(ctx, 10)
    assert _queries(lambda: page.get(page_url)) == few_page
    if api_url:
        assert _queries(lambda: api.get(api_url)) == few_api


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "make", "page_url", "api_url"), LISTS, ids=[x[0] for x in LISTS])
def test_capped_count_is_shown_honestly(ctx, client_as, api_as, monkeypatch, name, make, page_url, api_url):
    monkeypatch.setattr(LibraryPaginator, "cap", 3)
    page, api = client_as(ctx["bureau"]), api_as(ctx["bureau"])
    make(ctx, 2)
    text = page.get(page_url).content.decode()
    assert "共 2 条" in text and 'data-testid="count-capped"' not in text
    if api_url:
        body = api.get(api_url).json()
        assert body["count"] == 2 and body["count_capped"] is False

    make(ctx, 2)
    text = page.get(page_url).content.decode()
    assert "超过 3 条" in text and 'data-testid="count-capped"' in text
    if api_url:
        body = api.get(f"{api_url}?page_size=1").json()
        assert body["count"] == 3 and body["count_capped"] is True
        seen, url = 0, f"{api_url}?page_size=1"
        while url:  # `next` still reaches every record past the cap
            body = api.get(url).json()
            seen += len(body["results"])
            url = body["next"]
        assert seen == 4


@pytest.mark.django_db
def test_review_queue_lists_the_oldest_approved_claims_and_says_how_many(ctx, client_as, monkeypatch):
    from subsidies.views.claims import ReviewQueueView

    monkeypatch.setattr(ReviewQueueView, "APPROVED_SHOWN", 2)
    _claims(ctx, 3, status="approved")
    text = client_as(ctx["bureau"]).get("/subsidies/review/").content.decode()
    assert text.count('name="claim"') == 2
    assert 'data-testid="approved-shown"' in text and "共 3 项" in text


@pytest.mark.django_db
def test_engagement_filter_lists_few_records_and_carries_many(ctx, client_as, monkeypatch):
    from engagements import filters

    page = client_as(ctx["bureau"])
    _engagements(ctx, 2)
    text = page.get("/engagements/list/").content.decode()
    assert '<select name="demand"' in text and "液压设备漏油治理1" in text

    monkeypatch.setattr(filters, "CHOICES_SHOWN", 1)
    text = page.get("/engagements/list/").content.decode()
    assert '<select name="demand"' not in text and '<select name="achievement"' not in text
    from engagements.models import Engagement

    one = Engagement.objects.order_by("pk").first()
    text = page.get(f"/engagements/list/?demand={one.demand_id}").content.decode()
    assert f'name="demand" value="{one.demand_id}"' in text  # a link's filter is carried
    assert text.count('href="/engagements/') >= 1 and "液压设备漏油治理0" in text and "液压设备漏油治理1" not in text


@pytest.mark.django_db
def test_claim_status_filter_reads_a_page_without_distinct(ctx, client_as):
    _claims(ctx, 2)
    _claims(ctx, 1, status="approved")
    page = client_as(ctx["bureau"])
    with CaptureQueriesContext(connection) as queries:
        text = page.get("/subsidies/claims/?status=submitted&status=approved").content.decode()
    assert "共 3 条" in text
    assert not [q["sql"] for q in queries.captured_queries if "DISTINCT" in q["sql"] and "subsidies_claim" in q["sql"]]
