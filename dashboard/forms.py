from django import forms
from django.utils import timezone

from core.forms import BootstrapFormMixin

from .figures import year_choices
from .models import RecordedFigure, RecordedIndicator


class RecordedFigureForm(BootstrapFormMixin, forms.Form):
    """The bureau enters (or corrects) one yearly figure; a correction keeps the old value in history."""

    indicator = forms.ChoiceField(label="指标", choices=RecordedIndicator.choices)
    year = forms.TypedChoiceField(label="年度", coerce=int)
    value = forms.IntegerField(
        label="数值", min_value=0, max_value=10**9, error_messages={"min_value": "数值不能为负数。"}
    )
    note = forms.CharField(label="来源/说明", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, f"{y}年") for y in year_choices()]

    def save(self, *, user) -> RecordedFigure:
        data = self.cleaned_data
        figure, _ = RecordedFigure.objects.update_or_create(
            indicator=data["indicator"],
            year=data["year"],
            defaults={"value": data["value"], "note": data["note"], "recorded_by": user, "recorded_at": timezone.now()},
        )
        return figure
