from datetime import date
from decimal import Decimal

from django.db import migrations


def create_policy(apps, schema_editor):
    PolicyVersion = apps.get_model("subsidies", "PolicyVersion")
    PolicyVersion.objects.get_or_create(
        document_number="焦办〔2020〕23号",
        defaults=dict(
            name="焦作市院（校）地科技合作专项行动方案（2020-2025）科技成果转化配套支持",
            valid_from=date(2020, 8, 12),
            valid_to=None,
            rate=Decimal("0.10"),
            per_project_cap=Decimal("1000000.00"),
            per_enterprise_year_cap=None,
            exceptional_cap=Decimal("2000000.00"),
            basis_rule="verified_payments_in_year",
            publicity_days=5,
            notes=(
                "对引进科技成果转化应用进行配套支持，按技术成果交易额的 10% 配套，每项最高 100 万元；"
                "特别优秀的项目一事一议，最高 200 万元。计算基数为申报年度内经核实的实际支付额"
                "（依据银行转账凭证和发票），合同须在全国技术合同登记系统登记。"
            ),
        ),
    )


def remove_policy(apps, schema_editor):
    PolicyVersion = apps.get_model("subsidies", "PolicyVersion")
    PolicyVersion.objects.filter(document_number="焦办〔2020〕23号", claims__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("subsidies", "0002_historicaltechcontract_achievement_and_more")]

    operations = [migrations.RunPython(create_policy, remove_policy)]
