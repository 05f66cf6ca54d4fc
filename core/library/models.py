"""The abstract library record and its queryset.

A concrete record declares its own `owner` foreign key (its label and reverse name differ per
app), its `status` field with its TextChoices, and three class attributes:
`public_states` (on the public list), `editable_states` (the owner may still edit) and
`search_fields` (the attributes whose text goes into `search_text`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from accounts.validators import validate_phone
from core.masking import mask_email, mask_phone, mask_text
from core.registry import contact_access_ids
from core.search import build_search_text, search_queryset

DRAFT = "draft"


class LibraryQuerySet(models.QuerySet):
    def public_q(self) -> Q:
        """The condition of the public list (a record app may add e.g. an expiry date)."""
        return Q(status__in=self.model.public_states)

    def public(self):
        return self.filter(self.public_q())

    def visible_to(self, user):
        """Bureau: all; leaders: all but drafts; an organisation: its own plus the public list."""
        if not user.is_authenticated:
            return self.none()
        if user.is_bureau:
            return self.all()
        if user.is_leader:
            # Leaders read everything that was filed (for counts and oversight), never a unit's
            # unsent draft.
            return self.exclude(status=DRAFT)
        public = self.public_q()
        if user.organisation_id:
            return self.filter(public | Q(owner_id=user.organisation_id))
        return self.filter(public)

    def search(self, q: str):
        return search_queryset(self, q) if q else self


class LibraryRecord(models.Model):
    public_states: tuple = ()
    editable_states: tuple = (DRAFT,)
    search_fields: tuple[str, ...] = ()

    contact_name = models.CharField("联系人", max_length=40, blank=True)
    contact_phone = models.CharField("联系电话", max_length=20, blank=True, validators=[validate_phone])
    contact_email = models.EmailField("联系邮箱", blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    search_text = models.TextField("检索文本", blank=True, editable=False)

    class Meta:
        abstract = True

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.search_text = build_search_text(*(getattr(self, name) for name in self.search_fields))
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def is_owned_by(self, user) -> bool:
        return user.is_authenticated and user.organisation_id is not None and user.organisation_id == self.owner_id

    def can_edit(self, user) -> bool:
        """Bureau always; the owner while the record is in one of its editable states."""
        if not user.is_authenticated:
            return False
        if user.is_bureau:
            return True
        return self.is_owned_by(user) and self.status in self.editable_states

    def contact_visible_to(self, user, memo: dict | None = None) -> bool:
        """The contact is shown to the owner, the bureau and whoever another app vouches for
        (core.registry.contact_access_ids: a party of an open engagement).

        `memo` (a dict living for one request, e.g. a serializer context) makes a list ask once
        which records of this kind the user may see the contact of, not row by row.
        """
        if not user.is_authenticated:
            return False
        if user.is_bureau or self.is_owned_by(user):
            return True
        label = self._meta.label_lower
        if memo is None:
            return self.pk in contact_access_ids(user, label)
        key = ("_open_party_ids", label)
        if key not in memo:
            memo[key] = contact_access_ids(user, label)
        return self.pk in memo[key]

    def contact_for(self, visible: bool) -> dict[str, str]:
        """The contact fields as shown: in full when `visible`, else masked."""
        if visible:
            return {"name": self.contact_name, "phone": self.contact_phone, "email": self.contact_email}
        return {
            "name": mask_text(self.contact_name),
            "phone": mask_phone(self.contact_phone),
            "email": mask_email(self.contact_email) if self.contact_email else "",
        }
