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


def duplicate_queue(user):
    """Screening records with a likely duplicate on an exact fact: the same phone, the same email,
    or the same name and birth year, in any county (archived records and pairs the bureau
    confirmed as different people left out). The screening page shows every candidate, including
    similar names at a similar employer, beside each record."""
    from django.db.models import Exists, OuterRef, Q

    confirmed_distinct = Talent.distinct_from.through.objects.filter(from_talent=OuterRef(OuterRef("pk"))).values(
        "to_talent"
    )
    same = Q(name=OuterRef("name"), birth_year=OuterRef("birth_year"))
    same |= Q(phone=OuterRef("phone")) & ~Q(phone="")
    same |= Q(email=OuterRef("email")) & ~Q(email="")
    others = (
        Talent.objects.filter(same)
        .exclude(pk=OuterRef("pk"))
        .exclude(status=TalentStatus.ARCHIVED)
        .exclude(pk__in=confirmed_distinct)
    )
    return screening_queue(user).filter(Exists(others))
