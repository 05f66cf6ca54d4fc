"""compute_subsidy at the edges the policy (焦办〔2020〕23号) cares about."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from subsidies.models import PolicyVersion
from subsidies.policy import compute_subsidy


@pytest.fixture
def policy(db):
    return PolicyVersion.objects.get(document_number="焦办〔2020〕23号")


@pytest.mark.parametrize(
    "basis, exceptional, expected",
    [
        ("0", False, "0.00"),
        ("9999999.99", False, "1000000.00"),  # 999,999.999 rounds half up to the cap exactly
        ("10000000.00", False, "1000000.00"),
        ("10000000.01", False, "1000000.00"),  # capped
        ("25000000", True, "2000000.00"),  # 一事一议: exceptional cap instead
        ("25000000", False, "1000000.00"),
        ("15000000", True, "1500000.00"),
        ("12345.65", False, "1234.57"),  # 1,234.565 → round half up
        ("12345.64", False, "1234.56"),  # 1,234.564 → down
        ("0.05", False, "0.01"),  # half a cent rounds up
        ("0.04", False, "0.00"),
    ],
)
def test_policy_function_edges(policy, basis, exceptional, expected):
    result = compute_subsidy(policy=policy, basis=Decimal(basis), exceptional=exceptional)
    assert result.amount == Decimal(expected)
    assert isinstance(result.amount, Decimal)
    assert result.amount.as_tuple().exponent == -2


def test_capped_result_says_why(policy):
    result = compute_subsidy(policy=policy, basis="10000000.01", exceptional=False)
    assert result.capped and result.cap == Decimal("1000000.00")
    assert "单项目上限" in result.explanation and "焦办〔2020〕23号" in result.explanation
    exceptional = compute_subsidy(policy=policy, basis="25000000", exceptional=True)
    assert exceptional.cap == Decimal("2000000.00") and "一事一议上限" in exceptional.explanation


@pytest.mark.parametrize("basis", ["-0.01", Decimal("-1"), "-10000000"])
def test_negative_basis_refused(policy, basis):
    with pytest.raises(ValidationError, match="不能为负数"):
        compute_subsidy(policy=policy, basis=basis, exceptional=False)


@pytest.mark.parametrize("basis", ["abc", "", "1e", "NaN", "Infinity"])
def test_non_numeric_basis_refused(policy, basis):
    with pytest.raises(ValidationError, match="必须是数字"):
        compute_subsidy(policy=policy, basis=basis, exceptional=False)


def test_per_enterprise_year_cap_of_hebi_variant(db):
    hebi = PolicyVersion(
        name="鹤壁变体",
        document_number="鹤政〔2018〕10号",
        valid_from=date(2018, 1, 1),
        rate=Decimal("0.10"),
        per_project_cap=Decimal("1000000.00"),
        per_enterprise_year_cap=Decimal("1000000.00"),
        exceptional_cap=Decimal("2000000.00"),
    )
    first = compute_subsidy(policy=hebi, basis="6000000", enterprise_year_granted=Decimal("0"))
    assert first.amount == Decimal("600000.00")
    second = compute_subsidy(policy=hebi, basis="6000000", enterprise_year_granted=Decimal("600000.00"))
    assert second.amount == Decimal("400000.00") and second.capped
    assert "每家企业每年上限" in second.explanation
    exhausted = compute_subsidy(policy=hebi, basis="6000000", enterprise_year_granted=Decimal("1000000.00"))
    assert exhausted.amount == Decimal("0.00")


def test_seeded_policy_and_current_version(policy):
    assert policy.rate == Decimal("0.10")
    assert policy.per_project_cap == Decimal("1000000.00")
    assert policy.per_enterprise_year_cap is None
    assert policy.exceptional_cap == Decimal("2000000.00")
    assert policy.valid_from == date(2020, 8, 12)
    assert PolicyVersion.current(on=date(2024, 1, 1)) == policy
    assert PolicyVersion.current(on=date(2020, 8, 11)) is None


def test_new_version_takes_over_from_its_valid_from(policy):
    policy.valid_to = date(2025, 12, 31)
    policy.save()
    newer = PolicyVersion.objects.create(
        name="新版政策",
        document_number="焦政〔2026〕1号",
        valid_from=date(2026, 1, 1),
        rate=Decimal("0.08"),
        per_project_cap=Decimal("800000.00"),
        exceptional_cap=Decimal("2000000.00"),
    )
    assert PolicyVersion.current(on=date(2025, 12, 31)) == policy
    assert PolicyVersion.current(on=date(2026, 1, 1)) == newer


def test_overlapping_versions_refused_by_clean(policy):
    overlapping = PolicyVersion(
        name="重叠",
        document_number="X",
        valid_from=date(2024, 1, 1),
        rate=Decimal("0.10"),
        per_project_cap=Decimal("1000000.00"),
        exceptional_cap=Decimal("2000000.00"),
    )
    with pytest.raises(ValidationError, match="重叠"):
        overlapping.full_clean()
