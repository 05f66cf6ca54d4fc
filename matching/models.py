"""Matching: the editable knowledge base, the analysed records (the index) and the stored suggestions."""

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from simple_history.models import HistoricalRecords

from accounts.models import Industry


class DocKind(models.TextChoices):
    DEMAND = "demand", "企业需求"
    ACHIEVEMENT = "achievement", "科技成果"
    TALENT = "talent", "人才"


class CompactJSONEncoder(DjangoJSONEncoder):
    """Chinese as UTF-8 and no spaces: analysed profiles are written 200,000 at a time."""

    def __init__(self, *args, **kwargs):
        kwargs["ensure_ascii"] = False
        kwargs["separators"] = (",", ":")
        super().__init__(*args, **kwargs)


class Concept(models.Model):
    """One concept of the matching knowledge base (loaded from matching/data/terms.json).

    `terms` is how institutes name the technology, `problems` how enterprises describe the
    trouble it solves; both map to this concept. Editing here changes matching after
    `manage.py rebuild_match_index` (or the admin action) re-indexes the records.
    """

    class Kind(models.TextChoices):
        TECH = "tech", "技术（解决问题的手段）"
        OBJECT = "object", "对象（设备、产品、场景）"

    code = models.SlugField("编码", max_length=40, unique=True)
    name = models.CharField("概念名称", max_length=60)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices, default=Kind.TECH)
    industries = models.JSONField(
        "相关产业编码",
        default=list,
        blank=True,
        help_text="重点产业编码（如 food、equipment）；记录的产业不在其中时，连到本概念的桥按把握不大计。留空表示各产业通用",
    )
    terms = models.JSONField("技术术语", default=list, blank=True, help_text="院所描述技术的说法")
    problems = models.JSONField("问题说法", default=list, blank=True, help_text="企业描述问题的大白话")
    related = models.JSONField("相关概念编码", default=list, blank=True)
    weak = models.JSONField(
        "把握不大的说法",
        default=list,
        blank=True,
        help_text="技术术语或问题说法中、在真实需求里常指别的意思的那些（如“晃得厉害”也可能是吊物摇摆）：降权，且不单独触发扣减",
    )
    is_active = models.BooleanField("启用", default=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "匹配知识库概念"
        verbose_name_plural = "匹配知识库"
        ordering = ["code"]

    def __str__(self):
        return f"{self.name}（{self.code}）"

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "kind": self.kind,
            "industries": self.industries,
            "terms": self.terms,
            "problems": self.problems,
            "related": self.related,
            "weak": self.weak,
        }

    def clean(self):
        super().clean()
        surfaces = set(self.terms or []) | set(self.problems or [])
        unknown = [w for w in self.weak or [] if w not in surfaces]
        if unknown:
            raise ValidationError(
                {"weak": f"把握不大的说法必须是本概念的技术术语或问题说法之一：{'、'.join(unknown)} 不在其中。"}
            )
        codes = set(Industry.objects.values_list("code", flat=True))
        wrong = [c for c in self.industries or [] if c not in codes]
        if wrong:
            raise ValidationError(
                {
                    "industries": f"没有这个重点产业编码：{'、'.join(map(str, wrong))}。可用的编码：{'、'.join(sorted(codes))}。"
                }
            )


class MatchDocument(models.Model):
    """The analysed profile of one matchable record (published demand/achievement, admitted talent)."""

    kind = models.CharField("类型", max_length=12, choices=DocKind.choices)
    object_id = models.PositiveBigIntegerField("记录ID")
    title = models.CharField("标题", max_length=200)
    profile = models.JSONField(
        "分析结果", default=dict, encoder=CompactJSONEncoder, help_text="BM25F 词权重、知识库概念、产业、成熟度等"
    )
    vector = models.BinaryField("语义向量", null=True, blank=True, help_text="WordLlama 256 维 float16")
    updated_at = models.DateTimeField("索引时间", auto_now=True)

    class Meta:
        verbose_name = "匹配索引记录"
        verbose_name_plural = "匹配索引记录"
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="match_document_once")]
        indexes = [models.Index(fields=["kind", "updated_at"], name="match_document_fresh")]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.title}"


class Suggestion(models.Model):
    """A stored, ranked suggestion with its score and readable reasons (recomputed by tasks)."""

    source_kind = models.CharField("来源类型", max_length=12, choices=DocKind.choices)
    source_id = models.PositiveBigIntegerField("来源ID")
    target_kind = models.CharField("推荐类型", max_length=12, choices=DocKind.choices)
    target_id = models.PositiveBigIntegerField("推荐ID")
    title = models.CharField("推荐标题", max_length=200)
    rank = models.PositiveSmallIntegerField("名次")
    score = models.FloatField("匹配度")
    reasons = models.JSONField("推荐理由", default=list)
    computed_at = models.DateTimeField("计算时间", auto_now=True)
    # A join path from a demand to the suggestions made for it (no column, no constraint: a
    # suggestion also names achievements and talents by source_id). It lets the overview sort
    # demands by their best suggestion with one LEFT JOIN instead of a subquery per demand.
    source_demand = models.ForeignObject(
        "demands.Demand",
        on_delete=models.DO_NOTHING,
        from_fields=["source_id"],
        to_fields=["id"],
        related_name="+",
        related_query_name="match_suggestion",
        null=True,
    )

    class Meta:
        verbose_name = "匹配推荐"
        verbose_name_plural = "匹配推荐"
        ordering = ["source_kind", "source_id", "target_kind", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_kind", "source_id", "target_kind", "target_id"], name="suggestion_once"
            )
        ]
        indexes = [
            models.Index(fields=["source_kind", "source_id", "target_kind", "rank"], name="suggestion_lookup"),
            models.Index(fields=["target_kind", "target_id"], name="suggestion_target"),
        ]

    def __str__(self):
        return f"{self.source_kind}#{self.source_id} → {self.target_kind}#{self.target_id}（{self.score:.2f}）"
