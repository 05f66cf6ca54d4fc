"""Demo talents: `talents.csv` here, loaded the way a county's Excel file is.

Each county's rows are imported by its demo liaison (by the bureau for counties without one)
through core.importing — validated by TalentForm and submitted for screening through the
workflow, as real files are. A row with an age-exception reason is entered through the web
form's service instead (only the form records who relaxed the age rule and why). The bureau
then admits the rows marked 已入库 through the workflow's screening step; one person entered by
two counties (same phone) stays in the screening queue as a real duplicate.

The column 核实于（天前） backdates when each record was last verified (demo history: some
records are due for their two-yearly refresh). Running it again finds every row unchanged.
"""

import csv
import datetime as dt
from pathlib import Path

from django.utils import timezone

from core.importing import records_upload, run_import
from core.workflow import transition_many

from ..forms import TalentForm, TalentImport
from ..models import ConsentMethod, Talent, TalentStatus, add_years
from ..services import mark_refresh_due, talent_save_from_form

DATA = Path(__file__).with_name("talents.csv")
ADMITTED = "已入库"


def _rows() -> list[dict]:
    with DATA.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _enter_by_form(row, user) -> None:
    """A record over the age limit: entered on the web page with the recorded exception."""
    if Talent.objects.filter(phone=row["手机"]).exists():
        return
    data = TalentImport().row_data(row, {})
    data.update(age_exception="on", age_exception_reason=row["年龄放宽理由"])
    form = TalentForm(data=data, user=user)
    if not form.is_valid():
        raise ValueError(f"演示人才 {row['姓名']}：{form.errors.as_text()}")
    talent_save_from_form(form=form, user=user, submit=True)


def seed(context):
    users = context["users"]
    bureau = users["bureau"]
    liaisons = {u.county.name: u for u in users.values() if u.is_liaison and not u.is_bureau and u.county_id}
    rows = _rows()
    by_user: dict = {}
    for row in rows:
        user = liaisons.get(row["籍贯县区"], bureau)
        if row["年龄放宽理由"]:
            _enter_by_form(row, user)
        else:
            by_user.setdefault(user, []).append(row)
    created = 0
    for user, records in by_user.items():
        result = run_import(
            TalentImport(), records_upload(TalentImport(), records, "演示人才.xlsx"), user=user, dry_run=False
        )
        if result.errors:
            problems = "；".join(f"第 {e.row} 行 {e.column}：{e.message}" for e in result.errors[:5])
            raise ValueError(f"演示人才数据有误：{problems}")
        created += result.created

    today = timezone.localdate()
    for row in rows:  # demo history: when each record was last verified (not a state change)
        verified = today - dt.timedelta(days=int(row["核实于（天前）"]))
        Talent.objects.filter(phone=row["手机"], last_verified_on__gt=verified).update(
            last_verified_on=verified,
            refresh_due_on=add_years(verified, 2),
            created_at=timezone.make_aware(dt.datetime.combine(verified, dt.time(9))),
            consent_on=verified,
            consent_method=ConsentMethod.PHONE,
        )
    waiting = Talent.objects.filter(
        phone__in=[r["手机"] for r in rows if r["录入状态"] == ADMITTED], status=TalentStatus.SCREENING
    )
    admitted, refused = transition_many(waiting, TalentStatus.ADMITTED, bureau, "汇总甄别通过")
    due = mark_refresh_due(today)
    context["stdout"].write(
        f"  人才库：新建 {created} 条演示人才，入库 {len(admitted)} 条"
        + (f"（{len(refused)} 条有疑似重复，留在甄别队列）" if refused else "")
        + f"，{due} 条标记为待更新。"
    )
