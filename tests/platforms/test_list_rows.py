"""The platform list page and API write their rows in Python from a narrow page query (type,
county and industries from the reference tables): the output is the same as the per-row template
and DRF's fields wrote, it escapes every value, and a page costs the same number of queries for
3 rows as for 15."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext

from accounts.models import Industry, Organisation
from platforms.api.serializers import PlatformSerializer
from platforms.models import Platform, PlatformEvaluation, PlatformType
from tests import factories

from .factories import make_instrument, make_platform

pytestmark = pytest.mark.django_db

# The row as platforms/list.html wrote it with a template (before rows were written in Python).
TEMPLATE_ROW = Template(
    """{% for p in rows %}
    <tr>
      <td><a href="{{ p.get_absolute_url }}">{{ p.name }}</a><div class="small text-muted d-md-none">{{ p.platform_type }} · {{ p.get_level_display }} · {{ p.county }}<br>{{ p.host }}</div></td>
      <td class="d-none d-md-table-cell">{{ p.platform_type }}</td>
      <td class="d-none d-md-table-cell text-nowrap">{{ p.get_level_display }}</td>
      <td class="d-none d-md-table-cell">{{ p.host }}</td>
      <td class="d-none d-md-table-cell text-nowrap">{{ p.county }}</td>
      <td class="small d-none d-lg-table-cell">{% for i in p.industries.all %}{{ i }}{% if not forloop.last %}、{% endif %}{% empty %}—{% endfor %}</td>
      <td class="small text-nowrap d-none d-lg-table-cell">{% if p.recognised_on %}{{ p.recognised_on|date:"Y-m-d" }}<br>{{ p.document_number }}{% else %}—{% endif %}</td>
      <td class="text-nowrap"><span class="badge {% if p.status == 'recognised' %}text-bg-success{% elif p.status == 'revoked' %}text-bg-secondary{% else %}text-bg-warning{% endif %}">{{ p.get_status_display }}</span></td>
    </tr>{% endfor %}"""
)


def _squeeze(html: str) -> str:
    return re.sub(r">\s+", ">", re.sub(r"\s+<", "<", html)).strip()


def _rows(html: str) -> str:
    return _squeeze(html.split("<tbody>", 1)[1].split("</tbody>", 1)[0])


def _queries(fn) -> int:
    fn()  # warm up per-process caches (reference tables, roles)
    with CaptureQueriesContext(connection) as ctx:
        response = fn()
    assert response.status_code == 200, response.content[:300]
    return len(ctx.captured_queries)


def _institute(name):
    return Organisation.objects.create(
        name=name,
        kind=Organisation.Kind.INSTITUTE,
        county=factories.county("jiefang"),
        verification_status=Organisation.Verification.VERIFIED,
    )


@pytest.fixture
def mixed(enterprise_user, institute_user):
    """Platforms in every state, several industries (in reference order), partners, evaluations,
    instruments; markup in the names."""
    host = enterprise_user.organisation
    host.name = "焦作<b>密封</b>有限公司"
    host.save()
    a = make_platform(
        host, name='<script>alert("平台")</script>', status="recognised", recognised_on=dt.date(2025, 3, 1)
    )
    a.industries.set([factories.industry("materials"), factories.industry("equipment")])
    a.partners.set([_institute("郑州大学"), _institute("河南理工大学"), institute_user.organisation])
    PlatformEvaluation.objects.create(platform=a, year=2024, result="excellent", comment="<i>良</i>")
    PlatformEvaluation.objects.create(platform=a, year=2025, result="pass")
    make_instrument(a)
    b = make_platform(
        institute_user.organisation,
        name="焦作市智能农机重点实验室",
        status="revoked",
        county="qinyang",
        platform_type=PlatformType.objects.exclude(name="工程技术研究中心").first(),
        level="provincial",
    )
    b.industries.set([])
    make_platform(host, name="筹建中的平台", county="mengzhou")
    return Platform.objects.all()


def _more(host, n):
    for i in range(n):
        make_platform(host, name=f"批量平台{i}", status="recognised", recognised_on=dt.date(2025, 1, 1))


def test_page_rows_are_the_templates_rows(client_as, bureau, mixed):
    html = client_as(bureau).get("/platforms/").content.decode()
    platforms = list(Platform.objects.select_related("platform_type", "host", "county").prefetch_related("industries"))
    assert len(platforms) == 3
    assert _rows(html) == _squeeze(TEMPLATE_ROW.render(Context({"rows": platforms})))
    industries = Industry.objects.filter(code__in=["materials", "equipment"]).order_by("sort_order", "id")
    assert "、".join(i.name for i in industries) in html  # in the reference order, as the relation lists them


def test_page_rows_escape_every_value(client_as, bureau, mixed):
    html = client_as(bureau).get("/platforms/").content.decode()
    assert '<script>alert("平台")' not in html and "&lt;script&gt;alert(&quot;平台&quot;)&lt;/script&gt;" in html
    assert "<b>密封</b>" not in html and "焦作&lt;b&gt;密封&lt;/b&gt;有限公司" in html


@pytest.mark.parametrize("persona", ["bureau", "enterprise_user", "institute_user", "liaison_qinyang"])
def test_api_rows_are_what_drf_fields_write(request, api_as, persona, mixed):
    user = request.getfixturevalue(persona)
    response = api_as(user).get("/api/v1/platforms/?page_size=50")
    assert response.status_code == 200
    listed = response.json()["results"]

    class Plain(PlatformSerializer):
        direct_values = {}

    from platforms.api.views import _instrument_count

    full = (
        Platform.objects.visible_to(user)
        .select_related("platform_type", "host", "county")
        .prefetch_related("industries", "partners", "evaluations")
        .annotate(n_instruments=_instrument_count())
    )
    request_ = type("R", (), {"user": user})()
    expected = Plain(list(full), many=True, context={"request": request_}).data
    assert listed and [dict(row) for row in expected] == listed
    if persona == "bureau":
        first = next(row for row in listed if row["evaluations"])
        assert len(first["partners"]) == 3 and len(first["industries"]) == 2 and first["instrument_count"] == 1


@pytest.mark.parametrize("persona", ["bureau", "enterprise_user", "liaison_qinyang"])
def test_page_and_api_queries_do_not_grow_with_rows(request, client_as, api_as, enterprise_user, mixed, persona):
    user = request.getfixturevalue(persona)
    page, api = client_as(user), api_as(user)
    small_page = _queries(lambda: page.get("/platforms/"))
    small_api = _queries(lambda: api.get("/api/v1/platforms/"))
    _more(enterprise_user.organisation, 12)
    assert _queries(lambda: page.get("/platforms/")) == small_page
    assert _queries(lambda: api.get("/api/v1/platforms/")) == small_api
    # A filter by type, county and industry reads them from the reference tables: no more queries.
    assert (
        _queries(lambda: page.get("/platforms/?county=wenxian&industry=equipment&type=eng_tech_center")) <= small_page
    )


def test_a_type_added_by_another_process_is_named(client_as, api_as, bureau, enterprise_user):
    """The reference tables are per-process copies: a type another process added a moment ago (no
    signal here) reloads this copy instead of failing the list."""
    from core.reference import reference_by_id

    reference_by_id(PlatformType)  # this process reads the table…
    new = PlatformType.objects.bulk_create([PlatformType(code="new_kind", name="新型研发机构甲", sort_order=99)])[0]
    make_platform(enterprise_user.organisation, name="新类型平台", platform_type=new)  # …another adds a type
    assert "新型研发机构甲" in client_as(bureau).get("/platforms/").content.decode()
    assert api_as(bureau).get("/api/v1/platforms/").json()["results"][0]["kind"] == "新型研发机构甲"
