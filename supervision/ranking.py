"""The yearly award ranking: a pure function over the year's quarterly scores.

Seed 000 三.2 sets 2 一等奖, 3 二等奖, 3 三等奖 for 目标先进单位. A unit's annual score is the
mean of its quarterly supervision scores that year. Units are ranked by it; equal scores share a
rank ("competition" ranking: 1, 2, 2, 4). The proposal fills the prizes in rank order. A group
of tied units that straddles a boundary between two prizes (or the last prize and none) is never
cut silently: the whole group is proposed at the better prize and flagged, and the bureau decides
when it confirms.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .models import Prize

QUOTAS = ((Prize.FIRST, 2), (Prize.SECOND, 3), (Prize.THIRD, 3))
TWO_PLACES = Decimal("0.01")


@dataclass
class RankedUnit:
    unit: object
    annual_score: Decimal
    quarters: int
    rank: int
    prize: str
    tie_size: int = 1
    boundary_tie: bool = False  # tied units straddle a prize boundary: the bureau must decide

    @property
    def prize_label(self) -> str:
        return Prize(self.prize).label


def slot_prizes() -> list[str]:
    """The prize of each place 1..8 in order: first, first, second ×3, third ×3."""
    return [prize for prize, count in QUOTAS for _ in range(count)]


def propose(scores: dict) -> list[RankedUnit]:
    """scores: {unit: [Decimal quarterly scores]} → units ranked with a proposed prize each."""
    annual = []
    for unit, values in scores.items():
        values = [Decimal(v) for v in values]
        if not values:
            continue
        mean = (sum(values) / len(values)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
        annual.append((unit, mean, len(values)))
    annual.sort(key=lambda row: (-row[1], getattr(row[0], "sort_order", 0), str(row[0])))

    slots = slot_prizes()
    result: list[RankedUnit] = []
    position = 0
    while position < len(annual):
        score = annual[position][1]
        group = [row for row in annual[position:] if row[1] == score]
        size = len(group)
        prize = slots[position] if position < len(slots) else Prize.NONE
        last = position + size - 1
        prize_of_last = slots[last] if last < len(slots) else Prize.NONE
        straddles = size > 1 and prize != prize_of_last
        for unit, mean, quarters in group:
            result.append(
                RankedUnit(
                    unit=unit,
                    annual_score=mean,
                    quarters=quarters,
                    rank=position + 1,
                    prize=prize,
                    tie_size=size,
                    boundary_tie=straddles,
                )
            )
        position += size
    return result


def prize_counts(prizes) -> dict[str, int]:
    counts = {prize: 0 for prize, _ in QUOTAS}
    for prize in prizes:
        if prize in counts:
            counts[prize] += 1
    return counts


def over_quota(prizes) -> list[str]:
    """Chinese descriptions of prizes given more often than the quota, e.g. "一等奖 3 项（名额 2 项）"."""
    counts = prize_counts(prizes)
    return [
        f"{Prize(prize).label} {counts[prize]} 项（名额 {quota} 项）"
        for prize, quota in QUOTAS
        if counts[prize] > quota
    ]
