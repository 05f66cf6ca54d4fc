from django.db import models

from accounts.models import ReferenceItem


class TalentCategory(ReferenceItem):
    """One of the seven admission scopes (人才范围) of the talent pool; `examples` lists titles."""

    examples = models.TextField("包含的称号/情形", blank=True)

    class Meta(ReferenceItem.Meta):
        verbose_name = "人才类别"
        verbose_name_plural = "人才类别"
