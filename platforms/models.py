from accounts.models import ReferenceItem


class PlatformType(ReferenceItem):
    """Kind of innovation platform (重点实验室, 工程技术研究中心, 孵化器 …)."""

    class Meta(ReferenceItem.Meta):
        verbose_name = "平台类型"
        verbose_name_plural = "平台类型"
