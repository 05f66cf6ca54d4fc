from django.db import migrations

TYPES = [
    ("key_lab", "重点实验室"),
    ("eng_tech_center", "工程技术研究中心"),
    ("eng_lab", "工程研究中心（工程实验室）"),
    ("enterprise_tech_center", "企业技术中心"),
    ("industry_institute", "产业技术研究院"),
    ("new_rd", "新型研发机构"),
    ("pilot_base", "中试基地"),
    ("incubator", "科技企业孵化器"),
    ("maker_space", "众创空间"),
    ("academician_station", "院士工作站"),
    ("postdoc_station", "博士后科研工作站"),
    ("intl_joint_lab", "国际联合实验室"),
]


def load(apps, schema_editor):
    PlatformType = apps.get_model("platforms", "PlatformType")
    for order, (code, name) in enumerate(TYPES, start=1):
        PlatformType.objects.update_or_create(code=code, defaults={"name": name, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("platforms", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
