"""Engagement follow-up reminders as a scheduled job (registered in EngagementsConfig.ready())."""

import datetime as dt

from core.reminders import Planned

from .models import Engagement

SCHEDULE = "每日，提醒对接负责人到期（或逾期）的跟进，每个跟进日期提醒一次"


def planned_follow_ups(start: dt.date, end: dt.date):
    due = Engagement.objects.open().filter(next_follow_up_on__gte=start, next_follow_up_on__lte=end)
    for e in due.select_related("demand"):
        yield Planned(
            e.next_follow_up_on, "engagement_follow_up", f"对接跟进：{e.demand.title}", frozenset({e.owner_id})
        )
