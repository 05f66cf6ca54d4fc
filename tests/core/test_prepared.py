"""core.prepared: a query compiled once gives what its queryset gives, for every parameter value."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token

from accounts.backends import SIGNED_IN_USER, _signed_in_user
from accounts.models import User
from core.authentication import TOKEN
from core.models import Notification
from core.notifications import notify
from core.prepared import PreparedQuery

pytestmark = pytest.mark.django_db


def _fields(obj) -> dict:
    return {k: v for k, v in obj.__dict__.items() if k != "_state"}


def test_signed_in_user_is_the_querysets_user_for_each_id(liaison_wenxian, bureau):
    notify(liaison_wenxian, "test", title="一")
    for user in (liaison_wenxian, bureau, liaison_wenxian):
        prepared, plain = SIGNED_IN_USER.first(pk=user.pk), _signed_in_user(user.pk).first()
        assert _fields(prepared) == _fields(plain)
        assert prepared._state.db == "default" and not prepared._state.adding
        with CaptureQueriesContext(connection) as queries:
            assert prepared.organisation == plain.organisation
            assert prepared.county_id == plain.county_id  # the liaison's county came with the user
        assert len(queries) == 0
    assert SIGNED_IN_USER.first(pk=liaison_wenxian.pk).unread_notifications == 1
    assert SIGNED_IN_USER.first(pk=str(bureau.pk)).pk == bureau.pk  # a session stores the id as text
    assert SIGNED_IN_USER.first(pk=10**9) is None


def test_changes_show_at_the_next_call(liaison_wenxian):
    """Only the SQL is kept, never a result."""
    assert SIGNED_IN_USER.first(pk=liaison_wenxian.pk).unread_notifications == 0
    notify(liaison_wenxian, "test", title="一")
    liaison_wenxian.groups.clear()
    User.objects.filter(pk=liaison_wenxian.pk).update(name="新名字")
    again = SIGNED_IN_USER.first(pk=liaison_wenxian.pk)
    assert (again.unread_notifications, again.roles, again.name) == (1, frozenset(), "新名字")


def test_token_with_its_user(liaison_wenxian):
    token = Token.objects.create(user=liaison_wenxian)
    found = TOKEN.first(key=token.key)
    assert found.pk == token.pk and found.created == token.created
    assert found.user.pk == liaison_wenxian.pk and found.user.organisation == liaison_wenxian.organisation
    assert TOKEN.first(key="0" * 40) is None


def test_datetime_parameter_and_fallback_when_a_placeholder_cannot_be_found(liaison_wenxian):
    notify(liaison_wenxian, "test", title="一")
    since = PreparedQuery(lambda after: Notification.objects.filter(created_at__gt=after), after=dt.datetime)
    assert len(since.all(after=timezone.now() - dt.timedelta(hours=1))) == 1
    assert since.all(after=timezone.now() + dt.timedelta(hours=1)) == []
    if connection.vendor == "postgresql":  # SQLite gets datetimes as text: built and run each time there
        assert since._plan() is not None
    # The same value used twice: not prepared, built and run on every call instead, with the same result.
    twice = PreparedQuery(lambda pk: User.objects.filter(pk=pk) | User.objects.filter(pk=pk), pk=int)
    assert [u.pk for u in twice.all(pk=liaison_wenxian.pk)] == [liaison_wenxian.pk]
    assert twice._plan() is None


def test_session_store_loads_live_sessions_only(liaison_wenxian):
    from core.sessions import LIVE_SESSION, SessionStore

    store = SessionStore()
    store["answer"] = 42
    store.create()
    assert SessionStore(store.session_key).load() == {"answer": 42}
    store.set_expiry(-60)
    store.save()
    expired = SessionStore(store.session_key)
    assert expired.load() == {} and expired.session_key is None
    assert SessionStore("x" * 32).load() == {}
    if connection.vendor == "postgresql":  # the key and the time are parameters there: compiled once
        assert LIVE_SESSION._plan() is not None
