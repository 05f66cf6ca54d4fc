"""The library lines of the home to-do list: the owner's returned records, the bureau's review queue.

Counted from the same querysets the "我的…" and "…审核" pages list (`owned_by`, `review_queue`)
and narrowed by the same FilterSet the link's query string drives."""

from core.filters import filtered
from core.registry import todo


def library_todos(user, *, model, filterset_class, namespace, noun, owner_role, owner_params, owner_label):
    items = []
    if user.has_role(owner_role) and user.organisation_id:
        mine = model.objects.visible_to(user).owned_by(user)
        items.append(
            todo(
                owner_label,
                filtered(filterset_class, mine, user, owner_params),
                f"{namespace}:mine",
                owner_params,
                order=20,
            )
        )
    if user.is_bureau:
        items.append(
            todo(f"待审核的{noun}", model.objects.visible_to(user).review_queue(), f"{namespace}:review", order=21)
        )
    return items
