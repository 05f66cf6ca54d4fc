"""The yearly award ranking: 2 一等奖, 3 二等奖, 3 三等奖 from the scores; ties shown as ties."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from supervision.models import AwardDecision, Prize
from supervision.ranking import over_quota, propose
from supervision.services import award_confirm, award_proposal

from .factories import score, unit


class U:
    def __init__(self, name, order=0):
        self.name, self.sort_order = name, order

    def __str__(self):
        return self.name


def ranked(*values):
    units = [U(f"单位{i}", i) for i in range(len(values))]
    return propose({u: [v] for u, v in zip(units, values, strict=True)})


def prizes(result):
    return [r.prize for r in result]


def test_no_ties_two_three_three():
    result = ranked(99, 98, 97, 96, 95, 94, 93, 92, 91, 90)
    assert prizes(result) == ["first"] * 2 + ["second"] * 3 + ["third"] * 3 + ["none"] * 2
    assert [r.rank for r in result] == list(range(1, 11))
    assert not any(r.boundary_tie for r in result)


def test_tie_inside_a_prize_is_just_shared_rank():
    result = ranked(99, 98, 97, 97, 95, 94, 93, 92, 91)
    assert [r.rank for r in result[:5]] == [1, 2, 3, 3, 5]
    assert prizes(result)[2:4] == ["second", "second"]
    assert not any(r.boundary_tie for r in result)


def test_tie_across_first_second_boundary_is_not_cut():
    result = ranked(99, 98, 98, 90, 89, 88, 87, 86, 85)
    tied = [r for r in result if r.annual_score == Decimal("98.00")]
    assert [r.rank for r in tied] == [2, 2]
    assert [r.prize for r in tied] == ["first", "first"]  # both proposed at the better prize
    assert all(r.boundary_tie and r.tie_size == 2 for r in tied)
    assert over_quota(prizes(result)) == ["一等奖 3 项（名额 2 项）"]


def test_tie_at_the_last_place_is_shown_together():
    result = ranked(99, 98, 97, 96, 95, 94, 93, 90, 90, 90, 80)
    tail = [r for r in result if r.annual_score == Decimal("90.00")]
    assert [r.rank for r in tail] == [8, 8, 8]
    assert all(r.prize == Prize.THIRD and r.boundary_tie for r in tail)
    assert result[-1].prize == Prize.NONE and not result[-1].boundary_tie


def test_annual_score_is_the_mean_of_the_quarters():
    a, b = U("甲"), U("乙")
    result = propose({a: [90, 95, 100], b: [Decimal("94.99")]})
    assert [(r.unit.name, r.annual_score, r.quarters) for r in result] == [
        ("甲", Decimal("95.00"), 3),
        ("乙", Decimal("94.99"), 1),
    ]


def test_fewer_units_than_prizes():
    assert prizes(ranked(90, 80, 70)) == ["first", "first", "second"]
    assert ranked() == []


@pytest.mark.django_db
def test_bureau_confirms_with_reason_when_a_tie_exceeds_the_quota(bureau, leader):
    codes = ["jiefang", "zhongzhan", "macun", "shanyang", "xiuwu", "boai", "wuzhi", "wenxian", "qinyang"]
    for code, value in zip(codes, [99, 98, 98, 90, 89, 88, 87, 86, 85], strict=True):
        score(code, 2026, 4, value)
    proposal = award_proposal(2026)
    assert sum(1 for r in proposal if r.prize == "first") == 3
    with pytest.raises(ValidationError, match="一等奖 3 项"):
        award_confirm(user=bureau, year=2026, prizes={})
    decision = award_confirm(user=bureau, year=2026, prizes={}, comment="并列第二名得分相同，经局务会研究均授予一等奖")
    assert decision.entries.filter(prize="first").count() == 3
    # the bureau changes its mind: one of the tied units gets 二等奖; history keeps both
    tied = [r.unit.pk for r in proposal if r.boundary_tie]
    decision = award_confirm(user=bureau, year=2026, prizes={tied[1]: "second"})
    assert decision.entries.filter(prize="first").count() == 2
    assert decision.history.count() == 2
    assert AwardDecision.objects.count() == 1
    with pytest.raises(Exception, match="只有市科技局"):
        award_confirm(user=leader, year=2026, prizes={})


@pytest.mark.django_db
def test_award_page_shows_ties_and_confirms(client_as, bureau, liaison_wenxian):
    for code, value in (("wenxian", 95), ("qinyang", 90), ("wuzhi", 90), ("boai", 70)):
        score(code, 2025, 2, value)
    page = client_as(bureau).get("/supervision/awards/?year=2025").content.decode()
    assert "并列" in page and "待确认" in page
    response = client_as(bureau).post("/supervision/awards/", {"year": 2025, "comment": "并列均授一等奖"}, follow=True)
    assert "评奖结果已确认" in response.content.decode()
    page = client_as(liaison_wenxian).get("/supervision/awards/?year=2025").content.decode()
    assert "已确认结果" in page and "一等奖：温县" in page
    boai = unit("boai").pk
    client_as(bureau).post("/supervision/awards/", {"year": 2025, f"prize_{boai}": "third", "comment": "调整"})
    page = client_as(bureau).get("/supervision/awards/?year=2025").content.decode()
    assert f'name="prize_{boai}"' in page
    assert '<option value="third" selected>' in page.split(f'name="prize_{boai}"')[1].split("</select>")[0]
