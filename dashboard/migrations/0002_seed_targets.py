"""The published 2025 targets (seed 000 一.(三) and 三; seed 001). Edit them in admin; a new plan
period is new rows. The talent-pool targets (2,250 / 3,350 / 5,000) are the talent app's
入库目标 (talents.TalentTarget), which the dashboard reads, so they are not repeated here."""

from decimal import Decimal

from django.db import migrations

ACTION_PLAN = "焦作市院（校）地科技合作行动计划（2020—2025年）"
OPINION = "关于建设科创名城的实施意见"

TARGETS = [
    # code, name, kind, start_year, year, value, unit, source, sort_order
    ("platforms", "市级以上创新平台", "milestone", None, 2025, "300", "个", ACTION_PLAN + "：到2025年创建300个", 20),
    (
        "achievements_transferred",
        "重大科技成果转化",
        "milestone",
        None,
        2025,
        "80",
        "项",
        ACTION_PLAN + "：到2025年转化80项以上",
        30,
    ),
    (
        "key_technologies",
        "关键核心技术突破",
        "milestone",
        None,
        2025,
        "50",
        "项",
        ACTION_PLAN + "：到2025年突破50项",
        40,
    ),
    ("high_tech_enterprises", "高新技术企业", "milestone", None, 2025, "500", "家", OPINION + "：到2025年底500家", 50),
    ("agreements", "产学研合作签约", "annual", 2020, 2025, "100", "项", ACTION_PLAN + "：每年签订100项以上", 60),
    ("projects_landed", "合作项目落地", "annual", 2020, 2025, "20", "个", ACTION_PLAN + "：每年在焦落地20项以上", 70),
    ("launch_events", "成果发布会", "annual", 2020, 2025, "4", "场", ACTION_PLAN + "：每年4场次", 80),
    ("enterprise_visits", "企业走进高校院所", "annual", 2020, 2025, "100", "家次", ACTION_PLAN + "：每年100家左右", 90),
    (
        "contract_turnover",
        "技术合同成交额",
        "milestone",
        None,
        2025,
        "3500000000.00",
        "元",
        OPINION + "：技术合同交易额突破35亿元",
        100,
    ),
]


def seed(apps, schema_editor):
    Target = apps.get_model("dashboard", "Target")
    for code, name, kind, start, year, value, unit, source, order in TARGETS:
        Target.objects.update_or_create(
            code=code,
            year=year,
            defaults={
                "name": name,
                "kind": kind,
                "start_year": start,
                "value": Decimal(value),
                "unit": unit,
                "source": source,
                "sort_order": order,
            },
        )


def unseed(apps, schema_editor):
    Target = apps.get_model("dashboard", "Target")
    for code, *_rest in TARGETS:
        Target.objects.filter(code=code).delete()


class Migration(migrations.Migration):
    dependencies = [("dashboard", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
