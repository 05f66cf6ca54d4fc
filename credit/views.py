"""Pages: the bureau keeps credit records; leaders read them all; a unit reads its own."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from accounts.roles import Role
from core.exports import logged_xlsx_export
from core.mixins import FilteredListMixin, VisibleQuerysetMixin
from core.registry import HomeCard

from . import services
from .filters import CreditRecordFilter
from .forms import CreditRecordForm
from .models import CreditKind, CreditRecord

READERS = (Role.BUREAU, Role.LEADER, Role.ENTERPRISE, Role.INSTITUTE)


class CreditRecordListView(FilteredListMixin, View):
    model = CreditRecord
    filterset_class = CreditRecordFilter
    template_name = "credit/list.html"
    required_roles = READERS

    def get_queryset(self):
        return super().get_queryset().select_related("organisation")

    def get_extra_context(self):
        from accounts.models import Organisation
        from core.inputs import parse_id

        org_id = parse_id(self.request.GET.get("organisation"))
        unit = Organisation.objects.visible_to(self.request.user).filter(pk=org_id).first() if org_id else None
        return {"today": timezone.localdate(), "can_create": self.request.user.is_bureau, "unit": unit}


class CreditRecordExportView(VisibleQuerysetMixin, View):
    model = CreditRecord
    required_roles = (Role.BUREAU, Role.LEADER)

    def get(self, request):
        filterset = CreditRecordFilter(request.GET or None, queryset=self.get_queryset(), request=request)
        qs = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
        qs = qs.select_related("organisation")
        today = timezone.localdate()
        headers = [
            "编号",
            "单位",
            "统一社会信用代码",
            "个人姓名",
            "类别",
            "事由",
            "依据文件",
            "有效期起",
            "有效期至",
            "当前",
        ]
        rows = [
            [
                r.pk,
                r.organisation.name if r.organisation_id else "",
                (r.organisation.uscc or "") if r.organisation_id else "",
                r.person_name,
                r.get_kind_display(),
                r.reason,
                r.source_document,
                r.valid_from,
                r.valid_until or "长期",
                "有效" if r.is_active(today) else ("未生效" if r.valid_from > today else "已失效"),
            ]
            for r in qs
        ]
        return logged_xlsx_export(
            request,
            what="诚信档案",
            filename="诚信档案.xlsx",
            headers=headers,
            rows=rows,
            count=len(rows),
            personal=any(r.person_name for r in qs),
        )


class CreditRecordDetailView(VisibleQuerysetMixin, View):
    model = CreditRecord
    required_roles = READERS

    def get(self, request, pk):
        record = get_object_or_404(self.get_queryset().select_related("organisation", "created_by"), pk=pk)
        return render(
            request,
            "credit/detail.html",
            {"record": record, "today": timezone.localdate(), "can_edit": record.can_edit(request.user)},
        )


class CreditRecordFormView(VisibleQuerysetMixin, View):
    """Create (no pk) or edit a record: the bureau only."""

    model = CreditRecord
    required_roles = (Role.BUREAU,)

    def get_object(self, pk):
        return get_object_or_404(self.get_queryset(), pk=pk) if pk else None

    def get(self, request, pk=None):
        record = self.get_object(pk)
        initial = {}
        if record is None and (org := request.GET.get("organisation")):
            initial["organisation"] = org
        form = CreditRecordForm(instance=record, initial=initial)
        return render(request, "credit/form.html", {"form": form, "record": record})

    def post(self, request, pk=None):
        record = self.get_object(pk)
        form = CreditRecordForm(request.POST, instance=record)
        if form.is_valid():
            values = {k: form.cleaned_data.get(k) for k in services.RECORD_FIELDS}
            try:
                saved = services.record_save(user=request.user, record=record, **values)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                messages.success(request, f"已保存诚信记录：{saved}。")
                return redirect(saved)
        return render(request, "credit/form.html", {"form": form, "record": record})


def home_cards(user):
    if user.is_bureau or user.is_leader:
        today = timezone.localdate()
        qs = CreditRecord.objects.visible_to(user)
        active = qs.active(today)
        return [
            HomeCard(
                title="诚信档案",
                body="科技合作诚信记录与黑名单：黑名单有效期内的单位不能发布需求成果、登记合同或申报补助。",
                url=reverse("credit:list"),
                link_text="查看诚信档案",
                figures=[
                    ("有效黑名单", active.filter(kind=CreditKind.BLACKLIST).count()),
                    ("不良记录（有效）", active.filter(kind=CreditKind.BAD).count()),
                    ("良好记录（有效）", active.filter(kind=CreditKind.GOOD).count()),
                ],
                order=90,
            )
        ]
    if user.organisation_id and user.has_role(Role.ENTERPRISE, Role.INSTITUTE):
        qs = CreditRecord.objects.visible_to(user)
        if not qs.exists():
            return []
        record = services.active_blacklist(user.organisation)
        body = (
            services.blacklist_message(record, "发布需求成果、登记合同或申报补助")
            if record
            else "本单位的科技合作诚信记录。"
        )
        return [
            HomeCard(
                title="本单位诚信记录",
                body=body,
                url=reverse("credit:list"),
                link_text="查看",
                figures=[("记录数", qs.count())],
                order=90,
            )
        ]
    return []
