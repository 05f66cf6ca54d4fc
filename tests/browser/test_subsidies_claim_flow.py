"""An enterprise files a claim with attachments, the county and the city review it, it is on the 公示 list."""

from datetime import date

from django.core.management import call_command

from accounts.models import Organisation, User
from core.workflow import transition
from subsidies.services import contract_create, payment_create
from tests.subsidies.factories import PDF, pdf

PASSWORD = "Browser#Test2026"


def test_enterprise_claim_reviewed_and_publicized(login, page, live_server, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    call_command("seed_demo", password=PASSWORD, users_only=True)
    enterprise_user = User.objects.get(username="enterprise_demo")
    bureau = User.objects.get(username="bureau")
    year = date.today().year - 1
    contract = contract_create(
        user=enterprise_user,
        registration_number="4108252099000001",
        name="减速机齿面强化技术转让",
        contract_type="transfer",
        buyer=Organisation.objects.get(name="焦作市示范机械制造有限公司"),
        seller_name="中国科学院示范技术研究所",
        contract_amount="900000.00",
        transaction_amount="800000.00",
        signed_on=date(year, 3, 1),
        registered_on=date(year, 3, 10),
    )
    payment = payment_create(
        user=enterprise_user,
        contract=contract,
        paid_on=date(year, 5, 6),
        amount="800000.00",
        invoice_number="41000001",
        invoice_contract_reference=contract.registration_number,
        voucher=pdf(),
        invoice=pdf(),
    )
    transition(payment, "verified", bureau, "")
    proof = tmp_path / "proof.pdf"
    proof.write_bytes(PDF)

    # enterprise files the claim with its four proofs and submits it
    login("enterprise_demo", PASSWORD)
    page.goto(f"{live_server.url}/subsidies/claims/new/")
    page.select_option("#id_contract", str(contract.pk))
    page.fill("#id_claim_year", str(year))
    for field in ("contract_file", "registration_file", "invoice_file", "voucher_file"):
        page.set_input_files(f"#id_{field}", str(proof))
    page.click("main button[type=submit]")
    page.wait_for_url("**/subsidies/claims/*/")
    assert "80,000.00" in page.inner_text("[data-testid=current-amount]")
    page.click("[data-testid=action-submitted] button")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-status=submitted]").first.is_visible()
    claim_url = page.url

    # county liaison accepts and passes it on, lowering the amount
    page.context.clear_cookies()
    login("liaison_wenxian", PASSWORD)
    page.goto(f"{live_server.url}/subsidies/review/")
    page.click("[data-testid=review-queue] a")
    page.click("[data-testid=action-county_review] button")
    page.wait_for_load_state("networkidle")
    page.fill("[data-testid=action-bureau_review] input[name=amount]", "75000.00")
    page.fill("[data-testid=action-bureau_review] textarea", "核减咨询费部分")
    page.click("[data-testid=action-bureau_review] button")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-status=bureau_review]").first.is_visible()

    # city bureau approves
    page.context.clear_cookies()
    login("bureau", PASSWORD)
    page.goto(claim_url)
    page.fill("[data-testid=action-approved] textarea", "同意")
    page.click("[data-testid=action-approved] button")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-status=approved]").first.is_visible()

    # it is on the 公示 list
    page.goto(f"{live_server.url}/subsidies/publicity/")
    listing = page.inner_text("[data-testid=publicity-list]")
    assert "焦作市示范机械制造有限公司" in listing and "75,000.00" in listing
