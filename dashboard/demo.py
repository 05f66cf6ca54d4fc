"""Demo yearly figures the bureau records (key technologies, high-tech enterprises).

Idempotent: one value per (indicator, year), written only where none was entered yet.
"""

from django.utils import timezone

from .models import RecordedFigure, RecordedIndicator

# (indicator, year, value, note)
FIGURES = [
    (RecordedIndicator.KEY_TECHNOLOGIES, 2021, 6, "演示数据：市科技局年度工作总结"),
    (RecordedIndicator.KEY_TECHNOLOGIES, 2022, 8, "演示数据：市科技局年度工作总结"),
    (RecordedIndicator.KEY_TECHNOLOGIES, 2023, 9, "演示数据：市科技局年度工作总结"),
    (RecordedIndicator.KEY_TECHNOLOGIES, 2024, 10, "演示数据：市科技局年度工作总结"),
    (RecordedIndicator.HIGH_TECH_ENTERPRISES, 2021, 198, "演示数据：高新技术企业认定名单"),
    (RecordedIndicator.HIGH_TECH_ENTERPRISES, 2022, 262, "演示数据：高新技术企业认定名单"),
    (RecordedIndicator.HIGH_TECH_ENTERPRISES, 2023, 318, "演示数据：高新技术企业认定名单"),
    (RecordedIndicator.HIGH_TECH_ENTERPRISES, 2024, 376, "演示数据：高新技术企业认定名单"),
]


def seed(context):
    bureau = context["users"].get("bureau")
    for indicator, year, value, note in FIGURES:
        RecordedFigure.objects.get_or_create(
            indicator=indicator,
            year=year,
            defaults={"value": value, "note": note, "recorded_by": bureau, "recorded_at": timezone.now()},
        )
