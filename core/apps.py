from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_delete, post_save, pre_save


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "公共"

    def ready(self):
        from .registry import register_nav

        register_nav("定时提醒", "core:reminders", roles=(), order=95, icon="alarm")
        post_save.connect(revoke_tokens_on_password_change, sender=settings.AUTH_USER_MODEL)
        refuse_scientific_notation()
        pre_save.connect(normalise_phone_fields)
        from .reference import on_reference_saved

        # Reference tables are cached per process (core.reference): an edit refreshes them.
        post_save.connect(on_reference_saved, dispatch_uid="core.reference.saved")
        post_delete.connect(on_reference_saved, dispatch_uid="core.reference.deleted")


def refuse_scientific_notation():
    """Every decimal a form or an API reads refuses "1e5" (core/money.py): one rule, added to the
    field classes themselves so no form or serializer can forget it."""
    from django import forms
    from django.db import models
    from rest_framework import serializers

    from .money import StrictDecimalField, no_exponent

    if no_exponent not in forms.DecimalField.default_validators:
        forms.DecimalField.default_validators = [*forms.DecimalField.default_validators, no_exponent]
    serializers.ModelSerializer.serializer_field_mapping[models.DecimalField] = StrictDecimalField


_PHONE_FIELDS: dict[type, tuple[str, ...]] = {}
PHONE_FIELD_NAMES = {"phone", "contact_phone", "mobile"}


def phone_fields(model) -> tuple[str, ...]:
    """The phone fields of a model: those validated by validate_phone, or named like one."""
    if model not in _PHONE_FIELDS:
        from accounts.validators import validate_phone

        _PHONE_FIELDS[model] = tuple(
            f.attname
            for f in model._meta.concrete_fields
            if f.get_internal_type() == "CharField" and (validate_phone in f.validators or f.name in PHONE_FIELD_NAMES)
        )
    return _PHONE_FIELDS[model]


def normalise_phone_fields(sender, instance, raw=False, **kwargs):
    """Every save stores phone numbers in one form (accounts.validators.normalize_phone), whichever
    path wrote them: a form, the API, a service, the admin."""
    if raw:
        return
    from accounts.validators import normalize_phone

    for name in phone_fields(sender):
        value = getattr(instance, name)
        if value:
            setattr(instance, name, normalize_phone(value))


def revoke_tokens_on_password_change(sender, instance, **kwargs):
    """A new password ends every API token issued under the old one.

    `set_password()` leaves the raw password in `_password` until the save completes, so this is
    true exactly for the save that stores a changed password (forms, admin, the password page).
    """
    if getattr(instance, "_password", None) is None:
        return
    from rest_framework.authtoken.models import Token

    Token.objects.filter(user=instance).delete()
