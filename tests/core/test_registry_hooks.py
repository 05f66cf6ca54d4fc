"""Cross-app questions go through core.registry: the app that owns the fact answers."""

import pytest

from core import registry
from tests import factories
from tests.credit.factories import make_blacklist


@pytest.fixture
def clean_hooks(monkeypatch):
    monkeypatch.setattr(registry, "_contact_access_providers", [])
    monkeypatch.setattr(registry, "_refusal_providers", [])


def test_without_a_provider_nobody_is_vouched_for_and_nothing_is_refused(clean_hooks):
    assert registry.contact_access_ids(object(), "demands.demand") == frozenset()
    assert registry.refusal_for(object(), "发布需求") is None


def test_answers_of_several_providers_are_combined(clean_hooks):
    registry.register_contact_access(lambda user, label: {1, 2} if label == "demands.demand" else set())
    registry.register_contact_access(lambda user, label: [3])
    registry.register_refusal(lambda org, action: None)
    registry.register_refusal(lambda org, action: f"不能{action}。")
    assert registry.contact_access_ids(None, "demands.demand") == {1, 2, 3}
    assert registry.contact_access_ids(None, "achievements.achievement") == {3}
    assert registry.refusal_for(None, "发布成果") == "不能发布成果。"


@pytest.mark.django_db
def test_the_blacklist_is_answered_by_the_installed_apps():
    org = factories.OrganisationFactory()
    make_blacklist(org, reason="伪造材料")
    assert "伪造材料" in registry.refusal_for(org, "发布需求")
    assert registry.refusal_for(factories.OrganisationFactory(), "发布需求") is None
