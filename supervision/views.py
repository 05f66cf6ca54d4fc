"""Pages: quarterly ledgers, assigned tasks, supervision records and the yearly award ranking.

A county liaison keeps their county's ledger; the bureau keeps everything; leaders read all;
other roles are refused (403).
"""

import mimetypes

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from accounts.roles import Role
from core.exports import logged_xlsx_export
from core.history import history_entries
from core.inputs import parse_id
from core.mixins import FilteredListMixin, RoleRequiredMixin, VisibleQuerysetMixin
from core.registry import HomeCard
from core.reminders import quarter_label, quarter_of
from core.workflow import TransitionError, history_of, transition, workflow_for

from . import services
from .filters import AssignedTaskFilter, LedgerItemFilter, SupervisionRecordFilter
from .forms import LedgerItemForm, RecordForm, TaskForm, TransitionForm
from .models import AssignedTask, AwardDecision, LedgerItem, Prize, SupervisedUnit, SupervisionRecord
from .ranking import QUOTAS

READERS = (Role.LIAISON, Role.LEADER)  # the bureau always passes RoleRequiredMixin


def _service_errors(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for field, msgs in exc.message_dict.items():
            for m in msgs:
                form.add_error(field if field in form.fields else None, m)
    else:
        for m in exc.messages:
            form.add_error(None, m)


def _do_transition(request, obj, noun: str):
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择要执行的操作。")
        return
    try:
        transition(obj, form.cleaned_data["to"], request.user, form.cleaned_data["comment"])
    except TransitionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{noun}已变更为“{workflow_for(obj).label(obj.status)}”。")


# --------------------------------------------------------------------------- ledger


class LedgerListView(FilteredListMixin, View):
    model = LedgerItem
    filterset_class = LedgerItemFilter
    template_name = "supervision/ledger_list.html"
    required_roles = READERS

    def get_queryset(self):
        return super().get_queryset().select_related("unit", "assigned_task")

    def get_extra_context(self):
        today = timezone.localdate()
        return {
            "can_add": SupervisedUnit.objects.kept_by(self.request.user).exists(),
            "current": quarter_label(today.year, quarter_of(today)),
        }


class LedgerExportView(VisibleQuerysetMixin, View):
    model = LedgerItem
    required_roles = READERS

    def get(self, request):
        filterset = LedgerItemFilter(request.GET or None, queryset=self.get_queryset(), request=request)
        qs = (filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset).select_related(
            "unit", "assigned_task"
        )
        headers = [
            "编号",
            "单位",
            "年度",
            "季度",
            "工作任务",
            "责任人",
            "工作进展",
            "状态",
            "交办任务",
            "佐证材料",
            "更新时间",
        ]
        rows = [
            [
                i.pk,
                str(i.unit),
                i.year,
                i.quarter,
                i.task,
                i.responsible_person,
                i.progress,
                i.get_status_display(),
                str(i.assigned_task or ""),
                i.evidence_name,
                timezone.localtime(i.updated_at).strftime("%Y-%m-%d %H:%M"),
            ]
            for i in qs
        ]
        return logged_xlsx_export(
            request, what="季度台账", filename="季度台账.xlsx", headers=headers, rows=rows, count=len(rows)
        )


class LedgerCreateView(RoleRequiredMixin, View):
    required_roles = (Role.LIAISON,)

    def get(self, request, form=None):
        if not SupervisedUnit.objects.kept_by(request.user).exists():
            raise PermissionDenied("您的账号没有对应的县区或部门，不能填报台账。")
        form = form or LedgerItemForm(user=request.user, initial=request.GET.dict())
        return render(request, "supervision/ledger_form.html", {"form": form, "item": None})

    def post(self, request):
        form = LedgerItemForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            try:
                item = services.ledger_item_save(
                    user=request.user, values=form.cleaned_data, evidence=form.cleaned_data.get("evidence_file")
                )
            except ValidationError as exc:
                _service_errors(form, exc)
            else:
                messages.success(request, "已新增台账事项。")
                return redirect(item)
        return self.get(request, form=form)


class LedgerDetailView(VisibleQuerysetMixin, View):
    model = LedgerItem
    required_roles = READERS

    def get(self, request, pk):
        item = get_object_or_404(self.get_queryset().select_related("unit", "assigned_task"), pk=pk)
        can_edit = item.can_edit(request.user)
        return render(
            request,
            "supervision/ledger_detail.html",
            {
                "item": item,
                "can_edit": can_edit,
                "transitions": workflow_for(LedgerItem).available(item, request.user) if can_edit else [],
                "status_changes": history_of(item),
                "workflow": workflow_for(LedgerItem),
                "entries": history_entries(item),
            },
        )

    def post(self, request, pk):
        item = get_object_or_404(self.get_queryset(), pk=pk)
        if not item.can_edit(request.user):
            raise PermissionDenied("您可以查看此台账，但无权修改。")
        if request.POST.get("delete"):
            services.ledger_item_delete(user=request.user, item=item)
            messages.success(request, "已删除台账事项。")
            return redirect("supervision:ledger_list")
        _do_transition(request, item, "台账事项")
        return redirect(item)


class LedgerEditView(VisibleQuerysetMixin, View):
    model = LedgerItem
    required_roles = READERS

    def get_object(self, pk):
        item = get_object_or_404(self.get_queryset(), pk=pk)
        if not item.can_edit(self.request.user):
            raise PermissionDenied("您可以查看此台账，但无权修改。")
        return item

    def get(self, request, pk, form=None):
        item = self.get_object(pk)
        form = form or LedgerItemForm(instance=item, user=request.user)
        return render(request, "supervision/ledger_form.html", {"form": form, "item": item})

    def post(self, request, pk):
        item = self.get_object(pk)
        form = LedgerItemForm(request.POST, request.FILES, instance=LedgerItem.objects.get(pk=pk), user=request.user)
        if form.is_valid():
            try:
                services.ledger_item_save(
                    user=request.user,
                    values=form.cleaned_data,
                    item=item,
                    evidence=form.cleaned_data.get("evidence_file"),
                )
            except ValidationError as exc:
                _service_errors(form, exc)
            else:
                messages.success(request, "台账已更新。")
                return redirect(item)
        return self.get(request, pk, form=form)


class EvidenceDownloadView(VisibleQuerysetMixin, View):
    """Evidence files are private: streamed only to users who may see the ledger line."""

    model = LedgerItem
    required_roles = READERS

    def get(self, request, pk):
        item = get_object_or_404(self.get_queryset(), pk=pk)
        if not item.evidence:
            raise Http404("该事项没有佐证材料。")
        try:
            handle = item.evidence.open("rb")
        except FileNotFoundError:
            raise Http404("文件不存在。") from None
        content_type = item.evidence_content_type or mimetypes.guess_type(item.evidence.name)[0]
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=item.evidence_name,
            content_type=content_type or "application/octet-stream",
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


# --------------------------------------------------------------------------- assigned tasks


class TaskListView(FilteredListMixin, View):
    model = AssignedTask
    filterset_class = AssignedTaskFilter
    template_name = "supervision/task_list.html"
    required_roles = READERS

    def get_queryset(self):
        return super().get_queryset().select_related("unit")

    def get_extra_context(self):
        return {"today": timezone.localdate()}


class TaskCreateView(RoleRequiredMixin, View):
    required_roles = (Role.BUREAU,)

    def get(self, request, form=None):
        return render(request, "supervision/task_form.html", {"form": form or TaskForm()})

    def post(self, request):
        form = TaskForm(request.POST)
        if form.is_valid():
            try:
                task = services.task_assign(user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _service_errors(form, exc)
            else:
                messages.success(request, "任务已交办，责任单位已收到通知。")
                return redirect(task)
        return self.get(request, form=form)


class TaskDetailView(VisibleQuerysetMixin, View):
    model = AssignedTask
    required_roles = READERS

    def get(self, request, pk):
        task = get_object_or_404(self.get_queryset().select_related("unit"), pk=pk)
        return render(
            request,
            "supervision/task_detail.html",
            {
                "task": task,
                "overdue": task.is_overdue(),
                "transitions": workflow_for(AssignedTask).available(task, request.user),
                "status_changes": history_of(task),
                "workflow": workflow_for(AssignedTask),
                "entries": history_entries(task),
                "ledger_items": task.ledger_items.visible_to(request.user).select_related("unit"),
            },
        )

    def post(self, request, pk):
        task = get_object_or_404(self.get_queryset(), pk=pk)
        _do_transition(request, task, "交办任务")
        return redirect(task)


# --------------------------------------------------------------------------- supervision records


class RecordListView(FilteredListMixin, View):
    model = SupervisionRecord
    filterset_class = SupervisionRecordFilter
    template_name = "supervision/record_list.html"
    required_roles = READERS

    def get_queryset(self):
        return super().get_queryset().select_related("unit", "recorded_by")

    def get_extra_context(self):
        context = {}
        if self.request.user.is_bureau:
            today = timezone.localdate()
            year = parse_id(self.request.GET.get("year")) or today.year
            quarter = parse_id(self.request.GET.get("quarter")) or quarter_of(today)
            if year in range(2020, 2101) and quarter in (1, 2, 3, 4):
                done = set(
                    SupervisionRecord.objects.filter(year=year, quarter=quarter).values_list("unit_id", flat=True)
                )
                context["missing"] = SupervisedUnit.objects.active().exclude(pk__in=done)
                context["board_year"], context["board_quarter"] = year, quarter
                context["board_label"] = quarter_label(year, quarter)
        return context


class RecordCreateView(RoleRequiredMixin, View):
    """Record or correct one unit's quarterly score (one record per unit and quarter)."""

    required_roles = (Role.BUREAU,)

    def get(self, request, form=None):
        if form is None:
            initial = {k: v for k, v in request.GET.items() if k in ("unit", "year", "quarter")}
            existing = None
            if all(parse_id(initial.get(k)) for k in ("unit", "year", "quarter")):
                existing = SupervisionRecord.objects.filter(
                    unit_id=parse_id(initial["unit"]),
                    year=parse_id(initial["year"]),
                    quarter=parse_id(initial["quarter"]),
                ).first()
            if existing:
                initial.update(score=existing.score, outcome=existing.outcome, comment=existing.comment)
            today = timezone.localdate()
            initial.setdefault("year", today.year)
            initial.setdefault("quarter", quarter_of(today))
            form = RecordForm(initial=initial)
        return render(request, "supervision/record_form.html", {"form": form})

    def post(self, request):
        form = RecordForm(request.POST)
        if form.is_valid():
            try:
                record = services.record_save(user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _service_errors(form, exc)
            else:
                messages.success(request, f"已记录{record.unit}{quarter_label(record.year, record.quarter)}督导得分。")
                return redirect(record.get_absolute_url())
        return self.get(request, form=form)


# --------------------------------------------------------------------------- awards


class AwardView(RoleRequiredMixin, View):
    """The year's ranking with proposed prizes (ties shown together); the bureau confirms."""

    required_roles = READERS

    def _year(self, request):
        year = parse_id(request.POST.get("year") or request.GET.get("year"))
        default = timezone.localdate().year
        return year if year and 2020 <= year <= 2100 else default

    def get(self, request, error=None, comment=""):
        year = self._year(request)
        decision = AwardDecision.objects.visible_to(request.user).filter(year=year).first()
        ranked = services.award_proposal(year) if request.user.is_bureau or request.user.is_leader else []
        confirmed = {}
        if decision is not None:
            confirmed = {e.unit_id: e for e in decision.entries.select_related("unit")}
        for r in ranked:  # the select starts from the confirmed prize, else the proposal
            r.chosen = confirmed[r.unit.pk].prize if r.unit.pk in confirmed else r.prize
        return render(
            request,
            "supervision/awards.html",
            {
                "year": year,
                "years": range(timezone.localdate().year, 2019, -1),
                "ranked": ranked,
                "decision": decision,
                "entries": list(confirmed.values()),
                "prizes": Prize.choices,
                "quotas": [(Prize(p).label, n) for p, n in QUOTAS],
                "boundary_ties": any(r.boundary_tie for r in ranked),
                "history": decision.history.all()[:10] if decision else [],
                "error": error,
                "comment": comment,
            },
        )

    def post(self, request):
        if not request.user.is_bureau:
            raise PermissionDenied("只有市科技局可以确认年度评奖。")
        year = self._year(request)
        prizes = {}
        for key, value in request.POST.items():
            if key.startswith("prize_") and parse_id(key[6:]):
                prizes[parse_id(key[6:])] = value
        comment = request.POST.get("comment", "")
        try:
            services.award_confirm(user=request.user, year=year, prizes=prizes, comment=comment)
        except ValidationError as exc:
            return self.get(request, error="；".join(exc.messages), comment=comment)
        messages.success(request, f"{year}年度评奖结果已确认。")
        return redirect(reverse("supervision:awards") + f"?year={year}")


def home_cards(user):
    if not (user.is_bureau or user.is_liaison or user.is_leader):
        return []
    today = timezone.localdate()
    year, quarter = today.year, quarter_of(today)
    items = LedgerItem.objects.visible_to(user).in_quarter(year, quarter)
    tasks = AssignedTask.objects.visible_to(user)
    return [
        HomeCard(
            title="督导考核",
            body=f"{quarter_label(year, quarter)}台账、联席会议交办任务与季度督导。",
            url=reverse("supervision:ledger_list") + f"?year={year}&quarter={quarter}",
            link_text="本季度台账",
            figures=[
                ("本季度台账事项", items.count()),
                ("已完成", items.filter(status="done").count()),
                ("办理中任务", tasks.open().count()),
                ("逾期任务", tasks.overdue(today).count()),
            ],
            order=60,
        )
    ]


def supervision_todos(user):
    """The ledger and task lines of a keeper's (and the bureau's) to-do list: this quarter's ledger
    items not yet started, and assigned tasks past their due date. Each count is the list it links
    to (same visible_to, same FilterSet)."""
    from core.filters import filtered
    from core.registry import todo

    if not (user.is_bureau or user.is_liaison):
        return []
    today = timezone.localdate()
    ledger = {"year": today.year, "quarter": quarter_of(today), "status": "not_started"}
    tasks = {"overdue": "true"}
    return [
        todo(
            "本季度未开始的台账事项",
            filtered(LedgerItemFilter, LedgerItem.objects.visible_to(user), user, ledger),
            "supervision:ledger_list",
            ledger,
            order=70,
        ),
        todo(
            "已逾期的交办任务",
            filtered(AssignedTaskFilter, AssignedTask.objects.visible_to(user), user, tasks),
            "supervision:task_list",
            tasks,
            order=71,
        ),
    ]
