"""Links to many records of one kind: reverse() once per process, then a string join per row.

detail = id_prefix("talents:detail")            # "/talents/"
f"{detail}{talent.pk}/"                         # what reverse("talents:detail", args=[pk]) gives
f"{id_prefix('subsidies:payment_file', 'voucher')}{pk}/voucher/"
"""

from functools import cache

from django.urls import get_script_prefix, reverse


def id_prefix(name: str, *tail: str) -> str:
    """The URL of `name` up to the record's id: reverse(name, args=[pk, *tail]) is this prefix
    followed by "<pk>/…". Kept per process (and script prefix, which a deployment may set)."""
    return _id_prefix(name, tail, get_script_prefix())


@cache
def _id_prefix(name: str, tail: tuple, script_prefix: str) -> str:
    path = reverse(name, args=[0, *tail])
    return path[: path.rindex("/0/") + 1]
