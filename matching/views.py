"""Pages: 匹配推荐 for a demand and for an achievement, and the bureau's overview."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from achievements.models import Achievement
from core.registry import HomeCard
from demands.models import Demand

from . import access
from .models import DocKind, MatchDocument, Suggestion


@login_required
def demand_matches(request, pk):
    demand = get_object_or_404(
        Demand.objects.visible_to(request.user).select_related("industry", "county", "owner"), pk=pk
    )
    achievements = access.demand_matches(request.user, demand, DocKind.ACHIEVEMENT)
    talents = access.demand_matches(request.user, demand, DocKind.TALENT)
    return render(
        request,
        "matching/demand_matches.html",
        {
            "demand": demand,
            "achievements": achievements,
            "talents": talents,
            "can_engage": _can_engage(request.user, demand),
            "engage_achievement": f"demand={demand.pk}&achievement=",
            "engage_talent": f"demand={demand.pk}&talent=",
        },
    )


@login_required
def achievement_matches(request, pk):
    achievement = get_object_or_404(
        Achievement.objects.visible_to(request.user).select_related("industry", "owner"), pk=pk
    )
    demands = access.achievement_matches(request.user, achievement)
    return render(
        request,
        "matching/achievement_matches.html",
        {
            "achievement": achievement,
            "demands": demands,
            "can_engage": request.user.is_bureau or request.user.is_liaison,
            "engage_demand": f"achievement={achievement.pk}&demand=",
        },
    )


def _can_engage(user, demand) -> bool:
    if user.is_bureau:
        return True
    return user.is_liaison and user.county_id is not None and user.county_id == demand.county_id


@login_required
def overview(request):
    """Bureau / liaison: published demands with their best suggestion, weakest first on request."""

    user = request.user
    if not (user.is_bureau or user.is_liaison):
        raise PermissionDenied("只有市科技局和县区联络员可以查看匹配总览。")
    demands = Demand.objects.visible_to(user).published().select_related("industry", "county", "owner")
    q = (request.GET.get("q") or "").strip()
    if q:
        demands = demands.filter(Q(title__icontains=q) | Q(owner__name__icontains=q))
    if request.GET.get("mine") and user.county_id:
        demands = demands.filter(county_id=user.county_id)
    page = Paginator(demands.order_by("-published_at", "-id"), 20).get_page(request.GET.get("page"))
    ids = [d.pk for d in page.object_list]
    best = {
        s.source_id: s
        for s in Suggestion.objects.filter(
            source_kind=DocKind.DEMAND, source_id__in=ids, target_kind=DocKind.ACHIEVEMENT, rank=1
        )
    }
    counts = {}
    for s in Suggestion.objects.filter(source_kind=DocKind.DEMAND, source_id__in=ids).values_list(
        "source_id", "target_kind"
    ):
        counts.setdefault(s[0], {}).setdefault(s[1], 0)
        counts[s[0]][s[1]] += 1
    rows = [
        {
            "demand": d,
            "best": best.get(d.pk),
            "achievements": counts.get(d.pk, {}).get(DocKind.ACHIEVEMENT, 0),
            "talents": counts.get(d.pk, {}).get(DocKind.TALENT, 0),
        }
        for d in page.object_list
    ]
    params = request.GET.copy()
    params.pop("page", None)
    figures = {
        "demands": MatchDocument.objects.filter(kind=DocKind.DEMAND).count(),
        "achievements": MatchDocument.objects.filter(kind=DocKind.ACHIEVEMENT).count(),
        "talents": MatchDocument.objects.filter(kind=DocKind.TALENT).count(),
    }
    return render(
        request,
        "matching/overview.html",
        {"rows": rows, "page_obj": page, "querystring": params.urlencode(), "q": q, "figures": figures},
    )


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
    elif user.organisation_id and user.has_role("enterprise", "institute"):
        if user.has_role("enterprise"):
            mine = list(Demand.objects.published().filter(owner_id=user.organisation_id).values_list("pk", flat=True))
            kind, url_name, noun = DocKind.DEMAND, "matching:demand", "需求"
        else:
            mine = list(
                Achievement.objects.published().filter(owner_id=user.organisation_id).values_list("pk", flat=True)
            )
            kind, url_name, noun = DocKind.ACHIEVEMENT, "matching:achievement", "成果"
        if mine:
            n = (
                Suggestion.objects.filter(source_kind=kind, source_id__in=mine)
                .exclude(target_kind=DocKind.TALENT)
                .count()
            )
            cards.append(
                HomeCard(
                    title="匹配推荐",
                    body=f"系统为您已发布的{noun}推荐了可对接的{'科技成果' if kind == DocKind.DEMAND else '企业需求'}。",
                    url=reverse(url_name, args=[mine[0]]),
                    link_text="查看推荐",
                    figures=[(f"已发布{noun}", len(mine)), ("推荐条数", n)],
                    order=36,
                )
            )
    return cards
