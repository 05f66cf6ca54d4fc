"""Demo demands: `enterprises.json` (registered enterprises) and `demands.json` (their needs,
keyed by the import template's headers), loaded the way real files are.

An enterprise with a demo account imports its own demands and submits them for review; the
bureau imports the others as collected on the enterprises' behalf (publishing those marked
已发布 on import). Review steps then go through the workflow (审核通过, 退回修改, 进入对接).
`有效天数` sets how long each demand stays valid; a negative number is a demand that was
published and has since expired (demo history, not a state change). Idempotent: a second run
finds every row unchanged and takes no step twice.
"""

import datetime as dt
import json
from pathlib import Path

from django.utils import timezone

from accounts.models import County, Industry, Organisation
from accounts.validators import USCC_CHARSET, uscc_check_character
from core.importing import records_upload, run_import
from core.workflow import transition

from ..forms import DemandImport
from ..models import Demand

HERE = Path(__file__).parent
DRAFT, PENDING, PUBLISHED, RETURNED, IN_PROGRESS = "草稿", "待审核", "已发布", "退回修改", "对接中"


def _load(name):
    return json.loads((HERE / name).read_text(encoding="utf-8"))


def _uscc(n: int) -> str:
    body = "91410800MA9" + "".join(USCC_CHARSET[(n * 7919 // 31**i) % 31] for i in range(6))
    return body + uscc_check_character(body)


def ensure_enterprises(organisations) -> dict[str, Organisation]:
    """The demo enterprises, registered and verified (filled in, never overwritten)."""
    result = {}
    for n, unit in enumerate(_load("enterprises.json"), start=1):
        org = organisations.get(unit["name"]) or Organisation.objects.filter(name=unit["name"]).first()
        if org is None:
            org = Organisation.objects.create(
                name=unit["name"],
                kind=Organisation.Kind.ENTERPRISE,
                uscc=_uscc(n),
                county=County.objects.get(name=unit["county"]),
                industry=Industry.objects.get(name=unit["industry"]),
                is_high_tech=unit["high_tech"],
                is_verified=True,
                verified_at=timezone.now(),
                contact_name=unit["contact_name"],
                contact_phone=unit["contact_phone"],
            )
        changed = [f for f in ("contact_name", "contact_phone") if not getattr(org, f)]
        for f in changed:
            setattr(org, f, unit[f])
        if org.industry_id is None:
            org.industry = Industry.objects.get(name=unit["industry"])
            changed.append("industry")
        if changed:
            org.save()
        result[org.name] = org
    return result


def _import(records, user, *, publish=False):
    if not records:
        return
    result = run_import(
        DemandImport(), records_upload(DemandImport(), records), user=user, dry_run=False, publish=publish
    )
    if result.errors:
        problems = "；".join(f"第 {e.row} 行 {e.column}：{e.message}" for e in result.errors[:5])
        raise ValueError(f"演示需求数据有误：{problems}")


def seed(context):
    bureau = context["users"]["bureau"]
    units = ensure_enterprises(context["organisations"])
    records = _load("demands.json")
    before = set(Demand.objects.values_list("owner__name", "title"))
    own, collected, published = {}, [], []
    for record in records:
        account = units[record["需求单位"]].users.filter(is_active=True).first()
        if account is not None:
            own.setdefault(account, []).append({**record, "需求单位": ""})
        elif record["状态"] in (PUBLISHED, IN_PROGRESS):
            published.append(record)
        else:
            collected.append(record)
    for account, rows in own.items():
        _import(rows, account)
    _import(collected, bureau)
    _import(published, bureau, publish=True)

    today = timezone.localdate()
    created = 0
    for record in records:
        key = (record["需求单位"], record["需求名称"])
        if key in before:
            continue
        created += 1
        demand = Demand.objects.get(owner__name=key[0], title=key[1])
        owner_user = demand.owner.users.filter(is_active=True).first() or bureau
        status = record["状态"]
        if demand.status == "draft" and status != DRAFT:
            transition(demand, "pending_review", owner_user)
            if status == RETURNED:
                transition(demand, "returned", bureau, "请补充现有基础和关键技术指标。")
            elif status in (PUBLISHED, IN_PROGRESS):
                transition(demand, "published", bureau, "审核通过")
        if status == IN_PROGRESS:
            transition(demand, "in_progress", bureau, "已与高校院所建立对接")
        # Demo history: how long each demand is valid; a negative number has expired since publishing.
        Demand.objects.filter(pk=demand.pk).update(valid_until=today + dt.timedelta(days=record["有效天数"]))
    context["stdout"].write(f"  企业需求：新增 {created} 条（共 {Demand.objects.count()} 条）")
