"""Pages: platform list (with the target count), detail with instruments, evaluations and
history, create/edit forms, workflow steps, export; and the public list of shared instruments."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views import View

from accounts.models import County, Industry
from accounts.roles import Role
from core.exports import logged_xlsx_export
from core.library.pagination import LibraryPaginator
from core.library.views import ImportTemplateView, ImportView
from core.links import id_prefix
from core.mixins import FilteredListMixin, VisibleQuerysetMixin
from core.reference import attach_reference_ids, reference_ids, reference_row, reference_rows_for
from core.registry import HomeCard
from core.workflow import TransitionError, transition

from .filters import InstrumentFilter, PlatformFilter
from .forms import EvaluationForm, InstrumentForm, PlatformForm
from .importing import PlatformImport
from .models import Platform, PlatformType, SharedInstrument
from .targets import platform_target
from .workflow import PlatformStatus

READERS = (Role.BUREAU, Role.LIAISON, Role.ENTERPRISE, Role.INSTITUTE, Role.LEADER)
RELATED = ("platform_type", "host", "county")


def target_progress(user) -> dict:
    """Recognised city-level-or-higher platforms against the plan's target."""
    target, year = platform_target()
    count = Platform.objects.visible_to(user).recognised().city_or_higher().count()
    return {"count": count, "target": target, "year": year, "percent": min(100, round(count * 100 / target))}


def may_create(user) -> bool:
    return user.is_bureau or (user.has_role(Role.ENTERPRISE, Role.INSTITUTE) and user.organisation_id is not None)


# One row of the list page (PlatformListView.prepare_rows); format_html escapes every value.
ROW = (
    '<tr><td><a href="{url}">{name}</a><div class="small text-muted d-md-none">{kind} · {level} · {county}'
    "<br>{host}</div></td>"
    '<td class="d-none d-md-table-cell">{kind}</td><td class="d-none d-md-table-cell text-nowrap">{level}</td>'
    '<td class="d-none d-md-table-cell">{host}</td><td class="d-none d-md-table-cell text-nowrap">{county}</td>'
    '<td class="small d-none d-lg-table-cell">{industries}</td>'
    '<td class="small text-nowrap d-none d-lg-table-cell">{recognised}</td>'
    '<td class="text-nowrap"><span class="badge {badge}">{status}</span></td></tr>'
)
RECOGNISED = "{}<br>{}"
STATUS_BADGES = {"recognised": "text-bg-success", "revoked": "text-bg-secondary"}
# The columns a row shows: the host's name is joined; type, county and industries are named from
# the per-process reference tables (the industries' ids read for the whole page in one query).
LIST_COLUMNS = (
    "id",
    "name",
    "platform_type_id",
    "level",
    "host__name",
    "county_id",
    "recognised_on",
    "document_number",
    "status",
)


class PlatformListView(FilteredListMixin, View):
    model = Platform
    filterset_class = PlatformFilter
    template_name = "platforms/list.html"
    required_roles = READERS

    def get_queryset(self):
        return super().get_queryset().select_related("host").only(*LIST_COLUMNS)

    def get_extra_context(self):
        return {"progress": target_progress(self.request.user), "can_create": may_create(self.request.user)}

    def prepare_rows(self, rows):
        """Each row as its ready HTML, as Django admin's change list writes its cells."""
        detail = id_prefix("platforms:detail")
        html = []
        for p in attach_reference_ids(rows, "industries"):
            kind, county = reference_row(PlatformType, p.platform_type_id).name, reference_row(County, p.county_id).name
            names = reference_rows_for(Industry, reference_ids(p, "industries"))
            html.append(
                format_html(
                    ROW,
                    url=f"{detail}{p.pk}/",
                    name=p.name,
                    kind=kind,
                    level=p.get_level_display(),
                    county=county,
                    host=p.host.name,
                    industries="、".join(i.name for i in names) or "—",
                    recognised=format_html(RECOGNISED, p.recognised_on.isoformat(), p.document_number)
                    if p.recognised_on
                    else "—",
                    badge=STATUS_BADGES.get(p.status, "text-bg-warning"),
                    status=p.get_status_display(),
                )
            )
        return html


class PlatformExportView(VisibleQuerysetMixin, View):
    model = Platform
    required_roles = READERS

    def get(self, request):
        filterset = PlatformFilter(request.GET or None, queryset=self.get_queryset(), request=request)
        qs = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
        qs = qs.select_related(*RELATED).prefetch_related("industries", "partners", "evaluations")
        qs = qs.annotate(instrument_count=Count("instruments", distinct=True))
        headers = [
            "编号",
            "平台名称",
            "平台类型",
            "级别",
            "依托单位",
            "合作院所",
            "所在县区",
            "所属产业",
            "认定日期",
            "认定文号",
            "状态",
            "最近年度评估",
            "共享仪器（台/套）",
        ]
        rows = []
        for p in qs:
            latest = max(p.evaluations.all(), key=lambda e: e.year, default=None)
            rows.append(
                [
                    p.pk,
                    p.name,
                    p.platform_type.name,
                    p.get_level_display(),
                    p.host.name,
                    "、".join(o.name for o in p.partners.all()),
                    p.county.name,
                    "、".join(i.name for i in p.industries.all()),
                    p.recognised_on,
                    p.document_number,
                    p.get_status_display(),
                    f"{latest.year} 年 {latest.get_result_display()}" if latest else "",
                    p.instrument_count,
                ]
            )
        return logged_xlsx_export(
            request, what="创新平台", filename="创新平台.xlsx", headers=headers, rows=rows, count=len(rows)
        )


class PlatformDetailView(VisibleQuerysetMixin, View):
    model = Platform
    required_roles = READERS

    def get_object(self, pk):
        qs = self.get_queryset().select_related(*RELATED, "created_by").prefetch_related("industries", "partners")
        return get_object_or_404(qs, pk=pk)

    def get(self, request, pk, evaluation_form=None, transition_error=None):
        platform = self.get_object(pk)
        user = request.user
        return render(
            request,
            "platforms/detail.html",
            {
                "platform": platform,
                "can_edit": platform.can_edit(user),
                "transitions": Platform.workflow.available(platform, user),
                "transition_error": transition_error,
                "evaluations": platform.evaluations.all(),
                "evaluation_form": evaluation_form or (EvaluationForm(platform=platform) if user.is_bureau else None),
                "instruments": platform.instruments.all(),
            },
        )

    def post(self, request, pk):
        """The bureau records a yearly evaluation."""
        platform = self.get_object(pk)
        if not request.user.is_bureau:
            raise PermissionDenied("年度评估结果由市科技局录入。")
        form = EvaluationForm(request.POST, platform=platform)
        if form.is_valid():
            evaluation = form.save(commit=False)
            evaluation.platform = platform
            evaluation._change_reason = "录入年度评估"
            evaluation.save()
            messages.success(request, f"已录入 {evaluation.year} 年度评估结果。")
            return redirect(platform)
        return self.get(request, pk, evaluation_form=form)


class PlatformTransitionView(VisibleQuerysetMixin, View):
    model = Platform
    required_roles = READERS

    def post(self, request, pk):
        platform = get_object_or_404(self.get_queryset(), pk=pk)
        data = {k: request.POST.get(k, "") for k in ("document_number", "recognised_on")}
        try:
            transition(platform, request.POST.get("to", ""), request.user, request.POST.get("comment", ""), data)
        except TransitionError as exc:
            if exc.code == "forbidden":
                raise PermissionDenied(exc.message)
            return self._error(request, pk, exc.message)
        messages.success(request, f"平台状态已变更为“{platform.get_status_display()}”。")
        return redirect(platform)

    def _error(self, request, pk, message):
        view = PlatformDetailView()
        view.setup(request, pk=pk)
        return view.get(request, pk, transition_error=message)


class PlatformFormView(VisibleQuerysetMixin, View):
    """Create (no pk) or edit a platform."""

    model = Platform
    required_roles = (Role.BUREAU, Role.ENTERPRISE, Role.INSTITUTE)

    def get_object(self, pk):
        if pk is None:
            if not may_create(self.request.user):
                raise PermissionDenied("您的账号未关联单位，不能新建平台。")
            return None
        platform = get_object_or_404(self.get_queryset(), pk=pk)
        if not platform.can_edit(self.request.user):
            raise PermissionDenied("您可以查看此平台，但无权修改。")
        return platform

    def get(self, request, pk=None):
        platform = self.get_object(pk)
        form = PlatformForm(instance=platform, user=request.user)
        return render(request, "platforms/form.html", {"form": form, "platform": platform})

    def post(self, request, pk=None):
        platform = self.get_object(pk)
        form = PlatformForm(request.POST, instance=platform, user=request.user)
        if form.is_valid():
            saved = form.save()
            messages.success(request, "平台信息已保存。" if platform else "已提交平台信息（筹建），待市科技局认定。")
            return redirect(saved)
        return render(request, "platforms/form.html", {"form": form, "platform": platform})


class PlatformImportView(ImportView):
    """The bureau imports its platform list; a host unit its own platforms (筹建 only)."""

    required_roles = (Role.BUREAU, Role.ENTERPRISE, Role.INSTITUTE)
    namespace = "platforms"
    title = PlatformImport.title
    spec = PlatformImport()

    def render(self, form, result):
        form.fields.pop("publish", None)  # platforms are recognised through the 状态 column, not published
        return super().render(form, result)


class PlatformImportTemplateView(ImportTemplateView):
    required_roles = (Role.BUREAU, Role.ENTERPRISE, Role.INSTITUTE)
    spec = PlatformImport()


# --------------------------------------------------------------------------- instruments


class InstrumentListView(View):
    """The public, searchable list of shared instruments (no sign-in needed)."""

    def get(self, request):
        base = SharedInstrument.objects.visible_to(request.user).select_related(
            "platform__host", "platform__platform_type", "platform__county"
        )
        filterset = InstrumentFilter(request.GET or None, queryset=base, request=request)
        qs = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
        page = LibraryPaginator(qs, 20).get_page(request.GET.get("page"))
        params = request.GET.copy()
        params.pop("page", None)
        return render(
            request,
            "platforms/instruments.html",
            {"filter": filterset, "page_obj": page, "object_list": page.object_list, "querystring": params.urlencode()},
        )


class InstrumentFormView(VisibleQuerysetMixin, View):
    """Add (platform pk) or edit (instrument pk) a shared instrument: host or bureau."""

    model = Platform
    required_roles = (Role.BUREAU, Role.ENTERPRISE, Role.INSTITUTE)

    def _objects(self, pk, instrument_pk):
        platform = get_object_or_404(self.get_queryset(), pk=pk)
        if not platform.can_edit(self.request.user):
            raise PermissionDenied("只有依托单位和市科技局可以维护共享仪器。")
        instrument = get_object_or_404(platform.instruments, pk=instrument_pk) if instrument_pk else None
        return platform, instrument

    def get(self, request, pk, instrument_pk=None):
        platform, instrument = self._objects(pk, instrument_pk)
        form = InstrumentForm(instance=instrument)
        return render(
            request, "platforms/instrument_form.html", {"form": form, "platform": platform, "instrument": instrument}
        )

    def post(self, request, pk, instrument_pk=None):
        platform, instrument = self._objects(pk, instrument_pk)
        form = InstrumentForm(request.POST, instance=instrument)
        if form.is_valid():
            obj = form.save(commit=False)
            obj.platform = platform
            obj._change_reason = "修改共享仪器" if instrument else "新增共享仪器"
            obj.save()
            messages.success(request, f"已保存共享仪器：{obj.name}。")
            return redirect(platform.get_absolute_url() + "#instruments")
        return render(
            request, "platforms/instrument_form.html", {"form": form, "platform": platform, "instrument": instrument}
        )


class InstrumentDeleteView(InstrumentFormView):
    http_method_names = ["post"]

    def post(self, request, pk, instrument_pk):
        platform, instrument = self._objects(pk, instrument_pk)
        name = instrument.name
        instrument._change_reason = "删除共享仪器"
        instrument.delete()
        messages.success(request, f"已删除共享仪器：{name}。")
        return redirect(platform.get_absolute_url() + "#instruments")


def home_cards(user):
    if not (user.is_bureau or user.is_liaison or user.is_leader or user.has_role(Role.ENTERPRISE, Role.INSTITUTE)):
        return []
    progress = target_progress(user)
    figures = [(f"已认定市级以上平台 / {progress['year']} 年目标", f"{progress['count']} / {progress['target']}")]
    if user.is_bureau:
        planning = Platform.objects.visible_to(user).filter(status=PlatformStatus.PLANNING)
        figures.append(("筹建中待认定", planning.count()))
    elif user.organisation_id and user.has_role(Role.ENTERPRISE, Role.INSTITUTE):
        own = Platform.objects.visible_to(user).filter(host_id=user.organisation_id)
        figures.append(("本单位依托的平台", own.count()))
    return [
        HomeCard(
            title="创新平台",
            body="重点实验室、工程技术研究中心、中试基地等创新平台，以及向社会开放的共享仪器。",
            url=reverse("platforms:list"),
            link_text="查看平台",
            figures=figures,
            order=50,
        )
    ]
