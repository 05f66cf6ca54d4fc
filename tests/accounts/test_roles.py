import pytest

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_with_role_finds_active_holders_only(bureau, liaison_wenxian, leader):
    bureau_user = User.objects.get(pk=bureau.pk)
    assert list(User.objects.with_role("bureau")) == [bureau_user]
    assert set(User.objects.with_role("bureau", "leader")) == {bureau, leader}
    User.objects.filter(pk=bureau.pk).update(is_active=False)
    assert not User.objects.with_role("bureau").exists()


def test_liaisons_of_a_county(liaison_wenxian, liaison_qinyang):
    assert list(User.objects.liaisons_of(liaison_wenxian.county_id)) == [liaison_wenxian]
    assert liaison_qinyang.has_role("liaison") and not liaison_qinyang.is_bureau
