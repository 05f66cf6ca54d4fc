"""Django's database sessions, with the one query every signed-in request makes compiled once per
process (core/prepared.py). Settings: SESSION_ENGINE = "core.sessions"."""

import datetime as dt

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.utils import timezone

from .prepared import PreparedQuery


def _session(key, now):
    from django.contrib.sessions.models import Session  # noqa: PLC0415 — the app must be loaded

    return Session.objects.filter(session_key=key, expire_date__gt=now)


LIVE_SESSION = PreparedQuery(_session, key=str, now=dt.datetime)


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self):
        """As Django's own: the unexpired session with this key, or None (and no key)."""
        session = LIVE_SESSION.first(key=self.session_key, now=timezone.now()) if self.session_key else None
        if session is None:
            self._session_key = None
        return session
