"""API authentication: `Authorization: Token …` tokens that expire.

Kept apart from core/api.py: DRF imports authentication classes while its own views module is
still loading, so this module must not import viewsets.
"""

import datetime as dt

from django.conf import settings
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication


class ExpiringTokenAuthentication(TokenAuthentication):
    """A token is valid API_TOKEN_TTL_DAYS after it was issued. An expired token is deleted, so the
    next POST to the token endpoint issues a fresh one. Tokens are also deleted when the user's
    password changes (core/apps.py)."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if token.created < timezone.now() - dt.timedelta(days=settings.API_TOKEN_TTL_DAYS):
            token.delete()
            raise exceptions.AuthenticationFailed("访问令牌已过期，请重新获取。")
        return user, token
