"""Celery tasks of matching: take ids, re-index, store suggestions. Idempotent."""

from celery import shared_task

from . import services
from .models import DocKind, Suggestion


@shared_task(name="matching.tasks.refresh_record")
def refresh_record(kind: str, object_id: int) -> int:
    """A record was published, changed or unpublished: re-index it and recompute suggestions.

    Records whose stored lists mention it (or would now) are recomputed too, so a newly
    published achievement shows up in the demands it suits.
    """
    obj = services.load(kind, object_id)
    if obj is None or not services.matchable(kind, obj):
        affected = services.unindex(kind, object_id)
        for source_kind, source_id in affected:
            services.recompute(source_kind, source_id)
        return 0
    services.index_object(kind, obj)
    stored = services.recompute(kind, object_id)
    # Fan out: the records this one now suits, and those that listed it before.
    related = set(
        Suggestion.objects.filter(source_kind=kind, source_id=object_id).values_list("target_kind", "target_id")
    )
    related |= set(
        Suggestion.objects.filter(target_kind=kind, target_id=object_id).values_list("source_kind", "source_id")
    )
    for other_kind, other_id in related:
        if other_kind in (DocKind.DEMAND, DocKind.ACHIEVEMENT):
            services.recompute(other_kind, other_id)
    return stored


@shared_task(name="matching.tasks.rebuild_index")
def rebuild_index() -> dict:
    return services.rebuild_index()
