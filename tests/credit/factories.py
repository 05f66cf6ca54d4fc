import datetime as dt

from django.utils import timezone

from credit.models import CreditRecord


def make_record(org=None, *, kind="blacklist", days_ago=30, days_left=None, **kwargs) -> CreditRecord:
    """A credit record valid from `days_ago` days ago until `days_left` days ahead (None: open-ended)."""
    today = timezone.localdate()
    kwargs.setdefault("reason", "虚报技术合同交易额")
    kwargs.setdefault("source_document", "焦科〔2026〕8号")
    return CreditRecord.objects.create(
        organisation=org,
        kind=kind,
        valid_from=today - dt.timedelta(days=days_ago),
        valid_until=None if days_left is None else today + dt.timedelta(days=days_left),
        **kwargs,
    )


def make_blacklist(org, **kwargs) -> CreditRecord:
    return make_record(org, kind="blacklist", **kwargs)
