"""The one Excel import driver: template, read, validate every row with the app's form, dry run,
one transaction, state changes through core.workflow, listeners told afterwards.

An app declares what it imports with a small spec, a subclass of `ImportSpec` (or of
`UnitRecordImportSpec` for records owned by a unit: demands, achievements, platforms)::

    class PlatformImport(UnitRecordImportSpec):
        model = Platform
        form_class = PlatformForm                  # the page's own ModelForm (takes user=, owner=)
        columns = {"平台名称": "title", "平台类型": "kind", "所属产业": "industry"}  # header → field
        required = {"平台名称", "平台类型"}            # red in the template, required in the file
        unit_header = "依托单位"
        unit_kind = Organisation.Kind.INSTITUTE
        template_filename = "创新平台导入模板.xlsx"
        instructions = ["创新平台批量导入模板", "1. …"]

        def choices(self, user):                   # drop-down lists of the template
            return {"平台类型": [label for _, label in PlatformKind.choices]}

    result = run_import(PlatformImport(), upload, user=request.user, dry_run=True)   # ImportResult
    return template_response(PlatformImport(), request.user)                          # the .xlsx

What every import then does, whatever the app:

1. `read_rows` (core/excel.py) reads the data sheet; a file that cannot be read raises
   ImportFileError with a Chinese message.
2. Every row becomes form data (`row_data`: header → field by `columns`) and is validated by
   the app's form — the same rules as the web page. Form fields the template does not fill are
   dropped from the row's form, so an import never blanks them on an existing record.
3. A row's record is identified by its idempotency key (`key_fields` or `key()`; e.g. unit +
   title, or phone): the same key twice in one file is an error; a key that matches an existing
   record (`find_existing`) validates the row again against that record (or, for big files,
   copies `update_fields` onto it) and counts it as 无变化 (nothing differs), 更新, or refused
   (`may_update`; `locked_action` skips instead).
   Re-importing the same file therefore creates nothing twice.
4. The state a written record moves to (`next_state`, e.g. submitted for screening, or
   published by the bureau) is checked with core.workflow during validation too, so a dry
   run reports what the real import would refuse.
5. ALL problems are reported as (row, column, message), in Chinese. With any problem, or on a
   dry run, nothing is written (a dry run writes nothing at all: no save-then-rollback).
6. Otherwise, in one transaction: `write()` saves the rows (row by row through the model's
   save(); a spec may write in bulk), then `core.workflow.transition_bulk` moves them, writing
   StatusChange rows by the importing user and notifying like a web form.
7. After commit, `records_imported` is sent (sender=model, ids, created_ids, updated_ids, user),
   so apps that keep derived data (matching's index) refresh it without core knowing them.

Spec hooks, all optional: `start` (per-import context), `row_data`, `form_kwargs` (may raise
RowError), `key`, `find_existing`, `may_update`, `prepare` (before save), `next_state`,
`write`, `duplicate_problem`, `instructions` / `choices` / `example` (template).
"""

import copy
import io
from dataclasses import dataclass, field
from urllib.parse import quote

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.dispatch import Signal
from django.http import HttpResponse
from openpyxl import Workbook

from accounts.models import Organisation
from accounts.validators import normalize_uscc, validate_uscc

from .excel import (
    DATA_SHEET,
    XLSX_CONTENT_TYPE,
    ImportFileError,
    ImportProblem,
    ImportResult,
    build_template,
    read_rows,
)
from .inputs import label_to_code
from .workflow import TransitionError, refusal, transition_bulk

# Sent on commit of an import: sender=the model, ids (all written), created_ids, updated_ids, user.
records_imported = Signal()

__all__ = [
    "ImportFileError",
    "ImportSpec",
    "RowError",
    "UnitRecordImportSpec",
    "records_imported",
    "records_upload",
    "run_import",
    "template_response",
]


class RowError(Exception):
    """A problem found while preparing a row (e.g. its unit), reported on `column`."""

    def __init__(self, column: str, message: str):
        super().__init__(message)
        self.column = column
        self.message = message


@dataclass
class Entry:
    """One valid row on its way to the database."""

    row: object  # core.excel.ImportRow
    data: dict
    kwargs: dict
    form: object
    obj: object
    created: bool = True
    changed: list[str] = field(default_factory=list)  # attnames that differ from the stored record
    m2m_changed: list[str] = field(default_factory=list)
    move: tuple[str, str] | None = None  # (target state, comment) through core.workflow
    unsure: bool = False  # valid but for a uniqueness error: fine only if it updates that record


class ImportSpec:
    """What one app imports: see the module docstring. Set `key_fields` or override `key()`."""

    model = None
    form_class = None
    columns: dict[str, str] = {}  # template header → form field, in template order
    required: set[str] = set()  # headers that must be filled (red in the template)
    field_columns: dict[str, str] = {}  # more form field → header, for error reports
    key_fields: tuple[str, ...] = ()  # attnames identifying a record (the idempotency key)
    key_column = ""  # header blamed for a duplicate row or a refused change
    state_column = ""  # header blamed for a refused workflow step (default: key_column)
    locked_action = ""  # e.g. "已归档，跳过": rows of records the user may not change are skipped
    share_fields = False  # reuse the row form's fields across rows (forms whose __init__ is per-user only)
    # Attnames an existing record takes from a row validated as a new record. Empty (the default):
    # the row is validated again against the stored record. Set it for big files (one validation a row).
    update_fields: tuple[str, ...] = ()
    template_filename = "导入模板.xlsx"
    instructions: list[str] = []
    example: list = []
    empty_message = "文件中没有数据行：请从第 2 行起填写，每行一条记录。"

    # ------------------------------------------------------------------ template

    @property
    def headers(self) -> list[str]:
        return list(self.columns)

    @property
    def required_headers(self) -> list[str]:
        """Headers the uploaded file must have (a missing column is a file error)."""
        return [h for h in self.headers if h in self.required]

    def template_required(self) -> set[str]:
        return set(self.required)

    def template_instructions(self, user) -> list[str]:
        return list(self.instructions)

    def choices(self, user) -> dict[str, list[str]]:
        return {}

    def template_example(self, user) -> list:
        return list(self.example)

    def template_bytes(self, user=None) -> bytes:
        return build_template(
            self.headers,
            instructions=self.template_instructions(user),
            choices=self.choices(user),
            example=self.template_example(user),
            required=self.template_required(),
        )

    # ------------------------------------------------------------------ rows

    def start(self, user, **options) -> dict:
        """Per-import context shared by every row (lookups, options such as publish)."""
        return dict(options)

    def row_data(self, values: dict, context: dict) -> dict:
        return {name: values.get(header, "") for header, name in self.columns.items()}

    def form_kwargs(self, row, user, context: dict) -> dict:
        """Extra keyword arguments of the row form; raise RowError for a row-level problem."""
        return {"user": user}

    def key(self, obj) -> tuple:
        """The idempotency key: the same key is the same record (in the file and in the database)."""
        if not self.key_fields:
            raise ImproperlyConfigured(f"{type(self).__name__}: an import needs key_fields or key().")
        return tuple(getattr(obj, name) for name in self.key_fields)

    def duplicate_problem(self, obj, first_row: int) -> tuple[str, str]:
        return self.key_column, f"与第 {first_row} 行重复，请删除重复行。"

    def find_existing(self, user, objs: list, context: dict) -> list:
        """The stored record each (validated, unsaved) object stands for, or None: aligned with
        `objs`. Prefetch many-to-many fields the form sets, so comparing them costs nothing."""
        if not self.key_fields or not objs:
            return [None] * len(objs)
        first = self.key_fields[0]
        values = sorted({getattr(o, first) for o in objs if getattr(o, first) is not None}, key=str)
        stored = {}
        for start in range(0, len(values), 500):
            for obj in self.model._default_manager.filter(**{f"{first}__in": values[start : start + 500]}):
                stored.setdefault(self.key(obj), obj)
        return [stored.get(self.key(o)) for o in objs]

    def may_update(self, obj, user) -> bool:
        return obj.can_edit(user)

    def locked_message(self, obj) -> str:
        state = obj.get_status_display() if hasattr(obj, "get_status_display") else ""
        return f"该记录已存在且处于“{state}”状态，不能通过导入修改。"

    def prepare(self, obj, user, *, created: bool, context: dict) -> None:
        """Last changes before a row is saved (who entered it, clocks)."""

    def next_state(self, obj, user, *, created: bool, context: dict) -> tuple[str, str] | None:
        """(state, comment) a written record moves to through core.workflow, or None."""
        return None

    def write(self, entries: list[Entry], user, context: dict) -> None:
        """Save the rows (inside the import's transaction). Row by row through the model's
        save() and the form's save_m2m(); a spec may override this to write in bulk."""
        for entry in entries:
            self.prepare(entry.obj, user, created=entry.created, context=context)
            entry.obj._change_reason = "Excel 导入" if entry.created else "Excel 导入更新"
            entry.obj.save()
            entry.form.save_m2m()


# --------------------------------------------------------------------------- the driver


class _SharedFields(dict):
    """Form fields shared by every row of one import (fields hold no per-row state)."""

    def __deepcopy__(self, memo):
        return self


def _row_form_class(spec: ImportSpec, keep, kwargs):
    if not spec.share_fields:
        return spec.form_class
    prototype = spec.form_class(**kwargs)
    for name in list(prototype.fields):
        if name not in keep:
            del prototype.fields[name]
    row_form = type(f"{spec.form_class.__name__}Row", (spec.form_class,), {})
    row_form.base_fields = _SharedFields(prototype.fields)  # after the metaclass has run
    return row_form


def _bound_form(spec, form_class, data, kwargs, instance):
    form = form_class(data=data, instance=instance, **kwargs)
    if not spec.share_fields:
        for name in list(form.fields):
            if name not in data:
                del form.fields[name]  # a column the template does not have is left as it is
    return form


def _only_unique_errors(form) -> bool:
    codes = {e.code for errors in form.errors.as_data().values() for e in errors}
    return bool(codes) and codes <= {"unique", "unique_together"}


def _snapshot(obj, m2m_names) -> tuple[dict, dict]:
    fields = {f.attname: copy.copy(getattr(obj, f.attname)) for f in obj._meta.concrete_fields}
    m2m = {name: {o.pk for o in getattr(obj, name).all()} for name in m2m_names} if obj.pk else {}
    return fields, m2m


def run_import(spec: ImportSpec, upload, *, user, dry_run: bool, **options) -> ImportResult:
    """Validate every row; unless this is a dry run or a row has a problem, write them all in one
    transaction. Raises ImportFileError when the file as a whole cannot be read."""
    rows = read_rows(upload, spec.headers, required_headers=spec.required_headers)
    result = ImportResult(dry_run=dry_run, total_rows=len(rows), rows=rows)
    if not rows:
        result.errors.append(ImportProblem(None, "", spec.empty_message))
        return result
    context = spec.start(user, **options)
    columns_of = {name: header for header, name in spec.columns.items()} | spec.field_columns

    def report(row, form):
        for name, messages in form.errors.items():
            result.errors.extend(ImportProblem(row.number, columns_of.get(name, ""), m) for m in messages)

    # 1. every row through the form, as a new record
    form_class, entries = None, []
    for row in rows:
        data = spec.row_data(row.values, context)
        try:
            kwargs = spec.form_kwargs(row, user, context)
        except RowError as exc:
            result.errors.append(ImportProblem(row.number, exc.column, exc.message))
            continue
        if form_class is None:
            form_class = _row_form_class(spec, data, kwargs)
        form = _bound_form(spec, form_class, data, kwargs, None)
        if form.is_valid():
            entries.append(Entry(row=row, data=data, kwargs=kwargs, form=form, obj=form.save(commit=False)))
        elif _only_unique_errors(form):  # "already exists" may be the stored record this row updates
            entries.append(Entry(row=row, data=data, kwargs=kwargs, form=form, obj=form.instance, unsure=True))
        else:
            report(row, form)

    # 2. the same record twice in the file
    seen, unique = {}, []
    for entry in entries:
        key = spec.key(entry.obj)
        if key in seen:
            column, message = spec.duplicate_problem(entry.obj, seen[key])
            result.errors.append(ImportProblem(entry.row.number, column, message))
            continue
        seen[key] = entry.row.number
        unique.append(entry)

    # 3. new, unchanged, updated or refused
    written = []
    m2m_names = [f.name for f in spec.model._meta.many_to_many]
    for entry, current in zip(unique, spec.find_existing(user, [e.obj for e in unique], context), strict=True):
        number = entry.row.number
        if current is None:
            if entry.unsure:
                report(entry.row, entry.form)
                continue
            written.append(entry)
            result.actions[number] = "新增"
            continue
        editable = spec.may_update(current, user)
        if not editable and spec.locked_action:
            result.unchanged += 1
            result.actions[number] = spec.locked_action
            continue
        names = [n for n in m2m_names if n in entry.data]
        before, before_m2m = _snapshot(current, names)
        if spec.update_fields and not entry.unsure:  # take the listed values of the row as validated above
            form, obj = entry.form, current
            for name in spec.update_fields:
                setattr(obj, name, getattr(entry.obj, name))
        else:  # validate the row again, against the stored record
            form = _bound_form(spec, form_class, entry.data, entry.kwargs, current)
            if not form.is_valid():
                report(entry.row, form)
                continue
            obj = form.save(commit=False)
        after, _ = _snapshot(obj, [])
        entry.changed = [name for name, value in after.items() if before[name] != value]
        entry.m2m_changed = [n for n in names if {o.pk for o in form.cleaned_data.get(n) or []} != before_m2m[n]]
        if not entry.changed and not entry.m2m_changed:
            result.unchanged += 1
            result.actions[number] = "无变化"
            continue
        if not editable:
            result.errors.append(ImportProblem(number, spec.key_column, spec.locked_message(current)))
            continue
        entry.form, entry.obj, entry.created = form, obj, False
        written.append(entry)
        result.actions[number] = "更新"

    # 4. the workflow step each written record takes, checked now (dry runs report it too)
    for entry in written:
        move = spec.next_state(entry.obj, user, created=entry.created, context=context)
        if move is None:
            continue
        error = refusal(entry.obj, move[0], user, move[1])
        if error is not None:
            result.errors.append(ImportProblem(entry.row.number, spec.state_column or spec.key_column, error.message))
        entry.move = move

    result.created = sum(1 for e in written if e.created)
    result.updated = len(written) - result.created
    order = {h: i for i, h in enumerate(spec.headers)}
    result.errors.sort(key=lambda e: (e.row or 0, order.get(e.column, len(order))))
    if result.errors:
        result.created = result.updated = result.unchanged = 0
        return result
    if dry_run or not written:
        return result

    # 5. one transaction: rows, then their workflow steps
    try:
        with transaction.atomic():
            spec.write(written, user, context)
            moves: dict[tuple[str, str], list] = {}
            for entry in written:
                if entry.move is not None:
                    moves.setdefault(entry.move, []).append(entry)
            for (to, comment), group in moves.items():
                try:
                    transition_bulk([e.obj for e in group], to, user, comment)
                except TransitionError as exc:  # changed since validation (another user's step)
                    number = next((e.row.number for e in group if e.obj is getattr(exc, "obj", None)), None)
                    result.errors.append(ImportProblem(number, spec.state_column or spec.key_column, exc.message))
                    raise
            created_ids = [e.obj.pk for e in written if e.created]
            updated_ids = [e.obj.pk for e in written if not e.created]
            transaction.on_commit(
                lambda: records_imported.send(
                    sender=spec.model,
                    ids=created_ids + updated_ids,
                    created_ids=created_ids,
                    updated_ids=updated_ids,
                    user=user,
                )
            )
    except TransitionError:
        result.created = result.updated = result.unchanged = 0
    return result


def records_upload(spec: ImportSpec, records: list[dict], name: str = "导入.xlsx"):
    """Records keyed by template header (demo data files, other systems' exports) as an uploaded
    workbook, so they enter through `run_import` exactly like a file a user fills in."""
    wb = Workbook()
    ws = wb.active
    ws.title = DATA_SHEET
    ws.append(spec.headers)
    for record in records:
        ws.append([record.get(h, "") for h in spec.headers])
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def template_response(spec: ImportSpec, user=None) -> HttpResponse:
    """The entry template as a download (pages and API alike)."""
    response = HttpResponse(spec.template_bytes(user), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(spec.template_filename)}"
    return response


# --------------------------------------------------------------------------- records owned by a unit


class UnitRecordImportSpec(ImportSpec):
    """Records owned by a unit (demands of an enterprise, achievements of an institute, platforms).

    The form takes `user=` and `owner=`. A unit user imports only their own unit's records (the
    unit column may be left blank); the bureau names the unit of each row, and a unit the portal
    does not know yet is created (verified: the bureau collected it) — an enterprise needs its
    统一社会信用代码. A record is identified by unit + title. The bureau may publish on import.
    """

    unit_header = ""
    unit_kind = ""  # Organisation.Kind value of the owning unit
    uscc_header = ""  # bureau imports: a new enterprise needs its USCC
    institute_kind_header = ""  # achievements: 院所类别 of a new institute
    title_field = "title"
    publish_comment = "市科技局批量导入发布"

    @property
    def headers(self) -> list[str]:
        extra = [h for h in (self.unit_header, self.uscc_header, self.institute_kind_header) if h]
        return [*self.columns, *extra]

    @property
    def key_column(self) -> str:
        return next((h for h, name in self.columns.items() if name == self.title_field), "")

    @property
    def state_column(self) -> str:
        return self.unit_header

    @property
    def field_columns(self) -> dict[str, str]:
        return {"owner": self.unit_header}

    def template_required(self) -> set[str]:
        return self.required | {self.unit_header}

    def start(self, user, *, publish: bool = False, **options) -> dict:
        return {"publish": bool(publish and user.is_bureau), "units": {}}

    def form_kwargs(self, row, user, context) -> dict:
        return {"user": user, "owner": self._unit(row, user, context)}

    def key(self, obj) -> tuple:
        return (obj.owner.name, getattr(obj, self.title_field))

    def duplicate_problem(self, obj, first_row):
        return self.key_column, f"与第 {first_row} 行重复（同一单位、同一名称）。"

    def find_existing(self, user, objs, context) -> list:
        owners = sorted({o.owner_id for o in objs if o.owner_id})
        stored = {}
        for start in range(0, len(owners), 500):
            query = self.model._default_manager.filter(owner_id__in=owners[start : start + 500])
            for obj in query.filter(**{f"{self.title_field}__in": {getattr(o, self.title_field) for o in objs}}):
                stored.setdefault((obj.owner_id, getattr(obj, self.title_field)), obj)
        return [stored.get((o.owner_id, getattr(o, self.title_field))) if o.owner_id else None for o in objs]

    def prepare(self, obj, user, *, created, context) -> None:
        if obj.owner.pk is None:  # a unit first named in this file
            obj.owner.save()
        obj.owner = obj.owner  # sets owner_id now that the unit has one

    def next_state(self, obj, user, *, created, context):
        if context.get("publish") and obj.status == "draft":
            return "published", self.publish_comment
        return None

    def _unit(self, row, user, context):
        """The owning unit of a row: the user's own for units; looked up (or new) for the bureau."""
        name = str(row.values.get(self.unit_header, "") or "").strip()
        if not user.is_bureau:
            org = user.organisation
            if org is None:
                raise RowError(self.unit_header, "您的账号未关联单位，不能导入。")
            if name and name != org.name:
                raise RowError(self.unit_header, f"只能导入本单位（{org.name}）的记录。")
            return org
        if not name:
            raise RowError(self.unit_header, "请填写单位名称。")
        uscc = str(row.values.get(self.uscc_header, "") or "").strip() if self.uscc_header else ""
        units = context["units"]
        org = units.get(name)
        if org is None:
            org = Organisation.objects.filter(name=name).first()
            if org is None and uscc:
                org = Organisation.objects.filter(uscc=normalize_uscc(uscc)).first()
        if org is not None:
            if org.kind != self.unit_kind:
                raise RowError(self.unit_header, f"“{name}”不是{Organisation.Kind(self.unit_kind).label}。")
            units[name] = org
            return org
        # A unit the portal does not know yet: the bureau collected it, so it is created verified.
        new = Organisation(name=name, kind=self.unit_kind, is_verified=True)
        if self.unit_kind == Organisation.Kind.ENTERPRISE:
            if not uscc:
                raise RowError(
                    self.uscc_header or self.unit_header, f"“{name}”尚未在系统登记，请填写其统一社会信用代码。"
                )
            try:
                validate_uscc(uscc)
            except ValidationError as exc:
                raise RowError(self.uscc_header, exc.messages[0]) from None
            new.uscc = normalize_uscc(uscc)
        if self.institute_kind_header:
            kind = row.values.get(self.institute_kind_header, "")
            code = label_to_code(Organisation.InstituteKind.choices, kind) if kind else Organisation.InstituteKind.OTHER
            if code not in Organisation.InstituteKind.values:
                raise RowError(self.institute_kind_header, f"“{kind}”不是有效的院所类别。")
            new.institute_kind = code
        units[name] = new
        return new
