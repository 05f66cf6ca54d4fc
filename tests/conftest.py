"""Personas (named users per role) and the Celery switch shared by all tests.

Celery tasks run eagerly in ordinary tests so behaviour is checked in-process; tests
marked `celery_worker` send real tasks through the configured broker (Redis in CI) to a
real in-process worker.
"""

import pytest
from rest_framework.test import APIClient

from jiaozuo_portal.celery import app as celery_app

from . import factories


def pytest_configure(config):
    config.addinivalue_line("markers", "celery_worker: runs tasks through the real broker and a worker")


def pytest_collection_modifyitems(items):
    """Transactional tests flush the database when they end, which would also remove the
    reference data (counties, industries, categories) that migrations load; serialized
    rollback restores it, so test order never matters."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker and marker.kwargs.get("transaction") and not marker.kwargs.get("serialized_rollback"):
            item.add_marker(pytest.mark.django_db(**{**marker.kwargs, "serialized_rollback": True}), append=False)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """PBKDF2's deliberate slowness protects real passwords; in tests it only costs minutes."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_reference_cache():
    """Reference rows are cached per process (core.reference); a rolled-back test sends no signal."""
    from core import reference

    reference.clear()
    yield
    reference.clear()


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Uploaded proofs and attachments go to a throw-away MEDIA_ROOT in tests."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(autouse=True)
def _celery_eager(request, settings):
    if request.node.get_closest_marker("celery_worker"):
        yield
        return
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    settings.CELERY_TASK_ALWAYS_EAGER = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def bureau(db):
    return factories.make_bureau_user()


@pytest.fixture
def liaison_wenxian(db):
    return factories.make_liaison("wenxian")


@pytest.fixture
def liaison_qinyang(db):
    return factories.make_liaison("qinyang")


@pytest.fixture
def enterprise_user(db):
    return factories.make_enterprise_user(name="焦作市测试机械有限公司", county=factories.county("wenxian"))


@pytest.fixture
def other_enterprise_user(db):
    return factories.make_enterprise_user(name="焦作市另一家企业有限公司", county=factories.county("qinyang"))


@pytest.fixture
def institute_user(db):
    return factories.make_institute_user(name="中国科学院测试研究所")


@pytest.fixture
def leader(db):
    return factories.make_leader()


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def api_as():
    """api_as(user) → an APIClient authenticated as that user."""

    def make(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return make


@pytest.fixture
def client_as(client):
    """client_as(user) → the Django test client logged in as that user."""

    def make(user):
        client.force_login(user, backend="accounts.backends.PortalBackend")
        return client

    return make
