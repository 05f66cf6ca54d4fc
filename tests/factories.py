"""Factories and persona helpers shared by every app's tests."""

import factory
from django.contrib.auth.models import Group

from accounts.models import County, Industry, Organisation, User
from accounts.validators import USCC_CHARSET, uscc_check_character

DEFAULT_PASSWORD = "Test#Pass2026"


def county(code: str) -> County:
    return County.objects.get(code=code)


def industry(code: str = "equipment") -> Industry:
    return Industry.objects.get(code=code)


_uscc_counter = iter(range(1, 10**6))


def make_uscc() -> str:
    """A fresh, valid 统一社会信用代码."""
    n = next(_uscc_counter)
    body = "91410800MA4" + "".join(USCC_CHARSET[(n // 31**i) % 31] for i in range(6))
    return body + uscc_check_character(body)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"测试单位{n}")
    kind = Organisation.Kind.ENTERPRISE
    is_verified = True

    @factory.lazy_attribute
    def uscc(self):
        return make_uscc() if self.kind == Organisation.Kind.ENTERPRISE else None


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    name = factory.Sequence(lambda n: f"用户{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.cn")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if extracted:
            self.groups.set(Group.objects.filter(name__in=extracted))
        if create:
            self.save()


def make_enterprise_user(**org_kwargs) -> User:
    org = OrganisationFactory(kind=Organisation.Kind.ENTERPRISE, **org_kwargs)
    return UserFactory(organisation=org, roles=["enterprise"])


def make_institute_user(**org_kwargs) -> User:
    org_kwargs.setdefault("institute_kind", Organisation.InstituteKind.CAS)
    org = OrganisationFactory(kind=Organisation.Kind.INSTITUTE, **org_kwargs)
    return UserFactory(organisation=org, roles=["institute"])


def make_liaison(county_code: str) -> User:
    c = county(county_code)
    org, _ = Organisation.objects.get_or_create(
        name=f"{c.name}科技主管部门",
        defaults={"kind": Organisation.Kind.COUNTY_BUREAU, "county": c, "is_verified": True},
    )
    return UserFactory(organisation=org, roles=["liaison"])


def make_bureau_user() -> User:
    org, _ = Organisation.objects.get_or_create(
        name="焦作市科学技术局", defaults={"kind": Organisation.Kind.CITY_DEPARTMENT, "is_verified": True}
    )
    return UserFactory(organisation=org, roles=["bureau"])


def make_leader() -> User:
    org, _ = Organisation.objects.get_or_create(
        name="焦作市院地合作领导小组办公室", defaults={"kind": Organisation.Kind.CITY_DEPARTMENT, "is_verified": True}
    )
    return UserFactory(organisation=org, roles=["leader"])
