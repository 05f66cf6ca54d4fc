"""Add the general plain-language problem lexicon (matching/data/terms.json) to an existing knowledge base.

New concepts are created; for concepts that already exist, surfaces from the file that the
row lacks are appended, so edits made in the admin are kept. Run `manage.py
rebuild_match_index` afterwards (the stored profiles carry the concepts they matched).
"""

import json
from pathlib import Path

from django.db import migrations

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "terms.json"


def merge(apps, schema_editor):
    Concept = apps.get_model("matching", "Concept")
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    for row in data["concepts"]:
        concept = Concept.objects.filter(code=row["code"]).first()
        if concept is None:
            Concept.objects.create(
                code=row["code"],
                name=row["name"],
                kind=row.get("kind", "tech"),
                industries=row.get("industries", []),
                terms=row.get("terms", []),
                problems=row.get("problems", []),
                related=row.get("related", []),
            )
            continue
        changed = False
        for key in ("terms", "problems"):
            have = list(getattr(concept, key) or [])
            extra = [w for w in row.get(key, []) if w not in have]
            if extra:
                setattr(concept, key, have + extra)
                changed = True
        if changed:
            concept.save()


class Migration(migrations.Migration):
    dependencies = [("matching", "0003_hybrid_index")]

    operations = [migrations.RunPython(merge, migrations.RunPython.noop)]
