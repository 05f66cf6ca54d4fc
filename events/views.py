"""Pages: the event list with this year's counts against the targets, detail with sign-up and
outcomes, create/edit for organisers."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
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
from core.workflow import TransitionError, history_of, transition, workflow_for
from talents.models import Talent

from . import services
from .filters import EventFilter
from .forms import AgreementForm, EventForm, ProjectForm, TransitionForm
from .models import Agreement, Event, EventParticipant, EventStatus, LandedProject

ALL_ROLES = tuple(Role.values)
ORGANISERS = (Role.LIAISON,)  # and the bureau, who always passes


def _service_errors(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for field, msgs in exc.message_dict.items():
            for m in msgs:
                form.add_error(field if field in form.fields else None, m)
    else:
        for m in exc.messages:
            form.add_error(None, m)


def _year(request) -> int:
    year = parse_id(request.GET.get("year"))
    return year if year and 2000 <= year <= 2100 else timezone.localdate().year


class EventListView(FilteredListMixin, View):
    model = Event
    filterset_class = EventFilter
    template_name = "events/list.html"
    required_roles = ALL_ROLES

    def get_queryset(self):
        return super().get_queryset().select_related("county")

    def get_extra_context(self):
        year = _year(self.request)
        user = self.request.user
        return {
            "year": year,
            "counts": services.yearly_counts(user, year),
            "can_create": user.is_bureau or user.is_liaison,
            "mine": set(
                EventParticipant.objects.filter(organisation_id=user.organisation_id).values_list("event_id", flat=True)
            )
            if user.organisation_id
            else set(),
        }


class EventExportView(VisibleQuerysetMixin, View):
    model = Event
    required_roles = (Role.LIAISON, Role.LEADER)

    def get(self, request):
        filterset = EventFilter(request.GET or None, queryset=self.get_queryset(), request=request)
        qs = (
            (filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset)
            .select_related("county")
            .annotate(
                n_participants=Count("participants", distinct=True),
                n_agreements=Count("agreements", distinct=True),
                n_projects=Count("projects", distinct=True),
            )
        )
        headers = [
            "编号",
            "活动名称",
            "类型",
            "日期",
            "地点",
            "主办单位",
            "县区",
            "状态",
            "参加单位数",
            "协议数",
            "落地项目数",
        ]
        rows = [
            [
                e.pk,
                e.title,
                e.get_kind_display(),
                e.date,
                e.place,
                e.organiser,
                str(e.county or "市级"),
                e.get_status_display(),
                e.n_participants,
                e.n_agreements,
                e.n_projects,
            ]
            for e in qs
        ]
        return logged_xlsx_export(
            request, what="对接活动", filename="对接活动.xlsx", headers=headers, rows=rows, count=len(rows)
        )


class EventCreateView(RoleRequiredMixin, View):
    required_roles = ORGANISERS

    def get(self, request, form=None):
        form = form or EventForm(user=request.user, initial={"county": request.user.county_id})
        return render(request, "events/form.html", {"form": form, "event": None})

    def post(self, request):
        form = EventForm(request.POST, user=request.user)
        if form.is_valid():
            data = dict(form.cleaned_data)
            extra = {k: data.pop(k) for k in ("enterprises", "institutes", "talents")}
            try:
                event = services.event_save(user=request.user, values=data, **extra)
            except ValidationError as exc:
                _service_errors(form, exc)
            else:
                messages.success(request, "活动已创建（筹备中）。发布后企业和院所即可看到并报名。")
                return redirect(event)
        return self.get(request, form=form)


class EventEditView(VisibleQuerysetMixin, View):
    model = Event
    required_roles = ORGANISERS

    def get_object(self, pk):
        event = get_object_or_404(self.get_queryset(), pk=pk)
        if not event.can_edit(self.request.user):
            raise PermissionDenied("您可以查看此活动，但无权修改。")
        return event

    def get(self, request, pk, form=None):
        event = self.get_object(pk)
        return render(
            request, "events/form.html", {"form": form or EventForm(instance=event, user=request.user), "event": event}
        )

    def post(self, request, pk):
        event = self.get_object(pk)
        form = EventForm(request.POST, instance=Event.objects.get(pk=pk), user=request.user)
        if form.is_valid():
            data = dict(form.cleaned_data)
            extra = {k: data.pop(k) for k in ("enterprises", "institutes", "talents")}
            try:
                services.event_save(user=request.user, values=data, event=event, **extra)
            except ValidationError as exc:
                _service_errors(form, exc)
            else:
                messages.success(request, "活动已保存。")
                return redirect(event)
        return self.get(request, pk, form=form)


class EventDetailView(VisibleQuerysetMixin, View):
    model = Event
    required_roles = ALL_ROLES

    def get(self, request, pk, agreement_form=None, project_form=None):
        user = request.user
        event = get_object_or_404(self.get_queryset().select_related("county"), pk=pk)
        can_edit = event.can_edit(user)
        participants = event.participants.select_related("organisation")
        sees_participants = user.is_bureau or user.is_leader or user.is_liaison
        own = participants.filter(organisation_id=user.organisation_id).first() if user.organisation_id else None
        talents = None
        if user.is_bureau or user.is_liaison:
            talents = event.talents.filter(pk__in=Talent.objects.visible_to(user).values("pk"))
        today = timezone.localdate()
        may_sign_up = bool(user.organisation_id) and user.has_role(Role.ENTERPRISE, Role.INSTITUTE)
        refusal = services.signup_refusal(event, user, today) if may_sign_up else None
        return render(
            request,
            "events/detail.html",
            {
                "event": event,
                "can_edit": can_edit,
                "transitions": workflow_for(Event).available(event, user) if can_edit else [],
                "participants": participants if sees_participants else None,
                "participant_count": participants.count(),
                "talents": talents,
                "talent_count": event.talents.count(),
                "own": own,
                "can_signup": may_sign_up and own is None and refusal is None,
                "signup_refusal": refusal if own is None else None,
                "can_cancel_signup": own is not None
                and own.source == "signup"
                and event.status == EventStatus.UPCOMING
                and today <= event.date,
                "agreements": Agreement.objects.visible_to(user).filter(event=event).select_related("engagement"),
                "projects": LandedProject.objects.visible_to(user).filter(event=event).select_related("engagement"),
                "agreement_form": agreement_form or (AgreementForm(user=user) if can_edit else None),
                "project_form": project_form or (ProjectForm(user=user) if can_edit else None),
                "status_changes": history_of(event),
                "workflow": workflow_for(Event),
                "entries": history_entries(event) if can_edit or user.is_leader else [],
            },
        )

    def post(self, request, pk):
        """Workflow buttons (publish, held, cancel) of the organiser."""
        event = get_object_or_404(self.get_queryset(), pk=pk)
        if not event.can_edit(request.user):
            raise PermissionDenied("您可以查看此活动，但无权修改。")
        form = TransitionForm(request.POST)
        if form.is_valid():
            try:
                transition(event, form.cleaned_data["to"], request.user, form.cleaned_data["comment"])
            except TransitionError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, f"活动状态已变更为“{event.get_status_display()}”。")
        return redirect(event)


class SignupView(VisibleQuerysetMixin, View):
    """POST: the user's enterprise or institute signs up (or, with cancel=1, withdraws)."""

    model = Event
    required_roles = (Role.ENTERPRISE, Role.INSTITUTE)

    def post(self, request, pk):
        event = get_object_or_404(self.get_queryset(), pk=pk)
        try:
            if request.POST.get("cancel"):
                services.signup_cancel(event=event, user=request.user)
                messages.success(request, "已取消报名。")
            else:
                services.signup(event=event, user=request.user)
                messages.success(request, f"“{request.user.organisation}”已报名参加该活动。")
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        return redirect(event)


class OutcomeCreateView(VisibleQuerysetMixin, View):
    """POST an agreement or a landed project of an event (organisers only)."""

    model = Event
    required_roles = ORGANISERS
    form_class = None
    service = None
    noun = ""

    def post(self, request, pk):
        event = get_object_or_404(self.get_queryset(), pk=pk)
        if not event.can_edit(request.user):
            raise PermissionDenied("只有活动主办方可以登记活动成果。")
        form = self.form_class(request.POST, user=request.user)
        if form.is_valid():
            try:
                type(self).service(user=request.user, event=event, **form.cleaned_data)
            except ValidationError as exc:
                _service_errors(form, exc)
            else:
                messages.success(request, f"已登记{self.noun}。")
                return redirect(reverse("events:detail", args=[pk]) + "#outcomes")
        key = "agreement_form" if self.form_class is AgreementForm else "project_form"
        return EventDetailView(request=request).get(request, pk, **{key: form})


class AgreementCreateView(OutcomeCreateView):
    form_class = AgreementForm
    service = services.agreement_add
    noun = "产学研合作协议"


class ProjectCreateView(OutcomeCreateView):
    form_class = ProjectForm
    service = services.project_add
    noun = "落地项目"


def home_cards(user):
    if not user.roles and not user.is_superuser:
        return []
    today = timezone.localdate()
    upcoming = Event.objects.visible_to(user).filter(status=EventStatus.UPCOMING, date__gte=today)
    figures = [("近期活动", upcoming.count())]
    if user.is_bureau or user.is_liaison or user.is_leader:
        counts = {row["key"]: row for row in services.yearly_counts(user, today.year)}
        figures += [
            ("本年签约协议", f"{counts['agreements']['value']}/{counts['agreements']['target']}"),
            ("本年落地项目", f"{counts['projects_landed']['value']}/{counts['projects_landed']['target']}"),
        ]
    return [
        HomeCard(
            title="对接活动",
            body="洽谈会、成果发布会、企业走进院所、专家走进企业、路演等活动及其成果。",
            url=reverse("events:list"),
            link_text="查看活动",
            figures=figures,
            order=45,
        )
    ]
