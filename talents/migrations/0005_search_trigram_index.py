"""PostgreSQL: a trigram index so the Chinese text search (LIKE '%词%') stays fast at 100,000+
records. Skipped on SQLite, and skipped (search still works, only slower) where the database
user may not create the pg_trgm extension."""

from django.db import DatabaseError, migrations, transaction


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            schema_editor.execute(
                "CREATE INDEX IF NOT EXISTS talent_search_trgm ON talents_talent USING gin (search_text gin_trgm_ops)"
            )
    except DatabaseError:
        pass


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS talent_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("talents", "0004_talent_targets")]

    operations = [migrations.RunPython(create, drop)]
