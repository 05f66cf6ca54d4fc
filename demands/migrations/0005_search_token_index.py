"""PostgreSQL only: a GIN index over the jieba words of search_text as a 'simple' tsvector.

The search (demands.search.search_queryset) asks `to_tsvector('simple', search_text) @@
plainto_tsquery('simple', word)`; this index is built on exactly that expression, so a two-
character Chinese word (液压, 漏油) — which the trigram index cannot serve — is an index lookup.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS demand_search_tsv ON demands_demand USING gin (to_tsvector('simple'::regconfig, search_text))"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS demand_search_tsv")


class Migration(migrations.Migration):
    dependencies = [("demands", "0004_list_indexes")]

    operations = [migrations.RunPython(forwards, backwards)]
