from django import forms

from accounts.models import Organisation
from core.forms import BootstrapFormMixin

from .models import CreditRecord


class CreditRecordForm(BootstrapFormMixin, forms.ModelForm):
    organisation = forms.ModelChoiceField(
        Organisation.objects.all(), label="单位", required=False, help_text="记录单位时选择；记录个人时留空并填写姓名"
    )

    class Meta:
        model = CreditRecord
        fields = ["organisation", "person_name", "kind", "reason", "source_document", "valid_from", "valid_until"]
        widgets = {
            "reason": forms.Textarea(attrs={"rows": 3}),
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("organisation") and not (cleaned.get("person_name") or "").strip():
            self.add_error("organisation", "请选择单位或填写个人姓名。")
        start, end = cleaned.get("valid_from"), cleaned.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", "有效期截止日期不能早于起始日期。")
        return cleaned
