"""Forms of the library pages: a workflow button's POST and the Excel import upload."""

from django import forms


class TransitionForm(forms.Form):
    to = forms.CharField(widget=forms.HiddenInput)
    comment = forms.CharField(label="意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Excel 文件（.xlsx）", widget=forms.ClearableFileInput(attrs={"class": "form-control"})
    )
    dry_run = forms.BooleanField(
        label="仅预检（不写入）",
        required=False,
        initial=True,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    publish = forms.BooleanField(
        label="导入后直接发布（市科技局征集）",
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not user.is_bureau:
            del self.fields["publish"]
