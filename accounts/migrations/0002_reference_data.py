"""Reference data: Jiaozuo's county-level units, the ten key industries and the role groups."""

from django.db import migrations

COUNTIES = [
    ("jiefang", "解放区", False),
    ("zhongzhan", "中站区", False),
    ("macun", "马村区", False),
    ("shanyang", "山阳区", False),
    ("xiuwu", "修武县", False),
    ("boai", "博爱县", False),
    ("wuzhi", "武陟县", False),
    ("wenxian", "温县", False),
    ("qinyang", "沁阳市", False),
    ("mengzhou", "孟州市", False),
    ("shifanqu", "城乡一体化示范区", False),
    ("gaoxinqu", "焦作高新区", True),
]

INDUSTRIES = [
    ("equipment", "高端装备制造"),
    ("biohealth", "现代生物及生命健康"),
    ("food", "绿色食品"),
    ("nev", "新能源汽车"),
    ("it_bigdata", "电子信息及大数据"),
    ("materials", "新材料"),
    ("logistics", "现代物流"),
    ("culture_tourism", "文化旅游"),
    ("elderly_care", "康养"),
    ("agriculture", "现代高效农业"),
]

ROLES = ["liaison", "bureau", "enterprise", "institute", "leader"]


def load(apps, schema_editor):
    County = apps.get_model("accounts", "County")
    Industry = apps.get_model("accounts", "Industry")
    Group = apps.get_model("auth", "Group")
    for order, (code, name, zone) in enumerate(COUNTIES, start=1):
        County.objects.update_or_create(
            code=code, defaults={"name": name, "sort_order": order, "is_functional_zone": zone}
        )
    for order, (code, name) in enumerate(INDUSTRIES, start=1):
        Industry.objects.update_or_create(code=code, defaults={"name": name, "sort_order": order})
    for role in ROLES:
        Group.objects.get_or_create(name=role)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
