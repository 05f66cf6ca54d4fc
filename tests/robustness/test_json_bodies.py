"""Malformed or non-object JSON bodies get a Chinese 400 on every write endpoint."""

import pytest

ENDPOINTS = [
    "/api/v1/talents/",
    "/api/v1/demands/",
    "/api/v1/achievements/",
    "/api/v1/engagements/",
    "/api/v1/contracts/",
    "/api/v1/subsidy-claims/",
    "/api/v1/subsidy-claims/simulate/",
    "/api/v1/contract-payments/",
    "/api/v1/institutes/",
]


@pytest.mark.parametrize("url", ENDPOINTS)
@pytest.mark.parametrize("body", ["[1, 2]", '"text"', "42", "null", "{bad json"])
def test_non_object_json_is_a_chinese_400(api_as, bureau, url, body):
    response = api_as(bureau).generic("POST", url, body, content_type="application/json")
    assert response.status_code == 400
    assert "JSON" in response.json()["detail"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in response.json()["detail"])


def test_transition_with_list_body_is_400(api_as, enterprise_user):
    from tests.demands.factories import make_demand  # noqa: PLC0415

    demand = make_demand(enterprise_user.organisation)
    response = api_as(enterprise_user).generic(
        "POST", f"/api/v1/demands/{demand.pk}/transition/", "[]", content_type="application/json"
    )
    assert response.status_code == 400


def test_transition_to_unknown_state_is_400(api_as, enterprise_user):
    from tests.demands.factories import make_demand  # noqa: PLC0415

    demand = make_demand(enterprise_user.organisation)
    response = api_as(enterprise_user).post(
        f"/api/v1/demands/{demand.pk}/transition/", {"to": "no_such_state"}, format="json"
    )
    assert response.status_code == 400
    assert "不能从" in response.json()["detail"]
