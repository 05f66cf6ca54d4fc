"""Demo contracts, payments and claims for 焦作市示范机械制造有限公司 (温县). Idempotent."""

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.workflow import transition

from .models import Claim, ContractPayment, TechContract
from .services import attachment_add, claim_create, contract_create, payment_create

ENTERPRISE = "焦作市示范机械制造有限公司"
INSTITUTE = "中国科学院示范技术研究所"
PDF = b"%PDF-1.4\n% demo proof\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# registration number, name, type, contract amount, transaction amount, year offset, paid, target state
CONTRACTS = [
    (
        "4108252023000118",
        "大型矿用减速机齿轮渗碳淬火变形控制技术转让",
        "transfer",
        "3200000.00",
        "3000000.00",
        3,
        "3000000.00",
        "disbursed",
    ),
    (
        "4108252024000206",
        "数控机床主轴热误差补偿技术开发",
        "development",
        "1800000.00",
        "1500000.00",
        2,
        "1500000.00",
        "publicized",
    ),
    (
        "4108252024000311",
        "液压支架焊接机器人视觉引导技术许可",
        "licensing",
        "12500000.00",
        "12000000.00",
        1,
        "12000000.00",
        "leader_review",
    ),
    (
        "4108252025000042",
        "农机变速箱降噪工艺技术服务",
        "service",
        "600000.00",
        "560000.00",
        1,
        "560000.00",
        "bureau_review",
    ),
    (
        "4108252025000097",
        "铸件缺陷智能检测算法技术咨询",
        "consulting",
        "300000.00",
        "280000.00",
        1,
        "280000.00",
        "returned",
    ),
    (
        "4108252025000133",
        "高强度螺栓热处理在线监测技术开发",
        "development",
        "900000.00",
        "850000.00",
        1,
        "400000.00",
        "draft",
    ),
]


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
    today = timezone.localdate()
    created = 0
    for number, name, kind, amount, transaction_amount, years_ago, paid, target in CONTRACTS:
        year = today.year - years_ago
        contract = TechContract.objects.filter(registration_number=number).first()
        if contract is None:
            contract = contract_create(
                user=enterprise_user,
                registration_number=number,
                name=name,
                contract_type=kind,
                buyer=enterprise,
                seller=institute,
                seller_name=institute.name if institute else "中国科学院示范技术研究所",
                contract_amount=amount,
                transaction_amount=transaction_amount,
                signed_on=date(year, 2, 18),
                registered_on=date(year, 3, 2),
                seller_outside_province=True,
                related_party_declaration="双方不存在控股、参股或同一实际控制人等关联关系。",
            )
            created += 1
        if not contract.payments.exists():
            payment = payment_create(
                user=enterprise_user,
                contract=contract,
                paid_on=date(year, 6, 28),
                amount=paid,
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
            claim_year=year,
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
        transition(
            claim,
            S.DISBURSED,
            bureau,
            "公示无异议，已拨付。",
            {
                "disbursed_on": (timezone.localdate() - timedelta(days=20)).isoformat(),
                "disbursement_reference": "焦财科拨〔2025〕017号",
            },
        )
