import os
import uuid

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import FileSystemStorage
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.safestring import mark_safe
from django.views import View

from accounts.models import County, Industry
from accounts.roles import Role
from core.html import choice_labels, html_row, truncate
from core.importing import ImportFileError, run_import, template_response
from core.inputs import parse_id, parse_ids
from core.library.pagination import LibraryPaginator
from core.links import id_prefix
from core.mixins import EditPermissionMixin, FilteredListMixin, RoleRequiredMixin, VisibleQuerysetMixin
from core.ratelimit import ratelimit
from core.redirects import redirect_next
from core.reference import attach_reference_ids, reference_ids, reference_row, reference_rows_for
from core.workflow import TransitionError, transition, transition_many, workflow_for

from . import quotas, services
from .exports import export_talents
from .filters import TalentFilter
from .forms import HEADERS, CorrectionForm, CountyTargetsForm, MergeForm, TalentForm, TalentImport
from .models import Talent, TalentCategory, TalentCorrection, TalentStatus, TalentTarget, sees_contacts
from .queues import duplicate_queue, screening_queue, talents_for

EDITOR_ROLES = (Role.BUREAU, Role.LIAISON)
BROWSE_ROLES = (Role.BUREAU, Role.LIAISON, Role.ENTERPRISE, Role.INSTITUTE)


# What the list page reads of a talent (the columns it shows, for both the full and the anonymised list).
LIST_PAGE_COLUMNS = (
    "id",
    "name",
    "gender",
    "birth_year",
    "birth_month",
    "native_county_id",
    "work_province",
    "work_city",
    "employer",
    "position",
    "title",
    "research_field",
    "category_id",
    "status",
    "is_refresh_due",
    "refresh_due_on",
)
STATUS_BADGES = {
    TalentStatus.ADMITTED: "text-bg-success",
    TalentStatus.SCREENING: "text-bg-warning",
    TalentStatus.ARCHIVED: "text-bg-secondary",
}


class TalentListView(FilteredListMixin, View):
    model = Talent
    filterset_class = TalentFilter
    template_name = "talents/talent_list.html"
    required_roles = BROWSE_ROLES

    paginator_class = LibraryPaginator  # capped count: see core.library.pagination

    def get_queryset(self):
        # Only the columns the list shows; counties, categories and industries are named from the
        # per-process reference tables (core.reference), so the page is one query without joins.
        rows = talents_for(self.request.user).select_related(None).prefetch_related(None)
        return rows.only(*LIST_PAGE_COLUMNS)

    def get_filterset(self):
        return super().get_filterset().with_dropdowns()

    def prepare_rows(self, rows):
        """Each row as its ready HTML (see FULL_ROW): counties, categories and industries named
        from the per-process reference tables."""
        detail = id_prefix("talents:detail")
        full = sees_contacts(self.request.user)
        return [_list_row(t, detail, full) for t in attach_reference_ids(rows, "industries")]

    def get_extra_context(self):
        user = self.request.user
        return {
            "full": sees_contacts(user),
            "can_enter": sees_contacts(user),
            "count_cap_display": f"{LibraryPaginator.cap:,}",
        }


# One table row of the list page, written like Django admin's change list writes its cells
# (core.html.html_row escapes every value): a template costs a node per cell, 20 rows a page.
FULL_ROW = (
    '<tr><td class="text-nowrap"><a href="{url}">{name}</a>'
    '<div class="small text-muted d-md-none text-truncate cell-sub">{employer}</div></td>'
    '<td class="p-md">{gender}</td><td class="p-lg">{birth}</td><td class="p-lg">{native}</td>'
    '<td class="p-lg">{place}</td><td class="p-md">{employer}{position}</td><td class="p-lg">{title}</td>'
    '<td class="small p-lg">{field}</td><td class="small p-md">{industries}</td><td class="small p-lg">{category}</td>'
    '<td class="text-nowrap"><span class="badge {badge}">{status}</span>{due_badge_small}</td>'
    '<td class="small p-md">{due_badge} {due}</td></tr>'
)
ANONYMOUS_ROW = (
    '<tr><td class="text-nowrap"><a href="{url}">{code}</a></td><td class="p-lg">{place}</td>'
    '<td class="p-lg">{title}</td><td class="small">{field}</td><td class="small p-md">{industries}</td>'
    '<td class="small p-lg">{category}</td></tr>'
)
POSITION = '<div class="small text-muted">{position}</div>'
DUE_BADGE = mark_safe('<span class="badge text-bg-danger">待更新</span>')
DUE_BADGE_SMALL = mark_safe(' <span class="badge text-bg-danger d-md-none">待更新</span>')


def _list_row(t: Talent, detail: str, full: bool) -> str:
    industries = reference_rows_for(Industry, reference_ids(t, "industries"))
    category = reference_row(TalentCategory, t.category_id)
    common = {
        "url": f"{detail}{t.pk}/",
        "title": choice_labels(Talent, "title").get(t.title, t.title) if t.title else "—",
        "field": truncate(t.research_field, 30) if t.research_field else "—",
        "industries": "、".join(i.name for i in industries),
        "category": category.name if category else "",
    }
    if not full:
        return html_row(ANONYMOUS_ROW, code=t.code, place=t.work_province, **common)
    due = t.is_refresh_due
    return html_row(
        FULL_ROW,
        name=t.name,
        gender=choice_labels(Talent, "gender").get(t.gender, t.gender),
        birth=t.birth_display,
        native=reference_row(County, t.native_county_id).name,
        place=t.work_place,
        employer=t.employer,
        position=html_row(POSITION, position=t.position) if t.position else "",
        status=choice_labels(Talent, "status").get(t.status, t.status),
        badge=STATUS_BADGES.get(t.status, "text-bg-light"),
        due_badge_small=DUE_BADGE_SMALL if due else "",
        due_badge=DUE_BADGE if due else "",
        due=t.refresh_due_on.isoformat() if t.refresh_due_on else "—",
        **common,
    )


class TalentExportView(VisibleQuerysetMixin, View):
    """The filtered list (same FilterSet as the page) to xlsx; personal data, logged."""

    model = Talent
    required_roles = EDITOR_ROLES

    def get(self, request):
        filterset = TalentFilter(request.GET or None, queryset=talents_for(request.user), request=request)
        queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
        return export_talents(request, queryset)


class TalentDetailView(VisibleQuerysetMixin, View):
    model = Talent
    required_roles = BROWSE_ROLES

    def get(self, request, pk):
        talent = get_object_or_404(talents_for(request.user), pk=pk)
        if not sees_contacts(request.user):
            return render(
                request, "talents/talent_profile.html", {"talent": talent, "profile": talent.anonymised_profile()}
            )
        duplicates = services.find_duplicates(talent) if talent.status != TalentStatus.ARCHIVED else []
        if not request.user.is_bureau:  # liaisons see candidates from their own county only
            duplicates = [d for d in duplicates if d.talent.native_county_id == talent.native_county_id]
        context = {
            "talent": talent,
            "can_edit": talent.can_edit(request.user),
            "transitions": workflow_for(talent).available(talent, request.user),
            "duplicates": duplicates,
            "corrections": talent.corrections.select_related("decided_by"),
            "links": talent.refresh_links.select_related("created_by")[:5],
            "new_link": request.session.pop(f"talent_link_{talent.pk}", None),
        }
        return render(request, "talents/talent_detail.html", context)


class TalentCreateView(RoleRequiredMixin, View):
    required_roles = EDITOR_ROLES
    template_name = "talents/talent_form.html"

    def get(self, request):
        if request.user.is_liaison and not request.user.is_bureau and request.user.county is None:
            raise PermissionDenied("您的账号未关联县区，请联系市科技局。")
        return render(request, self.template_name, {"form": TalentForm(user=request.user)})

    def post(self, request):
        form = TalentForm(request.POST, user=request.user)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        submit = request.POST.get("action") != "draft"
        talent = services.talent_save_from_form(form=form, user=request.user, submit=submit)
        _after_save_message(request, talent, created=True)
        return redirect(talent)


class TalentUpdateView(EditPermissionMixin, View):
    model = Talent
    required_roles = EDITOR_ROLES
    template_name = "talents/talent_form.html"

    def get_object(self, pk):
        talent = get_object_or_404(self.get_queryset(), pk=pk)
        if not talent.can_edit(self.request.user):
            raise PermissionDenied("您可以查看此记录，但无权修改。")
        return talent

    def get(self, request, pk):
        talent = self.get_object(pk)
        return render(
            request, self.template_name, {"form": TalentForm(instance=talent, user=request.user), "talent": talent}
        )

    def post(self, request, pk):
        talent = self.get_object(pk)
        form = TalentForm(request.POST, instance=talent, user=request.user)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form, "talent": talent}, status=400)
        submit = request.POST.get("action") != "draft"
        talent = services.talent_save_from_form(form=form, user=request.user, submit=submit)
        _after_save_message(request, talent, created=False)
        return redirect(talent)


def _after_save_message(request, talent, *, created):
    verb = "已新建" if created else "已保存"
    text = f"{verb}人才记录：{talent.name}。"
    if talent.status == TalentStatus.SCREENING:
        count = len(services.find_duplicates(talent))
        text += f"已提交市科技局汇总甄别{f'，发现 {count} 条疑似重复记录' if count else ''}。"
    messages.success(request, text)


class TalentTransitionView(VisibleQuerysetMixin, View):
    model = Talent
    required_roles = EDITOR_ROLES

    def post(self, request, pk):
        talent = get_object_or_404(self.get_queryset(), pk=pk)
        try:
            transition(talent, request.POST.get("to", ""), request.user, request.POST.get("comment", ""))
        except TransitionError as exc:
            if exc.code == "forbidden":
                raise PermissionDenied(exc.message) from exc
            messages.error(request, exc.message)
        else:
            messages.success(request, f"状态已变更为“{talent.get_status_display()}”。")
        return redirect_next(request, talent.get_absolute_url())


class TalentConfirmView(VisibleQuerysetMixin, View):
    """One click: the record is still correct; the two-year clock restarts."""

    model = Talent
    required_roles = EDITOR_ROLES

    def post(self, request, pk):
        talent = get_object_or_404(self.get_queryset(), pk=pk)
        services.talent_confirm_current(talent=talent, user=request.user)
        messages.success(request, f"已确认 {talent.name} 的信息无误，下次更新日期：{talent.refresh_due_on:%Y-%m-%d}。")
        return redirect_next(request, talent.get_absolute_url())


class TalentLinkView(VisibleQuerysetMixin, View):
    """Create a signed single-use link for the talent to confirm or correct the record."""

    model = Talent
    required_roles = EDITOR_ROLES

    def post(self, request, pk):
        talent = get_object_or_404(self.get_queryset(), pk=pk)
        link, path = services.refresh_link_create(talent=talent, user=request.user)
        request.session[f"talent_link_{talent.pk}"] = request.build_absolute_uri(path)
        messages.success(request, "已生成核实链接（30 天内有效，仅可使用一次），请复制后发送给本人。")
        return redirect(talent)


class CorrectionDecideView(VisibleQuerysetMixin, View):
    model = Talent
    required_roles = EDITOR_ROLES

    def post(self, request, pk, correction_pk):
        talent = get_object_or_404(self.get_queryset(), pk=pk)
        correction = get_object_or_404(TalentCorrection, pk=correction_pk, talent=talent)
        approve = request.POST.get("decision") == "approve"
        try:
            services.correction_decide(correction=correction, user=request.user, approve=approve)
        except TransitionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "已采纳本人更正，信息已更新。" if approve else "已不予采纳该更正。")
        return redirect(talent)


# --------------------------------------------------------------------------- screening


class ScreeningQueueView(RoleRequiredMixin, View):
    """Bureau's 汇总甄别 queue: records waiting, each with its likely duplicates side by side."""

    required_roles = (Role.BUREAU,)
    per_page = 10

    def get(self, request):
        from django.core.paginator import Paginator

        if not request.user.is_bureau:
            raise PermissionDenied("只有市科技局可以进行汇总甄别。")
        only_duplicates = request.GET.get("only") == "duplicates"
        queryset = duplicate_queue(request.user) if only_duplicates else screening_queue(request.user)
        county = request.GET.get("county")
        if county:
            queryset = queryset.filter(native_county__code=county)
        page = Paginator(queryset, self.per_page).get_page(request.GET.get("page"))
        items = [(t, services.find_duplicates(t)) for t in page.object_list]
        return render(
            request,
            "talents/screening.html",
            {
                "items": items,
                "page_obj": page,
                "querystring": "&".join(
                    part
                    for part in (f"county={county}" if county else "", "only=duplicates" if only_duplicates else "")
                    if part
                ),
                "counties": County.objects.active(),
                "county": county or "",
                "only_duplicates": only_duplicates,
            },
        )


class ScreeningAdmitView(RoleRequiredMixin, View):
    """Batch 确认入库 of the selected records (each through the workflow)."""

    required_roles = (Role.BUREAU,)

    def post(self, request):
        ids = parse_ids(request.POST.getlist("ids"))
        talents = Talent.objects.visible_to(request.user).filter(pk__in=ids)
        done, failed = transition_many(talents, TalentStatus.ADMITTED, request.user, "汇总甄别通过")
        if done:
            messages.success(request, f"已确认入库 {len(done)} 条。")
        for talent, error in failed:
            messages.error(request, f"{talent.name}：{error}")
        return redirect("talents:screening")


class MergeView(RoleRequiredMixin, View):
    required_roles = (Role.BUREAU,)

    def _pair(self, request, pk, other_pk):
        if not request.user.is_bureau:
            raise PermissionDenied("只有市科技局可以合并记录。")
        qs = talents_for(request.user).exclude(status=TalentStatus.ARCHIVED)
        return get_object_or_404(qs, pk=pk), get_object_or_404(qs, pk=other_pk)

    def get(self, request, pk, other_pk):
        survivor, other = self._pair(request, pk, other_pk)
        form = MergeForm(survivor=survivor, other=other)
        return render(request, "talents/merge.html", {"survivor": survivor, "other": other, "form": form})

    def post(self, request, pk, other_pk):
        survivor, other = self._pair(request, pk, other_pk)
        if request.POST.get("action") == "distinct":
            services.talent_confirm_distinct(talent=survivor, other=other, user=request.user)
            messages.success(request, f"已确认 {survivor.code} 与 {other.code} 不是同一人。")
            return redirect_next(request, reverse("talents:screening"))
        form = MergeForm(request.POST, survivor=survivor, other=other)
        if not form.is_valid():
            return render(
                request, "talents/merge.html", {"survivor": survivor, "other": other, "form": form}, status=400
            )
        try:
            services.talent_merge(survivor=survivor, other=other, choices=form.cleaned_data, user=request.user)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
            return redirect("talents:screening")
        messages.success(request, f"已将 {other.code} 合并到 {survivor.code}（{survivor.name}），原记录已归档。")
        return redirect(survivor)


# --------------------------------------------------------------------------- import

PREVIEW_SALT = "talents.import-preview"


def _preview_storage():
    return FileSystemStorage(location=os.path.join(settings.MEDIA_ROOT, "talent_imports"))


def _remove_stale_previews(max_age_hours: int = 2) -> None:
    """Previews are valid for one hour; files of abandoned previews are removed later."""
    storage = _preview_storage()
    if not os.path.isdir(storage.location):
        return
    cutoff = timezone.now() - timezone.timedelta(hours=max_age_hours)
    for name in storage.listdir("")[1]:
        try:
            if storage.get_modified_time(name) < cutoff:
                storage.delete(name)
        except OSError:
            continue


class TemplateDownloadView(RoleRequiredMixin, View):
    required_roles = EDITOR_ROLES

    def get(self, request):
        return template_response(TalentImport(), request.user)


class ImportView(RoleRequiredMixin, View):
    """Upload → preview (every row checked, errors beside the cells) → commit the same file."""

    required_roles = EDITOR_ROLES
    template_name = "talents/import.html"
    preview_rows = 200

    def get(self, request):
        return render(request, self.template_name, {"headers": HEADERS})

    def post(self, request):
        if request.POST.get("token"):
            return self._commit(request)
        upload = request.FILES.get("file")
        if upload is None:
            return render(
                request,
                self.template_name,
                {"headers": HEADERS, "file_error": "请选择要上传的 .xlsx 文件。"},
                status=400,
            )
        try:
            result = run_import(TalentImport(), upload, user=request.user, dry_run=True)
        except ImportFileError as exc:
            return render(request, self.template_name, {"headers": HEADERS, "file_error": str(exc)}, status=400)
        token = None
        if not result.errors:
            upload.seek(0)
            _remove_stale_previews()
            name = _preview_storage().save(f"{uuid.uuid4().hex}.xlsx", upload)
            token = signing.dumps({"file": name, "user": request.user.pk, "name": upload.name}, salt=PREVIEW_SALT)
        return render(
            request, self.template_name, self._preview_context(result, upload.name, token), status=200 if token else 400
        )

    def _preview_context(self, result, filename, token):
        errors_by_row = {}
        for e in result.errors:
            errors_by_row.setdefault(e.row, {}).setdefault(e.column, []).append(e.message)
        rows = result.rows
        if result.errors:  # rows with errors first, so nothing is hidden below the cut
            rows = [r for r in rows if r.number in errors_by_row] + [r for r in rows if r.number not in errors_by_row]
        table = []
        for row in rows[: self.preview_rows]:
            problems = errors_by_row.get(row.number, {})
            cells = [(h, row.values.get(h, ""), problems.get(h, [])) for h in HEADERS]
            table.append(
                {
                    "number": row.number,
                    "cells": cells,
                    "other": problems.get("", []),
                    "action": result.actions.get(row.number, ""),
                    "bad": bool(problems),
                }
            )
        return {
            "headers": HEADERS,
            "result": result,
            "filename": filename,
            "table": table,
            "token": token,
            "file_errors": errors_by_row.get(None, {}).get("", []),
            "error_rows": len([r for r in errors_by_row if r is not None]),
            "shown": len(table),
        }

    def _commit(self, request):
        try:
            payload = signing.loads(request.POST["token"], salt=PREVIEW_SALT, max_age=3600)
        except signing.BadSignature:
            messages.error(request, "预览已过期，请重新上传文件。")
            return redirect("talents:import")
        if payload.get("user") != request.user.pk:
            raise Http404
        storage = _preview_storage()
        if not storage.exists(payload["file"]):
            messages.error(request, "预览文件已失效（可能已导入过），请重新上传。")
            return redirect("talents:import")
        with storage.open(payload["file"], "rb") as handle:
            handle.name = payload.get("name") or "import.xlsx"
            try:
                result = run_import(TalentImport(), handle, user=request.user, dry_run=False)
            except ImportFileError as exc:
                messages.error(request, str(exc))
                return redirect("talents:import")
        if result.errors:  # data changed since the preview (e.g. another liaison's import)
            return render(
                request, self.template_name, self._preview_context(result, payload.get("name"), None), status=400
            )
        storage.delete(payload["file"])
        messages.success(
            request,
            f"导入完成：共 {result.total_rows} 行，新增 {result.created} 条，更新 {result.updated} 条，无变化 {result.unchanged} 条。新增记录已进入汇总甄别。",
        )
        return redirect(reverse("talents:list") + "?status=screening")


# --------------------------------------------------------------------------- quota progress


class ProgressView(RoleRequiredMixin, View):
    """City and per-county record counts against the targets (targets are data)."""

    required_roles = (Role.BUREAU, Role.LIAISON, Role.LEADER)

    def get(self, request):
        return render(request, "talents/progress.html", progress_context(request.user, year=request.GET.get("year")))


def progress_context(user, year=None):
    """Counts against the city target of `year` (default: this year's, else the last one set) and
    each county's target of that year. A target whose year has passed is marked as ended."""
    today = timezone.localdate()
    countable = Talent.objects.countable_by(user)
    admitted = countable.filter(status=TalentStatus.ADMITTED).count()
    city_all = (
        Talent.objects.filter(status=TalentStatus.ADMITTED).count() if (user.is_bureau or user.is_leader) else None
    )
    targets = list(TalentTarget.objects.filter(county__isnull=True).order_by("year"))
    for t in targets:
        t.ended = t.year < today.year
    wanted = parse_id(str(year or ""))
    current = next((t for t in targets if t.year == wanted), None) or next(
        (t for t in targets if t.year >= today.year), targets[-1] if targets else None
    )
    county_targets = {
        t.county_id: t.value
        for t in TalentTarget.objects.filter(county__isnull=False, year=current.year if current else 0)
    }
    counts = {
        r["native_county_id"]: r
        for r in countable.values("native_county_id").annotate(
            admitted=Count("id", filter=Q(status=TalentStatus.ADMITTED)),
            screening=Count("id", filter=Q(status=TalentStatus.SCREENING)),
            draft=Count("id", filter=Q(status=TalentStatus.DRAFT)),
            overdue=Count("id", filter=Q(is_refresh_due=True) & ~Q(status=TalentStatus.ARCHIVED)),
        )
    }
    if user.is_bureau or user.is_leader:
        counties = County.objects.active().order_by("sort_order", "id")
    else:
        counties = County.objects.filter(pk__in=set(counts) | ({user.county_id} if user.county_id else set()))
    empty = {"admitted": 0, "screening": 0, "draft": 0, "overdue": 0}
    county_rows = []
    for county in counties.order_by("sort_order", "id"):
        r = counts.get(county.pk, empty)
        target = county_targets.get(county.pk)
        county_rows.append(
            {
                **r,
                "native_county_id": county.pk,
                "native_county__name": county.name,
                "target": target,
                "percent": round(r["admitted"] * 100 / target) if target else None,
            }
        )
    city_count = city_all if city_all is not None else admitted
    target_rows = [
        {"target": t, "count": city_count, "percent": min(100, round(city_count * 100 / t.value)) if t.value else 0}
        for t in targets
    ]
    return {
        "city_count": city_count,
        "current": current,
        "current_percent": round(city_count * 100 / current.value) if current and current.value else None,
        "target_rows": target_rows,
        "county_rows": county_rows,
        "county_target_sum": sum(county_targets.values()),
        "show_city": user.is_bureau or user.is_leader,
        "can_edit_targets": user.is_bureau,
        "rule": quotas.SPLIT_RULE,
        "years": [t.year for t in targets],
    }


class CountyTargetsView(RoleRequiredMixin, View):
    """The bureau sets each county's quota target for one year (seeded by the documented rule)."""

    required_roles = (Role.BUREAU,)
    template_name = "talents/targets.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.is_bureau:
            raise PermissionDenied("只有市科技局可以调整县区目标。")
        return super().dispatch(request, *args, **kwargs)

    def _year(self, request):
        years = list(TalentTarget.objects.filter(county__isnull=True).order_by("year").values_list("year", flat=True))
        wanted = parse_id(request.GET.get("year") or request.POST.get("year") or "")
        if wanted in years:
            return wanted, years
        current = progress_context(request.user)["current"]
        return (current.year if current else None), years

    def get(self, request):
        year, years = self._year(request)
        return self.render(request, year, years, CountyTargetsForm(year=year))

    def post(self, request):
        year, years = self._year(request)
        if year is None:
            raise Http404("尚未设置全市目标。")
        form = CountyTargetsForm(request.POST, year=year)
        if not form.is_valid():
            return self.render(request, year, years, form, status=400)
        changed = form.save(user=request.user)
        messages.success(request, f"已保存 {year} 年县区目标（{changed} 个县区有变化）。")
        return redirect(reverse("talents:progress") + f"?year={year}")

    def render(self, request, year, years, form, status=200):
        city = TalentTarget.objects.filter(county__isnull=True, year=year).first()
        return render(
            request,
            self.template_name,
            {"form": form, "year": year, "years": years, "city": city, "rule": quotas.SPLIT_RULE},
            status=status,
        )


# --------------------------------------------------------------------------- signed self-service link (no login)


@method_decorator(ratelimit("self_refresh"), name="dispatch")
class SelfRefreshView(View):
    """The talent's own page, reached by a signed single-use link (no login)."""

    def _link(self, token):
        try:
            return services.refresh_link_resolve(token), None
        except services.LinkError as exc:
            return None, exc.message

    def get(self, request, token):
        link, error = self._link(token)
        if error:
            return render(request, "talents/self_refresh.html", {"error": error}, status=410)
        return render(
            request, "talents/self_refresh.html", {"talent": link.talent, "form": CorrectionForm(instance=link.talent)}
        )

    def post(self, request, token):
        link, error = self._link(token)
        if error:
            return render(request, "talents/self_refresh.html", {"error": error}, status=410)
        if request.POST.get("action") == "confirm":
            services.refresh_link_confirm(link=link)
            return render(request, "talents/self_refresh.html", {"done": "感谢您的确认！您的信息已核实，有效期两年。"})
        form = CorrectionForm(request.POST, instance=link.talent)
        if not form.is_valid():
            return render(request, "talents/self_refresh.html", {"talent": link.talent, "form": form}, status=400)
        changes = form.proposed_changes()
        if not changes and not form.cleaned_data.get("message"):
            form.add_error(None, "您没有修改任何内容；如信息无误，请点击“信息无误，确认”。")
            return render(request, "talents/self_refresh.html", {"talent": link.talent, "form": form}, status=400)
        services.refresh_link_correct(link=link, changes=changes, message=form.cleaned_data.get("message", ""))
        return render(
            request, "talents/self_refresh.html", {"done": "您的更正已提交，所在县区科技部门审核后生效。感谢您的配合！"}
        )
