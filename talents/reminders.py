"""The two-yearly refresh check as a scheduled job (registered in TalentsConfig.ready())."""

import datetime as dt

from django.db.models import Count

from core.reminders import Planned

from .models import Talent, TalentStatus
from .services import liaisons_of

SCHEDULE = "每日，将到了两年更新期的人才记录标为待更新，并按县区提醒联络员（每县区每天一次）"


def planned_refreshes(start: dt.date, end: dt.date):
    rows = (
        Talent.objects.filter(refresh_due_on__gte=start, refresh_due_on__lte=end, is_refresh_due=False)
        .exclude(status=TalentStatus.ARCHIVED)
        .values("refresh_due_on", "native_county_id")
        .annotate(n=Count("id"))
        .order_by("refresh_due_on")
    )
    for row in rows:
        liaisons = frozenset(u.pk for u in liaisons_of(row["native_county_id"]))
        yield Planned(row["refresh_due_on"], "talent_refresh_due", f"{row['n']} 条人才记录到更新期", liaisons)
