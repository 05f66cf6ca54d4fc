"""Who may see which suggestions — one place for pages and API alike.

The record itself is looked up through `visible_to(user)` first (404 outside it); then:
  * demand → achievements / talents: the bureau, county liaisons and the owning enterprise;
  * achievement → demands: the bureau, county liaisons and the owning institute;
  * everyone else (other enterprises, institutes, leaders): 403.
Talents appear by name only to the bureau, the liaison of their native county, and the demand's
enterprise once the bureau has opened an engagement with that talent; otherwise anonymised.
"""

from django.core.exceptions import PermissionDenied

from engagements.models import Engagement
from talents.display import talent_display
from talents.models import Talent

from . import services
from .models import DocKind


def check_demand_matches(user, demand) -> None:
    if user.is_bureau or user.is_liaison or demand.is_owned_by(user):
        return
    raise PermissionDenied("只有需求单位、县区联络员和市科技局可以查看该需求的匹配推荐。")


def check_achievement_matches(user, achievement) -> None:
    if user.is_bureau or user.is_liaison or achievement.is_owned_by(user):
        return
    raise PermissionDenied("只有成果持有单位、县区联络员和市科技局可以查看该成果的匹配推荐。")


def _engaged_talent_ids(demand) -> set[int]:
    return set(
        Engagement.objects.open().filter(demand=demand, talent__isnull=False).values_list("talent_id", flat=True)
    )


def demand_matches(user, demand, kind: str = DocKind.ACHIEVEMENT, limit: int = 10) -> list[dict]:
    """Scoped, display-ready suggestions for a demand: [{"id", "title", "score", "reasons"}]."""
    check_demand_matches(user, demand)
    matches = services.matches_for(DocKind.DEMAND, demand, kind, limit)
    if kind == DocKind.TALENT:
        return _talent_rows(user, demand, matches)
    return [_row(m) for m in matches]


def achievement_matches(user, achievement, limit: int = 10) -> list[dict]:
    check_achievement_matches(user, achievement)
    return [_row(m) for m in services.matches_for(DocKind.ACHIEVEMENT, achievement, DocKind.DEMAND, limit)]


def _row(m) -> dict:
    return {"id": m.id, "title": m.title, "score": round(float(m.score), 3), "reasons": list(m.reasons)}


def _talent_rows(user, demand, matches) -> list[dict]:
    talents = (
        Talent.objects.select_related("native_county").prefetch_related("industries").in_bulk([m.id for m in matches])
    )
    engaged = _engaged_talent_ids(demand) if demand.is_owned_by(user) else set()
    rows = []
    for m in matches:
        talent = talents.get(m.id)
        if talent is None:
            continue
        named = (
            user.is_bureau or (user.is_liaison and user.county_id == talent.native_county_id) or talent.pk in engaged
        )
        row = _row(m)
        row["title"] = f"{talent.name}（{talent.employer}）" if named else talent_display(talent)
        row["anonymised"] = not named
        rows.append(row)
    return rows
