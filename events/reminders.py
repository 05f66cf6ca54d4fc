"""Fair preparation reminders (registered in EventsConfig.ready()).

The 院校地科技合作洽谈会 is held every even year from 2020. In a fair year the bureau and every
county liaison are reminded from 1 March to prepare it; once the fair is recorded as an event,
they are reminded again from 30 days before its date.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from core.reminders import Planned, remind

from .models import Event, EventKind, EventStatus, is_fair_year

PREPARATION_STARTS = (3, 1)  # month, day
COUNTDOWN_DAYS = 30

FAIR_SCHEDULE = "偶数年（洽谈会举办年）3月1日起提醒市科技局和各县区筹备洽谈会；洽谈会登记后，会前 30 天再提醒一次"


def preparation_start(year: int) -> dt.date:
    return dt.date(year, *PREPARATION_STARTS)


def fair_of(year: int):
    return (
        Event.objects.filter(kind=EventKind.FAIR, date__year=year)
        .exclude(status=EventStatus.CANCELLED)
        .order_by("date")
        .first()
    )


def fair_preparation_due(on: dt.date) -> bool:
    return is_fair_year(on.year) and on >= preparation_start(on.year)


def _recipients():
    return list(User.objects.with_role(Role.BUREAU, Role.LIAISON))


def send_fair_reminders(on: dt.date) -> int:
    if not fair_preparation_due(on):
        return 0
    year = on.year
    fair = fair_of(year)
    if fair is not None and on > fair.date:
        return 0  # this year's fair is over
    url = fair.get_absolute_url() if fair else reverse("events:list") + f"?kind={EventKind.FAIR}"
    when = f"已定于 {fair.date:%Y-%m-%d} 在{fair.place or '待定地点'}举办" if fair else "尚未登记举办日期"
    sent = 0
    recipients = _recipients()
    for user in recipients:
        sent += remind(
            user,
            "fair_preparation",
            str(year),
            on=on,
            title=f"{year}年为院校地科技合作洽谈会举办年，请着手筹备",
            body=f"本年度洽谈会{when}。请征集本地企业技术需求、邀请高校院所、准备签约项目。",
            url=url,
        )
    if fair is not None and (fair.date - on).days <= COUNTDOWN_DAYS:
        for user in recipients:
            sent += remind(
                user,
                "fair_preparation",
                f"{year}-countdown",
                on=on,
                title=f"洽谈会将于 {fair.date:%Y-%m-%d} 举办，距今不足 {COUNTDOWN_DAYS} 天",
                body=f"地点：{fair.place or '待定'}。请确认参会企业、院所和拟签约项目。",
                url=url,
            )
    return sent


def planned_fair_reminders(start: dt.date, end: dt.date):
    recipients = frozenset(u.pk for u in _recipients())
    for year in range(start.year, end.year + 1):
        if not is_fair_year(year):
            continue
        yield Planned(preparation_start(year), "fair_preparation", f"{year}年洽谈会筹备", recipients)
        fair = fair_of(year)
        if fair is not None:
            yield Planned(
                fair.date - dt.timedelta(days=COUNTDOWN_DAYS), "fair_preparation", f"{year}年洽谈会会前提醒", recipients
            )
