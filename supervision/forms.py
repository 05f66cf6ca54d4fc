from django import forms
from django.utils import timezone

from core.forms import BootstrapFormMixin, style_fields
from core.reminders import quarter_of

from .models import QUARTER_CHOICES, AssignedTask, LedgerItem, Outcome, SupervisedUnit

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LedgerItemForm(BootstrapFormMixin, forms.ModelForm):
    evidence_file = forms.FileField(
        label="佐证材料（PDF/JPG/PNG）", required=False, help_text="按文件内容识别格式；重新上传会替换原文件"
    )

    class Meta:
        model = LedgerItem
        fields = ["unit", "year", "quarter", "task", "responsible_person", "progress", "assigned_task"]
        widgets = {"progress": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = SupervisedUnit.objects.kept_by(user).active()
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = None if units.count() == 1 else "请选择"
        self.fields["assigned_task"].queryset = AssignedTask.objects.visible_to(user).open()
        self.fields["assigned_task"].required = False
        if not self.instance.pk:
            today = timezone.localdate()
            self.initial.setdefault("year", today.year)
            self.initial.setdefault("quarter", quarter_of(today))
        style_fields(self.fields)


class TaskForm(BootstrapFormMixin, forms.Form):
    unit = forms.ModelChoiceField(label="责任单位", queryset=SupervisedUnit.objects.active())
    title = forms.CharField(label="任务", max_length=200)
    detail = forms.CharField(label="任务要求", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    meeting_on = forms.DateField(label="交办会议日期", widget=DATE)
    due_on = forms.DateField(label="完成时限", widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("meeting_on", timezone.localdate())
        style_fields(self.fields)


class RecordForm(BootstrapFormMixin, forms.Form):
    unit = forms.ModelChoiceField(label="单位", queryset=SupervisedUnit.objects.active())
    year = forms.IntegerField(label="年度", min_value=2020, max_value=2100)
    quarter = forms.TypedChoiceField(label="季度", choices=QUARTER_CHOICES, coerce=int)
    score = forms.DecimalField(
        label="得分（0–100）",
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        error_messages={"invalid": "得分须为数字。"},
    )
    outcome = forms.ChoiceField(label="结果", choices=Outcome.choices, initial=Outcome.NONE)
    comment = forms.CharField(label="督导意见", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self.fields)


class TransitionForm(forms.Form):
    to = forms.CharField(max_length=20)
    comment = forms.CharField(required=False, max_length=2000)
