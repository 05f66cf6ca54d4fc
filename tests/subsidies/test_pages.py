"""Pages as owner, other enterprise and outsider; review queues; publicity, ledger, totals, exports."""

import pytest
from django.urls import reverse

from subsidies.models import Claim

from .factories import advance, make_claim, pdf

pytestmark = pytest.mark.django_db
S = Claim.Status


@pytest.fixture
def filed(enterprise_user, bureau):
    return advance(make_claim(enterprise_user, bureau), (enterprise_user, S.SUBMITTED))


def test_claim_detail_three_personas(
    client_as, filed, enterprise_user, other_enterprise_user, liaison_wenxian, liaison_qinyang
):
    url = filed.get_absolute_url()
    assert client_as(enterprise_user).get(url).status_code == 200
    page = client_as(liaison_wenxian).get(url)
    assert page.status_code == 200 and "受理并开始初审" in page.content.decode()
    assert client_as(other_enterprise_user).get(url).status_code == 404
    assert client_as(liaison_qinyang).get(url).status_code == 404


def test_review_queue_per_role(client_as, filed, liaison_wenxian, liaison_qinyang, bureau, enterprise_user):
    assert filed.number in client_as(liaison_wenxian).get(reverse("subsidies:review_queue")).content.decode()
    assert filed.number not in client_as(liaison_qinyang).get(reverse("subsidies:review_queue")).content.decode()
    assert filed.number not in client_as(bureau).get(reverse("subsidies:review_queue")).content.decode()
    assert client_as(enterprise_user).get(reverse("subsidies:review_queue")).status_code == 403


def test_page_transition_and_refusal_messages(client_as, filed, liaison_wenxian, other_enterprise_user):
    response = client_as(liaison_wenxian).post(
        reverse("subsidies:claim_transition", args=[filed.pk]), {"to": "county_review"}, follow=True
    )
    assert "县区初审" in response.content.decode()
    filed.refresh_from_db()
    assert filed.status == S.COUNTY_REVIEW
    response = client_as(liaison_wenxian).post(
        reverse("subsidies:claim_transition", args=[filed.pk]),
        {"to": "bureau_review", "amount": "999999"},
        follow=True,
    )
    assert "政策上限" in response.content.decode()
    assert (
        client_as(other_enterprise_user)
        .post(reverse("subsidies:claim_transition", args=[filed.pk]), {"to": "returned"})
        .status_code
        == 404
    )


def test_enterprise_files_a_claim_through_the_form(client_as, enterprise_user, bureau):
    from .factories import last_year, make_contract, make_payment

    contract = make_contract(enterprise_user)
    make_payment(contract, enterprise_user, bureau)
    client = client_as(enterprise_user)
    assert client.get(reverse("subsidies:claim_create")).status_code == 200
    response = client.post(
        reverse("subsidies:claim_create"),
        {
            "contract": contract.pk,
            "claim_year": last_year(),
            "contract_file": pdf("合同.pdf"),
            "registration_file": pdf("登记.pdf"),
            "invoice_file": pdf("发票.pdf"),
            "voucher_file": pdf("凭证.pdf"),
        },
    )
    claim = Claim.objects.get(contract=contract)
    assert response.status_code == 302 and response.url == claim.get_absolute_url()
    assert claim.attachments.count() == 4
    client.post(reverse("subsidies:claim_transition", args=[claim.pk]), {"to": "submitted"})
    claim.refresh_from_db()
    assert claim.status == S.SUBMITTED


def test_enterprise_records_contract_and_payment(client_as, enterprise_user, other_enterprise_user):
    client = client_as(enterprise_user)
    response = client.post(
        reverse("subsidies:contract_create"),
        {
            "registration_number": "4108002025000999",
            "name": "农机智能控制系统技术开发",
            "contract_type": "development",
            "seller_name": "河南理工大学",
            "contract_amount": "300000",
            "transaction_amount": "280000",
            "signed_on": "2025-01-05",
            "registered_on": "2025-01-10",
            "seller_outside_city": "",
        },
    )
    assert response.status_code == 302, response.content.decode()
    contract = enterprise_user.organisation.tech_contracts_bought.get()
    bad = client.post(
        reverse("subsidies:payment_create", args=[contract.pk]),
        {
            "paid_on": "2025-02-01",
            "amount": "100000",
            "invoice_number": "A1",
            "invoice_contract_reference": "货款",
            "voucher": pdf(),
            "invoice": pdf(),
        },
    )
    assert "发票须注明本合同" in bad.content.decode()
    ok = client.post(
        reverse("subsidies:payment_create", args=[contract.pk]),
        {
            "paid_on": "2025-02-01",
            "amount": "100000",
            "invoice_number": "A1",
            "invoice_contract_reference": "农机智能控制系统技术开发",
            "voucher": pdf(),
            "invoice": pdf(),
        },
    )
    assert ok.status_code == 302 and contract.payments.count() == 1
    assert client_as(other_enterprise_user).get(contract.get_absolute_url()).status_code == 404
    assert (
        client_as(other_enterprise_user).get(reverse("subsidies:payment_create", args=[contract.pk])).status_code == 404
    )


def test_publicity_ledger_totals_and_exports(client_as, enterprise_user, liaison_wenxian, bureau, leader):
    claim = make_claim(enterprise_user, bureau)
    claim = advance(
        claim,
        (enterprise_user, S.SUBMITTED),
        (liaison_wenxian, S.COUNTY_REVIEW),
        (liaison_wenxian, S.BUREAU_REVIEW),
        (bureau, S.APPROVED),
    )
    # approved but not yet publicised: only the bureau (which publicises it) sees it in the list
    for outsider in (enterprise_user, liaison_wenxian, leader):
        assert claim.number not in client_as(outsider).get(reverse("subsidies:publicity")).content.decode()
    page = client_as(bureau).get(reverse("subsidies:publicity")).content.decode()
    assert claim.number in page, page[page.find("<main") :][:3000]
    assert "100,000.00" in page, page[page.find("<tbody") :][:1500]
    printable = client_as(bureau).get(reverse("subsidies:publicity") + "?print=1")
    assert "公示名单" in printable.content.decode()
    xlsx = client_as(bureau).get(reverse("subsidies:publicity") + "?export=xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    client_as(bureau).post(reverse("subsidies:publicize_batch"), {"claim": [claim.pk]})
    claim.refresh_from_db()
    assert claim.status == S.PUBLICIZED and claim.publicized_on
    public = client_as(enterprise_user).get(reverse("subsidies:publicity")).content.decode()
    assert claim.number in public and "100,000.00" in public
    totals = client_as(leader).get(reverse("subsidies:totals")).content.decode()
    assert "温县" in totals and "100,000.00" in totals
    assert client_as(leader).get(reverse("subsidies:ledger")).status_code == 200
    assert client_as(enterprise_user).get(reverse("subsidies:totals")).status_code == 403


def test_simulator_page(client_as, enterprise_user):
    page = client_as(enterprise_user).get(reverse("subsidies:simulator"), {"basis_amount": "12,345.65"})
    assert "1,234.57" in page.content.decode()
    bad = client_as(enterprise_user).get(reverse("subsidies:simulator"), {"basis_amount": "-3"})
    assert "不能为负数" in bad.content.decode()


def test_home_cards_per_role(client_as, filed, enterprise_user, liaison_wenxian, bureau, leader):
    assert "成果转化补助：我的申报" in client_as(enterprise_user).get("/").content.decode()
    assert "补助申报：县区初审" in client_as(liaison_wenxian).get("/").content.decode()
    assert "补助申报：市级审核" in client_as(bureau).get("/").content.decode()
    home = client_as(leader).get("/").content.decode()
    assert "一事一议待决策" in home and "成果转化补助汇总" in home
