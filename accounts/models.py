from functools import cached_property

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import connection, models
from django.db.models import OuterRef, Q
from simple_history.models import HistoricalRecords

from .roles import Role
from .validators import normalize_uscc, validate_phone, validate_uscc


class ReferenceQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class ReferenceItem(models.Model):
    """Admin-editable reference list entry: a code that never changes and a Chinese name."""

    code = models.SlugField("编码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=60, unique=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["sort_order", "id"]

    def __str__(self):
        return self.name


class County(ReferenceItem):
    """A county-level unit (县/市/区) of Jiaozuo, or a functional zone."""

    is_functional_zone = models.BooleanField("功能区", default=False)

    class Meta(ReferenceItem.Meta):
        verbose_name = "县区"
        verbose_name_plural = "县区"


class Industry(ReferenceItem):
    """One of the ten key industries (十大重点产业)."""

    class Meta(ReferenceItem.Meta):
        verbose_name = "重点产业"
        verbose_name_plural = "重点产业"


class OrganisationQuerySet(models.QuerySet):
    def enterprises(self):
        return self.filter(kind=Organisation.Kind.ENTERPRISE)

    def institutes(self):
        return self.filter(kind=Organisation.Kind.INSTITUTE)

    def verified(self):
        return self.filter(verification_status=Organisation.Verification.VERIFIED)

    def visible_to(self, user):
        """Bureau and leaders see every unit; others their own plus verified institutes."""
        if not user.is_authenticated:
            return self.none()
        if user.is_bureau or user.has_role(Role.LEADER):
            return self.all()
        return self.filter(
            Q(pk=user.organisation_id)
            | Q(kind=Organisation.Kind.INSTITUTE, verification_status=Organisation.Verification.VERIFIED)
        )


class Organisation(models.Model):
    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", "企业"
        INSTITUTE = "institute", "高校院所"
        COUNTY_BUREAU = "county_bureau", "县区科技主管部门"
        CITY_DEPARTMENT = "city_department", "市直部门"

    class InstituteKind(models.TextChoices):
        CAS = "cas", "中科院院所"
        UNIVERSITY = "university", "高校"
        BEIJING_ALLIANCE = "beijing_alliance", "北京高校联盟成员"
        PROVINCIAL = "provincial", "省级科研院所"
        NEW_RD = "new_rd", "新型研发机构"
        OTHER = "other", "其他"

    class Verification(models.TextChoices):
        """The unit's verification workflow (accounts.workflow): changed only by core.workflow."""

        PENDING = "pending", "待核验"
        VERIFIED = "verified", "已核验"
        REJECTED = "rejected", "核验未通过"

    name = models.CharField("单位名称", max_length=120, unique=True)
    kind = models.CharField("单位类型", max_length=20, choices=Kind.choices)
    uscc = models.CharField(
        "统一社会信用代码", max_length=18, unique=True, null=True, blank=True, validators=[validate_uscc]
    )
    county = models.ForeignKey(County, verbose_name="所在县区", null=True, blank=True, on_delete=models.PROTECT)
    industry = models.ForeignKey(Industry, verbose_name="所属产业", null=True, blank=True, on_delete=models.PROTECT)
    institute_kind = models.CharField("院所类别", max_length=20, choices=InstituteKind.choices, blank=True)
    location = models.CharField("所在省市", max_length=60, blank=True)
    is_high_tech = models.BooleanField("高新技术企业", default=False)
    is_tech_sme = models.BooleanField("科技型中小企业", default=False)
    contact_name = models.CharField("联系人", max_length=40, blank=True)
    contact_phone = models.CharField("联系电话", max_length=20, blank=True, validators=[validate_phone])
    contact_email = models.EmailField("联系邮箱", blank=True)
    verification_status = models.CharField(
        "核验状态", max_length=20, choices=Verification.choices, default=Verification.PENDING, db_index=True
    )
    verified_at = models.DateTimeField("核验时间", null=True, blank=True)
    verified_by = models.ForeignKey(
        "accounts.User", verbose_name="核验人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    history = HistoricalRecords()
    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="county_bureau") | Q(county__isnull=False), name="county_bureau_has_county"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.uscc:
            self.uscc = normalize_uscc(self.uscc)
        if self.kind == self.Kind.ENTERPRISE and not self.uscc:
            raise ValidationError({"uscc": "企业必须填写统一社会信用代码。"})
        if self.kind == self.Kind.COUNTY_BUREAU and not self.county_id:
            raise ValidationError({"county": "县区科技主管部门必须选择所属县区。"})

    def can_edit(self, user) -> bool:
        return user.is_bureau or user.organisation_id == self.pk

    @property
    def is_verified(self) -> bool:
        return self.verification_status == self.Verification.VERIFIED

    @is_verified.setter
    def is_verified(self, value: bool) -> None:
        """Only a unit being created may start verified (demo data, a bureau-created institute);
        an existing unit changes through core.workflow.transition (accounts.workflow)."""
        if not self._state.adding:
            raise AttributeError("单位核验状态只能通过核验流程变更（core.workflow.transition）。")
        self.verification_status = self.Verification.VERIFIED if value else self.Verification.PENDING


class UserQuerySet(models.QuerySet):
    def with_role(self, *roles: str):
        """Active users holding any of `roles` (who to notify for a review step)."""
        return self.filter(is_active=True, groups__name__in=roles).distinct()

    def liaisons_of(self, county_id):
        """Active county liaisons working for `county_id`'s science bureau."""
        return self.with_role(Role.LIAISON).filter(
            organisation__kind=Organisation.Kind.COUNTY_BUREAU, organisation__county_id=county_id
        )


class PortalUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """A portal user, bound to one organisation; roles are groups (see accounts.roles.Role)."""

    objects = PortalUserManager()

    name = models.CharField("姓名", max_length=40, blank=True)
    phone = models.CharField("手机", max_length=20, blank=True)
    organisation = models.ForeignKey(
        Organisation, verbose_name="所属单位", null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    # A self-registered account stays switched off until its unit is verified; verification
    # switches on only these, never an account the bureau deliberately switched off.
    awaiting_verification = models.BooleanField("等待单位核验", default=False)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self):
        return self.name or self.username

    @cached_property
    def roles(self) -> frozenset[str]:
        names = self.__dict__.get("role_names")  # loaded with the user by with_role_names()
        if names is None:
            names = self.groups.values_list("name", flat=True)
        return frozenset(names)

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def is_bureau(self) -> bool:
        """City science-bureau staff (and administrators) act on everything."""
        return self.is_superuser or Role.BUREAU in self.roles

    @property
    def is_liaison(self) -> bool:
        return Role.LIAISON in self.roles

    @property
    def is_leader(self) -> bool:
        return Role.LEADER in self.roles

    @property
    def county(self):
        """The county a liaison (or county bureau user) works for, else None."""
        org = self.organisation
        return org.county if org is not None and org.kind == Organisation.Kind.COUNTY_BUREAU else None

    @property
    def county_id(self):
        county = self.county
        return county.pk if county else None

    @property
    def role_labels(self) -> list[str]:
        return [Role(r).label for r in Role.values if r in self.roles]


def with_role_names(queryset, user_ref: str = "pk"):
    """`queryset` annotated with `role_names`, the user's group names, so that loading the signed-in
    user (session or API token) loads their roles in the same query. PostgreSQL only (an array
    subquery); elsewhere the roles are read by a second query when first asked for."""
    if connection.vendor != "postgresql":
        return queryset
    from django.contrib.auth.models import Group  # noqa: PLC0415 — not needed at import time
    from django.contrib.postgres.expressions import ArraySubquery  # noqa: PLC0415 — PostgreSQL only

    return queryset.annotate(role_names=ArraySubquery(Group.objects.filter(user=OuterRef(user_ref)).values("name")))
