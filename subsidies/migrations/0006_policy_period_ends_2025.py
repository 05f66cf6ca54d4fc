"""The 2020–2025 action plan's subsidy policy ends with its plan period (issue 12: periods).

焦办〔2020〕23号 is the 专项行动方案（2020-2025）: its 10 % matching applies to payments made up to
31 December 2025. It stays the policy for claims of those years (a claim uses the version in
force during its claim year — PolicyVersion.for_claim_year), and is shown as "2020–2025（已到期）".
Claims for 2026 payments need a new version entered by the bureau. An end date the bureau has
already set is kept."""

from datetime import date

from django.db import migrations

DOCUMENT = "焦办〔2020〕23号"


def end_period(apps, schema_editor):
    PolicyVersion = apps.get_model("subsidies", "PolicyVersion")
    PolicyVersion.objects.filter(document_number=DOCUMENT, valid_to__isnull=True).update(valid_to=date(2025, 12, 31))


def reopen(apps, schema_editor):
    PolicyVersion = apps.get_model("subsidies", "PolicyVersion")
    PolicyVersion.objects.filter(document_number=DOCUMENT, valid_to=date(2025, 12, 31)).update(valid_to=None)


class Migration(migrations.Migration):
    dependencies = [("subsidies", "0005_claim_return_reason")]

    operations = [migrations.RunPython(end_period, reopen)]
