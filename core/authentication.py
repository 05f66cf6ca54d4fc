"""API authentication: `Authorization: Token …` tokens that expire.

Kept apart from core/api.py: DRF imports authentication classes while its own views module is
still loading, so this module must not import viewsets.
"""

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from accounts.models import with_role_names

from .prepared import PreparedQuery


def _token(key):
    from rest_framework.authtoken.models import Token  # noqa: PLC0415 — loaded with DRF's settings

    return with_role_names(Token.objects.select_related("user__organisation__county"), "user_id").filter(key=key)


# Compiled once per process (core/prepared.py): building it costs more than running it.
TOKEN = PreparedQuery(_token, key=str)


class ExpiringTokenAuthentication(TokenAuthentication):
    """A token is valid API_TOKEN_TTL_DAYS after it was issued. An expired token is deleted, so the
    next POST to the token endpoint issues a fresh one. Tokens are also deleted when the user's
    password changes (core/apps.py)."""

    def authenticate_credentials(self, key):
        token = TOKEN.first(key=key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))  # DRF's own (translated) words
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        user = token.user
        if hasattr(token, "role_names"):
            user.role_names = token.role_names  # the roles came with the token (accounts.models.with_role_names)
        if token.created < timezone.now() - dt.timedelta(days=settings.API_TOKEN_TTL_DAYS):
            token.delete()
            raise exceptions.AuthenticationFailed("访问令牌已过期，请重新获取。")
        return user, token
