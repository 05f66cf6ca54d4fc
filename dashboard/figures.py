"""Every figure of the leader dashboard, computed in one place.

The page, the printable view, the xlsx export and `GET /api/v1/dashboard/summary/` all call
`summary(user, year=…, county=…)`. Every query starts from the owning model's
`visible_to(user)` (talents: `countable_by(user)`, which lets leaders count records they may
not open) and is a database aggregate grouped by year, county or state: no Python loop over
records.

An indicator is a small provider registered with `@indicator(...)`: it returns the quantity
per year ({year: amount}); how that becomes the card's value depends on its measure:

- "cumulative": records counted once, in the year they happened (value = all years up to the
  selected one, e.g. talents admitted);
- "annual": a figure of the selected year only (agreements signed this year);
- "stock": a year-end level recorded each year (high-tech enterprises): the latest year up to
  the selected one;
- "level": the same, computed for every year (talent pool: records entered by each year's end).

Indicators whose data no installed app records yet are `declare()`d: the card shows the target
from the data and "尚无数据来源", never a made-up value. Adding their provider later is a few lines.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.db.models import Avg, CharField, Count, DateTimeField, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Cast, Coalesce, ExtractQuarter, ExtractYear
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import timezone

from accounts.models import County, Industry, Organisation
from accounts.roles import Role
from achievements.models import Achievement, AchievementStatus
from core.models import StatusChange
from demands.models import Demand, DemandStatus
from engagements.models import Engagement
from events.models import Agreement, Event, EventKind, EventParticipant, LandedProject
from events.workflow import EventStatus
from platforms.models import Platform, PlatformLevel, PlatformType
from platforms.workflow import PlatformStatus
from subsidies.models import Claim, TechContract
from supervision.models import AwardDecision, AwardEntry, SupervisedUnit, SupervisionRecord
from talents.models import Talent, TalentCategory, TalentStatus, TalentTarget

from .models import RecordedFigure, RecordedIndicator, Target, TargetKind

FIRST_YEAR = 2020  # the action plan's first year: trends start here
CACHE_SECONDS = 300  # a short expiry as well, for bulk changes that send no signal
VERSION_KEY = "dashboard:version"


def may_view(user) -> bool:
    """City leaders and bureau staff; liaisons, enterprises and institutes are refused."""
    return user.is_authenticated and (user.is_bureau or user.has_role(Role.LEADER))


def this_year() -> int:
    return timezone.localdate().year


# --------------------------------------------------------------------------- scope


@dataclass(frozen=True)
class Scope:
    user: object
    year: int
    county: County | None = None
    # Aggregates several figures share (one pass over a large table), for one computation.
    memo: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    @property
    def is_current_year(self) -> bool:
        return self.year == this_year()

    def county_q(self, field_name: str) -> Q:
        return Q(**{field_name: self.county}) if self.county is not None else Q()


def scope_key(user) -> str:
    """Users whose figures and links are the same share a cache entry (bureau sees drafts,
    leaders do not; links depend on the roles)."""
    if user.is_bureau:
        return "bureau"
    return "roles-" + "-".join(sorted(user.roles))


# --------------------------------------------------------------------------- links


def may_open(user, url: str) -> bool:
    """Would this list page let the user in? Asks the view itself (its `required_roles`)."""
    try:
        view_class = getattr(resolve(url.split("?", 1)[0]).func, "view_class", None)
    except Resolver404:
        return False
    if view_class is None:
        return user.is_bureau
    roles = getattr(view_class, "required_roles", ())
    return not roles or user.is_bureau or user.has_role(*roles)


def list_link(scope: Scope, url_name: str, county_param: str | None = None, **params) -> str | None:
    """The list behind a number, filtered like the number, if the user may open that list.

    `county_param` says how the list takes a county: "code" (talents, demands, achievements)
    or "pk" (engagements, contracts, claims).
    """
    try:
        url = reverse(url_name)
    except NoReverseMatch:
        return None
    if not may_open(scope.user, url):
        return None
    query = [(k, v) for k, values in params.items() for v in (values if isinstance(values, list) else [values])]
    if scope.county is not None and county_param:
        query.append(("county", scope.county.code if county_param == "code" else scope.county.pk))
    return url + ("?" + urlencode(query) if query else "")


# --------------------------------------------------------------------------- indicators


@dataclass(frozen=True)
class IndicatorDef:
    code: str
    name: str
    unit: str
    measure: str  # cumulative | annual | stock | level
    order: int
    series: Callable[[Scope], dict[int, object]] | None = None
    link: Callable[[Scope], str | None] | None = None
    targets: Callable[[Scope], list] | None = None  # default: Target rows with this code
    money: bool = False
    city_only: bool = False  # a city-wide figure with no county breakdown
    note: str = ""


INDICATORS: dict[str, IndicatorDef] = {}


def indicator(code, name, unit, measure, *, order, link=None, targets=None, money=False, city_only=False, note=""):
    """Register `fn(scope) -> {year: amount}` as the provider of an indicator."""

    def register(fn):
        INDICATORS[code] = IndicatorDef(
            code, name, unit, measure, order, fn, link, targets, money=money, city_only=city_only, note=note
        )
        return fn

    return register


def declare(code, name, unit, measure, *, order, note=""):
    """An indicator with a published target whose data no installed app records yet."""
    INDICATORS.setdefault(code, IndicatorDef(code, name, unit, measure, order, note=note))


def _by_year(queryset, year_expr, value=None) -> dict[int, object]:
    if isinstance(year_expr, str):
        year_expr = F(year_expr)
    rows = (
        queryset.annotate(_y=year_expr)
        .values("_y")
        .annotate(_v=value if value is not None else Count("pk"))
        .order_by()
        .values_list("_y", "_v")
    )
    return {y: v for y, v in rows if y is not None}


def year_end(year: int) -> dt.datetime:
    """The first instant after `year` in the portal's time zone (records dated before it count)."""
    return timezone.make_aware(dt.datetime(year + 1, 1, 1))


def _admitted_talents(scope: Scope):
    return Talent.objects.countable_by(scope.user).filter(status=TalentStatus.ADMITTED)


def talent_groups(scope: Scope) -> list[dict]:
    """One pass over the talent table for every talent figure: per (county, category), the
    admitted records entered by the end of each year of the trend, and the overdue ones now."""
    if "talents" not in scope.memo:
        admitted = Q(status=TalentStatus.ADMITTED)
        aggregates = {
            f"y{y}": Count("pk", filter=admitted & Q(created_at__lt=year_end(y)))
            for y in range(FIRST_YEAR, scope.year + 1)
        }
        aggregates["overdue"] = Count("pk", filter=Q(is_refresh_due=True) & ~Q(status=TalentStatus.ARCHIVED))
        scope.memo["talents"] = list(
            Talent.objects.countable_by(scope.user)
            .filter(scope.county_q("native_county"))
            .values("native_county", "category")
            .annotate(**aggregates)
            .order_by()
        )
    return scope.memo["talents"]


def _sum_by(rows, key: str, value: str) -> dict:
    """Totals of already-aggregated group rows (a few dozen), by one of their keys."""
    totals: dict = {}
    for r in rows:
        totals[r[key]] = totals.get(r[key], 0) + r[value]
    return totals


@indicator(
    "talent_pool",
    "人才库入库人数",
    "人",
    "level",
    order=10,
    link=lambda s: list_link(s, "talents:list", "code", status=TalentStatus.ADMITTED) if s.is_current_year else None,
    targets=lambda s: list(TalentTarget.objects.filter(county=s.county).order_by("year")),
    note="已入库记录，按录入时间统计到年底；目标来自人才库“入库目标”。",
)
def talent_pool(scope):
    rows = talent_groups(scope)
    return {y: sum(r[f"y{y}"] for r in rows) for y in range(FIRST_YEAR, scope.year + 1)}


def demand_groups(scope: Scope) -> list[dict]:
    """One pass over the demand table: per (county, status), the demands filed by the year's end."""
    if "demands" not in scope.memo:
        scope.memo["demands"] = list(
            Demand.objects.visible_to(scope.user)
            .filter(scope.county_q("county"), created_at__lt=year_end(scope.year))
            .values("county", "status")
            .annotate(n=Count("pk"))
            .order_by()
        )
    return scope.memo["demands"]


def _recognised_platforms(scope: Scope):
    """Recognised platforms at city level or higher, counted by the date they were recognised."""
    return (
        Platform.objects.visible_to(scope.user)
        .recognised()
        .city_or_higher()
        .filter(scope.county_q("county"))
        .filter(Q(recognised_on__isnull=True) | Q(recognised_on__lte=dt.date(scope.year, 12, 31)))
    )


@indicator(
    "platforms",
    "市级以上创新平台",
    "个",
    "level",
    order=20,
    link=lambda s: (
        list_link(s, "platforms:list", "code", status=PlatformStatus.RECOGNISED) if s.is_current_year else None
    ),
    note="已认定的国家级、省级和市级创新平台，按认定日期统计到年底。",
)
def platforms(scope):
    years = range(FIRST_YEAR, scope.year + 1)
    totals = _recognised_platforms(scope).aggregate(
        **{
            f"y{y}": Count("pk", filter=Q(recognised_on__isnull=True) | Q(recognised_on__lte=dt.date(y, 12, 31)))
            for y in years
        }
    )
    return {y: totals[f"y{y}"] for y in years}


def _transferred_on():
    """When an achievement became 已转化: its workflow record (or its last change, if it has none)."""
    changes = StatusChange.objects.filter(
        content_type=ContentType.objects.get_for_model(Achievement),
        object_id=Cast(OuterRef("pk"), CharField()),
        to_state=AchievementStatus.TRANSFERRED,
    ).order_by("-created_at")
    return Coalesce(Subquery(changes.values("created_at")[:1]), "updated_at", output_field=DateTimeField())


@indicator(
    "achievements_transferred",
    "重大科技成果转化",
    "项",
    "cumulative",
    order=30,
    link=lambda s: (
        list_link(s, "achievements:list", "code", status=AchievementStatus.TRANSFERRED) if s.is_current_year else None
    ),
    note="成果库中已转化的成果，按转化年度累计。",
)
def achievements_transferred(scope):
    queryset = (
        Achievement.objects.visible_to(scope.user)
        .filter(status=AchievementStatus.TRANSFERRED)
        .filter(scope.county_q("county"))
        .annotate(_on=_transferred_on())
    )
    return _by_year(queryset, ExtractYear("_on"))


def _recorded(indicator_code):
    def series(scope):
        return dict(RecordedFigure.objects.filter(indicator=indicator_code).values_list("year", "value"))

    return series


indicator(
    "key_technologies",
    "关键核心技术突破",
    "项",
    "cumulative",
    order=40,
    city_only=True,
    link=lambda s: list_link(s, "dashboard:recorded"),
    note="市科技局每年录入当年新增数，累计计算。",
)(_recorded(RecordedIndicator.KEY_TECHNOLOGIES))
indicator(
    "high_tech_enterprises",
    "高新技术企业",
    "家",
    "stock",
    order=50,
    city_only=True,
    link=lambda s: list_link(s, "dashboard:recorded"),
    note="市科技局每年录入年末数。",
)(_recorded(RecordedIndicator.HIGH_TECH_ENTERPRISES))


def _merge_years(*series: dict) -> dict:
    merged: dict = {}
    for one in series:
        for year, value in one.items():
            merged[year] = merged.get(year, 0) + value
    return merged


def _event_outcomes(model, scope: Scope):
    """Agreements or landed projects registered at events the user may see."""
    events = Event.objects.visible_to(scope.user)
    return model.objects.visible_to(scope.user).filter(event__in=events).filter(scope.county_q("event__county"))


@indicator(
    "agreements",
    "产学研合作签约",
    "项",
    "annual",
    order=60,
    note="活动登记的产学研合作协议，加上进入“签约”阶段、未另行登记协议的对接（同一对接只计一次）。",
)
def agreements(scope):
    registered = _by_year(_event_outcomes(Agreement, scope), ExtractYear("signed_on"))
    engagements = (
        Engagement.objects.visible_to(scope.user)
        .filter(signed_on__isnull=False, event_agreements__isnull=True)
        .filter(scope.county_q("county"))
    )
    return _merge_years(registered, _by_year(engagements, ExtractYear("signed_on")))


@indicator(
    "projects_landed",
    "合作项目落地",
    "个",
    "annual",
    order=70,
    note="活动登记的落地项目，加上进入“落地”阶段、未另行登记项目的对接（同一对接只计一次）。",
)
def projects_landed(scope):
    registered = _by_year(_event_outcomes(LandedProject, scope), ExtractYear("landed_on"))
    engagements = (
        Engagement.objects.visible_to(scope.user)
        .filter(landed_on__isnull=False, event_projects__isnull=True)
        .filter(scope.county_q("county"))
    )
    return _merge_years(registered, _by_year(engagements, ExtractYear("landed_on")))


def _held_events(scope: Scope, kind: str):
    return (
        Event.objects.visible_to(scope.user).filter(kind=kind, status=EventStatus.HELD).filter(scope.county_q("county"))
    )


def _events_link(scope: Scope, kind: str):
    return list_link(scope, "events:list", "pk", kind=kind, status=EventStatus.HELD, year=scope.year)


@indicator(
    "launch_events",
    "成果发布会",
    "场",
    "annual",
    order=80,
    link=lambda s: _events_link(s, EventKind.LAUNCH),
    note="当年已举办的成果发布会。",
)
def launch_events(scope):
    return _by_year(_held_events(scope, EventKind.LAUNCH), ExtractYear("date"))


@indicator(
    "enterprise_visits",
    "企业走进高校院所",
    "家次",
    "annual",
    order=90,
    link=lambda s: _events_link(s, EventKind.ENTERPRISE_VISIT),
    note="当年已举办的“企业走进院所”活动中参加的企业家次（链接为这些活动）。",
)
def enterprise_visits(scope):
    participants = EventParticipant.objects.filter(
        event__in=_held_events(scope, EventKind.ENTERPRISE_VISIT),
        organisation__kind=Organisation.Kind.ENTERPRISE,
    )
    return _by_year(participants, ExtractYear("event__date"))


@indicator(
    "contract_turnover",
    "技术合同成交额",
    "元",
    "annual",
    order=100,
    money=True,
    link=lambda s: list_link(s, "subsidies:contract_list", "pk", signed_year=s.year),
    note="当年签订的技术合同金额合计（按受让方所在县区）。",
)
def contract_turnover(scope):
    queryset = TechContract.objects.visible_to(scope.user).filter(scope.county_q("buyer__county"))
    return _by_year(queryset, ExtractYear("signed_on"), Sum("contract_amount"))


def _granted_claims(scope):
    return Claim.objects.visible_to(scope.user).granted().filter(scope.county_q("enterprise__county"))


@indicator(
    "subsidies_approved",
    "成果转化补助核准金额",
    "元",
    "annual",
    order=110,
    money=True,
    link=lambda s: list_link(s, "subsidies:claim_list", "pk", status=list(Claim.GRANTED_STATES), claim_year=s.year),
    note="当年度申报中审核通过、公示中和已拨付的批准金额。",
)
def subsidies_approved(scope):
    return _by_year(_granted_claims(scope), "claim_year", Sum("approved_amount"))


@indicator(
    "subsidies_disbursed",
    "成果转化补助已拨付",
    "元",
    "annual",
    order=120,
    money=True,
    link=lambda s: list_link(s, "subsidies:claim_list", "pk", status=Claim.Status.DISBURSED, claim_year=s.year),
    note="当年度申报中已拨付的金额。",
)
def subsidies_disbursed(scope):
    return _by_year(_granted_claims(scope).filter(status=Claim.Status.DISBURSED), "claim_year", Sum("approved_amount"))


# --------------------------------------------------------------------------- indicator arithmetic


def value_at(measure: str, series: dict, year: int):
    if measure == "annual":
        return series.get(year, 0)
    if measure in ("stock", "level"):
        known = [y for y in series if y <= year]
        return series[max(known)] if known else None
    return sum((v for y, v in series.items() if y <= year), 0)


def pick_target(targets: list, year: int):
    """The target that applies to `year`: an annual target covering it, else the next
    milestone, else the last one (the plan's final figure stays until a new plan is entered)."""
    for t in targets:
        if getattr(t, "kind", TargetKind.MILESTONE) == TargetKind.ANNUAL and t.covers(year):
            return t
    upcoming = [t for t in targets if t.year >= year]
    if upcoming:
        return min(upcoming, key=lambda t: t.year)
    return max(targets, key=lambda t: t.year) if targets else None


def target_answer(code: str, year: int):
    """core.registry.target_for(): (value, target year) from the target table, or None."""
    target = pick_target(list(Target.objects.filter(code=code)), year)
    return (target.value, target.year) if target is not None else None


def target_label(target) -> str:
    """ "2025年" for a milestone, "2020—2025年每年" for an annual target."""
    if getattr(target, "kind", TargetKind.MILESTONE) == TargetKind.ANNUAL:
        return f"{target.start_year or target.year}—{target.year}年每年"
    return f"{target.year}年"


def ratio(value, target) -> Decimal | None:
    if value is None or target in (None, 0):
        return None
    return (Decimal(value) / Decimal(target)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def _number(value, money: bool):
    if value is None:
        return None
    if money:
        return Decimal(value).quantize(Decimal("0.01"))
    return int(value)


def indicator_figures(scope: Scope, target_rows: dict[str, list]) -> list[dict]:
    codes = sorted(
        set(INDICATORS) | set(target_rows), key=lambda c: (INDICATORS[c].order if c in INDICATORS else 999, c)
    )
    out = []
    for code in codes:
        spec = INDICATORS.get(code)
        data_targets = target_rows.get(code, [])
        first = data_targets[0] if data_targets else None
        name = first.name if first else spec.name
        unit = first.unit if first else spec.unit
        money = spec.money if spec else unit == "元"
        item = {
            "code": code,
            "name": name,
            "unit": unit,
            "value": None,
            "target": None,
            "target_year": None,
            "target_label": "",
            "ratio": None,
            "state": "ok",
            "measure": spec.measure if spec else "annual",
            "note": spec.note if spec else "",
            "link": None,
            "trend": [],
        }
        if spec is None or spec.series is None:
            item["state"] = "no_source"
        elif spec.city_only and scope.county is not None:
            item["state"] = "city_only"
        else:
            series = spec.series(scope)
            item["value"] = _number(value_at(spec.measure, series, scope.year), money)
            item["trend"] = [
                {"year": y, "value": _number(value_at(spec.measure, series, y), money)}
                for y in range(min([FIRST_YEAR, *series]), scope.year + 1)
            ]
            if item["value"] is None:
                item["state"] = "not_recorded"
            elif spec.link is not None:
                item["link"] = spec.link(scope)
        if spec is not None and spec.targets is not None:
            targets = spec.targets(scope)
        else:
            targets = data_targets if scope.county is None else []
        target = pick_target(targets, scope.year)
        if target is not None:
            item["target"] = _number(target.value, money)
            item["target_year"] = target.year
            item["target_label"] = target_label(target)
            item["ratio"] = ratio(item["value"], target.value)
        out.append(item)
    return out


# --------------------------------------------------------------------------- county ranking

# Engagement stages in pipeline order (意向 → 洽谈 → 签约 → 落地, 终止), as the model states them.
PIPELINE = tuple(Engagement.Status)

COUNTY_COLUMNS = [
    # (key, label, money)
    ("talents", "已入库人才", False),
    ("refresh_overdue", "逾期未更新", False),
    ("demands", "企业需求", False),
    *[(f"engagements_{s.value}", f"对接·{s.label}", False) for s in PIPELINE],
    ("contracts", "技术合同（份）", False),
    ("contract_amount", "合同金额（元）", True),
    ("subsidies", "补助（项）", False),
    ("subsidy_amount", "核准补助（元）", True),
]


# Ranking columns other apps answer: (key, label, money) and fn(scope) -> {county id: {key: value}}.
# A declared column without a provider is listed as "尚无数据来源" instead of a made-up value.
EXTRA_COUNTY_COLUMNS: list[tuple[tuple, Callable[[Scope], dict]]] = []
DECLARED_COUNTY_COLUMNS = [("ledger_score", "督导平均得分"), ("award_position", "年度评奖名次")]


def county_columns(*columns):
    """Register `fn(scope) -> {county id: {key: value}}` as the provider of ranking columns."""

    def register(fn):
        EXTRA_COUNTY_COLUMNS.append((columns, fn))
        return fn

    return register


def all_county_columns() -> list[tuple]:
    return [*COUNTY_COLUMNS, *(c for columns, _fn in EXTRA_COUNTY_COLUMNS for c in columns)]


def unavailable_county_columns() -> list[dict]:
    provided = {c[0] for c in all_county_columns()}
    return [{"key": k, "label": label} for k, label in DECLARED_COUNTY_COLUMNS if k not in provided]


@county_columns(("ledger_score", "督导平均得分", False), ("award_position", "年度评奖名次", False))
def supervision_columns(scope: Scope) -> dict:
    """Each county's average quarterly supervision score in the year, and its confirmed award rank."""
    units = SupervisedUnit.objects.visible_to(scope.user).filter(county__isnull=False).filter(scope.county_q("county"))
    scores = (
        SupervisionRecord.objects.visible_to(scope.user)
        .filter(unit__in=units, year=scope.year)
        .values("unit", "unit__county")
        .annotate(score=Avg("score"))
        .order_by()
    )
    awards = (
        AwardEntry.objects.filter(decision__in=AwardDecision.objects.visible_to(scope.user), decision__year=scope.year)
        .filter(unit__in=units)
        .values_list("unit__county", "rank")
    )
    out: dict = {}
    records_url = list_link(scope, "supervision:record_list", None, year=scope.year)
    awards_url = list_link(scope, "supervision:awards", None, year=scope.year)
    for r in scores:
        row = out.setdefault(r["unit__county"], {"links": {}})
        row["ledger_score"] = Decimal(r["score"]).quantize(Decimal("0.01"))
        if records_url:
            row["links"]["ledger_score"] = f"{records_url}&{urlencode({'unit': r['unit']})}"
    for county_id, rank in awards:
        row = out.setdefault(county_id, {"links": {}})
        row["award_position"] = rank
        if awards_url:
            row["links"]["award_position"] = awards_url
    return out


def _grouped(queryset, county_field: str, **aggregates) -> dict:
    rows = queryset.values(county_field).annotate(**aggregates).order_by()
    return {r[county_field]: r for r in rows}


def county_figures(scope: Scope) -> list[dict]:
    user, year = scope.user, scope.year
    talent_rows = talent_groups(scope)
    talents = _sum_by(talent_rows, "native_county", f"y{year}")
    overdue = _sum_by(talent_rows, "native_county", "overdue")
    demands = _sum_by(demand_groups(scope), "county", "n")
    engagements = _grouped(
        Engagement.objects.visible_to(user).filter(scope.county_q("county"), created_at__lt=year_end(year)),
        "county",
        **{s.value: Count("pk", filter=Q(status=s.value)) for s in PIPELINE},
    )
    contracts = _grouped(
        TechContract.objects.visible_to(user).filter(scope.county_q("buyer__county"), signed_on__year=year),
        "buyer__county",
        n=Count("pk"),
        amount=Sum("contract_amount"),
    )
    claims = _grouped(
        Claim.objects.visible_to(user).granted().filter(scope.county_q("enterprise__county"), claim_year=year),
        "enterprise__county",
        n=Count("pk"),
        amount=Sum("approved_amount"),
    )
    extras = [(columns, fn(scope)) for columns, fn in EXTRA_COUNTY_COLUMNS]
    counties = list(County.objects.filter(pk=scope.county.pk) if scope.county else County.objects.active())
    rows = []
    for county in [*counties, None]:
        pk = county.pk if county else None
        eng = engagements.get(pk, {})
        row = {
            "county": county.name if county else "未注明县区",
            "county_code": county.code if county else "",
            "talents": talents.get(pk, 0),
            "refresh_overdue": overdue.get(pk, 0),
            "demands": demands.get(pk, 0),
            **{f"engagements_{s.value}": eng.get(s.value, 0) for s in PIPELINE},
            "contracts": contracts.get(pk, {}).get("n", 0),
            "contract_amount": _number(contracts.get(pk, {}).get("amount") or 0, True),
            "subsidies": claims.get(pk, {}).get("n", 0),
            "subsidy_amount": _number(claims.get(pk, {}).get("amount") or 0, True),
        }
        extra_links = {}
        for columns, values in extras:
            row.update({key: values.get(pk, {}).get(key) for key, _label, _money in columns})
            extra_links.update(values.get(pk, {}).get("links", {}))
        if county is None:
            if scope.county is not None or not any(row[k] for k, _, _ in COUNTY_COLUMNS):
                continue
            row["links"] = {}
        else:
            row["links"] = {**_county_links(Scope(user, year, county)), **extra_links}
        rows.append(row)
    return rows


def _county_links(scope: Scope) -> dict:
    current = scope.is_current_year
    links = {
        "contracts": list_link(scope, "subsidies:contract_list", "pk", signed_year=scope.year),
        "subsidies": list_link(
            scope, "subsidies:claim_list", "pk", status=list(Claim.GRANTED_STATES), claim_year=scope.year
        ),
        "refresh_overdue": list_link(scope, "talents:list", "code", refresh_due="true"),
    }
    if current:  # these lists show today's records; they match the figure in the current year
        links["talents"] = list_link(scope, "talents:list", "code", status=TalentStatus.ADMITTED)
        links["demands"] = list_link(scope, "demands:list", "code")
        for s in PIPELINE:
            links[f"engagements_{s.value}"] = list_link(scope, "engagements:list", "pk", status=s.value)
    links["contract_amount"] = links["contracts"]
    links["subsidy_amount"] = links["subsidies"]
    return {k: v for k, v in links.items() if v}


# --------------------------------------------------------------------------- charts


# Charts other apps answer: code -> fn(scope) returning _chart(...). A declared chart without a
# provider shows "尚无数据来源" beside its (empty) table.
CHART_PROVIDERS: dict[str, Callable[[Scope], dict]] = {}
DECLARED_CHARTS = {"platforms_by_type": ("创新平台按类型和级别", "没有模块提供这项数据。")}


def chart_provider(code: str):
    def register(fn):
        CHART_PROVIDERS[code] = fn
        return fn

    return register


def _chart(code, title, kind, columns, rows, *, state="ok", note=""):
    """A chart and the table beside it: rows of {"label", "values": [...], "links": [...]}."""
    if state == "ok" and not any(v for r in rows for v in r["values"]):
        state = "empty"
    return {"code": code, "title": title, "kind": kind, "columns": columns, "rows": rows, "state": state, "note": note}


def _talents_by_industry(scope: Scope) -> list[dict]:
    """Counted on the talent–industry link table (a record in two industries counts in both)."""
    admitted = _admitted_talents(scope).filter(scope.county_q("native_county"), created_at__lt=year_end(scope.year))
    counts = dict(
        Talent.industries.through.objects.filter(talent__in=admitted)
        .values("industry")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("industry", "n")
    )
    return _reference_rows(scope, Industry.objects.filter(pk__in=counts), counts, "industry")


def _talents_by_category(scope: Scope) -> list[dict]:
    counts = _sum_by(talent_groups(scope), "category", f"y{scope.year}")
    counts = {k: v for k, v in counts.items() if v}
    return _reference_rows(scope, TalentCategory.objects.filter(pk__in=counts), counts, "category")


def _reference_rows(scope: Scope, references, counts: dict, filter_name: str) -> list[dict]:
    out = []
    for ref in references.order_by("sort_order", "pk"):
        link = None
        if scope.is_current_year:
            link = list_link(scope, "talents:list", "code", status=TalentStatus.ADMITTED, **{filter_name: ref.code})
        out.append({"label": ref.name, "values": [counts[ref.pk]], "links": [link]})
    return out


@chart_provider("platforms_by_type")
def platforms_by_type(scope: Scope) -> dict:
    levels = list(PlatformLevel)
    counts = {
        (r["platform_type"], r["level"]): r["n"]
        for r in _recognised_platforms(scope).values("platform_type", "level").annotate(n=Count("pk")).order_by()
    }
    rows = []
    for kind in PlatformType.objects.filter(pk__in={t for t, _ in counts}).order_by("sort_order", "pk"):
        links = [
            list_link(
                scope, "platforms:list", "code", status=PlatformStatus.RECOGNISED, type=kind.code, level=level.value
            )
            if scope.is_current_year
            else None
            for level in levels
        ]
        rows.append(
            {"label": kind.name, "values": [counts.get((kind.pk, level.value), 0) for level in levels], "links": links}
        )
    return _chart("platforms_by_type", "创新平台按类型和级别", "bar", [level.label for level in levels], rows)


def chart_figures(scope: Scope, counties: list[dict]) -> list[dict]:
    user, year = scope.user, scope.year
    current = scope.is_current_year
    charts = [
        _chart("talents_by_industry", "人才按产业", "bar", ["人数"], _talents_by_industry(scope)),
        _chart("talents_by_category", "人才按类别", "pie", ["人数"], _talents_by_category(scope)),
    ]

    demand_counts = _sum_by(demand_groups(scope), "status", "n")
    funnel = [
        {
            "label": s.label,
            "values": [demand_counts.get(s.value, 0)],
            "links": [list_link(scope, "demands:list", "code", status=s.value) if current else None],
        }
        for s in DemandStatus
        if s.value in demand_counts or s != DemandStatus.DRAFT
    ]
    charts.append(_chart("demand_funnel", "需求状态漏斗", "funnel", ["需求数"], funnel))

    stages = {c: 0 for c in PIPELINE}
    for row in counties:
        for s in PIPELINE:
            stages[s] += row[f"engagements_{s.value}"]
    pipeline = [
        {
            "label": s.label,
            "values": [stages[s]],
            "links": [list_link(scope, "engagements:list", "pk", status=s.value) if current else None],
        }
        for s in PIPELINE
    ]
    charts.append(_chart("engagement_pipeline", "对接进展", "bar", ["对接数"], pipeline))

    granted = Claim.objects.visible_to(user).granted().filter(scope.county_q("enterprise__county"))
    approved = dict(
        granted.filter(approved_at__year=year)
        .annotate(q=ExtractQuarter("approved_at"))
        .values("q")
        .annotate(v=Sum("approved_amount"))
        .order_by()
        .values_list("q", "v")
    )
    disbursed = dict(
        granted.filter(status=Claim.Status.DISBURSED, disbursed_on__year=year)
        .annotate(q=ExtractQuarter("disbursed_on"))
        .values("q")
        .annotate(v=Sum("approved_amount"))
        .order_by()
        .values_list("q", "v")
    )
    quarters = [
        {
            "label": f"{year}年第{q}季度",
            "values": [_number(approved.get(q) or 0, True), _number(disbursed.get(q) or 0, True)],
            "links": [None, None],
        }
        for q in (1, 2, 3, 4)
    ]
    charts.append(
        _chart(
            "subsidies_by_quarter",
            "补助按季度",
            "bar",
            ["核准金额（元）", "拨付金额（元）"],
            quarters,
            note="按批准日期和拨付日期所在季度统计。",
        )
    )
    for code, (title, note) in DECLARED_CHARTS.items():
        if code in CHART_PROVIDERS:
            charts.append(CHART_PROVIDERS[code](scope))
        else:
            charts.append(_chart(code, title, "bar", [], [], state="no_source", note=note))
    listed = [r for r in counties if r["county_code"]]
    charts.append(
        _chart(
            "refresh_overdue_by_county",
            "各县区逾期未更新人才",
            "bar",
            ["逾期未更新"],
            [
                {"label": r["county"], "values": [r["refresh_overdue"]], "links": [r["links"].get("refresh_overdue")]}
                for r in listed
            ],
        )
    )
    charts.append(
        _chart(
            "counties",
            "各县区概况",
            "bar",
            ["已入库人才", "企业需求", "技术合同（份）"],
            [
                {
                    "label": r["county"],
                    "values": [r["talents"], r["demands"], r["contracts"]],
                    "links": [r["links"].get("talents"), r["links"].get("demands"), r["links"].get("contracts")],
                }
                for r in listed
            ],
        )
    )
    return charts


# --------------------------------------------------------------------------- summary and cache


def compute(user, *, year: int, county: County | None = None) -> dict:
    scope = Scope(user, year, county)
    targets: dict[str, list] = {}
    for t in Target.objects.all():
        targets.setdefault(t.code, []).append(t)
    counties = county_figures(scope)
    return {
        "year": year,
        "county": county.name if county else None,
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "indicators": indicator_figures(scope, targets),
        "county_columns": [{"key": k, "label": label, "money": money} for k, label, money in all_county_columns()],
        "counties": counties,
        "charts": chart_figures(scope, counties),
        # Declared ranking columns no installed app answers yet (shown as 尚无数据来源).
        "unavailable_columns": unavailable_county_columns(),
    }


# A save or delete of any of these makes every cached summary stale (connected in apps.py).
COUNTED_MODELS = [
    County,
    Industry,
    TalentCategory,
    Talent,
    TalentTarget,
    Demand,
    Achievement,
    StatusChange,
    Engagement,
    TechContract,
    Claim,
    Platform,
    PlatformType,
    Event,
    EventParticipant,
    Agreement,
    LandedProject,
    SupervisionRecord,
    AwardDecision,
    AwardEntry,
    Target,
    RecordedFigure,
]
COUNTED_LINKS = [Talent.industries.through]


def cache_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY, version)
    return version


def invalidate(**kwargs) -> None:
    """A record changed: every cached summary is stale (signal receiver; see apps.py).

    The version changes at once and again when the transaction commits, so a summary computed
    by another request in between (still reading the old rows) is not served afterwards. One
    commit callback per transaction, however many rows it saves (an import saves thousands).
    """
    _bump()
    connection = transaction.get_connection()
    if connection.in_atomic_block and not any(entry[1] is _bump for entry in connection.run_on_commit):
        transaction.on_commit(_bump)


def _bump() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def summary(user, *, year: int | None = None, county: County | None = None) -> dict:
    """The dashboard for this user, from the cache when nothing changed since."""
    year = year or this_year()
    key = f"dashboard:{cache_version()}:{scope_key(user)}:{year}:{county.pk if county else 'all'}"
    data = cache.get(key)
    if data is None:
        data = compute(user, year=year, county=county)
        cache.set(key, data, CACHE_SECONDS)
    return data


def year_choices() -> list[int]:
    return list(range(this_year(), FIRST_YEAR - 1, -1))


def parse_year(value) -> int | None:
    """`?year=` as a plan year, or None (then the current year applies)."""
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return year if FIRST_YEAR <= year <= this_year() else None


@dataclass
class Filters:
    year: int
    county: County | None = None
    errors: list[str] = field(default_factory=list)


def parse_filters(params) -> Filters:
    """?year= and ?county= (id, code or name); bad values are reported, never a 500."""
    errors = []
    year = this_year()
    if params.get("year"):
        parsed = parse_year(params.get("year"))
        if parsed is None:
            errors.append(f"年度应为 {FIRST_YEAR}–{this_year()} 之间的整数。")
        else:
            year = parsed
    county = None
    raw = str(params.get("county") or "").strip()
    if raw:
        q = Q(code=raw) | Q(name=raw)
        if raw.isdigit() and len(raw) < 10:
            q |= Q(pk=int(raw))
        county = County.objects.filter(q).first()
        if county is None:
            errors.append("没有这个县区。")
    return Filters(year, county, errors)


def generated_at_display(data: dict) -> str:
    return dt.datetime.fromisoformat(data["generated_at"]).strftime("%Y-%m-%d %H:%M:%S")
