"""Ids typed or tampered with by users mean "no such record", never a server error."""

import pytest

from core.inputs import parse_id, parse_ids
from tests.demands.factories import make_demand

HUGE = "99999999999999999999"


@pytest.mark.parametrize("value", ["abc", "", None, "-3", "0", "1e85", "２", "²", HUGE, "1.5", True, [1]])
def test_parse_id_refuses_what_cannot_be_a_stored_id(value):
    assert parse_id(value) is None


def test_parse_ids_keeps_valid_ids_in_order():
    assert parse_ids(["3", "abc", HUGE, "1", "3"]) == [3, 1]


@pytest.mark.parametrize("query", ["owner=-5.79e%2B85", "owner=abc", f"owner={HUGE}"])
def test_achievement_api_owner_filter_garbage_is_400(api_as, enterprise_user, query):
    response = api_as(enterprise_user).get(f"/api/v1/achievements/?{query}")
    assert response.status_code == 400
    assert "owner" in response.json()


@pytest.mark.parametrize("query", ["demand=abc", f"achievement={HUGE}", "claim_year=1e85"])
def test_engagement_and_claim_id_filters_refuse_garbage(api_as, bureau, query):
    url = "/api/v1/subsidy-claims/" if query.startswith("claim_year") else "/api/v1/engagements/"
    assert api_as(bureau).get(f"{url}?{query}").status_code == 400


@pytest.mark.parametrize("industry", ["²", HUGE, "不存在的产业"])
def test_reference_filter_with_odd_digits_is_a_validation_error(api_as, enterprise_user, industry):
    response = api_as(enterprise_user).get("/api/v1/demands/", {"industry": industry})
    assert response.status_code in (200, 400)


@pytest.mark.parametrize("demand", ["abc", HUGE, "-1", ""])
def test_open_engagement_page_with_bad_demand_id_is_404(client_as, liaison_wenxian, demand):
    client = client_as(liaison_wenxian)
    assert client.get("/engagements/new/", {"demand": demand}).status_code == 404
    assert client.post("/engagements/new/", {"demand": demand}).status_code == 404


def test_open_engagement_page_with_bad_party_id_is_404(client_as, bureau, enterprise_user):
    demand = make_demand(enterprise_user.organisation, status="published")
    client = client_as(bureau)
    for party in ("achievement", "talent", "institute"):
        assert client.get("/engagements/new/", {"demand": demand.pk, party: HUGE}).status_code == 404


@pytest.mark.parametrize(
    "url, field",
    [
        ("/demands/batch/", "ids"),
        ("/achievements/batch/", "ids"),
        ("/talents/screening/admit/", "ids"),
        ("/subsidies/publicity/publicize/", "claim"),
    ],
)
def test_batch_actions_ignore_garbage_ids(client_as, bureau, url, field):
    response = client_as(bureau).post(url, {field: ["abc", HUGE, "-1"], "to": "published"})
    assert response.status_code == 302


def test_talent_merge_with_garbage_other_is_404(api_as, bureau):
    from tests.talents.factories import make_talent  # noqa: PLC0415

    talent = make_talent()
    response = api_as(bureau).post(f"/api/v1/talents/{talent.pk}/confirm-distinct/", {"other": HUGE}, format="json")
    assert response.status_code == 404
