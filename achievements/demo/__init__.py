"""Demo achievements: `institutes.json` (registered institutes) and `achievements.json` (keyed
by the import template's headers), loaded the way real files are.

An institute with a demo account imports its own achievements and submits them for review;
the bureau imports the others as collected (征集), publishing those marked 已发布 or 已转化
on import. Review and transfer steps then go through the workflow. Idempotent: a second run
finds every row unchanged and takes no step twice.
"""

import json
from pathlib import Path

from django.utils import timezone

from accounts.models import Organisation
from core.importing import records_upload, run_import
from core.inputs import label_to_code
from core.workflow import transition

from ..forms import AchievementImport
from ..models import Achievement

HERE = Path(__file__).parent
DRAFT, PENDING, PUBLISHED, TRANSFERRED = "草稿", "待审核", "已发布", "已转化"


def _load(name):
    return json.loads((HERE / name).read_text(encoding="utf-8"))


def ensure_institutes(organisations) -> dict[str, Organisation]:
    result = {}
    for unit in _load("institutes.json"):
        org = organisations.get(unit["name"]) or Organisation.objects.filter(name=unit["name"]).first()
        if org is None:
            org = Organisation.objects.create(
                name=unit["name"],
                kind=Organisation.Kind.INSTITUTE,
                institute_kind=label_to_code(Organisation.InstituteKind.choices, unit["institute_kind"]),
                location=unit["location"],
                is_verified=True,
                verified_at=timezone.now(),
            )
        result[org.name] = org
    return result


def _import(records, user, *, publish=False):
    if not records:
        return
    spec = AchievementImport()
    result = run_import(spec, records_upload(spec, records), user=user, dry_run=False, publish=publish)
    if result.errors:
        problems = "；".join(f"第 {e.row} 行 {e.column}：{e.message}" for e in result.errors[:5])
        raise ValueError(f"演示成果数据有误：{problems}")


def seed(context):
    bureau = context["users"]["bureau"]
    units = ensure_institutes(context["organisations"])
    records = _load("achievements.json")
    before = set(Achievement.objects.values_list("owner__name", "title"))
    own, collected, published = {}, [], []
    for record in records:
        account = units[record["成果持有单位"]].users.filter(is_active=True).first()
        if account is not None:
            own.setdefault(account, []).append({**record, "成果持有单位": ""})
        elif record["状态"] in (PUBLISHED, TRANSFERRED):
            published.append(record)
        else:
            collected.append(record)
    for account, rows in own.items():
        _import(rows, account)
    _import(collected, bureau)
    _import(published, bureau, publish=True)

    created = 0
    for record in records:
        key = (record["成果持有单位"], record["成果名称"])
        if key in before:
            continue
        created += 1
        achievement = Achievement.objects.get(owner__name=key[0], title=key[1])
        owner_user = achievement.owner.users.filter(is_active=True).first() or bureau
        status = record["状态"]
        if achievement.status == "draft" and status != DRAFT:
            transition(achievement, "pending_review", owner_user)
            if status in (PUBLISHED, TRANSFERRED):
                transition(achievement, "published", bureau, "审核通过")
        if status == TRANSFERRED:
            transition(achievement, "transferred", bureau, "已与焦作企业签订技术转让合同")
    context["stdout"].write(f"  科技成果：新增 {created} 项（共 {Achievement.objects.count()} 项）")
