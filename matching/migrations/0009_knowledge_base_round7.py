"""Seventh round of the knowledge base (docs/matching.md "第七轮").

Adds the concepts listed in matching/data/terms_round7.json ("new", their content read from
terms.json) and appends the phrases that round gave existing concepts ("extend"). Only this
round's additions are applied, so phrases the bureau removed in the admin stay removed.

Run `manage.py rebuild_match_index` afterwards (stored profiles carry the concepts they matched).
"""

import json
from pathlib import Path

from django.db import migrations

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
FIELDS = ("industries", "terms", "problems", "related", "weak")


def add_round7(apps, schema_editor):
    Concept = apps.get_model("matching", "Concept")
    if not Concept.objects.exists():
        return  # an empty table: the engine reads terms.json itself
    additions = json.loads((DATA_DIR / "terms_round7.json").read_text(encoding="utf-8"))
    rows = {row["code"]: row for row in json.loads((DATA_DIR / "terms.json").read_text(encoding="utf-8"))["concepts"]}
    existing = set(Concept.objects.values_list("code", flat=True))
    Concept.objects.bulk_create(
        Concept(
            code=code,
            name=rows[code]["name"],
            kind=rows[code].get("kind", "tech"),
            **{field: rows[code].get(field, []) for field in FIELDS},
        )
        for code in additions["new"]
        if code not in existing
    )
    for concept in Concept.objects.filter(code__in=list(additions["extend"])):
        extra = additions["extend"][concept.code]
        changed = []
        for field in FIELDS:
            have = list(getattr(concept, field) or [])
            more = [w for w in extra.get(field, []) if w not in have]
            if field == "weak":  # an ambiguous phrase must still be one of the concept's phrases
                surfaces = set(concept.terms or []) | set(concept.problems or [])
                more = [w for w in more if w in surfaces]
            if more:
                setattr(concept, field, have + more)
                changed.append(field)
        if changed:
            concept.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [("matching", "0008_suggestion_demand_join")]

    operations = [migrations.RunPython(add_round7, migrations.RunPython.noop)]
