"""Demo credit records: a good record for the demo enterprise and a blacklist entry that has
already lapsed (so the unit may act again). Idempotent: records are keyed by source document."""

import datetime as dt

from django.utils import timezone

from accounts.models import County, Organisation

from .models import CreditKind, CreditRecord

LAPSED_UNIT = ("焦作市示例精细化工有限公司", "91410800MA40CX002C", "boai")


def seed(context):
    bureau = context["users"]["bureau"]
    today = timezone.localdate()
    enterprise = context["organisations"]["焦作市示范机械制造有限公司"]
    name, uscc, county = LAPSED_UNIT
    lapsed, _ = Organisation.objects.update_or_create(
        name=name,
        defaults={
            "kind": Organisation.Kind.ENTERPRISE,
            "uscc": uscc,
            "county": County.objects.get(code=county),
            "is_verified": True,
            "verified_at": timezone.now(),
        },
    )
    records = [
        (
            enterprise,
            CreditKind.GOOD,
            "按期履行产学研合作协议，技术合同如实登记，获评年度院地合作诚信单位。",
            "焦科〔2025〕41号",
            dt.date(today.year - 1, 12, 20),
            dt.date(today.year + 1, 12, 19),
        ),
        (
            lapsed,
            CreditKind.BLACKLIST,
            "申报成果转化补助时提供虚假支付凭证，已追回补助资金。",
            "焦科〔2023〕17号",
            dt.date(today.year - 3, 3, 1),
            dt.date(today.year - 1, 2, 28),
        ),
    ]
    for org, kind, reason, document, valid_from, valid_until in records:
        CreditRecord.objects.update_or_create(
            organisation=org,
            source_document=document,
            defaults={
                "kind": kind,
                "reason": reason,
                "valid_from": valid_from,
                "valid_until": valid_until,
                "created_by": bureau,
            },
        )
    context["stdout"].write(f"  诚信档案：{CreditRecord.objects.count()} 条记录")
