from django import forms
from django.utils import timezone

from core.forms import BootstrapFormMixin
from subsidies.models import TechContract


class EngagementOpenForm(BootstrapFormMixin, forms.Form):
    summary = forms.CharField(label="对接说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    next_follow_up_on = forms.DateField(
        label="下次跟进日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class NoteForm(BootstrapFormMixin, forms.Form):
    body = forms.CharField(label="跟进记录", widget=forms.Textarea(attrs={"rows": 3}))
    next_follow_up_on = forms.DateField(
        label="下次跟进日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class TransitionForm(BootstrapFormMixin, forms.Form):
    """One form for every stage change; the signing fields matter only for 签约."""

    to = forms.CharField(widget=forms.HiddenInput)
    comment = forms.CharField(label="意见或原因", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    registration_number = forms.CharField(label="技术合同登记编号", required=False, max_length=40)
    contract_name = forms.CharField(label="合同名称", required=False, max_length=200)
    contract_type = forms.ChoiceField(
        label="合同类型", required=False, choices=[("", "（默认）"), *TechContract.ContractType.choices]
    )
    contract_amount = forms.DecimalField(label="合同金额（元）", required=False, max_digits=14, decimal_places=2)
    transaction_amount = forms.DecimalField(label="技术交易额（元）", required=False, max_digits=14, decimal_places=2)
    signed_on = forms.DateField(
        label="签订日期", required=False, initial=timezone.localdate, widget=forms.DateInput(attrs={"type": "date"})
    )
    registered_on = forms.DateField(label="登记日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def workflow_data(self) -> dict:
        keys = (
            "registration_number",
            "contract_name",
            "contract_type",
            "contract_amount",
            "transaction_amount",
            "signed_on",
            "registered_on",
        )
        return {k: self.cleaned_data[k] for k in keys if self.cleaned_data.get(k) not in (None, "")}
