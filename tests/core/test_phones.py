"""Phone numbers as people type them are normalised, not refused — on every path."""

import pytest

from accounts.validators import normalize_phone, validate_phone
from tests.demands.factories import make_demand

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("138 3910 0001", "13839100001"),
        ("138-3910-0001", "13839100001"),
        ("+86 138 3910 0001", "13839100001"),
        ("+86-13839100001", "13839100001"),
        ("0086 13839100001", "13839100001"),
        ("＋８６ １３８ ３９１０ ０００１", "13839100001"),
        ("１３８３９１００００１", "13839100001"),
        ("0391 3561234", "0391-3561234"),
        ("(0391)3561234", "0391-3561234"),
        ("（０３９１）３５６１２３４", "0391-3561234"),
        ("03913561234", "0391-3561234"),
        ("0391-3561234转801", "0391-3561234-801"),
        ("010 1234 5678", "010-12345678"),
    ],
)
def test_typed_numbers_are_normalised_and_accepted(typed, stored):
    assert normalize_phone(typed) == stored
    assert normalize_phone(stored) == stored
    validate_phone(typed)


@pytest.mark.parametrize("typed", ["12345", "abc", "2839100001", "138391000011"])
def test_what_is_not_a_phone_number_is_still_refused(typed):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_phone(typed)


def test_the_api_stores_the_normalised_form(api_as, enterprise_user):
    demand = make_demand(enterprise_user.organisation, status="draft")
    response = api_as(enterprise_user).patch(
        f"/api/v1/demands/{demand.pk}/", {"contact_phone": "+86 138-3910-0002"}, format="json"
    )
    assert response.status_code == 200, response.content
    demand.refresh_from_db()
    assert demand.contact_phone == "13839100002"


def test_every_save_stores_the_normalised_form(enterprise_user):
    demand = make_demand(enterprise_user.organisation, status="draft", contact_phone="（０３９１）３５６１２３４")
    demand.refresh_from_db()
    assert demand.contact_phone == "0391-3561234"
    org = enterprise_user.organisation
    org.contact_phone = "+86 139 0391 0009"
    org.save()
    org.refresh_from_db()
    assert org.contact_phone == "13903910009"
