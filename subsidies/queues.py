"""Which claims wait for which reviewer (one place for pages, home cards and the API)."""

from django.db.models import Q

from .models import Claim

S = Claim.Status


def review_queue_for(user):
    qs = Claim.objects.visible_to(user)
    q = Q(pk__in=[])
    if user.is_bureau:
        q |= Q(status=S.BUREAU_REVIEW)
    if user.is_liaison and user.county_id:
        q |= Q(status__in=[S.SUBMITTED, S.COUNTY_REVIEW], enterprise__county_id=user.county_id)
    if user.is_leader:
        q |= Q(status=S.LEADER_REVIEW)
    if user.organisation_id:
        qs = qs.exclude(enterprise_id=user.organisation_id)
    return qs.filter(q).select_related("enterprise", "enterprise__county", "contract").order_by("submitted_at", "id")
