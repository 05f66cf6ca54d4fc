"""Pages: pipeline (kanban by stage), filtered list + export, detail with notes and stage changes."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from accounts.models import Organisation
from accounts.roles import Role
from achievements.models import Achievement
from core.exports import logged_xlsx_export
from core.inputs import parse_id
from core.mixins import FilteredListMixin, VisibleQuerysetMixin
from core.registry import HomeCard
from core.workflow import TransitionError, transition, workflow_for
from demands.models import Demand
from talents.models import Talent

from . import services
from .filters import EngagementFilter
from .forms import EngagementOpenForm, NoteForm, TransitionForm
from .models import PIPELINE, Engagement, EngagementStatus

RELATED = ("demand__owner", "achievement__owner", "talent", "institute", "owner", "county", "contract")
PARTY_ROLES = (Role.BUREAU, Role.LIAISON, Role.ENTERPRISE, Role.INSTITUTE, Role.LEADER)


class PipelineView(VisibleQuerysetMixin, View):
    model = Engagement
    required_roles = PARTY_ROLES

    def get(self, request):
        filterset = EngagementFilter(request.GET or None, queryset=self.get_queryset(), request=request)
        qs = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
        counts = dict(qs.values_list("status").annotate(n=Count("id")).order_by())
        columns = []
        for state in PIPELINE:
            items = qs.filter(status=state).select_related(*RELATED).order_by("next_follow_up_on", "-updated_at")
            columns.append(
                {
                    "state": state,
                    "label": EngagementStatus(state).label,
                    "count": counts.get(state, 0),
                    "items": items[:30],
                }
            )
        return render(
            request,
            "engagements/pipeline.html",
            {"columns": columns, "filter": filterset, "today": timezone.localdate(), "total": sum(counts.values())},
        )


class EngagementListView(FilteredListMixin, View):
    model = Engagement
    filterset_class = EngagementFilter
    template_name = "engagements/list.html"
    required_roles = PARTY_ROLES

    def get_queryset(self):
        return super().get_queryset().select_related(*RELATED)

    def get_extra_context(self):
        return {"today": timezone.localdate()}


class EngagementExportView(VisibleQuerysetMixin, View):
    model = Engagement
    required_roles = (Role.BUREAU, Role.LIAISON, Role.LEADER)

    def get(self, request):
        filterset = EngagementFilter(request.GET or None, queryset=self.get_queryset(), request=request)
        qs = (filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset).select_related(
            *RELATED
        )
        headers = [
            "编号",
            "需求",
            "需求企业",
            "对接对象",
            "阶段",
            "县区",
            "负责人",
            "下次跟进",
            "技术合同登记编号",
            "技术交易额（元）",
            "签约日期",
            "落地日期",
            "终止原因",
            "发起时间",
        ]
        rows = [
            [
                e.pk,
                e.demand.title,
                str(e.demand.owner),
                e.target_display(request.user),
                e.get_status_display(),
                str(e.county or ""),
                str(e.owner),
                e.next_follow_up_on,
                e.contract.registration_number if e.contract_id else "",
                e.contract.transaction_amount if e.contract_id else None,
                e.signed_on,
                e.landed_on,
                e.termination_reason,
                timezone.localtime(e.created_at).strftime("%Y-%m-%d %H:%M"),
            ]
            for e in qs
        ]
        return logged_xlsx_export(
            request,
            what="对接台账",
            filename="对接台账.xlsx",
            headers=headers,
            rows=rows,
            count=len(rows),
            personal=any(e.talent_id for e in qs),
        )


class EngagementDetailView(VisibleQuerysetMixin, View):
    model = Engagement
    required_roles = PARTY_ROLES

    def get_object(self, pk):
        return get_object_or_404(self.get_queryset().select_related(*RELATED), pk=pk)

    def get(self, request, pk, note_form=None, transition_form=None):
        engagement = self.get_object(pk)
        can_edit = engagement.can_edit(request.user)
        available = workflow_for(engagement).available(engagement, request.user) if can_edit else []
        return render(
            request,
            "engagements/detail.html",
            {
                "engagement": engagement,
                "target": engagement.target_display(request.user),
                "can_edit": can_edit,
                "transitions": available,
                "note_form": note_form or NoteForm(),
                "transition_form": transition_form or TransitionForm(),
                "notes": engagement.notes.select_related("author"),
                "pipeline": [(s, EngagementStatus(s).label) for s in PIPELINE[:4]],
                "stage_index": list(PIPELINE).index(engagement.status),
            },
        )

    def post(self, request, pk):
        engagement = self.get_object(pk)
        if not engagement.can_edit(request.user):
            raise PermissionDenied("您可以查看此对接，但无权修改。")
        if "body" in request.POST:
            form = NoteForm(request.POST)
            if form.is_valid():
                try:
                    services.note_add(user=request.user, engagement=engagement, **form.cleaned_data)
                except ValidationError as exc:
                    for messages_ in exc.message_dict.values():
                        for m in messages_:
                            form.add_error(None, m)
                else:
                    messages.success(request, "已添加跟进记录。")
                    return redirect(engagement)
            return self.get(request, pk, note_form=form)
        form = TransitionForm(request.POST)
        if form.is_valid():
            try:
                transition(
                    engagement,
                    form.cleaned_data["to"],
                    request.user,
                    form.cleaned_data["comment"],
                    form.workflow_data(),
                )
            except TransitionError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, f"对接已进入“{engagement.get_status_display()}”阶段。")
                return redirect(engagement)
        return self.get(request, pk, transition_form=form)


class EngagementCreateView(VisibleQuerysetMixin, View):
    """Open an engagement from a match page: ?demand=…&achievement=… (or talent / institute)."""

    model = Engagement
    required_roles = (Role.BUREAU, Role.LIAISON)

    def _parties(self, request):
        params = request.POST if request.method == "POST" else request.GET
        user = request.user
        # A missing, malformed or unknown id is 404 like any record out of reach.
        demand = get_object_or_404(Demand.objects.visible_to(user), pk=parse_id(params.get("demand")))
        parties = {"demand": demand, "achievement": None, "talent": None, "institute": None}
        if params.get("achievement"):
            parties["achievement"] = get_object_or_404(
                Achievement.objects.visible_to(user), pk=parse_id(params["achievement"])
            )
        elif params.get("talent"):
            parties["talent"] = get_object_or_404(
                Talent.objects.visible_to(user) if not user.is_bureau else Talent.objects.all(),
                pk=parse_id(params["talent"]),
            )
        elif params.get("institute"):
            parties["institute"] = get_object_or_404(
                Organisation.objects.institutes(), pk=parse_id(params["institute"])
            )
        return parties

    def get(self, request, form=None):
        parties = self._parties(request)
        return render(
            request, "engagements/create.html", {**parties, "form": form or EngagementOpenForm(), "params": request.GET}
        )

    def post(self, request):
        parties = self._parties(request)
        form = EngagementOpenForm(request.POST)
        if form.is_valid():
            try:
                engagement = services.engagement_open(user=request.user, **parties, **form.cleaned_data)
            except ValidationError as exc:
                for messages_ in exc.message_dict.values():
                    for m in messages_:
                        form.add_error(None, m)
            else:
                messages.success(request, "已发起对接，需求已进入“对接中”。")
                return redirect(engagement)
        return render(request, "engagements/create.html", {**parties, "form": form, "params": request.POST})


def home_cards(user):
    if not (user.is_bureau or user.is_liaison or user.is_leader or user.has_role(Role.ENTERPRISE, Role.INSTITUTE)):
        return []
    qs = Engagement.objects.visible_to(user)
    counts = dict(qs.values_list("status").annotate(n=Count("id")).order_by())
    figures = [(EngagementStatus(s).label, counts.get(s, 0)) for s in PIPELINE[:4]]
    if user.is_bureau or user.is_liaison:
        due = Engagement.objects.managed_by(user).open().filter(next_follow_up_on__lte=timezone.localdate()).count()
        figures.append(("今日待跟进", due))
        body = "跟踪对接进展：意向 → 洽谈 → 签约 → 落地，按期跟进并记录。"
    else:
        body = "查看市科技局为您组织的对接及进展。"
    return [
        HomeCard(
            title="对接管理",
            body=body,
            url=reverse("engagements:pipeline"),
            link_text="对接看板",
            figures=figures,
            order=40,
        )
    ]
