"""City-wide quota targets of the talent pool (seed 000, annex 2): targets are data."""

from django.db import migrations

TARGETS = [
    (2020, 2250, "焦作籍科技人才库建设方案：2020年底入库2250人"),
    (2021, 3350, "焦作籍科技人才库建设方案：2021年底入库3350人"),
    (2025, 5000, "院地科技合作行动计划：2025年入库5000人以上"),
]


def load(apps, schema_editor):
    TalentTarget = apps.get_model("talents", "TalentTarget")
    for year, value, note in TARGETS:
        TalentTarget.objects.update_or_create(year=year, county=None, defaults={"value": value, "note": note})


def unload(apps, schema_editor):
    TalentTarget = apps.get_model("talents", "TalentTarget")
    TalentTarget.objects.filter(county=None, year__in=[t[0] for t in TARGETS]).delete()


class Migration(migrations.Migration):
    dependencies = [("talents", "0003_talent")]

    operations = [migrations.RunPython(load, unload)]
