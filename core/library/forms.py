"""Forms of the library pages: a workflow button's POST and the Excel import upload."""

from django import forms

from core.forms import BootstrapFormMixin


class TransitionForm(BootstrapFormMixin, forms.Form):
    to = forms.CharField(widget=forms.HiddenInput)
    comment = forms.CharField(label="意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ImportForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(label="Excel 文件（.xlsx）")
    dry_run = forms.BooleanField(label="仅预检（不写入）", required=False, initial=True)
    publish = forms.BooleanField(label="导入后直接发布（市科技局征集）", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not user.is_bureau:
            del self.fields["publish"]
