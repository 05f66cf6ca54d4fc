"""The old Organisation.is_blacklisted flag becomes an open-ended blacklist record."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


@pytest.mark.django_db(transaction=True)
def test_flagged_units_become_blacklist_records():
    executor = MigrationExecutor(connection)
    before = [("accounts", "0004_organisation_verification_workflow"), ("credit", "0001_initial")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    Organisation = old.get_model("accounts", "Organisation")
    flagged = Organisation.objects.create(
        name="旧标记黑名单企业", kind="institute", is_blacklisted=True, blacklist_reason="伪造合同"
    )
    Organisation.objects.create(name="未标记的院所", kind="institute")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from accounts.models import Organisation as Current
    from credit.services import active_blacklist

    unit = Current.objects.get(pk=flagged.pk)
    record = active_blacklist(unit)
    assert record is not None and record.reason == "伪造合同" and record.valid_until is None
    assert active_blacklist(Current.objects.get(name="未标记的院所")) is None
    assert not hasattr(unit, "is_blacklisted")
