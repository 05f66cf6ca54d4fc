"""Page views shared by the library records (demands, achievements, …).

Every library has the same shape: a filtered list (public library, "mine", the bureau's
review queue), a detail page with workflow buttons, create/edit forms, single and batch
transitions, a filtered Excel export and a bulk Excel import. Each app subclasses these
views with its model, form, filter and templates.
"""

from typing import NamedTuple

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.utils.html import format_html
from django.views import View

from accounts.roles import Role
from core.exports import logged_xlsx_export
from core.importing import ImportFileError, run_import, template_response
from core.inputs import parse_ids
from core.links import id_prefix
from core.mixins import FilteredListMixin, RoleRequiredMixin, VisibleQuerysetMixin
from core.redirects import redirect_next, safe_next_url
from core.reference import reference_row
from core.workflow import TransitionError, transition, transition_many, workflow_for

from .forms import ImportForm, TransitionForm
from .pagination import LibraryPaginator


def bureau_batch_targets(model):
    """(value, label) of the states the bureau can move records to in a batch."""
    workflow = workflow_for(model)
    seen = {}
    for t in workflow.transitions:
        if Role.BUREAU in t.roles and t.target not in seen:
            seen[t.target] = t.label or workflow.label(t.target)
    return list(seen.items())


class RowNames(NamedTuple):
    """What a list row needs besides the record: its detail URL prefix, reference names, the batch box."""

    detail: str
    check: bool

    def url(self, obj) -> str:
        return f"{self.detail}{obj.pk}/"

    def name(self, model, pk) -> str:
        """The name of a reference row (county, industry …) from the per-process table."""
        row = reference_row(model, pk)
        return row.name if row is not None else ""

    def check_cell(self, obj) -> str:
        if not self.check:
            return ""
        return format_html(
            '<td><input type="checkbox" class="form-check-input row-check" name="ids" value="{}" form="batch-form"'
            ' aria-label="选择 {}"></td>',
            obj.pk,
            obj.title,
        )


class LibraryListView(FilteredListMixin, View):
    namespace = ""
    list_title = ""
    page_kind = "list"  # list | mine | review
    paginator_class = LibraryPaginator  # capped count: see core.library.pagination

    def get_queryset(self):
        # Industry and county are named from the per-process reference tables (see prepare_rows).
        return super().get_queryset().select_related("owner")

    def get_filterset(self):
        filterset = super().get_filterset()
        filterset.page_kind = self.page_kind
        return filterset

    def prepare_rows(self, rows):
        """Each row as its ready HTML (`row_html`), as Django admin's change list writes its cells:
        a template would cost a node per cell, 20 rows a page."""
        names = RowNames(
            detail=id_prefix(f"{self.namespace}:detail"),
            check=self.request.user.is_bureau and bool(bureau_batch_targets(self.model)),
        )
        return [self.row_html(obj, names) for obj in rows]

    def row_html(self, obj, names: "RowNames") -> str:
        raise NotImplementedError

    def get_extra_context(self):
        user = self.request.user
        return {
            "count_cap_display": f"{LibraryPaginator.cap:,}",
            "list_title": self.list_title,
            "page_kind": self.page_kind,
            "can_create": self.can_create(user),
            "batch_targets": bureau_batch_targets(self.model) if user.is_bureau else [],
            "export_url": reverse(f"{self.namespace}:export")
            + ("?" + self.request.GET.urlencode() if self.request.GET else ""),
        }

    def can_create(self, user):
        return user.is_bureau


class LibraryDetailView(VisibleQuerysetMixin, View):
    template_name = ""
    # A section another app may provide (e.g. matching's "matched achievements"); shown if it exists.
    related_template_name = ""

    def get(self, request, pk):
        obj = get_object_or_404(self.get_queryset(), pk=pk)
        user = request.user
        workflow = workflow_for(self.model)
        context = {
            "object": obj,
            "workflow": workflow,
            "transitions": workflow.available(obj, user),
            "transition_form": TransitionForm(),
            "can_edit": obj.can_edit(user),
            "contact_visible": obj.contact_visible_to(user),
            "related_template": _existing_template(self.related_template_name),
        }
        context.update(self.get_extra_context(obj))
        return render(request, self.template_name, context)

    def get_extra_context(self, obj):
        return {}


class LibraryFormView(RoleRequiredMixin, View):
    """Create (pk is None) or edit; editing needs obj.can_edit(user) (else 403)."""

    model = None
    form_class = None
    template_name = ""
    namespace = ""
    create_roles: tuple[str, ...] = ()

    def get_object(self, pk):
        if pk is None:
            return None
        obj = get_object_or_404(self.model.objects.visible_to(self.request.user), pk=pk)
        if not obj.can_edit(self.request.user):
            raise PermissionDenied("您可以查看此记录，但当前状态下无权修改。")
        return obj

    def check_create(self):
        user = self.request.user
        if user.is_bureau:
            return
        if not user.has_role(*self.create_roles) or user.organisation is None:
            raise PermissionDenied("您的角色无权新建此类记录。")

    def get_form(self, obj):
        kwargs = {"instance": obj, "user": self.request.user}
        if self.request.method == "POST":
            kwargs.update(data=self.request.POST, files=self.request.FILES)
        return self.form_class(**kwargs)

    def get(self, request, pk=None):
        obj = self.get_object(pk)
        if obj is None:
            self.check_create()
        return self.render(self.get_form(obj), obj)

    def post(self, request, pk=None):
        obj = self.get_object(pk)
        if obj is None:
            self.check_create()
        form = self.get_form(obj)
        if not form.is_valid():
            return self.render(form, obj)
        saved = form.save()
        self.after_save(saved, form, created=obj is None)
        action = request.POST.get("action")
        if action == "submit":
            try:
                transition(saved, "pending_review", request.user, comment="")
                messages.success(request, "已保存并提交审核。")
            except TransitionError as exc:
                messages.error(request, f"已保存，但未能提交审核：{exc.message}")
        else:
            messages.success(request, "已保存。" if obj else "已保存为草稿，确认无误后请提交审核。")
        return redirect(saved.get_absolute_url())

    def after_save(self, obj, form, created):
        pass

    def render(self, form, obj):
        return render(self.request, self.template_name, {"form": form, "object": obj, "namespace": self.namespace})


class TransitionView(RoleRequiredMixin, View):
    """POST one transition from a detail page."""

    model = None

    def post(self, request, pk):
        obj = get_object_or_404(self.model.objects.visible_to(request.user), pk=pk)
        form = TransitionForm(request.POST)
        if not form.is_valid():
            messages.error(request, "请求无效。")
            return redirect(obj.get_absolute_url())
        try:
            transition(obj, form.cleaned_data["to"], request.user, form.cleaned_data["comment"])
        except TransitionError as exc:
            if exc.code == "forbidden":
                raise PermissionDenied(exc.message) from exc
            messages.error(request, exc.message)
        else:
            messages.success(request, f"操作成功：当前状态为“{workflow_for(self.model).label(obj.status)}”。")
        return redirect_next(request, obj.get_absolute_url())


class BatchTransitionView(RoleRequiredMixin, View):
    """Bureau batch action over the selected rows; every row goes through the workflow."""

    model = None
    namespace = ""
    required_roles = (Role.BUREAU,)

    def post(self, request):
        ids = parse_ids(request.POST.getlist("ids"))
        target = request.POST.get("to", "")
        comment = request.POST.get("comment", "")
        back = safe_next_url(request, reverse(f"{self.namespace}:review"))
        if not ids or not target:
            messages.error(request, "请先勾选记录并选择批量操作。")
            return redirect(back)
        objs = self.model.objects.visible_to(request.user).filter(pk__in=ids)
        done, failed = transition_many(objs, target, request.user, comment)
        label = workflow_for(self.model).label(target)
        if done:
            messages.success(request, f"已将 {len(done)} 条记录变更为“{label}”。")
        for obj, error in failed[:20]:
            messages.error(request, f"“{obj}”：{error}")
        if len(failed) > 20:
            messages.error(request, f"另有 {len(failed) - 20} 条未能变更。")
        return redirect(back)


class ExportView(FilteredListMixin, View):
    """Excel export of exactly the filtered list the user sees."""

    what = ""
    filename = ""

    def get(self, request, *args, **kwargs):
        filterset = self.get_filterset()
        queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
        queryset = queryset.select_related("industry", "county", "owner")
        user = request.user
        memo = {}
        records = [(obj, obj.contact_visible_to(user, memo)) for obj in queryset[:50000]]
        rows = [self.row(obj, visible) for obj, visible in records]
        return logged_xlsx_export(
            request,
            what=self.what,
            filename=self.filename,
            headers=self.headers,
            rows=rows,
            count=len(rows),
            # Unmasked contact people (the owner's own, an engagement party's, the bureau's) are
            # personal data: say so in the file and in the export log.
            personal=any(visible and (obj.contact_name or obj.contact_phone) for obj, visible in records),
        )


class ImportView(RoleRequiredMixin, View):
    """The Excel import page: the app gives its import `spec`; core.importing runs it."""

    spec = None
    namespace = ""
    template_name = "core/library/import.html"
    title = ""

    def get(self, request):
        return self.render(ImportForm(user=request.user), None)

    def post(self, request):
        form = ImportForm(request.POST, request.FILES, user=request.user)
        if not form.is_valid():
            return self.render(form, None)
        if not request.user.is_bureau and request.user.organisation is None:
            raise PermissionDenied("您的账号未关联单位，不能导入。")
        try:
            result = run_import(
                self.spec,
                form.cleaned_data["file"],
                user=request.user,
                dry_run=form.cleaned_data["dry_run"],
                publish=form.cleaned_data.get("publish", False),
            )
        except ImportFileError as exc:
            form.add_error("file", str(exc))
            return self.render(form, None)
        if not result.errors and not result.dry_run:
            messages.success(
                request, f"导入完成：新增 {result.created} 条，更新 {result.updated} 条，未变化 {result.unchanged} 条。"
            )
        return self.render(form, result)

    def render(self, form, result):
        return render(
            self.request,
            self.template_name,
            {"form": form, "result": result, "title": self.title, "namespace": self.namespace},
        )


class ImportTemplateView(RoleRequiredMixin, View):
    spec = None

    def get(self, request):
        return template_response(self.spec, request.user)


def _existing_template(name):
    if not name:
        return None
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return None
    return name
