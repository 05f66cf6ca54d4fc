"""Bulk Excel import for the demand and achievement libraries (same behaviour as the talent import).

Every row is validated with the same ModelForm the web page uses; all problems are reported
at once as (row, column, message); the whole file is written in one transaction and only when
it is clean; a dry run validates and counts without writing; a record's natural key is
(unit, title), so importing the same file again creates nothing twice.
"""

from dataclasses import dataclass, field

from django.db import transaction

from accounts.models import Organisation
from accounts.validators import normalize_uscc, validate_uscc
from core.excel import ImportProblem, ImportResult, build_template, parse_date, parse_decimal, read_rows
from core.fields import label_to_code
from core.workflow import TransitionError, transition


@dataclass
class ImportSpec:
    model: type
    form_class: type
    columns: dict[str, str]  # header → form field name
    required: set[str]
    owner_header: str
    owner_kind: str  # Organisation.Kind value of the owning unit
    instructions: list[str]
    choices: dict[str, list[str]] = field(default_factory=dict)
    example: list = field(default_factory=list)
    date_fields: set[str] = field(default_factory=set)
    decimal_fields: set[str] = field(default_factory=set)
    compare_fields: list[str] = field(default_factory=list)
    uscc_header: str | None = None  # bureau imports: a new unit is created from name + USCC
    unit_kind_header: str | None = None  # achievements: 院所类别 of a new institute
    defaults: dict = field(default_factory=dict)  # bureau-collected records (e.g. source)

    @property
    def headers(self) -> list[str]:
        extra = [h for h in (self.owner_header, self.uscc_header, self.unit_kind_header) if h]
        return [*self.columns, *extra]

    def template_bytes(self) -> bytes:
        return build_template(
            self.headers,
            instructions=self.instructions,
            choices=self.choices,
            example=self.example,
            required=self.required | {self.owner_header},
        )


def run_import(*, spec: ImportSpec, upload, user, dry_run: bool, publish: bool = False) -> ImportResult:
    """Validate every row; write all of them in one transaction only if none has an error."""
    rows = read_rows(upload, spec.headers, required_headers=list(spec.required))
    result = ImportResult(dry_run=dry_run, total_rows=len(rows))
    seen: dict[tuple, int] = {}
    with transaction.atomic():
        for row in rows:
            problems = _import_row(spec, row, user, result, seen, publish=publish and user.is_bureau)
            result.errors.extend(problems)
        if result.errors or dry_run:
            transaction.set_rollback(True)
    if result.errors:
        result.created = result.updated = result.unchanged = 0
    return result


def _import_row(spec, row, user, result, seen, *, publish) -> list[ImportProblem]:
    values = row.values
    owner, problem = _resolve_owner(spec, row, user)
    if problem:
        return [problem]
    title = str(values.get(_header_of(spec, "title"), "")).strip()
    key = (owner.name, title)
    if title and key in seen:
        return [
            ImportProblem(row.number, _header_of(spec, "title"), f"与第 {seen[key]} 行重复（同一单位、同一名称）。")
        ]
    seen[key] = row.number

    data = {}
    problems = []
    for header, name in spec.columns.items():
        value = values.get(header, "")
        if value != "" and name in spec.date_fields:
            try:
                value = parse_date(value).isoformat()
            except ValueError:
                problems.append(ImportProblem(row.number, header, "日期格式无法识别，请填写如 2026-12-31。"))
                continue
        elif value != "" and name in spec.decimal_fields:
            try:
                value = str(parse_decimal(value))
            except ValueError:
                problems.append(ImportProblem(row.number, header, "请填写数字（单位：万元）。"))
                continue
        data[name] = value

    existing = spec.model.objects.filter(owner=owner, title=title).first() if owner.pk and title else None
    can_edit = existing is None or existing.can_edit(user)
    before = {f: getattr(existing, f) for f in spec.compare_fields} if existing else None
    form = spec.form_class(data=data, instance=existing, user=user, owner=owner)
    valid = form.is_valid()
    if not valid:
        reverse = {name: header for header, name in spec.columns.items()}
        for name, messages in form.errors.items():
            column = reverse.get(name, spec.owner_header if name == "owner" else "")
            problems.extend(ImportProblem(row.number, column, m) for m in messages)
    if problems:
        return problems

    if not owner.pk:
        owner.save()
    form.fixed_owner = owner
    obj = form.save(commit=False)
    for name, value in spec.defaults.items():
        if existing is None and user.is_bureau:
            setattr(obj, name, value)
    if existing is not None and before == {f: getattr(obj, f) for f in spec.compare_fields}:
        result.unchanged += 1
        return []
    if existing is not None and not can_edit:
        return [
            ImportProblem(
                row.number,
                _header_of(spec, "title"),
                f"该记录已存在且处于“{existing.get_status_display()}”状态，不能通过导入修改。",
            )
        ]
    obj.save()
    if existing is None:
        result.created += 1
    else:
        result.updated += 1
    if publish and obj.status == "draft":
        try:
            transition(obj, "published", user, comment="市科技局批量导入发布")
        except TransitionError as exc:
            return [ImportProblem(row.number, spec.owner_header, exc.message)]
    return []


def _header_of(spec, field_name):
    for header, name in spec.columns.items():
        if name == field_name:
            return header
    return ""


def _resolve_owner(spec, row, user):
    """The owning unit of a row: the user's own for units; looked up (or new) for the bureau."""
    name = str(row.values.get(spec.owner_header, "") or "").strip()
    if not user.is_bureau:
        org = user.organisation
        if org is None:
            return None, ImportProblem(row.number, spec.owner_header, "您的账号未关联单位，不能导入。")
        if name and name != org.name:
            return None, ImportProblem(row.number, spec.owner_header, f"只能导入本单位（{org.name}）的记录。")
        return org, None
    if not name:
        return None, ImportProblem(row.number, spec.owner_header, "请填写单位名称。")
    org = Organisation.objects.filter(name=name).first()
    uscc = str(row.values.get(spec.uscc_header, "") or "").strip() if spec.uscc_header else ""
    if org is None and uscc:
        org = Organisation.objects.filter(uscc=normalize_uscc(uscc)).first()
    if org is not None:
        if org.kind != spec.owner_kind:
            kind_label = Organisation.Kind(spec.owner_kind).label
            return None, ImportProblem(row.number, spec.owner_header, f"“{name}”不是{kind_label}。")
        return org, None
    # A unit the portal does not know yet: the bureau collected it, so it is created verified.
    new = Organisation(name=name, kind=spec.owner_kind, is_verified=True)
    if spec.owner_kind == Organisation.Kind.ENTERPRISE:
        if not uscc:
            return None, ImportProblem(
                row.number, spec.uscc_header or spec.owner_header, f"“{name}”尚未在系统登记，请填写其统一社会信用代码。"
            )
        from django.core.exceptions import ValidationError

        try:
            validate_uscc(uscc)
        except ValidationError as exc:
            return None, ImportProblem(row.number, spec.uscc_header, exc.messages[0])
        new.uscc = normalize_uscc(uscc)
    if spec.unit_kind_header:
        kind = row.values.get(spec.unit_kind_header, "")
        code = label_to_code(Organisation.InstituteKind.choices, kind) if kind else Organisation.InstituteKind.OTHER
        if code not in Organisation.InstituteKind.values:
            return None, ImportProblem(row.number, spec.unit_kind_header, f"“{kind}”不是有效的院所类别。")
        new.institute_kind = code
    return new, None
