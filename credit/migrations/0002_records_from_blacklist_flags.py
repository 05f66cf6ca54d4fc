"""Every organisation flagged `is_blacklisted` becomes an open-ended blacklist record, before
accounts 0005 removes the flag (the record keeps the flag's reason)."""

from django.db import migrations
from django.utils import timezone


def flags_to_records(apps, schema_editor):
    Organisation = apps.get_model("accounts", "Organisation")
    CreditRecord = apps.get_model("credit", "CreditRecord")
    today = timezone.localdate()
    for org in Organisation.objects.filter(is_blacklisted=True):
        if CreditRecord.objects.filter(organisation=org, kind="blacklist", source_document="原黑名单标记").exists():
            continue
        CreditRecord.objects.create(
            organisation=org,
            kind="blacklist",
            reason=(org.blacklist_reason or "").strip() or "原系统黑名单标记（未记录原因）",
            source_document="原黑名单标记",
            valid_from=today,
            valid_until=None,
        )


class Migration(migrations.Migration):
    dependencies = [("credit", "0001_initial"), ("accounts", "0003_user_manager")]
    run_before = [("accounts", "0005_remove_blacklist_flag")]

    operations = [migrations.RunPython(flags_to_records, migrations.RunPython.noop)]
