"""The engagement list page and API write their rows in Python from a narrow page query: the
output is the same as the per-row template and DRF's fields wrote, it escapes every value, and a
page costs the same number of queries for 2 rows as for 12."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from accounts.models import Organisation
from core.workflow import transition
from engagements.api.serializers import EngagementSerializer
from engagements.models import Engagement
from engagements.services import engagement_open, note_add
from tests import factories
from tests.matching import factories as f

pytestmark = pytest.mark.django_db

# The row as engagements/list.html wrote it with a template (before rows were written in Python).
TEMPLATE_ROW = Template(
    """{% for e in rows %}
    <tr>
      <td><a href="{{ e.get_absolute_url }}">{{ e.demand.title }}</a><div class="small text-muted d-md-none text-truncate cell-sub">{% if e.achievement_id %}{{ e.achievement.title }}{% elif e.institute_id %}{{ e.institute }}{% else %}{{ e.get_target_kind_display }}{% endif %}</div></td>
      <td class="p-md">{{ e.demand.owner }}</td>
      <td class="p-md">{% if e.achievement_id %}{{ e.achievement.title }}{% elif e.institute_id %}{{ e.institute }}{% else %}{{ e.get_target_kind_display }}{% endif %}</td>
      <td class="text-nowrap"><span class="badge text-bg-{% if e.status == 'terminated' %}secondary{% elif e.status == 'landed' %}success{% elif e.status == 'requested' %}warning{% else %}primary{% endif %}">{{ e.get_status_display }}</span></td>
      <td class="p-lg text-nowrap">{{ e.county|default:"—" }}</td><td class="p-lg text-nowrap">{{ e.owner }}</td>
      <td class="p-md text-nowrap">{% if e.next_follow_up_on and e.is_open %}<span class="{% if e.next_follow_up_on <= today %}text-danger{% endif %}">{{ e.next_follow_up_on|date:"Y-m-d" }}</span>{% else %}—{% endif %}</td>
      <td class="p-lg">{{ e.contract.registration_number|default:"—" }}</td>
    </tr>{% endfor %}"""
)
RELATED = ("demand__owner", "achievement__owner", "talent", "institute", "owner", "county", "contract")


def _squeeze(html: str) -> str:
    return re.sub(r">\s+", ">", re.sub(r"\s+<", "<", html)).strip()


def _rows(html: str) -> str:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return _squeeze(body)


def _queries(fn) -> int:
    fn()  # warm up per-process caches (reference tables, roles)
    with CaptureQueriesContext(connection) as ctx:
        response = fn()
    assert response.status_code == 200, response.content[:300]
    return len(ctx.captured_queries)


def _institute(name="焦作大学<b>材料</b>学院"):
    return Organisation.objects.create(
        name=name,
        kind=Organisation.Kind.INSTITUTE,
        county=factories.county("jiefang"),
        verification_status=Organisation.Verification.VERIFIED,
    )


@pytest.fixture
def mixed(bureau, enterprise_user, institute_user):
    """Engagements of every kind: an achievement, a talent, an institute; a contract, notes,
    a follow-up date due and one to come, a terminated one; markup in the names."""
    org = enterprise_user.organisation
    today = timezone.localdate()
    made = []
    a = engagement_open(
        user=bureau,
        demand=f.demand(org, title='<script>alert("需求")</script>', county=factories.county("wenxian")),
        achievement=f.achievement(institute_user.organisation, title="<img src=x onerror=1>成果"),
        next_follow_up_on=today,
    )
    made.append(a)
    made.append(
        engagement_open(
            user=bureau,
            demand=f.demand(org, title="人才对接需求"),
            talent=f.talent(name="沁阳专家甲", employer="某研究院甲", county="qinyang"),
            next_follow_up_on=today + dt.timedelta(days=3),
        )
    )
    made.append(engagement_open(user=bureau, demand=f.demand(org, title="院所对接需求"), institute=_institute()))
    signed = engagement_open(
        user=bureau,
        demand=f.demand(org, title="已签约需求"),
        achievement=f.achievement(institute_user.organisation, title="签约成果"),
    )
    transition(signed, "negotiating", bureau)
    transition(
        signed,
        "signed",
        bureau,
        "签订技术转让合同",
        {
            "registration_number": "2026410800000123",
            "contract_amount": "1200000.00",
            "transaction_amount": "1000000.00",
            "signed_on": "2026-01-15",
        },
    )
    made.append(signed)
    note_add(user=bureau, engagement=a, body="电话沟通<i>一次</i>")
    ended = engagement_open(user=bureau, demand=f.demand(org, title="终止的需求"), institute=_institute("河南理工大学"))
    transition(ended, "terminated", bureau, "企业另寻合作方", {"reason": "企业另寻合作方"})
    made.append(ended)
    return made


def _more(bureau, enterprise_user, institute_user, n):
    for i in range(n):
        engagement_open(
            user=bureau,
            demand=f.demand(enterprise_user.organisation, title=f"批量需求{i}"),
            achievement=f.achievement(institute_user.organisation, title=f"批量成果{i}"),
        )


def test_page_rows_are_the_templates_rows(client_as, bureau, mixed):
    html = client_as(bureau).get("/engagements/list/").content.decode()
    engagements = list(Engagement.objects.select_related(*RELATED))
    assert len(engagements) == len(mixed)
    expected = TEMPLATE_ROW.render(Context({"rows": engagements, "today": timezone.localdate()}))
    assert _rows(html) == _squeeze(expected)
    assert "2026410800000123" in html and "text-danger" in html


def test_page_rows_escape_every_value(client_as, bureau, mixed):
    html = client_as(bureau).get("/engagements/list/").content.decode()
    assert '<script>alert("需求")' not in html and "&lt;script&gt;alert(&quot;需求&quot;)&lt;/script&gt;" in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=1&gt;成果" in html
    assert "<b>材料</b>" not in html and "焦作大学&lt;b&gt;材料&lt;/b&gt;学院" in html


@pytest.mark.parametrize("persona", ["bureau", "leader", "liaison_qinyang", "enterprise_user"])
def test_api_rows_are_what_drf_fields_write(request, api_as, persona, mixed):
    """The list's direct values and narrow page query give the same rows as DRF's own fields over
    fully loaded engagements (talent names masked exactly as before)."""
    user = request.getfixturevalue(persona)
    response = api_as(user).get("/api/v1/engagements/?page_size=50")
    assert response.status_code == 200
    listed = response.json()["results"]

    class Plain(EngagementSerializer):
        direct_values = {}

    full = Engagement.objects.visible_to(user).select_related(*RELATED).prefetch_related("notes__author")
    request_ = type("R", (), {"user": user})()
    expected = Plain(list(full), many=True, context={"request": request_}).data
    assert listed and [dict(row) for row in expected] == listed
    kinds = {row["target_kind"] for row in listed}
    if persona in ("bureau", "leader"):
        assert kinds == {"achievement", "talent", "institute"}
        talent_row = next(row for row in listed if row["target_kind"] == "talent")
        assert (talent_row["talent"] is None) is (persona == "leader")
        assert ("沁阳专家甲" in talent_row["target"]) is (persona == "bureau")


@pytest.mark.parametrize("persona", ["bureau", "leader", "enterprise_user"])
def test_page_and_api_queries_do_not_grow_with_rows(
    request, client_as, api_as, bureau, enterprise_user, institute_user, mixed, persona
):
    user = request.getfixturevalue(persona)
    page, api = client_as(user), api_as(user)
    small_page = _queries(lambda: page.get("/engagements/list/"))
    small_api = _queries(lambda: api.get("/api/v1/engagements/"))
    small_pipeline = _queries(lambda: page.get("/engagements/"))
    _more(bureau, enterprise_user, institute_user, 12)
    assert _queries(lambda: page.get("/engagements/list/")) == small_page
    assert _queries(lambda: api.get("/api/v1/engagements/")) == small_api
    assert _queries(lambda: page.get("/engagements/")) <= small_pipeline + 1  # a column that was empty
    # Every card the user may see is on the board (fewer than 30 a column here), and only those.
    html = page.get("/engagements/").content.decode()
    visible = Engagement.objects.visible_to(user)
    assert html.count('class="card mb-2') == visible.count()
    for e in visible.select_related("demand"):
        assert f"/engagements/{e.pk}/" in html and escape(e.demand.title) in html


def test_api_list_runs_no_drop_down_count(api_as, bureau, mixed):
    with CaptureQueriesContext(connection) as ctx:
        assert api_as(bureau).get("/api/v1/engagements/").status_code == 200
    assert not [q for q in ctx.captured_queries if "demands_demand" in q["sql"] and "COUNT" in q["sql"]]


def _visible_by_joins(user):
    """visible_to as it was written with joins and DISTINCT (the rule itself is unchanged)."""
    from django.db.models import Q

    q = Q(pk__in=[])
    if user.is_liaison:
        q |= Q(owner=user)
        if user.county_id:
            q |= Q(county_id=user.county_id) | Q(talent__native_county_id=user.county_id)
    if user.organisation_id and user.has_role("enterprise", "institute"):
        org = user.organisation_id
        q |= Q(demand__owner_id=org) | Q(achievement__owner_id=org) | Q(institute_id=org)
    return set(Engagement.objects.filter(q).distinct().values_list("pk", flat=True))


@pytest.mark.parametrize(
    "persona", ["liaison_wenxian", "liaison_qinyang", "enterprise_user", "other_enterprise_user", "institute_user"]
)
def test_visible_to_without_distinct_keeps_the_same_rows(request, bureau, liaison_qinyang, mixed, persona):
    user = request.getfixturevalue(persona)
    engagement_open(
        user=liaison_qinyang,
        demand=f.demand(request.getfixturevalue("other_enterprise_user").organisation, title="另一企业的需求"),
        talent=f.talent(name="沁阳专家乙", employer="某大学", county="qinyang"),
    )
    visible = Engagement.objects.visible_to(user)
    assert "DISTINCT" not in str(visible.query)
    assert set(visible.values_list("pk", flat=True)) == _visible_by_joins(user)
    assert visible.count() == len(_visible_by_joins(user))
