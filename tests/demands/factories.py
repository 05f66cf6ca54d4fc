import datetime as dt

from django.utils import timezone

from achievements.models import Achievement
from demands.models import Demand
from tests import factories


def make_demand(owner, *, status="draft", title="液压设备密封件漏油治理", **kwargs) -> Demand:
    kwargs.setdefault("description", "公司液压支架在井下使用半年后密封件老化漏油，需要耐高压的密封方案。")
    kwargs.setdefault("industry", factories.industry("equipment"))
    kwargs.setdefault("keywords", ["液压", "密封", "漏油"])
    kwargs.setdefault("contact_name", "王工")
    kwargs.setdefault("contact_phone", "13903910001")
    kwargs.setdefault("valid_until", timezone.localdate() + dt.timedelta(days=180))
    if status in ("published", "in_progress", "resolved"):
        kwargs.setdefault("published_at", timezone.now())
    return Demand.objects.create(owner=owner, status=status, title=title, **kwargs)


def make_achievement(owner, *, status="draft", title="高性能氟橡胶密封材料", **kwargs) -> Achievement:
    kwargs.setdefault("summary", "耐高温、耐油、耐高压的氟橡胶密封件配方与成型工艺。")
    kwargs.setdefault("industry", factories.industry("materials"))
    kwargs.setdefault("keywords", ["氟橡胶", "密封"])
    kwargs.setdefault("maturity", "pilot")
    kwargs.setdefault("contact_name", "李老师")
    kwargs.setdefault("contact_phone", "13800000001")
    if status in ("published", "transferred"):
        kwargs.setdefault("published_at", timezone.now())
    return Achievement.objects.create(owner=owner, status=status, title=title, **kwargs)
