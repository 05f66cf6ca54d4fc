"""Supervised units: every county-level unit and the city departments, as data."""

import datetime as dt

import pytest

from accounts.models import County, Organisation
from core.models import ReminderLog
from supervision.models import LedgerItem, SupervisedUnit
from supervision.reminders import send_ledger_reminders
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_every_county_is_a_unit_and_departments_are_seeded():
    assert SupervisedUnit.objects.filter(kind="county").count() == County.objects.count()
    assert SupervisedUnit.objects.filter(kind="department", name="市教育局").exists()


def test_a_department_user_keeps_its_ledger_and_is_reminded(liaison_wenxian):
    org = Organisation.objects.create(name="焦作市教育局", kind="city_department", is_verified=True)
    unit = SupervisedUnit.objects.get(name="市教育局")
    unit.organisation = org
    unit.save()
    keeper = UserFactory(organisation=org, roles=["liaison"])
    assert list(SupervisedUnit.objects.kept_by(keeper)) == [unit]
    item = LedgerItem.objects.create(unit=unit, year=2026, quarter=2, task="高校院所对接", responsible_person="刘")
    assert list(LedgerItem.objects.visible_to(keeper)) == [item]
    assert not LedgerItem.objects.visible_to(liaison_wenxian).exists()
    send_ledger_reminders(dt.date(2026, 6, 20))
    assert ReminderLog.objects.filter(recipient=keeper, period="2026-Q2").exists()
