"""The talent queues a page and the home to-do list share (one function per queue)."""

from .models import Talent, TalentStatus


def talents_for(user):
    """Every talent page starts here: the records `user` may see, newest first."""
    return (
        Talent.objects.visible_to(user)
        .select_related("native_county", "category")
        .prefetch_related("industries")
        .order_by("-id")
    )


def screening_queue(user):
    """The bureau's 汇总甄别 queue: records waiting to be checked for duplicates and admitted."""
    return talents_for(user).filter(status=TalentStatus.SCREENING).order_by("id")
