"""Enterprises sign up for an upcoming event themselves; refused when blacklisted (the message
names the record) or after the event date."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from events.models import Event, EventParticipant
from events.services import signup, signup_cancel
from tests import factories
from tests.credit.factories import make_blacklist

pytestmark = pytest.mark.django_db


def make_event(**fields):
    fields.setdefault("kind", "launch")
    fields.setdefault("title", "新材料成果发布会")
    fields.setdefault("date", timezone.localdate() + dt.timedelta(days=10))
    fields.setdefault("place", "焦作市科技大厦")
    fields.setdefault("organiser", "焦作市科学技术局")
    fields.setdefault("status", "upcoming")
    return Event.objects.create(**fields)


def test_enterprise_signs_up_on_the_page(client_as, enterprise_user):
    event = make_event()
    client = client_as(enterprise_user)
    assert 'data-testid="signup"' in client.get(event.get_absolute_url()).content.decode()
    response = client.post(f"/events/{event.pk}/signup/", follow=True)
    assert "已报名参加该活动" in response.content.decode()
    participant = EventParticipant.objects.get()
    assert (participant.organisation, participant.source) == (enterprise_user.organisation, "signup")
    again = client.post(f"/events/{event.pk}/signup/", follow=True).content.decode()
    assert "已报名或已受邀" in again
    assert EventParticipant.objects.count() == 1


def test_blacklisted_enterprise_is_refused_with_the_record_named(enterprise_user):
    org = enterprise_user.organisation
    record = make_blacklist(org, reason="虚报技术合同骗取补助", source_document="焦科〔2026〕21号", days_left=5)
    event = make_event()
    with pytest.raises(ValidationError) as exc:
        signup(event=event, user=enterprise_user)
    message = exc.value.messages[0]
    assert org.name in message and "黑名单" in message and "虚报技术合同骗取补助" in message
    assert "焦科〔2026〕21号" in message
    assert not EventParticipant.objects.exists()
    # the blacklist lapses by itself when its validity ends
    signup(event=event, user=enterprise_user, on=record.valid_until + dt.timedelta(days=1))
    assert EventParticipant.objects.filter(organisation=org).exists()


def test_refused_after_the_event_date_allowed_on_the_day(enterprise_user, other_enterprise_user):
    event = make_event(date=dt.date(2026, 6, 1))
    with pytest.raises(ValidationError, match="报名已截止"):
        signup(event=event, user=enterprise_user, on=dt.date(2026, 6, 2))
    signup(event=event, user=other_enterprise_user, on=dt.date(2026, 6, 1))


def test_draft_and_cancelled_events(client_as, enterprise_user, institute_user):
    draft = make_event(status="draft")
    assert client_as(enterprise_user).post(f"/events/{draft.pk}/signup/").status_code == 404
    cancelled = make_event(status="cancelled")
    with pytest.raises(ValidationError, match="已取消"):
        signup(event=cancelled, user=institute_user)


def test_only_enterprises_and_institutes_sign_up(client_as, api_as, liaison_wenxian, leader, institute_user, bureau):
    event = make_event()
    assert 'data-testid="signup"' not in client_as(bureau).get(event.get_absolute_url()).content.decode()
    assert client_as(liaison_wenxian).post(f"/events/{event.pk}/signup/").status_code == 403
    assert api_as(leader).post(f"/api/v1/events/{event.pk}/signup/").status_code == 400
    response = api_as(institute_user).post(f"/api/v1/events/{event.pk}/signup/")
    assert response.status_code == 200 and response.json()["signed_up"] is True


def test_cancel_signup_before_the_event(enterprise_user):
    event = make_event()
    signup(event=event, user=enterprise_user)
    signup_cancel(event=event, user=enterprise_user)
    assert not EventParticipant.objects.exists()
    with pytest.raises(ValidationError, match="没有报名"):
        signup_cancel(event=event, user=enterprise_user)


def test_enterprise_sees_published_events_and_its_own_signups(client_as, enterprise_user):
    mine = make_event(title="我报名的活动")
    make_event(title="别的活动")
    make_event(title="筹备中的活动", status="draft")
    signup(event=mine, user=enterprise_user)
    client = client_as(enterprise_user)
    page = client.get("/events/").content.decode()
    assert "我报名的活动" in page and "别的活动" in page and "筹备中的活动" not in page
    only_mine = client.get("/events/?mine=true").content.decode()
    assert "我报名的活动" in only_mine and "别的活动" not in only_mine
    other = factories.make_enterprise_user(name="另一家公司")
    detail = client_as(other).get(mine.get_absolute_url()).content.decode()
    assert enterprise_user.organisation.name not in detail  # other units do not see who signed up
