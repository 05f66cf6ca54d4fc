"""Every list page's filters read the same way, in Chinese, and fit the role that uses them."""

import re

import pytest
from django.urls import reverse

from demands.models import Demand
from engagements.services import engagement_open
from tests import factories
from tests.demands.factories import make_demand
from tests.matching import factories as f

pytestmark = pytest.mark.django_db

LIST_PAGES = {
    "bureau": [
        "talents:list",
        "demands:list",
        "demands:review",
        "achievements:list",
        "achievements:review",
        "engagements:list",
        "engagements:pipeline",
        "subsidies:claim_list",
        "subsidies:contract_list",
        "subsidies:payment_list",
        "accounts:organisation_list",
    ],
    "enterprise_user": ["talents:list", "demands:list", "demands:mine", "engagements:list", "subsidies:claim_list"],
    "liaison_wenxian": ["talents:list", "engagements:list", "subsidies:claim_list"],
}


def filter_form(body: str) -> str:
    start = body.index('data-testid="filter-form"')
    return body[start : body.index("</form>", start)]


@pytest.mark.parametrize("persona, url_name", [(p, u) for p, urls in LIST_PAGES.items() for u in urls])
def test_every_list_uses_the_one_filter_form_in_plain_chinese(request, client_as, persona, url_name):
    body = client_as(request.getfixturevalue(persona)).get(reverse(url_name)).content.decode()
    form = filter_form(body)
    assert "---------" not in form
    assert "未知" not in form
    assert "selected</" not in form  # no "0 selected" box
    assert "筛选" in form
    assert "ID" not in form  # references are chosen by name


def test_an_enterprise_sees_no_workflow_filters_on_the_talent_list(client_as, enterprise_user):
    form = filter_form(client_as(enterprise_user).get(reverse("talents:list")).content.decode())
    assert "关键词" in form
    for label in ("状态", "待更新", "待确认更正"):
        assert label not in form


def test_a_liaison_filters_its_talents_by_state(client_as, liaison_wenxian):
    form = filter_form(client_as(liaison_wenxian).get(reverse("talents:list")).content.decode())
    assert "待更新" in form and "状态" in form


def test_a_unit_sees_the_state_filter_on_its_own_page_only(client_as, enterprise_user):
    client = client_as(enterprise_user)
    assert "状态" not in filter_form(client.get(reverse("demands:list")).content.decode())
    assert "状态" in filter_form(client.get(reverse("demands:mine")).content.decode())


def test_a_carried_filter_stays_in_the_form_when_hidden(client_as, enterprise_user):
    make_demand(enterprise_user.organisation, status=Demand.Status.RETURNED)
    form = filter_form(client_as(enterprise_user).get(reverse("demands:list") + "?status=returned").content.decode())
    assert 'type="hidden" name="status" value="returned"' in form


def test_booleans_read_all_yes_no(client_as, bureau):
    form = filter_form(client_as(bureau).get(reverse("subsidies:claim_list")).content.decode())
    compact = re.sub(r">\s+<", "><", form)
    assert (
        '<option value="" selected>全部</option><option value="true">是</option><option value="false">否</option>'
        in compact
    )


def test_claim_states_are_a_group_of_check_boxes(client_as, bureau):
    form = filter_form(client_as(bureau).get(reverse("subsidies:claim_list") + "?status=returned").content.decode())
    assert 'type="checkbox" name="status" value="returned"' in form
    assert "已选 1 项" in form


def test_engagements_are_filtered_by_demand_name(client_as, bureau, enterprise_user, institute_user):
    demand = f.demand(enterprise_user.organisation, county=factories.county("wenxian"), title="液压密封件漏油治理")
    engagement_open(user=bureau, demand=demand, achievement=f.achievement(institute_user.organisation))
    client = client_as(enterprise_user)
    form = filter_form(client.get(reverse("engagements:list")).content.decode())
    assert f'<option value="{demand.pk}">液压密封件漏油治理</option>' in form
    assert client.get(reverse("engagements:list") + f"?demand={demand.pk}").context["paginator"].count == 1


def test_batch_actions_start_on_a_neutral_choice(client_as, bureau, enterprise_user):
    make_demand(enterprise_user.organisation, status=Demand.Status.PENDING_REVIEW)
    body = client_as(bureau).get(reverse("demands:review")).content.decode()
    bar = body[body.index('data-testid="batch-bar"') :]
    assert bar.index('<option value="" selected>请选择操作</option>') < bar.index("</select>")


def test_filter_form_class_is_shared_but_each_request_gets_its_own_fields(bureau, enterprise_user):
    """core.filters builds a FilterSet's form class once; a request's changes stay in its own copy."""
    from types import SimpleNamespace  # noqa: PLC0415

    from events.filters import EventFilter  # noqa: PLC0415
    from events.models import Event  # noqa: PLC0415
    from talents.filters import TalentFilter  # noqa: PLC0415

    first, second = TalentFilter({}), TalentFilter({})
    assert type(first.form) is type(second.form)
    first.form.fields["q"].widget.attrs["data-x"] = "1"
    first.form.fields.pop("status")
    assert "data-x" not in second.form.fields["q"].widget.attrs and "status" in second.form.fields
    assert "data-x" not in TalentFilter({}).form.fields["q"].widget.attrs

    def event_filter(user):
        request = SimpleNamespace(user=user, GET={})
        return EventFilter({}, queryset=Event.objects.all(), request=request)

    assert "mine" not in event_filter(bureau).form.fields  # the bureau has no unit of its own…
    assert "mine" in event_filter(enterprise_user).form.fields  # …which must not remove it for an enterprise


def test_reference_dropdowns_list_the_per_process_rows_without_a_query(django_assert_num_queries):
    """core.filters gives every drop-down over a whole reference table the per-process rows."""
    from accounts.models import County  # noqa: PLC0415
    from subsidies.filters import ClaimFilter  # noqa: PLC0415

    expected = [str(c) for c in County.objects.all()]
    ClaimFilter({}).form["county"].as_widget()  # this process has read the counties once
    with django_assert_num_queries(0):
        html = ClaimFilter({}).form["county"].as_widget()
    assert all(name in html for name in expected) and "全部" in html
