"""Pages: 匹配推荐 for a demand and for an achievement, and the bureau's overview."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views import View
from django.views.decorators.http import require_POST

from accounts.roles import Role
from achievements.models import Achievement
from core.inputs import parse_id
from core.mixins import FilteredListMixin
from core.registry import HomeCard, Todo
from demands.models import Demand
from engagements.models import OPEN_STATES, Engagement, EngagementStatus
from engagements.services import engagement_request

from . import access, services
from .filters import MatchOverviewFilter
from .models import DocKind, MatchDocument, Suggestion

# Broad-word-only matches score about 0.06–0.11; a problem/technology or several-keyword match
# scores well above. Override with the MATCHING_MIN_SCORE setting.
DEFAULT_MIN_SCORE = 0.15


def min_relevance() -> float:
    """The lowest score shown as a suggestion (setting MATCHING_MIN_SCORE): below it a match rests on
    a broad word alone ("制造"), which people rightly do not trust."""
    return float(getattr(settings, "MATCHING_MIN_SCORE", DEFAULT_MIN_SCORE))


def degree(score) -> int:
    """A score as the 0–100 匹配度 people read."""
    return max(0, min(100, round(float(score) * 100)))


def shown(rows: list[dict]) -> list[dict]:
    """The suggestions worth showing: at least the minimum relevance, each with its 匹配度."""
    floor = min_relevance()
    return [{**row, "degree": degree(row["score"])} for row in rows if row["score"] >= floor]


def demand_suggestions(user, demand) -> list[dict]:
    """The achievements suggested for a demand, as its match page lists them."""
    return shown(access.demand_matches(user, demand, DocKind.ACHIEVEMENT))


def achievement_suggestions(user, achievement) -> list[dict]:
    """The demands suggested for an achievement, as its match page lists them."""
    return shown(access.achievement_matches(user, achievement))


def _requested_pairs(demand_ids, achievement_ids) -> set[tuple[int, int]]:
    """(demand, achievement) pairs that already have a request or an engagement under way."""
    live = (EngagementStatus.REQUESTED, *OPEN_STATES)
    return set(
        Engagement.objects.filter(
            demand_id__in=demand_ids, achievement_id__in=achievement_ids, status__in=live
        ).values_list("demand_id", "achievement_id")
    )


@login_required
def demand_matches(request, pk):
    demand = get_object_or_404(
        Demand.objects.visible_to(request.user).select_related("industry", "county", "owner"), pk=pk
    )
    achievements = demand_suggestions(request.user, demand)
    talents = shown(access.demand_matches(request.user, demand, DocKind.TALENT))
    can_request = demand.is_owned_by(request.user) and request.user.has_role(Role.ENTERPRISE)
    if can_request:
        pairs = _requested_pairs([demand.pk], [m["id"] for m in achievements])
        for m in achievements:
            m["requested"] = (demand.pk, m["id"]) in pairs
    return render(
        request,
        "matching/demand_matches.html",
        {
            "demand": demand,
            "achievements": achievements,
            "talents": talents,
            "queue_count": len(achievements),
            "can_engage": _can_engage(request.user, demand),
            "can_request": can_request,
            "engage_achievement": f"demand={demand.pk}&achievement=",
            "engage_talent": f"demand={demand.pk}&talent=",
        },
    )


@login_required
def achievement_matches(request, pk):
    achievement = get_object_or_404(
        Achievement.objects.visible_to(request.user).select_related("industry", "owner"), pk=pk
    )
    demands = achievement_suggestions(request.user, achievement)
    can_request = achievement.is_owned_by(request.user) and request.user.has_role(Role.INSTITUTE)
    if can_request:
        pairs = _requested_pairs([m["id"] for m in demands], [achievement.pk])
        for m in demands:
            m["requested"] = (m["id"], achievement.pk) in pairs
    return render(
        request,
        "matching/achievement_matches.html",
        {
            "achievement": achievement,
            "demands": demands,
            "queue_count": len(demands),
            "can_engage": request.user.is_bureau or request.user.is_liaison,
            "can_request": can_request,
            "engage_demand": f"achievement={achievement.pk}&demand=",
        },
    )


@login_required
@require_POST
def request_engagement(request):
    """申请对接 on a suggestion: the demand's enterprise or the achievement's institute asks the
    bureau to organise an engagement (the pair must be one the page suggests)."""
    user = request.user
    demand = get_object_or_404(Demand.objects.visible_to(user), pk=parse_id(request.POST.get("demand")) or 0)
    achievement = get_object_or_404(
        Achievement.objects.visible_to(user), pk=parse_id(request.POST.get("achievement")) or 0
    )
    if demand.is_owned_by(user) and user.has_role(Role.ENTERPRISE):
        back = reverse("matching:demand", args=[demand.pk])
        suggested = achievement.pk in {m["id"] for m in demand_suggestions(user, demand)}
    elif achievement.is_owned_by(user) and user.has_role(Role.INSTITUTE):
        back = reverse("matching:achievement", args=[achievement.pk])
        suggested = demand.pk in {m["id"] for m in achievement_suggestions(user, achievement)}
    else:
        raise PermissionDenied("只有需求企业或成果持有单位可以申请对接。")
    if not suggested:
        messages.error(request, "只能对系统推荐的匹配申请对接。")
        return redirect(back)
    try:
        engagement = engagement_request(
            user=user, demand=demand, achievement=achievement, summary=request.POST.get("summary", "")
        )
    except ValidationError as exc:
        for problems in exc.message_dict.values():
            for problem in problems:
                messages.error(request, problem)
        return redirect(back)
    messages.success(request, "已提交对接申请，市科技局受理后将组织对接，您可在对接管理中查看进展。")
    return redirect(engagement)


def _can_engage(user, demand) -> bool:
    if user.is_bureau:
        return True
    return user.is_liaison and user.county_id is not None and user.county_id == demand.county_id


class OverviewView(FilteredListMixin, View):
    """Bureau / liaison: published demands with their best suggestion; on request the weakest
    first, each marked when the knowledge base recognised no problem in it."""

    model = Demand
    filterset_class = MatchOverviewFilter
    template_name = "matching/overview.html"
    required_roles = (Role.BUREAU, Role.LIAISON)

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .published()
            .select_related("industry", "county", "owner")
            .order_by("-published_at", "-id")
        )

    def prepare_rows(self, demands):
        ids = [d.pk for d in demands]
        best = {
            s.source_id: s
            for s in Suggestion.objects.filter(
                source_kind=DocKind.DEMAND, source_id__in=ids, target_kind=DocKind.ACHIEVEMENT, rank=1
            )
        }
        counts = {}
        for source_id, target_kind, n in (
            Suggestion.objects.filter(source_kind=DocKind.DEMAND, source_id__in=ids)
            .values_list("source_id", "target_kind")
            .annotate(n=Count("id"))
            .order_by()
        ):
            counts.setdefault(source_id, {})[target_kind] = n
        recognised = {
            object_id: services.names_a_problem(concepts or {})
            for object_id, concepts in MatchDocument.objects.filter(kind=DocKind.DEMAND, object_id__in=ids).values_list(
                "object_id", "profile__c"
            )  # only the concept hits, not the whole profile
        }
        return [
            {
                "demand": d,
                "best": best.get(d.pk),
                "achievements": counts.get(d.pk, {}).get(DocKind.ACHIEVEMENT, 0),
                "talents": counts.get(d.pk, {}).get(DocKind.TALENT, 0),
                "indexed": d.pk in recognised,
                "recognised": recognised.get(d.pk, False),
            }
            for d in demands
        ]

    def get_extra_context(self):
        return {
            "figures": _indexed_counts(),
            "mine_toggle": self.request.user.is_liaison,
        }


overview = OverviewView.as_view()


def _indexed_counts() -> dict:
    """How many records of each kind take part in matching (one pass over the index table)."""
    counts = dict(MatchDocument.objects.values_list("kind").annotate(n=Count("id")).order_by())
    return {
        "demands": counts.get(DocKind.DEMAND, 0),
        "achievements": counts.get(DocKind.ACHIEVEMENT, 0),
        "talents": counts.get(DocKind.TALENT, 0),
    }


def home_cards(user):
    """Home page: the bureau's matching overview; an enterprise's / institute's best suggestions."""
    cards = []
    if user.is_bureau or user.is_liaison:
        indexed = MatchDocument.objects.filter(kind=DocKind.DEMAND).count()
        cards.append(
            HomeCard(
                title="供需匹配",
                body="查看已发布需求的成果、人才推荐，按推荐发起对接。",
                url=reverse("matching:overview"),
                link_text="匹配总览",
                figures=[("参与匹配的需求", indexed)],
                order=35,
            )
        )
    return cards


def match_todos(user):
    """To-do lines for a unit: each of its latest published records with suggestions to look at,
    counted by the very function its match page lists them with."""
    items = []
    if not user.organisation_id:
        return items
    if user.has_role(Role.ENTERPRISE):
        for demand in Demand.objects.published().filter(owner_id=user.organisation_id).order_by("-published_at")[:5]:
            n = len(demand_suggestions(user, demand))
            if n:
                url = reverse("matching:demand", args=[demand.pk])
                items.append(Todo(label=f"需求“{demand.title}”的推荐成果", count=n, url=url, order=50))
    if user.has_role(Role.INSTITUTE):
        mine = Achievement.objects.published().filter(owner_id=user.organisation_id).order_by("-published_at")[:5]
        for achievement in mine:
            n = len(achievement_suggestions(user, achievement))
            if n:
                url = reverse("matching:achievement", args=[achievement.pk])
                items.append(Todo(label=f"与成果“{achievement.title}”匹配的需求", count=n, url=url, order=50))
    return items
