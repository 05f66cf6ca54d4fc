"""Reference data: every county-level unit, and the city departments named in the action plan."""

from django.db import migrations

DEPARTMENTS = [
    "市发展和改革委员会",
    "市教育局",
    "市工业和信息化局",
    "市人力资源和社会保障局",
    "市财政局",
]


def load(apps, schema_editor):
    County = apps.get_model("accounts", "County")
    SupervisedUnit = apps.get_model("supervision", "SupervisedUnit")
    order = 0
    for county in County.objects.order_by("sort_order", "id"):
        order += 1
        SupervisedUnit.objects.update_or_create(
            county=county, defaults={"name": county.name, "kind": "county", "sort_order": order}
        )
    for name in DEPARTMENTS:
        order += 1
        SupervisedUnit.objects.update_or_create(name=name, defaults={"kind": "department", "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("supervision", "0001_initial"), ("accounts", "0002_reference_data")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
