"""County quota targets: how a city target is split over the county-level units.

The rule (also in migration 0006 and on the progress page): the city target is shared equally
among the county-level units that keep a native-place register (every active county except the
functional zones, i.e. 焦作高新区); the whole-number remainder goes one each to the first units in
the usual county order, so the county targets always add up exactly to the city target. The
bureau adjusts any county's figure afterwards on the 县区目标 page."""

SPLIT_RULE = (
    "县区目标按全市目标在各县（市、区）间平均分配（功能区除外），除不尽的余数按县区排序依次各加 1 人，"
    "各县区目标之和等于全市目标；市科技局可按实际情况调整。"
)


def split_evenly(total: int, n: int) -> list[int]:
    """`total` in `n` whole shares that differ by at most one and add up to `total`."""
    if n <= 0:
        return []
    base, remainder = divmod(total, n)
    return [base + (1 if i < remainder else 0) for i in range(n)]


def quota_counties():
    from accounts.models import County

    return County.objects.active().filter(is_functional_zone=False).order_by("sort_order", "id")
