"""Per-county quota targets for every city target (issue 12: targets are data).

Rule (talents/quotas.py, shown on the progress page): each city target is shared equally among
the active county-level units that are not functional zones (高新区 keeps no native-place
register); the remainder goes one each to the first units in county order, so the county figures
add up exactly to the city target (2,250 → 11 units: 205 × 6 + 204 × 5). Existing county targets
are left as the bureau set them."""

from django.db import migrations


def split_evenly(total, n):
    # A copy of talents.quotas.split_evenly: a migration must not change when the app does.
    if n <= 0:
        return []
    base, remainder = divmod(total, n)
    return [base + (1 if i < remainder else 0) for i in range(n)]


def seed(apps, schema_editor):
    County = apps.get_model("accounts", "County")
    TalentTarget = apps.get_model("talents", "TalentTarget")
    counties = list(County.objects.filter(is_active=True, is_functional_zone=False).order_by("sort_order", "id"))
    for city in TalentTarget.objects.filter(county__isnull=True):
        note = f"按规则由全市{city.year}年目标{city.value}人平均分配（功能区除外，余数按县区排序分配）"
        for county, value in zip(counties, split_evenly(city.value, len(counties)), strict=True):
            TalentTarget.objects.get_or_create(year=city.year, county=county, defaults={"value": value, "note": note})


def unseed(apps, schema_editor):
    TalentTarget = apps.get_model("talents", "TalentTarget")
    TalentTarget.objects.filter(county__isnull=False, note__startswith="按规则由全市").delete()


class Migration(migrations.Migration):
    dependencies = [("talents", "0005_search_trigram_index"), ("accounts", "0002_reference_data")]

    operations = [migrations.RunPython(seed, unseed)]
