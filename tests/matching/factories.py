"""Factories for matching and engagement tests: published demands, achievements, admitted talents."""

from achievements.models import Achievement
from demands.models import Demand
from talents.models import Talent, TalentCategory
from tests import factories


def demand(
    owner,
    *,
    title="液压设备老是漏油",
    problem="压力机液压设备老是漏油，油缸每月换件。",
    industry="equipment",
    status="published",
    keywords=None,
    **kwargs,
) -> Demand:
    return Demand.objects.create(
        title=title,
        description=kwargs.pop("description", problem),
        problem=problem,
        industry=factories.industry(industry),
        keywords=keywords if keywords is not None else [],
        contact_name="王经理",
        contact_phone="13800138000",
        owner=owner,
        status=status,
        **kwargs,
    )


def achievement(
    owner,
    *,
    title="高性能氟橡胶密封材料",
    summary="氟橡胶耐油配方，可制成O型圈和组合密封件，用于液压缸动密封，解决漏油、渗油。",
    industry="materials",
    maturity="mass_production",
    status="published",
    keywords=None,
    **kwargs,
) -> Achievement:
    return Achievement.objects.create(
        title=title,
        summary=summary,
        owner=owner,
        industry=factories.industry(industry),
        maturity=maturity,
        status=status,
        keywords=keywords if keywords is not None else [],
        **kwargs,
    )


def talent(
    *,
    name="李明",
    employer="郑州大学",
    research_field="高分子密封材料，氟橡胶改性",
    county="wenxian",
    industries=("materials",),
    status="admitted",
    **kwargs,
) -> Talent:
    t = Talent.objects.create(
        name=name,
        gender="male",
        birth_year=1975,
        birth_month=5,
        native_county=factories.county(county),
        work_province="河南省",
        employer=employer,
        title=kwargs.pop("title", "senior"),
        research_field=research_field,
        category=TalentCategory.objects.get(code="academic"),
        status=status,
        phone="13900139000",
        **kwargs,
    )
    t.industries.set([factories.industry(code) for code in industries])
    return t
