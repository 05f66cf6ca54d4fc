from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_save


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "公共"

    def ready(self):
        post_save.connect(revoke_tokens_on_password_change, sender=settings.AUTH_USER_MODEL)


def revoke_tokens_on_password_change(sender, instance, **kwargs):
    """A new password ends every API token issued under the old one.

    `set_password()` leaves the raw password in `_password` until the save completes, so this is
    true exactly for the save that stores a changed password (forms, admin, the password page).
    """
    if getattr(instance, "_password", None) is None:
        return
    from rest_framework.authtoken.models import Token

    Token.objects.filter(user=instance).delete()
