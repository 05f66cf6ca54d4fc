"""Load the matching knowledge base (matching/data/terms.json) into editable Concept rows."""

import json
from pathlib import Path

from django.db import migrations

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "terms.json"


def load(apps, schema_editor):
    Concept = apps.get_model("matching", "Concept")
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    for row in data["concepts"]:
        Concept.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "kind": row.get("kind", "tech"),
                "industries": row.get("industries", []),
                "terms": row.get("terms", []),
                "problems": row.get("problems", []),
                "related": row.get("related", []),
            },
        )


def unload(apps, schema_editor):
    apps.get_model("matching", "Concept").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("matching", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
