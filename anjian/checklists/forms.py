from django import forms
from django.utils.translation import gettext_lazy as _

from anjian.core.forms import ServiceModelForm

from .models import ChecklistItem, ChecklistTemplate
from .services import ITEM_FIELDS


class RevisionForm(forms.Form):
    """A draft change that takes nothing but the template revision the user read."""

    revision = forms.IntegerField(
        label=_("修改次数"), widget=forms.HiddenInput, required=False, min_value=0
    )


class _RevisionModelForm(ServiceModelForm):
    """A ServiceModelForm whose optimistic lock is the template's `revision` (a template's
    `version` is its edition, 第N版, not a counter)."""

    revision = forms.IntegerField(
        label=_("修改次数"), widget=forms.HiddenInput, required=False, min_value=0
    )

    def __init__(self, *args, template=None, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["version"]
        template = template or getattr(self.instance, "template", None) or self.instance
        if getattr(template, "pk", None):
            self.fields["revision"].initial = template.revision


class TemplateForm(_RevisionModelForm):
    class Meta:
        model = ChecklistTemplate
        fields = ["code", "title", "source", "sectors"]
        widgets = {"sectors": forms.CheckboxSelectMultiple}
        help_texts = {
            "code": _("英文字母、数字和连字符，如 yjj-gongmao"),
            "source": _("如：发文字号、附件"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:  # the code names every version: fixed once created
            del self.fields["code"]
        else:
            del self.fields["revision"]


class ItemForm(_RevisionModelForm):
    class Meta:
        model = ChecklistItem
        fields = ITEM_FIELDS
        widgets = {
            f: forms.Textarea(attrs={"rows": 3})
            for f in ["item", "content", "points", "basis", "liability", "remark"]
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seq"].required = False
        self.fields["seq"].help_text = _("留空则自动编号")


class MoveForm(RevisionForm):
    direction = forms.ChoiceField(
        label=_("移动方向"), choices=[("up", _("上移")), ("down", _("下移"))]
    )
