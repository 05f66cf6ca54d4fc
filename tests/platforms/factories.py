from decimal import Decimal

from platforms.models import Platform, PlatformType, SharedInstrument
from tests import factories


def make_platform(host, *, name="焦作市液压密封工程技术研究中心", status="planning", county="wenxian", **kwargs):
    kwargs.setdefault("platform_type", PlatformType.objects.get(name="工程技术研究中心"))
    kwargs.setdefault("level", "city")
    if status != "planning":
        kwargs.setdefault("document_number", "焦科〔2025〕1号")
    platform = Platform.objects.create(host=host, name=name, status=status, county=factories.county(county), **kwargs)
    platform.industries.set([factories.industry("equipment")])
    return platform


def make_instrument(platform, *, name="场发射扫描电子显微镜", **kwargs):
    kwargs.setdefault("model", "SU8020")
    kwargs.setdefault("original_value", Decimal("2350000.00"))
    kwargs.setdefault("services", "材料微观形貌观察、能谱成分分析")
    kwargs.setdefault("booking_contact", "刘研究员")
    kwargs.setdefault("booking_phone", "0391-3300118")
    return SharedInstrument.objects.create(platform=platform, name=name, **kwargs)
