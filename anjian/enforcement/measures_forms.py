"""Forms of 查封扣押 and the evidence records: they parse; the services decide."""

import re

from django import forms
from django.utils.translation import gettext_lazy

from anjian.accounts.models import Role, User
from anjian.core.forms import SearchSelectMultiple, model_field

from .forms import date_field, text_area, translated
from .measures_models import EvidenceRecord, Seizure

ITEM_HELP = gettext_lazy(
    "每行一项：名称｜规格型号｜数量｜单位｜备注（用“|”或“｜”分隔，名称和数量必填）"
)


def parse_item_lines(text: str) -> list[dict]:
    rows = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        cells = [c.strip() for c in re.split(r"[|｜\t]", line)] + [""] * 5
        rows.append(dict(zip(("name", "spec", "quantity", "unit", "note"), cells[:5], strict=True)))
    return rows


def officers_field(user, label):
    qs = User.objects.none()
    if user is not None and user.department_id:
        qs = User.objects.filter(
            department_id=user.department_id,
            role__in=[Role.INSPECTOR, Role.DEPT_LEADER],
            is_active=True,
        ).order_by("username")
    field = forms.ModelMultipleChoiceField(
        qs, label=label, widget=SearchSelectMultiple("inspector"), required=False
    )
    field.label_from_instance = lambda u: (
        f"{u.display_name}（{u.cert_no}）" if u.cert_no else u.display_name
    )
    return field


class SeizureForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("措施"), choices=())
    facts = model_field(Seizure, "facts", label=gettext_lazy("查封扣押的理由（违法事实）"),
                        widget=text_area(3))  # fmt: skip
    basis = model_field(
        Seizure, "basis", label=gettext_lazy("依据（留空按安全生产法第六十五条第一款第四项）"),
        required=False, widget=text_area(2),
    )  # fmt: skip
    place = model_field(Seizure, "place", label=gettext_lazy("查封扣押场所（地点）"))
    planned_on = date_field(gettext_lazy("拟实施日期"))
    party_present = forms.BooleanField(label=gettext_lazy("当事人到场"), required=False,
                                       initial=True)  # fmt: skip
    party_name = model_field(Seizure, "party_name", label=gettext_lazy("到场的当事人（代表）"),
                             required=False)  # fmt: skip
    items = forms.CharField(label=gettext_lazy("查封扣押物品清单"), widget=text_area(5),
                            help_text=ITEM_HELP, max_length=20000)  # fmt: skip

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = translated(Seizure.KINDS)
        self.fields["officers"] = officers_field(
            user, gettext_lazy("实施的执法人员（两名以上，持有效执法证）")
        )

    def clean_items(self):
        return parse_item_lines(self.cleaned_data["items"])


class SeizureApproveForm(forms.Form):
    note = model_field(Seizure, "approval_note", label=gettext_lazy("批准意见"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class SeizureIssueForm(forms.Form):
    on = date_field(gettext_lazy("查封扣押日期"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class SeizureExtendForm(forms.Form):
    days = forms.IntegerField(label=gettext_lazy("延长天数（不超过30日）"), min_value=1,
                              max_value=366)  # fmt: skip
    reason = model_field(Seizure, "extension_reason", label=gettext_lazy("延长理由"),
                         widget=text_area(2))  # fmt: skip
    on = date_field(gettext_lazy("延长决定日期"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class SeizureLiftForm(forms.Form):
    reason = forms.ChoiceField(label=gettext_lazy("解除理由（行政强制法第二十八条）"), choices=())
    note = model_field(Seizure, "lift_note", label=gettext_lazy("说明"), required=False,
                       widget=text_area(2))  # fmt: skip
    on = date_field(gettext_lazy("解除日期"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = translated(Seizure.LIFT_REASONS)


class MeasureSignForm(forms.Form):
    """An officer's own signature (the logged-in user, or a colleague with his own password),
    or a person's handwritten signature with name and 身份证号."""

    signer = forms.ModelChoiceField(User.objects.none(), required=False)
    password = forms.CharField(required=False, max_length=128, widget=forms.PasswordInput)
    name = forms.CharField(required=False, max_length=32)
    id_number = forms.CharField(required=False, max_length=18)
    png = forms.CharField(required=False, strip=False, widget=forms.HiddenInput,
                          max_length=800_000)  # fmt: skip
    witness = forms.BooleanField(required=False)

    def __init__(self, *args, signers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if signers is not None:
            self.fields["signer"].queryset = signers

    def signature_kwargs(self) -> dict:
        d = self.cleaned_data
        if d.get("signer") is not None:
            return {"signer": d["signer"], "password": d.get("password") or None}
        return {"name": d.get("name") or "", "id_number": d.get("id_number") or "",
                "png": d.get("png") or None}  # fmt: skip


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("证据种类"), choices=())
    on = date_field(gettext_lazy("日期"))
    start_time = forms.TimeField(label=gettext_lazy("起始时间"), required=False,
                                 widget=forms.TimeInput(attrs={"type": "time"}))  # fmt: skip
    end_time = forms.TimeField(label=gettext_lazy("结束时间"), required=False,
                               widget=forms.TimeInput(attrs={"type": "time"}))  # fmt: skip
    place = model_field(EvidenceRecord, "place", label=gettext_lazy("地点"))
    subject_name = model_field(EvidenceRecord, "subject_name",
                               label=gettext_lazy("被询问人（当事人代表）"), required=False)  # fmt: skip
    subject_id_number = model_field(EvidenceRecord, "subject_id_number",
                                    label=gettext_lazy("身份证号"), required=False)  # fmt: skip
    subject_gender = model_field(EvidenceRecord, "subject_gender", label=gettext_lazy("性别"),
                                 required=False)  # fmt: skip
    subject_unit = model_field(EvidenceRecord, "subject_unit",
                               label=gettext_lazy("工作单位及职务"), required=False)  # fmt: skip
    subject_address = model_field(EvidenceRecord, "subject_address", label=gettext_lazy("住址"),
                                  required=False)  # fmt: skip
    subject_phone = model_field(EvidenceRecord, "subject_phone", label=gettext_lazy("联系电话"),
                                required=False)  # fmt: skip
    notice_on = date_field(gettext_lazy("询问通知日期"))
    notice_matter = model_field(EvidenceRecord, "notice_matter", label=gettext_lazy("询问事项"),
                                required=False)  # fmt: skip
    content = model_field(
        EvidenceRecord, "content", label=gettext_lazy("内容（问答、勘验情况、抽样说明、鉴定事项）"),
        widget=text_area(8),
    )  # fmt: skip
    appraiser = model_field(EvidenceRecord, "appraiser", label=gettext_lazy("鉴定机构"),
                            required=False)  # fmt: skip
    items = forms.CharField(label=gettext_lazy("物品清单（抽样、先行登记保存、送检材料）"),
                            widget=text_area(4), help_text=ITEM_HELP, required=False,
                            max_length=20000)  # fmt: skip

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = translated(EvidenceRecord.KINDS)
        self.fields["officers"] = officers_field(user, gettext_lazy("执法人员（两名以上）"))
        recorder = officers_field(user, gettext_lazy("记录人"))
        self.fields["recorder"] = forms.ModelChoiceField(
            recorder.queryset, label=gettext_lazy("记录人"), required=False
        )
        self.fields["recorder"].label_from_instance = recorder.label_from_instance

    def clean_items(self):
        return parse_item_lines(self.cleaned_data["items"])


class PreservationDecisionForm(forms.Form):
    disposal = forms.ChoiceField(label=gettext_lazy("处理决定"), choices=())
    note = model_field(EvidenceRecord, "disposal_note", label=gettext_lazy("说明"),
                       required=False, widget=text_area(2))  # fmt: skip
    on = date_field(gettext_lazy("处理决定日期"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["disposal"].choices = translated(EvidenceRecord.DISPOSALS)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        one = super().clean
        if isinstance(data, (list, tuple)):
            return [one(d, initial) for d in data]
        return [one(data, initial)]


class EvidenceFilesForm(forms.Form):
    files = MultipleFileField(label=gettext_lazy("证据文件（照片、扫描件、录音录像）"))
