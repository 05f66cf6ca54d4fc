"""core.links.id_prefix: a prefix, reversed once, that row links join with the record's id."""

import pytest
from django.urls import reverse

from core.links import id_prefix


@pytest.mark.parametrize(
    "name, tail, suffix",
    [
        ("talents:detail", (), ""),
        ("subsidies:claim_detail", (), ""),
        ("subsidies:payment_file", ("voucher",), "voucher/"),
        ("subsidies:payment_transition", (), "transition/"),
        ("talent-detail", (), ""),
    ],
)
def test_prefix_plus_id_is_what_reverse_gives(name, tail, suffix):
    for pk in (1, 70, 12345):
        assert f"{id_prefix(name, *tail)}{pk}/{suffix}" == reverse(name, args=[pk, *tail])
