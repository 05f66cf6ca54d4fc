"""Keyword fields and API fields that accept a code *or* its Chinese label.

People type Chinese (Excel imports, other systems calling the API): "技术需求", "高端装备制造",
"委托研发、合作研究". These fields turn such input into the stored codes, so a page, an import
row and an API call are validated by the same rules. The form fields for coded choices and
reference rows are in core/inputs.py.
"""

from django import forms
from django.core.exceptions import ValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.excel import split_multi
from core.inputs import label_to_code, reference_lookup


class KeywordsField(forms.CharField):
    """Keywords typed as '密封、橡胶，液压' → ['密封', '橡胶', '液压']."""

    def __init__(self, *args, max_keywords=10, **kwargs):
        self.max_keywords = max_keywords
        kwargs.setdefault("help_text", "多个关键词用顿号或逗号分隔，最多 10 个")
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "、".join(value)
        return value

    def to_python(self, value):
        if isinstance(value, list | tuple):
            words = [str(v).strip() for v in value if str(v).strip()]
        else:
            words = split_multi(super().to_python(value))
        words = list(dict.fromkeys(words))
        if len(words) > self.max_keywords:
            raise ValidationError(f"关键词最多 {self.max_keywords} 个。")
        if any(len(w) > 20 for w in words):
            raise ValidationError("每个关键词不超过 20 个字。")
        return words

    def has_changed(self, initial, data):
        return self.to_python(initial or []) != self.to_python(data)


# ------------------------------------------------------------------ API (DRF)


class LabelChoiceSerializerField(serializers.ChoiceField):
    """Accepts the code or the Chinese label; returns the code."""

    def to_internal_value(self, data):
        return super().to_internal_value(label_to_code(list(self.choices.items()), data))


class LabelMultipleChoiceSerializerField(serializers.ListField):
    def __init__(self, *, choices, **kwargs):
        self._choices = list(choices)
        kwargs.setdefault("child", serializers.CharField())
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, str):
            data = split_multi(data)
        values = super().to_internal_value(data)
        codes = [label_to_code(self._choices, v) for v in values]
        valid = {c for c, _ in self._choices}
        bad = [v for v, c in zip(values, codes, strict=True) if c not in valid]
        if bad:
            raise serializers.ValidationError(f"无效的选项：{'、'.join(bad)}。")
        return list(dict.fromkeys(codes))


@extend_schema_field(OpenApiTypes.STR)
class ReferenceNameField(serializers.RelatedField):
    """Industry/county as its Chinese name on output; name, code or id on input."""

    default_error_messages = {"does_not_exist": "“{value}”不是有效的选项。"}

    def to_representation(self, value):
        return value.name

    def to_internal_value(self, data):
        found = reference_lookup(self.get_queryset(), data)
        if found is None:
            self.fail("does_not_exist", value=data)
        return found


class KeywordsSerializerField(serializers.ListField):
    def __init__(self, **kwargs):
        kwargs.setdefault("child", serializers.CharField(max_length=20))
        kwargs.setdefault("max_length", 10)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, str):
            data = split_multi(data)
        return list(dict.fromkeys(w.strip() for w in super().to_internal_value(data) if w.strip()))


@extend_schema_field(OpenApiTypes.STR)
class ChoiceLabelField(serializers.ReadOnlyField):
    """Read-only Chinese label of a choice field (e.g. status → “已发布”).

    Same output as `source="get_status_display"`, without DRF inspecting a bound method's
    signature for every row of a list.
    """

    def __init__(self, *, choices, **kwargs):
        self._labels = {str(value): str(label) for value, label in choices}
        super().__init__(**kwargs)

    def to_representation(self, value):
        return self._labels.get(value, value)
