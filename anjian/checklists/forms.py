from django import forms

from anjian.accounts.models import Sector

from .models import ChecklistItem


class TemplateForm(forms.Form):
    code = forms.SlugField(
        label="模板代码", max_length=64, help_text="英文字母、数字和连字符，如 yjj-gongmao"
    )
    title = forms.CharField(label="名称", max_length=128)
    source = forms.CharField(
        label="来源", max_length=200, required=False, help_text="如：发文字号、附件"
    )
    sectors = forms.ModelMultipleChoiceField(
        Sector.objects.all(),
        label="适用行业领域",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class TemplateEditForm(TemplateForm):
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["code"]


class ItemForm(forms.ModelForm):
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ChecklistItem
        fields = [
            "subject",
            "seq",
            "item",
            "content",
            "points",
            "basis",
            "liability",
            "remark",
            "violation_code",
        ]
        widgets = {
            f: forms.Textarea(attrs={"rows": 3})
            for f in ["item", "content", "points", "basis", "liability", "remark"]
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seq"].required = False
        self.fields["seq"].help_text = "留空则自动编号"
