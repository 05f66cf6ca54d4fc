"""County quota targets are data: seeded by the documented rule, shown on the progress page,
adjusted by the bureau; the liaison reaches the page from the menu."""

import pytest
from django.urls import reverse

from accounts.models import County
from talents.models import TalentTarget
from talents.quotas import quota_counties, split_evenly
from tests.talents.factories import make_talent

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("total, n", [(2250, 11), (3350, 11), (5000, 11), (7, 3), (0, 4)])
def test_the_split_adds_up_to_the_city_target(total, n):
    shares = split_evenly(total, n)
    assert sum(shares) == total and len(shares) == n
    assert max(shares) - min(shares) <= 1


@pytest.mark.parametrize("year, city", [(2020, 2250), (2021, 3350), (2025, 5000)])
def test_every_city_target_is_seeded_per_county(year, city):
    county_targets = TalentTarget.objects.filter(year=year, county__isnull=False)
    assert sum(t.value for t in county_targets) == city
    assert set(county_targets.values_list("county_id", flat=True)) == set(quota_counties().values_list("pk", flat=True))
    assert not county_targets.filter(county__is_functional_zone=True).exists()


def test_the_progress_page_shows_county_targets_and_completion(client_as, bureau):
    make_talent("wenxian")
    body = client_as(bureau).get(reverse("talents:progress") + "?year=2025").content.decode()
    wenxian = TalentTarget.objects.get(year=2025, county__code="wenxian").value
    row = body[body.index('<td class="text-nowrap">温县</td>') :]
    row = row[: row.index("</tr>")]
    assert f">{wenxian}<" in row
    assert f"{round(100 / wenxian)}%" in row
    assert "平均分配" in body  # the rule is on the page


def test_an_ended_target_says_so(client_as, bureau):
    body = client_as(bureau).get(reverse("talents:progress") + "?year=2020").content.decode()
    assert "2020 年底目标 2250 人（已到期）" in body


def test_the_liaison_finds_the_progress_page_in_the_menu(client_as, liaison_wenxian):
    client = client_as(liaison_wenxian)
    assert reverse("talents:progress") in client.get(reverse("core:home")).content.decode()
    body = client.get(reverse("talents:progress")).content.decode()
    assert "温县" in body and "沁阳市" not in body
    assert "调整县区目标" not in body


def test_the_bureau_adjusts_a_county_target(client_as, bureau):
    wenxian = County.objects.get(code="wenxian")
    client = client_as(bureau)
    form = client.get(reverse("talents:targets") + "?year=2025").context["form"]
    data = {"year": "2025", **{name: field.initial for name, field in form.fields.items() if field.initial is not None}}
    data[f"county_{wenxian.pk}"] = "520"
    response = client.post(reverse("talents:targets"), data)
    assert response.status_code == 302
    target = TalentTarget.objects.get(year=2025, county=wenxian)
    assert target.value == 520
    assert target.history.first().history_user == bureau
    assert ">520<" in client.get(response["Location"]).content.decode()


def test_a_negative_target_is_refused_in_chinese(client_as, bureau):
    wenxian = County.objects.get(code="wenxian")
    response = client_as(bureau).post(reverse("talents:targets"), {"year": "2025", f"county_{wenxian.pk}": "-3"})
    assert response.status_code == 400
    assert "目标人数不能为负数。" in response.content.decode()


def test_only_the_bureau_may_adjust_targets(client_as, liaison_wenxian):
    assert client_as(liaison_wenxian).post(reverse("talents:targets"), {"year": "2025"}).status_code == 403
