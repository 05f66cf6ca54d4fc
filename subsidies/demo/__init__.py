"""Demo contracts, payments and claims for 焦作市示范机械制造有限公司 (温县), from contracts.json.

Each contract is signed, registered and paid in the same year (its registration number's year) and
claimed for that year; all go through the subsidy services and workflow. Idempotent.
"""

import json
from datetime import date, timedelta
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.workflow import transition

from ..models import Claim, ContractPayment, TechContract
from ..services import attachment_add, claim_create, contract_create, payment_create

ENTERPRISE = "焦作市示范机械制造有限公司"
INSTITUTE = "中国科学院示范技术研究所"
PDF = b"%PDF-1.4\n% demo proof\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

CONTRACTS = json.loads(Path(__file__).with_name("contracts.json").read_text(encoding="utf-8"))


def _pdf(name):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def seed(context):
    users = context["users"]
    enterprise_user, liaison, bureau, leader = (
        users["enterprise_demo"],
        users["liaison_wenxian"],
        users["bureau"],
        users["leader"],
    )
    enterprise = context["organisations"][ENTERPRISE]
    institute = context["organisations"].get(INSTITUTE)
    created = 0
    for item in CONTRACTS:
        number, target = item["registration_number"], item["target"]
        contract = TechContract.objects.filter(registration_number=number).first()
        if contract is None:
            contract = contract_create(
                user=enterprise_user,
                registration_number=number,
                name=item["name"],
                contract_type=item["contract_type"],
                buyer=enterprise,
                seller=institute,
                seller_name=institute.name if institute else "中国科学院示范技术研究所",
                contract_amount=item["contract_amount"],
                transaction_amount=item["transaction_amount"],
                signed_on=date.fromisoformat(item["signed_on"]),
                registered_on=date.fromisoformat(item["registered_on"]),
                seller_outside_province=True,
                related_party_declaration="双方不存在控股、参股或同一实际控制人等关联关系。",
            )
            created += 1
        if not contract.payments.exists():
            payment = payment_create(
                user=enterprise_user,
                contract=contract,
                paid_on=date.fromisoformat(item["paid_on"]),
                amount=item["paid"],
                invoice_number=f"4100{number[-6:]}01",
                invoice_contract_reference=f"技术合同登记编号：{number}",
                voucher=_pdf("银行转账凭证.pdf"),
                invoice=_pdf("技术服务发票.pdf"),
            )
            transition(payment, ContractPayment.Status.VERIFIED, bureau, "转账凭证、发票与合同一致")
        if contract.claims.exists():
            continue
        claim = claim_create(
            user=enterprise_user,
            contract=contract,
            claim_year=item["claim_year"],
            is_exceptional=target == "leader_review",
            exceptional_justification="项目填补省内空白，投产后新增产值 2.3 亿元，带动就业 180 人。"
            if target == "leader_review"
            else "",
        )
        for kind_code, label in (
            ("contract", "技术合同"),
            ("registration", "技术合同登记证明"),
            ("invoice", "发票"),
            ("voucher", "银行转账凭证"),
        ):
            attachment_add(claim=claim, user=enterprise_user, kind=kind_code, upload=_pdf(f"{label}.pdf"))
        _advance(claim, target, enterprise_user, liaison, bureau, leader)
    context["stdout"].write(f"成果转化补助：技术合同 {created} 份新建，补助申报共 {Claim.objects.count()} 件。")


def _advance(claim, target, enterprise_user, liaison, bureau, leader):
    S = Claim.Status
    if target == S.DRAFT:
        return
    transition(claim, S.SUBMITTED, enterprise_user, "申请成果转化配套补助，请审核。")
    transition(claim, S.COUNTY_REVIEW, liaison, "材料齐全，受理。")
    if target == S.RETURNED:
        transition(claim, S.RETURNED, liaison, "技术合同登记证明扫描件不清晰，请重新上传。")
        return
    transition(claim, S.BUREAU_REVIEW, liaison, "经核实，合同已登记，支付凭证与发票一致，同意上报。")
    if target == S.BUREAU_REVIEW:
        return
    if target == S.LEADER_REVIEW:
        transition(claim, S.LEADER_REVIEW, bureau, "项目成效突出，建议按一事一议给予支持，报请领导决策。")
        return
    transition(claim, S.APPROVED, bureau, "符合政策，同意支持。")
    transition(claim, S.PUBLICIZED, bureau, "")
    if target == S.DISBURSED:
        Claim.objects.filter(pk=claim.pk).update(
            publicized_on=timezone.localdate() - timedelta(days=30),
            publicity_until=timezone.localdate() - timedelta(days=25),
        )
        claim.refresh_from_db()
        disbursed_on = timezone.localdate() - timedelta(days=20)
        transition(
            claim,
            S.DISBURSED,
            bureau,
            "公示无异议，已拨付。",
            {
                "disbursed_on": disbursed_on.isoformat(),
                "disbursement_reference": f"焦财科拨〔{disbursed_on.year}〕017号",
            },
        )
