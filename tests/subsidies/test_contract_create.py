from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from subsidies.services import contract_create

pytestmark = pytest.mark.django_db


def _kwargs(user, **overrides):
    kwargs = dict(
        user=user,
        registration_number="4108002024000123",
        name="数控机床主轴热变形补偿技术转让",
        contract_type="transfer",
        buyer=user.organisation,
        seller=None,
        seller_name="中国科学院沈阳自动化研究所",
        contract_amount="1200000.00",
        transaction_amount="1000000.00",
        signed_on=date(2024, 3, 1),
        registered_on=date(2024, 3, 20),
    )
    kwargs.update(overrides)
    return kwargs


def test_enterprise_records_its_contract(enterprise_user):
    contract = contract_create(**_kwargs(enterprise_user))
    assert contract.transaction_amount == Decimal("1000000.00")
    assert contract.seller_outside_city is True
    # recorded, then confirmed by the same step: the buyer's own entry is its confirmation
    assert [h.history_change_reason for h in contract.history.order_by("history_id")] == [
        "录入技术合同",
        "待受让方确认 → 受让方已确认",
    ]
    assert contract.status == "confirmed"


def test_transaction_amount_cannot_exceed_contract_amount(enterprise_user):
    with pytest.raises(ValidationError) as exc:
        contract_create(**_kwargs(enterprise_user, transaction_amount="1300000"))
    assert "技术交易额不能大于合同金额" in str(exc.value)


def test_registration_number_is_unique(enterprise_user):
    contract_create(**_kwargs(enterprise_user))
    with pytest.raises(ValidationError) as exc:
        contract_create(**_kwargs(enterprise_user, name="另一份合同"))
    assert "registration_number" in exc.value.message_dict


def test_bad_values_are_reported_in_chinese(enterprise_user):
    with pytest.raises(ValidationError) as exc:
        contract_create(
            **_kwargs(enterprise_user, contract_type="gift", contract_amount="abc", transaction_amount="-1", name="")
        )
    errors = exc.value.message_dict
    assert errors["contract_amount"] == ["合同金额必须是数字（单位：元）。"]
    assert errors["transaction_amount"] == ["技术交易额不能为负数。"]
    assert "contract_type" in errors and "name" in errors


def test_buyer_must_be_an_enterprise_in_the_city(enterprise_user, institute_user, bureau):
    with pytest.raises(ValidationError) as exc:
        contract_create(**_kwargs(bureau, buyer=institute_user.organisation))
    assert "buyer" in exc.value.message_dict


def test_outsider_cannot_record_contract_for_another_enterprise(enterprise_user, other_enterprise_user):
    with pytest.raises(PermissionDenied):
        contract_create(**_kwargs(other_enterprise_user, buyer=enterprise_user.organisation))


def test_liaison_of_buyer_county_may_record(enterprise_user, liaison_wenxian, liaison_qinyang):
    buyer = enterprise_user.organisation
    assert contract_create(**_kwargs(liaison_wenxian, buyer=buyer)).buyer == buyer
    with pytest.raises(PermissionDenied):
        contract_create(**_kwargs(liaison_qinyang, buyer=buyer, registration_number="X-2"))


def test_changing_a_contract_applies_the_same_rules(enterprise_user, api_as):
    from datetime import timedelta

    from django.utils import timezone

    contract = contract_create(**_kwargs(enterprise_user))
    other = contract_create(**_kwargs(enterprise_user, registration_number="4108002024000999"))
    client = api_as(enterprise_user)
    url = f"/api/v1/contracts/{contract.pk}/"
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert client.patch(url, {"signed_on": tomorrow}, format="json").json()["signed_on"] == ["签订日期不能晚于今天。"]
    duplicate = client.patch(url, {"registration_number": other.registration_number}, format="json")
    assert duplicate.status_code == 400 and "不能重复登记" in duplicate.json()["registration_number"][0], (
        duplicate.json()
    )
    too_much = client.patch(url, {"transaction_amount": "1300000.00"}, format="json")
    assert too_much.json()["transaction_amount"] == ["技术交易额不能大于合同金额。"]
    ok = client.patch(url, {"registration_number": contract.registration_number, "name": "  新名称  "}, format="json")
    assert ok.status_code == 200 and ok.json()["name"] == "新名称"
    contract.refresh_from_db()
    assert contract.signed_on == date(2024, 3, 1) and contract.history.first().history_change_reason == "修改技术合同"


def test_text_longer_than_its_column_is_refused_by_the_same_form_as_the_page(enterprise_user):
    from subsidies.forms import ContractForm

    with pytest.raises(ValidationError) as exc:
        contract_create(**_kwargs(enterprise_user, name="长" * 201, seller_name="院" * 121))
    assert exc.value.message_dict["name"] == ["合同名称不能超过 200 个字符。"]
    assert exc.value.message_dict["seller_name"] == ["出让方名称不能超过 120 个字符。"]
    page = ContractForm({"name": "长" * 201}, user=enterprise_user)
    assert page.errors["name"] == ["合同名称不能超过 200 个字符。"]
