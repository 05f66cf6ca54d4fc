from django import forms

from accounts.models import County, Organisation
from core.forms import BootstrapFormMixin, style_fields
from engagements.models import Engagement
from talents.models import Talent, TalentStatus

from .models import Event

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONEY_ATTRS = {"inputmode": "decimal", "placeholder": "单位：元，精确到分"}


class EventForm(BootstrapFormMixin, forms.ModelForm):
    enterprises = forms.ModelMultipleChoiceField(
        label="邀请企业", queryset=Organisation.objects.enterprises().verified(), required=False
    )
    institutes = forms.ModelMultipleChoiceField(
        label="邀请高校院所", queryset=Organisation.objects.institutes().verified(), required=False
    )
    talents = forms.ModelMultipleChoiceField(label="参加人才", queryset=None, required=False)

    class Meta:
        model = Event
        fields = ["kind", "title", "date", "place", "organiser", "county", "description"]
        widgets = {"date": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["talents"].queryset = Talent.objects.visible_to(user).filter(status=TalentStatus.ADMITTED)
        if user.is_liaison and not user.is_bureau:
            self.fields["county"].queryset = County.objects.filter(pk=user.county_id)
            self.fields["county"].required = True
            self.fields["county"].empty_label = None
        if self.instance.pk:
            invited = self.instance.participants.filter(source="invited")
            self.initial["enterprises"] = [
                p.organisation_id for p in invited if p.organisation.kind == Organisation.Kind.ENTERPRISE
            ]
            self.initial["institutes"] = [
                p.organisation_id for p in invited if p.organisation.kind == Organisation.Kind.INSTITUTE
            ]
            self.initial["talents"] = list(self.instance.talents.values_list("pk", flat=True))
        elif user.organisation_id:
            self.initial.setdefault("organiser", user.organisation.name)
        style_fields(self.fields)


class AgreementForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label="协议名称", max_length=200)
    parties = forms.CharField(label="签约各方", max_length=300, help_text="如：焦作某公司 与 某大学")
    enterprise = forms.ModelChoiceField(
        label="企业（已注册的）", queryset=Organisation.objects.enterprises(), required=False
    )
    institute = forms.ModelChoiceField(
        label="高校院所（已注册的）", queryset=Organisation.objects.institutes(), required=False
    )
    amount = forms.DecimalField(
        label="协议金额（元）",
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        widget=forms.TextInput(MONEY_ATTRS),
    )
    signed_on = forms.DateField(label="签订日期", widget=DATE)
    engagement = forms.ModelChoiceField(label="对应对接（可选）", queryset=None, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["engagement"].queryset = Engagement.objects.visible_to(user).select_related("demand")
        style_fields(self.fields)


class ProjectForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label="项目名称", max_length=200)
    enterprise = forms.ModelChoiceField(label="承接企业", queryset=Organisation.objects.enterprises(), required=False)
    institute = forms.ModelChoiceField(label="合作院所", queryset=Organisation.objects.institutes(), required=False)
    investment = forms.DecimalField(
        label="投资额（元）",
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        widget=forms.TextInput(MONEY_ATTRS),
    )
    landed_on = forms.DateField(label="落地日期", widget=DATE)
    engagement = forms.ModelChoiceField(label="对应对接（可选）", queryset=None, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["engagement"].queryset = Engagement.objects.visible_to(user).select_related("demand")
        style_fields(self.fields)


class TransitionForm(forms.Form):
    to = forms.CharField(max_length=20)
    comment = forms.CharField(required=False, max_length=2000)
