"""What every page pays before its own work: the signed-in user with their organisation, roles and
unread count (one query on PostgreSQL), and a menu rendered once per role and active entry."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from core.context_processors import main_nav
from core.notifications import notify
from tests.demands.factories import make_achievement, make_demand

pytestmark = pytest.mark.django_db


def _user_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in queries.captured_queries if '"accounts_user"' in q["sql"] or '"auth_group"' in q["sql"]]


def test_unread_count_and_roles_come_with_the_user(client_as, liaison_wenxian):
    notify(liaison_wenxian, "test", title="一")
    notify(liaison_wenxian, "test", title="二")
    client = client_as(liaison_wenxian)
    body = client.get(reverse("core:home")).content.decode()
    assert '<span class="badge rounded-pill bg-danger">2</span>' in body
    assert "县区联络员" in body  # the roles in the user menu
    if connection.vendor == "postgresql":  # roles as an array column: one query for user, unit, roles, unread
        assert len(_user_queries(client, reverse("core:notifications"))) == 1


def test_a_role_taken_away_counts_at_the_next_request(client_as, liaison_wenxian):
    client = client_as(liaison_wenxian)
    assert client.get(reverse("talents:list")).status_code == 200
    liaison_wenxian.groups.clear()
    assert client.get(reverse("talents:list")).status_code == 403


def test_api_token_brings_the_roles(liaison_wenxian):
    client = APIClient(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=liaison_wenxian).key}")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/talents/").status_code == 200
    group_queries = [q for q in queries.captured_queries if q["sql"].lstrip().startswith('SELECT "auth_group"')]
    assert len(group_queries) == (0 if connection.vendor == "postgresql" else 1)


def test_menu_marks_the_longest_matching_entry_and_differs_by_role(bureau, enterprise_user):
    bureau_menu = main_nav("/talents/screening/", bureau)
    assert bureau_menu.count(" active") >= 1
    assert 'href="/talents/screening/"' in bureau_menu
    active_links = [
        part for part in bureau_menu.split("<a ") if "active" in part.split(">")[0] and "dropdown-item" in part
    ]
    assert len(active_links) == 1 and 'href="/talents/screening/"' in active_links[0]
    assert main_nav("/talents/screening/", enterprise_user) != bureau_menu
    assert main_nav("/talents/screening/", bureau) is bureau_menu  # rendered once, then reused


def test_list_rows_written_in_python_escape_every_value(client_as, bureau, enterprise_user, institute_user):
    make_demand(enterprise_user.organisation, title='<script>alert("需求")</script>', keywords=["<b>词</b>"])
    make_achievement(institute_user.organisation, title="<img src=x onerror=1>成果")
    demands = client_as(bureau).get(reverse("demands:list")).content.decode()
    assert '<script>alert("需求")' not in demands and "&lt;script&gt;alert(&quot;需求&quot;)&lt;/script&gt;" in demands
    assert "&lt;b&gt;词&lt;/b&gt;" in demands
    achievements = client_as(bureau).get(reverse("achievements:list")).content.decode()
    assert "<img src=x" not in achievements and "&lt;img src=x onerror=1&gt;成果" in achievements


def test_fixed_url_is_reverse_under_each_script_prefix():
    from django.urls import clear_script_prefix, set_script_prefix  # noqa: PLC0415

    from core.templatetags.portal import fixed_url  # noqa: PLC0415

    assert fixed_url("talents:list") == reverse("talents:list")
    set_script_prefix("/portal/")
    try:
        assert fixed_url("talents:list") == reverse("talents:list") == "/portal/talents/"
    finally:
        clear_script_prefix()
    assert fixed_url("talents:list") == "/talents/"
