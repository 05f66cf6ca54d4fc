"""The seven admission scopes of the diaspora talent pool (seed 000, annex 2)."""

from django.db import migrations

CATEGORIES = [
    (
        "national_title",
        "国家级人才称号",
        "长江学者特聘教授、国家杰出青年科学基金获得者、全国杰出专业技术人才、百千万人才工程国家级人选、创新人才推进计划入选者、首席外国专家、中央直接联系专家",
    ),
    ("national_award", "国家级奖励获得者", "国家科学技术奖、全国创新争先奖、中国专利金奖、长江学者成就奖获得者"),
    (
        "national_platform",
        "国家级平台/项目负责人",
        "国家重点实验室、工程实验室、工程技术研究中心主任或首席专家，全国标委会主任委员，国家重大专项专家组组长/副组长，国家重点研发计划项目负责人，国家自然/社会科学基金重大项目负责人",
    ),
    (
        "provincial",
        "省级人才与奖励",
        "省科技杰出贡献奖、省科技进步二等奖及以上、中原英才计划、省优秀专家、省政府特殊津贴等",
    ),
    ("academic", "高校院所正副教授、正副研究员、博士", "高等院校、科研院所的正副教授、正副研究员及博士"),
    (
        "top500_enterprise",
        "500强企业负责人及技术骨干",
        "世界500强、中国500强企业的焦作籍负责人、总工程师、研发部门负责人",
    ),
    (
        "tech_enterprise",
        "市外科技企业负责人及技术骨干",
        "市外国家高新技术企业、科技型中小企业的焦作籍负责人、总工程师、研发部门负责人",
    ),
]


def load(apps, schema_editor):
    TalentCategory = apps.get_model("talents", "TalentCategory")
    for order, (code, name, examples) in enumerate(CATEGORIES, start=1):
        TalentCategory.objects.update_or_create(
            code=code, defaults={"name": name, "examples": examples, "sort_order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("talents", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
