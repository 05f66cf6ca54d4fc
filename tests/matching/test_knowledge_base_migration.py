"""Migration matching/0009 brings the seventh-round knowledge base into a database that has one.

It must add the new concepts and the new phrases of existing concepts, and leave alone what the
bureau changed in the admin (a phrase it deleted stays deleted, a name it edited stays edited).
"""

import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from matching import engine

BEFORE = [("matching", "0008_suggestion_demand_join")]
ROUND7 = json.loads((engine.DATA_DIR / "terms_round7.json").read_text(encoding="utf-8"))


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor


@pytest.mark.django_db(transaction=True)
def test_round7_adds_concepts_and_phrases_and_keeps_admin_edits():
    executor = _migrate(BEFORE)
    Concept = executor.loader.project_state(BEFORE).apps.get_model("matching", "Concept")
    new_code = ROUND7["new"][0]
    extended = next(code for code, extra in ROUND7["extend"].items() if extra.get("problems"))
    added = ROUND7["extend"][extended]["problems"]
    # The database as it stood before this round: no new concept, no new phrases…
    Concept.objects.filter(code__in=ROUND7["new"]).delete()
    concept = Concept.objects.get(code=extended)
    kept = [p for p in concept.problems if p not in added]
    # …and the bureau's own edits: one older phrase deleted, the name changed.
    deleted = kept.pop(0)
    concept.problems = kept
    concept.name = "科技局改过的名称"
    concept.save()

    _migrate(None)

    from matching.models import Concept as Current

    row = {c["code"]: c for c in json.loads(engine.DATA_FILE.read_text(encoding="utf-8"))["concepts"]}[new_code]
    created = Current.objects.get(code=new_code)
    assert created.name == row["name"] and created.terms == row["terms"] and created.weak == row.get("weak", [])
    assert Current.objects.filter(code__in=ROUND7["new"]).count() == len(ROUND7["new"])
    concept = Current.objects.get(code=extended)
    assert concept.problems == kept + added
    assert deleted not in concept.problems
    assert concept.name == "科技局改过的名称"


def test_round7_file_names_only_concepts_of_the_knowledge_base():
    codes = {c["code"] for c in json.loads(engine.DATA_FILE.read_text(encoding="utf-8"))["concepts"]}
    assert set(ROUND7["new"]) <= codes
    assert set(ROUND7["extend"]) <= codes
    assert not set(ROUND7["new"]) & set(ROUND7["extend"])
