"""Money input edge cases: clear Chinese messages, Decimal kept, never a server error."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core.inputs import parse_money
from tests.subsidies.factories import make_contract


@pytest.mark.parametrize(
    "value, message",
    [
        ("1e309", "科学计数法"),
        ("1000000000000", "过大"),
        ("NaN", "必须是数字"),
        ("Infinity", "必须是数字"),
        ("-1", "不能为负数"),
        ("0.001", "两位小数"),
        ("abc", "必须是数字"),
    ],
)
def test_parse_money_refuses_edge_cases_in_chinese(value, message):
    with pytest.raises(ValidationError) as info:
        parse_money(value, "amount", "金额")
    assert message in info.value.message_dict["amount"][0]


def test_parse_money_keeps_decimal():
    assert parse_money("999999999999.99", "amount", "金额") == Decimal("999999999999.99")


@pytest.mark.parametrize("amount", ["0", "-5", "0.00"])
def test_contract_patch_with_non_positive_amount_is_400(api_as, enterprise_user, amount):
    contract = make_contract(enterprise_user)
    response = api_as(enterprise_user).patch(
        f"/api/v1/contracts/{contract.pk}/", {"transaction_amount": amount}, format="json"
    )
    assert response.status_code == 400
    message = response.json()["transaction_amount"][0]  # the same rule as recording a contract
    assert "大于零" in message or "不能为负数" in message


@pytest.mark.parametrize("buyer", ["abc", "99999999999999999999"])
def test_contract_with_garbage_buyer_is_400(api_as, bureau, buyer):
    response = api_as(bureau).post("/api/v1/contracts/", {"buyer": buyer}, format="json")
    assert response.status_code == 400


# ------------------------------------------------------------- one rule for every money input

INSANE = ["1e5", "1E+5", "2.5e3", "NaN", "Infinity", "1e309", "9" * 30]


@pytest.mark.parametrize("value", INSANE)
def test_the_simulator_answers_400(api_as, enterprise_user, value):
    response = api_as(enterprise_user).post(
        "/api/v1/subsidy-claims/simulate/", {"basis_amount": value, "exceptional": False}, format="json"
    )
    assert response.status_code == 400, (value, response.content)


@pytest.mark.parametrize("value", INSANE)
def test_the_simulator_page_refuses_it_in_chinese(client_as, enterprise_user, value):
    response = client_as(enterprise_user).get("/subsidies/simulator/", {"basis_amount": value})
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode() or "invalid-feedback" in response.content.decode()


@pytest.mark.parametrize("value", INSANE)
def test_parse_money_refuses_insane_amounts(value):
    with pytest.raises(ValidationError):
        parse_money(value, "amount", "金额")


@pytest.mark.parametrize("value", ["1e3", "NaN", "1e309", "9" * 30])
def test_demand_budget_answers_400(api_as, enterprise_user, value):
    from tests.demands.factories import make_demand

    demand = make_demand(enterprise_user.organisation, status="draft")
    response = api_as(enterprise_user).patch(f"/api/v1/demands/{demand.pk}/", {"budget_max": value}, format="json")
    assert response.status_code == 400, (value, response.content)


@pytest.mark.parametrize("value", ["1e5", "NaN", "1e309"])
def test_contract_amounts_answer_400(api_as, enterprise_user, value):
    contract = make_contract(enterprise_user)
    response = api_as(enterprise_user).patch(
        f"/api/v1/contracts/{contract.pk}/", {"transaction_amount": value}, format="json"
    )
    assert response.status_code == 400, (value, response.content)


def test_django_forms_refuse_scientific_notation():
    from django import forms

    class AmountForm(forms.Form):
        amount = forms.DecimalField(max_digits=14, decimal_places=2)

    assert not AmountForm({"amount": "1e5"}).is_valid()
    assert "科学计数法" in AmountForm({"amount": "1e5"}).errors["amount"][0]
    assert AmountForm({"amount": "100000"}).is_valid()


def test_excel_amounts_refuse_scientific_notation():
    from core.inputs import parse_decimal

    with pytest.raises(ValueError):
        parse_decimal("1e5")
    assert parse_decimal("12,345.60") == Decimal("12345.60")


@pytest.mark.parametrize("value", ["1e5", "1E+3", "2.5e-1"])
def test_parse_money_refuses_exponents(value):
    with pytest.raises(ValidationError) as info:
        parse_money(value, "amount", "金额")
    assert "科学计数法" in info.value.message_dict["amount"][0]


@pytest.mark.parametrize(
    "basis, message",
    [
        ("1e5", "科学计数法"),
        ("1e309", "科学计数法"),
        ("9" * 20, "过大"),
        ("NaN", "必须是数字"),
        ("-Infinity", "必须是数字"),
    ],
)
def test_simulator_answers_400_to_insane_amounts(api_as, client_as, enterprise_user, basis, message):
    answer = api_as(enterprise_user).post(
        "/api/v1/subsidy-claims/simulate/", {"basis_amount": basis, "exceptional": True}, format="json"
    )
    assert answer.status_code == 400
    assert message in answer.json()["detail"]
    page = client_as(enterprise_user).get("/subsidies/simulator/", {"basis_amount": basis})
    assert page.status_code == 200 and message in page.content.decode()


@pytest.mark.parametrize("amount", ["1e6", "NaN", "9" * 20])
def test_contract_money_refuses_exponents_nan_and_huge_values_on_page_and_api(
    api_as, client_as, enterprise_user, amount
):
    body = {
        "registration_number": "4108002024000555",
        "name": "精密铸造工艺技术转让",
        "contract_type": "transfer",
        "seller_name": "中国科学院金属研究所",
        "contract_amount": amount,
        "transaction_amount": "1000.00",
        "signed_on": "2024-01-10",
        "registered_on": "2024-01-20",
    }
    answer = api_as(enterprise_user).post("/api/v1/contracts/", body, format="json")
    assert answer.status_code == 400
    assert answer.json()["contract_amount"][0].startswith("合同金额")
    page = client_as(enterprise_user).post("/subsidies/contracts/new/", body)
    assert page.status_code == 200 and "合同金额" in page.content.decode()
    from subsidies.models import TechContract

    assert not TechContract.objects.exists()


def test_claim_requested_amount_refuses_exponents(api_as, enterprise_user, bureau):
    from tests.subsidies.factories import last_year, make_payment

    contract = make_contract(enterprise_user)
    make_payment(contract, enterprise_user, bureau)
    answer = api_as(enterprise_user).post(
        "/api/v1/subsidy-claims/",
        {"contract": contract.pk, "claim_year": last_year(), "requested_amount": "1e3"},
        format="json",
    )
    assert answer.status_code == 400
    assert "科学计数法" in str(answer.json())
