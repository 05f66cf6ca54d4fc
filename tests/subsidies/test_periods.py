"""Periods: an ended policy says so, a claim uses the policy of its claim year (or is told none
applies), and the claim year defaults to last year — the year whose payments are claimed."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from subsidies.models import PolicyVersion, default_claim_year
from subsidies.services import claim_create
from tests.subsidies.factories import make_contract, make_payment

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    return PolicyVersion.objects.get(document_number="焦办〔2020〕23号")


def test_the_action_plan_policy_ends_with_its_period(seeded):
    assert seeded.valid_to == date(2025, 12, 31)
    assert seeded.has_ended(on=date(2026, 1, 1)) and not seeded.has_ended(on=date(2025, 12, 31))
    assert seeded.period_display.startswith("2020–2025")
    if timezone.localdate().year > 2025:
        assert seeded.period_display == "2020–2025（已到期）"


def test_a_claim_year_finds_the_policy_of_its_payments(seeded):
    assert PolicyVersion.for_claim_year(2025) == seeded
    assert PolicyVersion.for_claim_year(2020) == seeded
    assert PolicyVersion.for_claim_year(2019) is None
    assert PolicyVersion.for_claim_year(2026) is None


def test_the_claim_year_defaults_to_last_year_and_says_why(client_as, enterprise_user):
    response = client_as(enterprise_user).get(reverse("subsidies:claim_create"))
    form = response.context["form"]
    assert form.fields["claim_year"].initial == timezone.localdate().year - 1 == default_claim_year()
    body = response.content.decode()
    assert "默认为上一年度" in body
    assert "年度申报适用政策" in body or "没有适用的补助政策" in body


def test_a_claim_for_a_year_no_policy_covers_is_told_so(enterprise_user, bureau, seeded):
    contract = make_contract(enterprise_user)
    make_payment(contract, enterprise_user, bureau)
    year = 2026
    if timezone.localdate().year < year:
        pytest.skip("the machine clock is before 2026")
    with pytest.raises(ValidationError) as caught:
        claim_create(user=enterprise_user, contract=contract, claim_year=year, is_exceptional=False)
    assert "2026 年度没有适用的补助政策" in str(caught.value)


def test_a_claim_shows_the_policy_and_its_period(client_as, enterprise_user, bureau, seeded):
    from tests.subsidies.factories import make_claim

    claim = make_claim(enterprise_user, bureau)
    assert claim.policy == seeded
    body = client_as(enterprise_user).get(claim.get_absolute_url()).content.decode()
    assert f"{seeded}，有效期 {seeded.period_display}" in body


def test_a_new_policy_covers_the_years_after(seeded):
    newer = PolicyVersion.objects.create(
        name="新版政策",
        document_number="焦政〔2026〕1号",
        valid_from=date(2026, 1, 1),
        rate="0.08",
        per_project_cap="800000.00",
        exceptional_cap="2000000.00",
    )
    assert PolicyVersion.for_claim_year(2026) == newer
    assert PolicyVersion.for_claim_year(2025) == seeded
    assert newer.period_display == "2026 年起"
