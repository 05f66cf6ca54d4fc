"""A list shows each claim's available transitions from facts loaded for the whole page
(subsidies.workflow.load_page_facts): the same transitions, for every role, as the checks
that query claim by claim; and a query count that does not grow with the page."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.registry import refusal_for, refusals_for
from core.workflow import transition
from subsidies.models import Claim
from subsidies.services import claim_create
from subsidies.workflow import CLAIM_WORKFLOW, load_page_facts
from tests.credit.factories import make_blacklist
from tests.factories import make_enterprise_user, make_liaison

from .factories import advance, last_year, make_claim

pytestmark = pytest.mark.django_db
S = Claim.Status


def with_role(user, role):
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    return type(user).objects.get(pk=user.pk)


def offered(claims, user):
    return [[(t.source, t.target, t.label) for t in CLAIM_WORKFLOW.available(c, user)] for c in claims]


def page():
    return list(Claim.objects.select_related("enterprise", "contract", "policy").order_by("pk"))


@pytest.fixture
def claims_in_every_state(enterprise_user, bureau, liaison_wenxian, leader):
    """Claims of two enterprises (one blacklisted) in every state, decided at every stage."""
    dual = with_role(make_liaison("wenxian"), "bureau")  # a liaison of the county who is also bureau staff

    def submitted(exceptional=False):
        return advance(make_claim(enterprise_user, bureau, exceptional=exceptional), (enterprise_user, S.SUBMITTED))

    def at_bureau(exceptional=False, county=liaison_wenxian):
        return advance(submitted(exceptional), (county, S.COUNTY_REVIEW), (county, S.BUREAU_REVIEW))

    make_claim(enterprise_user, bureau)  # draft
    make_claim(enterprise_user, bureau, attach=False)  # draft that cannot be submitted yet
    submitted()
    advance(submitted(), (liaison_wenxian, S.COUNTY_REVIEW))
    at_bureau()
    at_bureau(county=dual)  # the dual-role user took the county stage: not the bureau stage
    at_bureau(exceptional=True)
    advance(at_bureau(exceptional=True), (bureau, S.LEADER_REVIEW))
    advance(at_bureau(), (bureau, S.APPROVED))
    advance(at_bureau(), (bureau, S.APPROVED), (bureau, S.PUBLICIZED))
    advance(
        at_bureau(exceptional=True),
        (bureau, S.LEADER_REVIEW),
        (leader, S.APPROVED, {"decision_reference": "焦政纪〔2025〕3号"}),
    )
    transition(submitted(), S.RETURNED, liaison_wenxian, "请补充材料")
    transition(submitted(), S.REJECTED, liaison_wenxian, "材料不实")
    transition(at_bureau(), S.REJECTED, bureau, "不符合条件")
    rejected = at_bureau()
    transition(rejected, S.REJECTED, bureau, "不符合条件")
    # a new claim of the same contract and year: the rejected one cannot be reopened
    claim_create(user=enterprise_user, contract=rejected.contract, claim_year=last_year())
    # a blacklisted enterprise's claims at the bureau and publicised
    other = make_enterprise_user(name="焦作市失信测试企业有限公司", county=liaison_wenxian.county)
    blocked = advance(make_claim(other, bureau), (other, S.SUBMITTED))
    advance(blocked, (liaison_wenxian, S.COUNTY_REVIEW), (liaison_wenxian, S.BUREAU_REVIEW))
    make_blacklist(other.organisation)
    return {"enterprise": enterprise_user, "other": other, "dual": dual}


def test_transitions_from_page_facts_match_the_row_by_row_checks(
    claims_in_every_state, enterprise_user, bureau, liaison_wenxian, leader
):
    users = [bureau, leader, liaison_wenxian, enterprise_user, *claims_in_every_state.values()]
    states = {c.status for c in page()}
    assert states >= {S.DRAFT, S.SUBMITTED, S.COUNTY_REVIEW, S.BUREAU_REVIEW, S.LEADER_REVIEW, S.APPROVED}
    assert states >= {S.PUBLICIZED, S.RETURNED, S.REJECTED}
    for user in users:
        expected = offered(page(), user)
        assert offered(load_page_facts(page()), user) == expected, user.username
    # the rules still bite on the list: the separation of duties, the blacklist, the reopen checks
    by_bureau = offered(load_page_facts(page()), bureau)
    assert any((S.BUREAU_REVIEW, S.APPROVED, "市级审核通过") in row for row in by_bureau)
    assert any(row and all(t[1] != S.APPROVED for t in row) for row in by_bureau)
    dual = offered(load_page_facts(page()), claims_in_every_state["dual"])
    assert sum(1 for row in dual if any(t[1] == S.APPROVED for t in row)) < sum(
        1 for row in by_bureau if any(t[1] == S.APPROVED for t in row)
    )


@pytest.mark.parametrize("who", ["bureau", "enterprise_user", "liaison_wenxian", "leader"])
def test_page_facts_take_a_fixed_number_of_queries(claims_in_every_state, request, who):
    user = request.getfixturevalue(who)
    claims = page()
    with CaptureQueriesContext(connection) as queries:
        offered(load_page_facts(claims), user)
    assert len(claims) > 15
    # history and payment links; the blacklist per action; a rejected row's other claims and
    # counted payments; a draft's attachments, the enterprise's grants, the project's claims
    assert len(queries) <= 8, [q["sql"][:80] for q in queries.captured_queries]


def test_refusals_for_many_units_match_one_by_one(enterprise_user, other_enterprise_user):
    make_blacklist(other_enterprise_user.organisation)
    orgs = [enterprise_user.organisation, other_enterprise_user.organisation]
    assert refusals_for(orgs, "获得补助") == {org.pk: refusal_for(org, "获得补助") for org in orgs}
    assert refusals_for(orgs, "获得补助")[other_enterprise_user.organisation.pk]


@pytest.mark.parametrize("who", ["bureau", "enterprise_user"])
def test_claims_api_queries_do_not_grow_with_page_size(claims_in_every_state, api_client, request, who):
    user = request.getfixturevalue(who)
    api_client.force_authenticate(user)
    with CaptureQueriesContext(connection) as small:
        first = api_client.get("/api/v1/subsidy-claims/?fields=full&page_size=2")
    with CaptureQueriesContext(connection) as large:
        full = api_client.get("/api/v1/subsidy-claims/?fields=full&page_size=100")
    assert first.status_code == full.status_code == 200
    assert len(full.json()["results"]) > 10
    assert len(large) <= len(small) + 5  # page facts are read when a row first needs them
    assert len(large) <= 14  # session-less: user, count, page, attachments, history, links, facts
    for row in full.json()["results"]:
        assert {"available_transitions", "payment_ids", "attachments", "status_display"} <= set(row)
    # The default, compact list: the claim's own fields and `url`, in a fixed handful of queries.
    with CaptureQueriesContext(connection) as compact:
        rows = api_client.get("/api/v1/subsidy-claims/?page_size=100").json()["results"]
    assert len(rows) == len(full.json()["results"])
    assert len(compact) <= 4, [q["sql"][:80] for q in compact.captured_queries]  # user, count, page (+ county table)
    for row in rows:
        assert {"url", "status", "status_display", "computed_amount"} <= set(row)
        assert not {"available_transitions", "payment_ids", "attachments"} & set(row)


@pytest.mark.parametrize(
    "who,url",
    [
        ("bureau", "/subsidies/claims/"),
        ("enterprise_user", "/subsidies/claims/"),
        ("bureau", "/subsidies/review/"),
        ("liaison_wenxian", "/subsidies/review/"),
        ("bureau", "/subsidies/payments/"),
        ("bureau", "/subsidies/contracts/"),
    ],
)
def test_list_pages_query_count_does_not_grow_with_rows(
    enterprise_user, bureau, liaison_wenxian, client, request, who, url
):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    client.force_login(request.getfixturevalue(who))
    advance(make_claim(enterprise_user, bureau), (enterprise_user, S.SUBMITTED))
    claim = advance(make_claim(enterprise_user, bureau), (enterprise_user, S.SUBMITTED))
    advance(claim, (liaison_wenxian, S.COUNTY_REVIEW), (liaison_wenxian, S.BUREAU_REVIEW))
    queries()  # the process reads its reference tables once
    one = queries()
    for _ in range(4):
        claim = advance(make_claim(enterprise_user, bureau), (enterprise_user, S.SUBMITTED))
        advance(claim, (liaison_wenxian, S.COUNTY_REVIEW), (liaison_wenxian, S.BUREAU_REVIEW))
    assert queries() == one


def test_claim_page_rows_keep_their_cells(enterprise_user, bureau, liaison_wenxian, client):
    """The rows written in Python show what the template showed: link, badges, county, amounts."""
    claim = advance(make_claim(enterprise_user, bureau, exceptional=True), (enterprise_user, S.SUBMITTED))
    transition(claim, S.RETURNED, liaison_wenxian, "请补充<银行>凭证")
    client.force_login(enterprise_user)
    html = client.get("/subsidies/claims/").content.decode()
    assert f'href="/subsidies/claims/{claim.pk}/">{claim.number}</a>' in html
    assert '<span class="badge text-bg-light">一事一议</span>' in html
    assert '<span class="badge text-bg-warning" data-status="returned">退回补正</span>' in html
    assert "请补充&lt;银行&gt;凭证" in html and "<银行>" not in html
    assert enterprise_user.organisation.county.name in html


def test_review_queue_counts_without_the_joins_its_rows_show(enterprise_user, bureau, liaison_wenxian, client):
    """The approved claims below the queue are listed with their enterprise's name; counting them
    reads the claims alone (LibraryPaginator(count_from=…))."""
    claim = advance(make_claim(enterprise_user, bureau), (enterprise_user, S.SUBMITTED))
    advance(claim, (liaison_wenxian, S.COUNTY_REVIEW), (liaison_wenxian, S.BUREAU_REVIEW), (bureau, S.APPROVED))
    client.force_login(bureau)
    with CaptureQueriesContext(connection) as captured:
        html = client.get("/subsidies/review/").content.decode()
    assert claim.number in html
    counts = [q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"] and "subsidies_claim" in q["sql"]]
    assert len(counts) == 2  # the queue and the approved claims
    assert not [sql for sql in counts if "JOIN" in sql]
