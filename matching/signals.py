"""post_save receivers (connected in MatchingConfig.ready): queue a refresh after commit.

Only changes that matter for matching queue work: a record entering or leaving the matchable
state, or a matchable record being edited.
"""

from django.db import transaction

from . import services
from .models import DocKind, MatchDocument
from .tasks import refresh_record


def _queue(kind: str, object_id: int) -> None:
    transaction.on_commit(lambda: refresh_record.delay(kind, object_id))


def _changed(kind: str, instance) -> None:
    if services.matchable(kind, instance) or MatchDocument.objects.filter(kind=kind, object_id=instance.pk).exists():
        _queue(kind, instance.pk)


def demand_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _changed(DocKind.DEMAND, instance)


def achievement_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _changed(DocKind.ACHIEVEMENT, instance)


def talent_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _changed(DocKind.TALENT, instance)


def talent_industries_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and getattr(instance, "status", None) == "admitted":
        _queue(DocKind.TALENT, instance.pk)


def records_imported(sender, ids, **kwargs):
    """An Excel import wrote records in bulk (no post_save): refresh those that are or were
    matchable. Connected to core.importing.records_imported."""
    from . import services

    kind = _KINDS.get(sender._meta.label_lower)
    if kind is None or not ids:
        return
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        indexed = set(MatchDocument.objects.filter(kind=kind, object_id__in=chunk).values_list("object_id", flat=True))
        for obj in sender._default_manager.filter(pk__in=chunk):
            if obj.pk in indexed or services.matchable(kind, obj):
                _queue(kind, obj.pk)


_KINDS = {
    "demands.demand": DocKind.DEMAND,
    "achievements.achievement": DocKind.ACHIEVEMENT,
    "talents.talent": DocKind.TALENT,
}


def record_deleted(sender, instance, **kwargs):
    kind = {"demands.demand": DocKind.DEMAND, "achievements.achievement": DocKind.ACHIEVEMENT}.get(
        instance._meta.label_lower, DocKind.TALENT
    )
    _queue(kind, instance.pk)
