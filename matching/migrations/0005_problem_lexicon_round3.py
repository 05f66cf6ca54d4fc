"""Third round of the knowledge base (matching/data/terms.json, docs/matching.md).

* Takes out problem phrases that occur word for word in the frozen held-out demands and may
  have been copied from them (a held-out set must not shape the lexicon).
* Adds the new concepts of terms.json and appends the surfaces an existing concept lacks, as
  0004 did, so edits made in the admin are kept.

Run `manage.py rebuild_match_index` afterwards (stored profiles carry the concepts they matched).
"""

import json
from pathlib import Path

from django.db import migrations

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "terms.json"

REMOVED = {
    "noise_vibration": ["嗡嗡响"],
    "lodging": ["趴地上"],
    "elderly_monitoring": ["摔了"],
    "scale": ["结垢"],
    "moisture": ["返潮", "软了"],
    "imaging": ["看不清", "晚上看不清"],
    "cathode": ["冬天跑不远", "续航缩水"],
    "greenhouse": ["温度忽高忽低"],
    "process_control": ["靠老师傅"],
}


def merge(apps, schema_editor):
    Concept = apps.get_model("matching", "Concept")
    for code, words in REMOVED.items():
        concept = Concept.objects.filter(code=code).first()
        if concept is not None and any(w in (concept.problems or []) for w in words):
            concept.problems = [p for p in concept.problems if p not in words]
            concept.save()
    if not Concept.objects.exists():
        return  # an empty table: the engine reads terms.json itself
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
    dependencies = [("matching", "0004_problem_lexicon")]

    operations = [migrations.RunPython(merge, migrations.RunPython.noop)]
