"""The talent lines of each role's home to-do list (counted from the queues the links open)."""

from core.filters import filtered
from core.registry import todo

from .filters import TalentFilter
from .queues import duplicate_queue, screening_queue, talents_for

REFRESH_DUE = {"refresh_due": "true"}
CORRECTIONS = {"correction_pending": "true"}


def talent_todos(user):
    items = []
    if user.is_liaison or user.is_bureau:
        base = talents_for(user)
        items.append(
            todo(
                "到期待更新的人才记录",
                filtered(TalentFilter, base, user, REFRESH_DUE),
                "talents:list",
                REFRESH_DUE,
                order=10,
            )
        )
        items.append(
            todo(
                "待确认的本人更正",
                filtered(TalentFilter, base, user, CORRECTIONS),
                "talents:list",
                CORRECTIONS,
                order=11,
            )
        )
    if user.is_bureau:
        items.append(todo("待甄别的人才记录", screening_queue(user), "talents:screening", order=12))
        items.append(
            todo("有疑似重复的待甄别记录", duplicate_queue(user), "talents:screening", {"only": "duplicates"}, order=13)
        )
    return items
