"""Transition bodies with odd values: unknown targets, numbers, lists, garbage ids and dates."""

import pytest

from core.workflow import transition
from engagements.services import engagement_open
from tests import factories
from tests.matching import factories as f
from tests.subsidies.factories import make_claim


@pytest.fixture
def engagement(bureau, enterprise_user, institute_user):
    demand = f.demand(enterprise_user.organisation, county=factories.county("wenxian"))
    achievement = f.achievement(institute_user.organisation)
    engagement = engagement_open(user=bureau, demand=demand, achievement=achievement)
    transition(engagement, "negotiating", bureau)
    return engagement


def _sign(api, engagement, **body):
    return api.post(f"/api/v1/engagements/{engagement.pk}/transition/", {"to": "signed", **body}, format="json")


@pytest.mark.parametrize(
    "body",
    [
        {"contract": "abc"},
        {"contract": "99999999999999999999"},
        {"registration_number": 12345, "contract_amount": 100, "transaction_amount": "NaN"},
        {"registration_number": "R-1", "contract_amount": "1e309", "transaction_amount": "1"},
        {"registration_number": "R-1", "contract_amount": "5", "transaction_amount": "5", "signed_on": "2026-02-30"},
        {"registration_number": ["a", "b"]},
        {"registration_number": {"x": 1}},
    ],
)
def test_signing_with_garbage_is_400_and_changes_nothing(api_as, bureau, engagement, body):
    response = _sign(api_as(bureau), engagement, **body)
    assert response.status_code == 400, response.content
    engagement.refresh_from_db()
    assert engagement.status == "negotiating"
    assert engagement.contract_id is None


def test_signing_with_numeric_json_values_works(api_as, bureau, engagement):
    response = _sign(
        api_as(bureau),
        engagement,
        registration_number=410800123456,
        contract_amount=200000,
        transaction_amount=150000.5,
        signed_on="2025-05-01",
    )
    assert response.status_code == 200, response.content
    engagement.refresh_from_db()
    assert str(engagement.contract.transaction_amount) == "150000.50"


@pytest.mark.parametrize("to", ["no_such_state", "", 12, None, ["signed"]])
def test_unknown_or_malformed_target_is_400(api_as, bureau, engagement, to):
    response = api_as(bureau).post(f"/api/v1/engagements/{engagement.pk}/transition/", {"to": to}, format="json")
    assert response.status_code == 400


@pytest.mark.parametrize("amount", ["NaN", "Infinity", "1e309", "-5", "0.001", "abc", ["1"]])
def test_claim_review_with_bad_amount_is_400(api_as, enterprise_user, liaison_wenxian, bureau, amount):
    claim = make_claim(enterprise_user, bureau)
    transition(claim, "submitted", enterprise_user)
    claim.refresh_from_db()
    api = api_as(bureau)
    targets = [t for t in ("county_reviewed", "approved") if t]
    for to in targets:
        response = api.post(
            f"/api/v1/subsidy-claims/{claim.pk}/transition/", {"to": to, "amount": amount}, format="json"
        )
        assert response.status_code in (400, 403), response.content
    claim.refresh_from_db()
    assert claim.status == "submitted"


def test_talent_archive_with_numeric_comment(api_as, bureau):
    from tests.talents.factories import make_talent  # noqa: PLC0415

    talent = make_talent()
    response = api_as(bureau).post(f"/api/v1/talents/{talent.pk}/archive/", {"comment": 123}, format="json")
    assert response.status_code in (200, 400)


@pytest.mark.parametrize("field", ["registration_number", "contract_name", "contract_type"])
def test_signing_with_huge_strings_is_400(api_as, bureau, engagement, field):
    body = {"registration_number": "R-1", "contract_amount": "5", "transaction_amount": "5", field: "长" * 5000}
    response = _sign(api_as(bureau), engagement, **body)
    assert response.status_code == 400, response.content
    engagement.refresh_from_db()
    assert engagement.status == "negotiating"
