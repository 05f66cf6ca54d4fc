"""Pages: pipeline (kanban by stage), filtered list + export, detail with notes and stage changes."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views import View

from accounts.models import County, Organisation, User
from accounts.roles import Role
from achievements.models import Achievement
from core.exports import logged_xlsx_export
from core.inputs import parse_id
from core.links import id_prefix
from core.mixins import FilteredListMixin, VisibleQuerysetMixin
from core.reference import reference_row
from core.registry import HomeCard
from core.workflow import TransitionError, transition, workflow_for
from demands.models import Demand
from subsidies.models import TechContract
from talents.models import Talent

from . import services
from .filters import EngagementFilter
from .forms import EngagementOpenForm, NoteForm, TransitionForm
from .models import PIPELINE, Engagement, EngagementStatus

RELATED = ("demand__owner", "achievement__owner", "talent", "institute", "owner", "county", "contract")
PARTY_ROLES = (Role.BUREAU, Role.LIAISON, Role.ENTERPRISE, Role.INSTITUTE, Role.LEADER)
# What a pipeline card shows (engagements/pipeline.html): the demand and its enterprise, the target,
# the next follow-up.
PIPELINE_CARD_FIELDS = (
    "id",
    "status",
    "target_kind",
    "next_follow_up_on",
    "achievement_id",
    "institute_id",
    "demand__title",
    "demand__owner__name",
    "achievement__title",
    "institute__name",
)


class PipelineView(VisibleQuerysetMixin, View):
    model = Engagement
    required_roles = PARTY_ROLES

    def get(self, request):
        filterset = EngagementFilter(request.GET or None, queryset=self.get_queryset(), request=request)
        qs = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
        counts = dict(qs.values_list("status").annotate(n=Count("id")).order_by())
        # Each column's first 30 ids from the (status, follow-up, updated) index, then their rows with
        # the related records in one query: joining first and sorting thousands of rows per column
        # cost ~50 ms each (and 20 ms of planning) on 10,000 engagements.
        order = ("next_follow_up_on", "-updated_at")
        ids = {
            state: list(qs.filter(status=state).order_by(*order).values_list("id", flat=True)[:30])
            for state in PIPELINE
            if counts.get(state)
        }
        rows = (
            Engagement.objects.select_related("demand__owner", "achievement", "institute")
            .only(*PIPELINE_CARD_FIELDS)
            .in_bulk([i for column in ids.values() for i in column])
        )
        columns = [
            {
                "state": state,
                "label": EngagementStatus(state).label,
                "count": counts.get(state, 0),
                "items": [rows[i] for i in ids.get(state, ()) if i in rows],
            }
            for state in PIPELINE
        ]
        return render(
            request,
            "engagements/pipeline.html",
            {"columns": columns, "filter": filterset, "today": timezone.localdate(), "total": sum(counts.values())},
        )


# One row of the list page (EngagementListView.prepare_rows); format_html escapes every value.
ROW = (
    '<tr><td><a href="{url}">{title}</a><div class="small text-muted d-md-none text-truncate cell-sub">{target}</div></td>'
    '<td class="p-md">{party}</td><td class="p-md">{target}</td>'
    '<td class="text-nowrap"><span class="badge text-bg-{badge}">{status}</span></td>'
    '<td class="p-lg text-nowrap">{county}</td><td class="p-lg text-nowrap">{owner}</td>'
    '<td class="p-md text-nowrap">{follow_up}</td><td class="p-lg">{contract}</td></tr>'
)
FOLLOW_UP = '<span class="{}">{}</span>'
STATUS_BADGES = {"terminated": "secondary", "landed": "success", "requested": "warning"}
# The columns a row shows: the demand (title, enterprise) and the achievement (title) are joined;
# the institute, the responsible user and the contract are read by id for the page (one query
# each, none when no row has one); the county is named from the per-process reference table.
# (Every related row joined at once cost ~17 ms of PostgreSQL planning a page.)
LIST_COLUMNS = (
    "id",
    "demand__title",
    "demand__owner__name",
    "achievement__title",
    "target_kind",
    "talent_id",
    "institute_id",
    "county_id",
    "owner_id",
    "status",
    "next_follow_up_on",
    "contract_id",
)


class EngagementListView(FilteredListMixin, View):
    model = Engagement
    filterset_class = EngagementFilter
    template_name = "engagements/list.html"
    required_roles = PARTY_ROLES

    def get_queryset(self):
        return super().get_queryset().select_related("demand__owner", "achievement").only(*LIST_COLUMNS)

    def get_extra_context(self):
        return {"today": timezone.localdate()}

    def prepare_rows(self, rows):
        """Each row as its ready HTML, as Django admin's change list writes its cells."""
        institutes = _names(Organisation.objects, {e.institute_id for e in rows}, "name")
        owners = {
            pk: name or username
            for pk, name, username in _values(User.objects, {e.owner_id for e in rows}, "name", "username")
        }
        contracts = _names(TechContract.objects, {e.contract_id for e in rows}, "registration_number")
        detail = id_prefix("engagements:detail")
        today = timezone.localdate()
        html = []
        for e in rows:
            if e.achievement_id:
                target = e.achievement.title
            elif e.institute_id:
                target = institutes.get(e.institute_id, "")
            else:
                target = e.get_target_kind_display()
            county = reference_row(County, e.county_id)
            follow_up = e.next_follow_up_on
            html.append(
                format_html(
                    ROW,
                    url=f"{detail}{e.pk}/",
                    title=e.demand.title,
                    target=target,
                    party=e.demand.owner.name,
                    badge=STATUS_BADGES.get(e.status, "primary"),
                    status=e.get_status_display(),
                    county=county.name if county is not None else "—",
                    owner=owners.get(e.owner_id, ""),
                    follow_up=format_html(FOLLOW_UP, "text-danger" if follow_up <= today else "", follow_up.isoformat())
                    if follow_up and e.is_open
                    else "—",
                    contract=contracts.get(e.contract_id) or "—",
                )
            )
        return html


def _values(manager, ids, *fields):
    """(id, *fields) of the rows with these ids: one query, none without ids."""
    ids = [pk for pk in ids if pk is not None]
    return manager.filter(pk__in=ids).order_by().values_list("pk", *fields) if ids else []


def _names(manager, ids, field) -> dict:
    return dict(_values(manager, ids, field))


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
                "pipeline": [(s, EngagementStatus(s).label) for s in PIPELINE[:5]],
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


def engagement_todos(user):
    """The bureau's queue of engagement requests (申请对接) waiting to be accepted or refused."""
    from core.filters import filtered
    from core.registry import todo

    if not user.is_bureau:
        return []
    params = {"status": EngagementStatus.REQUESTED.value}
    queue = filtered(EngagementFilter, Engagement.objects.visible_to(user), user, params)
    return [todo("待受理的对接申请", queue, "engagements:list", params, order=25)]
