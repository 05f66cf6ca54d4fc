"""The platform types of the action plan (seed 000 二.(三), seed 003), as reference data.

Renames two earlier entries to the plan's wording, adds the missing ones and removes the two
the plan does not list (no platform can use them yet: platforms arrive in 0003)."""

from django.db import migrations

TYPES = [
    ("key_lab", "重点实验室"),
    ("eng_tech_center", "工程技术研究中心"),
    ("tech_innovation_center", "技术创新中心"),
    ("enterprise_tech_center", "企业技术中心"),
    ("eng_lab", "工程研究中心"),
    ("industry_institute", "产业研究院"),
    ("new_rd", "新型研发机构"),
    ("incubator", "科技企业孵化器"),
    ("maker_space", "众创空间"),
    ("star_innovation", "星创天地"),
    ("university_park", "大学科技园"),
    ("pilot_base", "中试基地"),
    ("academician_station", "院士工作站"),
    ("innovation_alliance", "产业创新联盟"),
    ("open_lab", "开放共享实验室"),
]
DROPPED = ["postdoc_station", "intl_joint_lab"]


def load(apps, schema_editor):
    PlatformType = apps.get_model("platforms", "PlatformType")
    Platform = apps.get_model("platforms", "Platform")
    for code in DROPPED:
        if Platform.objects.filter(platform_type__code=code).exists():
            PlatformType.objects.filter(code=code).update(is_active=False)
        else:
            PlatformType.objects.filter(code=code).delete()
    for order, (code, name) in enumerate(TYPES, start=1):
        PlatformType.objects.update_or_create(
            code=code, defaults={"name": name, "sort_order": order, "is_active": True}
        )


class Migration(migrations.Migration):
    dependencies = [("platforms", "0003_platforms_instruments_evaluations")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
