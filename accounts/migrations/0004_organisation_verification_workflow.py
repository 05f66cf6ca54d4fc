"""Organisation verification becomes a workflow state (pending / verified / rejected) instead
of a boolean; self-registered accounts still switched off are marked as waiting for it."""

from django.db import migrations, models

STATUS = models.CharField(
    choices=[("pending", "待核验"), ("verified", "已核验"), ("rejected", "核验未通过")],
    db_index=True,
    default="pending",
    max_length=20,
    verbose_name="核验状态",
)


def forwards(apps, schema_editor):
    Organisation = apps.get_model("accounts", "Organisation")
    User = apps.get_model("accounts", "User")
    Organisation.objects.filter(is_verified=True).update(verification_status="verified")
    HistoricalOrganisation = apps.get_model("accounts", "HistoricalOrganisation")
    HistoricalOrganisation.objects.filter(is_verified=True).update(verification_status="verified")
    # Accounts of a unit still waiting for verification were switched off only for that reason.
    User.objects.filter(is_active=False, organisation__is_verified=False).update(awaiting_verification=True)


def backwards(apps, schema_editor):
    Organisation = apps.get_model("accounts", "Organisation")
    Organisation.objects.filter(verification_status="verified").update(is_verified=True)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_user_manager"),
    ]

    operations = [
        migrations.AddField(model_name="historicalorganisation", name="verification_status", field=STATUS),
        migrations.AddField(model_name="organisation", name="verification_status", field=STATUS),
        migrations.AddField(
            model_name="user",
            name="awaiting_verification",
            field=models.BooleanField(default=False, verbose_name="等待单位核验"),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="historicalorganisation", name="is_verified"),
        migrations.RemoveField(model_name="organisation", name="is_verified"),
    ]
