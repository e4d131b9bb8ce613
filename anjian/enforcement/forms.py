"""Enforcement forms. They parse (types, lengths and amounts bounded by the model fields, dates
as yyyy-mm-dd); the services decide. A record is picked by search-as-you-type over a lookup
read through the user's scope, never by typing its id."""

from django import forms
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from anjian.accounts.forms import SignatureForm
from anjian.accounts.models import Department, Region
from anjian.core.forms import (
    DateInput,
    SearchSelect,
    SearchSelectMultiple,
    ServiceModelForm,
    VersionForm,
    model_field,
)
from anjian.core.lookups import LOOKUPS
from anjian.law import VIOLATIONS

from .i18n import citation
from .models import (
    Case,
    CaseParty,
    Document,
    Exposure,
    Hearing,
    Sanction,
    Transfer,
    TransferItem,
)
from .services import CRIMES, FIELD_DOCUMENTS, MAX_EXTENSION_DAYS
from .services.discretion import BOOLEAN_FACTS, HARM_CHOICES

ISO_DATE = ["%Y-%m-%d"]  # what a date input posts; 2026/12/02 is an error naming the field


def date_field(label, required=False) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=DateInput(), input_formats=ISO_DATE
    )


def text_area(rows=2, placeholder=None) -> forms.Textarea:
    attrs = {"rows": rows}
    if placeholder:
        attrs["placeholder"] = placeholder
    return forms.Textarea(attrs=attrs)


def translated(choices) -> list:
    """Model choices with their Chinese labels in the user's language (see enforcement.i18n)."""
    return [(value, _(label) if label else label) for value, label in choices]


def record_field(lookup: str, user, label, required=True) -> forms.ModelChoiceField:
    """One record out of the user's scope, searched as the user types (core.forms.SearchSelect)."""
    found = LOOKUPS[lookup]
    field = forms.ModelChoiceField(
        found.queryset(user), label=label, required=required, widget=SearchSelect(lookup)
    )
    field.label_from_instance = found.label
    return field


def violation_choices():
    """Violations with fines or measures for enterprises/persons (第九十三条起), by article."""
    out = [("", _("——请选择——"))]
    for code, v in VIOLATIONS.items():
        if v.fines:
            summary = _(v.summary)
            short = v.summary[:40] if summary == v.summary else Truncator(summary).chars(100)
            label = _("%(citation)s：%(summary)s") % {
                "citation": citation(v.citation),
                "summary": short,
            }
            out.append((code, label))
    return out


# ----------------------------------------------------------------------- opening a case


class CaseForm(forms.Form):
    """立案申请 from findings or hazards (一案双罚: up to two responsible persons)."""

    title = model_field(Case, "title", label=gettext_lazy("案由"))
    facts = model_field(
        Case, "facts", label=gettext_lazy("违法事实"), required=True, widget=text_area(4)
    )
    violation_code = forms.ChoiceField(label=gettext_lazy("违法行为（处罚依据）"), choices=())
    overdue = forms.BooleanField(label=gettext_lazy("逾期未改正（适用加重罚则）"), required=False)
    person_name = model_field(
        CaseParty, "name", label=gettext_lazy("责任人员姓名（一案双罚）"), required=False
    )
    person_position = model_field(
        CaseParty, "position", label=gettext_lazy("责任人员职务"),
        help_text=gettext_lazy("如：主要负责人"),
    )  # fmt: skip
    person_id_number = model_field(
        CaseParty, "id_number", label=gettext_lazy("责任人员身份证号"), required=False
    )
    person_address = model_field(
        CaseParty, "address", label=gettext_lazy("责任人员住址"), required=False
    )
    person2_name = model_field(
        CaseParty, "name", label=gettext_lazy("其他责任人员姓名"), required=False
    )
    person2_position = model_field(
        CaseParty, "position", label=gettext_lazy("其他责任人员职务"), help_text=""
    )
    person2_id_number = model_field(
        CaseParty, "id_number", label=gettext_lazy("其他责任人员身份证号"), required=False
    )
    person2_address = model_field(
        CaseParty, "address", label=gettext_lazy("其他责任人员住址"), required=False
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["violation_code"].choices = violation_choices()

    def persons(self) -> list[dict]:
        """Each responsible person with the particulars their own decision states."""
        d = self.cleaned_data
        return [
            {
                "name": d[f"{pre}_name"],
                "position": d[f"{pre}_position"],
                "id_number": d[f"{pre}_id_number"],
                "address": d[f"{pre}_address"],
            }
            for pre in ("person", "person2")
            if d[f"{pre}_name"].strip()
        ]


class SimpleForm(forms.Form):
    """简易程序 (当场处罚): one party, the fine decided on the spot."""

    title = model_field(Case, "title", label=gettext_lazy("案由"))
    facts = model_field(
        Case, "facts", label=gettext_lazy("违法事实"), required=True, widget=text_area(3)
    )
    violation_code = forms.ChoiceField(label=gettext_lazy("违法行为（处罚依据）"), choices=())
    fine = model_field(
        CaseParty, "fine", label=gettext_lazy("罚款金额（元）"), required=True, min_value=0
    )
    person_name = model_field(
        CaseParty, "name", label=gettext_lazy("当事人为个人时填写姓名"), required=False
    )
    person_id_number = model_field(
        CaseParty, "id_number", label=gettext_lazy("个人当事人身份证号"), required=False
    )
    person_address = model_field(
        CaseParty, "address", label=gettext_lazy("个人当事人住址"), required=False
    )
    out_of_range_reason = model_field(
        CaseParty, "out_of_range_reason", label=gettext_lazy("超出法定幅度的法律理由"),
        widget=text_area(),
    )  # fmt: skip

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["violation_code"].choices = violation_choices()


# ------------------------------------------------------------------ a case's transitions


class NoteForm(VersionForm):
    """An approval (立案, 处罚决定 or 结案) and its written opinion."""

    note = forms.CharField(
        label=gettext_lazy("意见"), required=False,
        widget=text_area(placeholder=gettext_lazy("审批意见")),
    )  # fmt: skip


class CloseForm(VersionForm):
    note = forms.CharField(
        label=gettext_lazy("结案意见"), required=False,
        widget=text_area(placeholder=gettext_lazy("结案意见（未缴清罚款的须说明理由）")),
    )  # fmt: skip


class InvestigateForm(VersionForm):
    evidence = model_field(
        Case, "evidence", label=gettext_lazy("证据材料"),
        widget=text_area(placeholder=gettext_lazy("证据材料（询问笔录、现场照片、检测报告……）")),
    )  # fmt: skip


class NoticeForm(VersionForm):
    hearing = forms.BooleanField(
        label=gettext_lazy("仍告知听证权利（同时制发听证告知书）"), required=False
    )


class StatementForm(VersionForm):
    statement = model_field(
        Case, "statement", label=gettext_lazy("陈述申辩意见"),
        widget=text_area(placeholder=gettext_lazy("当事人陈述申辩意见及采纳情况")),
    )  # fmt: skip
    hearing_requested = forms.BooleanField(label=gettext_lazy("当事人要求听证"), required=False)
    hearing_on = date_field(gettext_lazy("听证日期"))
    waived = forms.BooleanField(
        label=gettext_lazy("当事人书面明确放弃陈述申辩（听证）权利"),
        required=False,
        widget=forms.CheckboxInput(attrs={"id": "rights-waived"}),
    )


class HearingScheduleForm(VersionForm):
    """听证: date, place and host; the 听证会通知书 is issued at once (at least seven working days
    before the hearing)."""

    held_on = date_field(gettext_lazy("听证日期"), required=True)
    time = model_field(Hearing, "time", label=gettext_lazy("听证时间"))
    place = model_field(Hearing, "place", label=gettext_lazy("听证地点"))
    host = model_field(
        Hearing, "host", label=gettext_lazy("听证主持人"),
        help_text=gettext_lazy("非本案调查人员（行政处罚法第六十四条第四项）"),
    )  # fmt: skip
    clerk = model_field(Hearing, "clerk", label=gettext_lazy("记录人"))
    public = forms.BooleanField(label=gettext_lazy("公开举行"), required=False, initial=True)


class HearingRecordForm(VersionForm):
    participants = model_field(
        Hearing, "participants", label=gettext_lazy("参加人员"), widget=text_area(2)
    )
    transcript = model_field(
        Hearing, "transcript", label=gettext_lazy("听证笔录"), required=True, widget=text_area(5)
    )
    report = model_field(
        Hearing, "report", label=gettext_lazy("听证会报告"), required=True, widget=text_area(3)
    )
    opinion = model_field(
        Hearing, "opinion", label=gettext_lazy("处理意见和建议"), widget=text_area(2)
    )


class DecisionApprovalForm(NoteForm):
    decided_on = date_field(gettext_lazy("决定日期"))


class ExtendForm(VersionForm):
    days = forms.IntegerField(
        label=gettext_lazy("延长天数"), min_value=1, max_value=MAX_EXTENSION_DAYS
    )
    reason = model_field(
        Case, "extension_reason", label=gettext_lazy("延期理由"),
        widget=text_area(placeholder=gettext_lazy("延期理由")),
    )  # fmt: skip


SERVICE_METHODS = ["直接送达", "留置送达", "邮寄送达", "电子送达", "公告送达"]


class ServeForm(VersionForm):
    served_on = date_field(gettext_lazy("送达日期"))
    # stored as the Chinese wording of the 送达回证; shown in the user's language
    method = forms.ChoiceField(label=gettext_lazy("送达方式"), choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = [(m, _(m)) for m in SERVICE_METHODS]


class PaymentForm(forms.Form):
    amount = model_field(
        CaseParty, "paid_amount", label=gettext_lazy("缴款金额"), min_value=0, initial=None,
        widget=forms.NumberInput(attrs={"placeholder": gettext_lazy("金额")}),
    )  # fmt: skip
    paid_on = date_field(gettext_lazy("缴款日期"))


def _fine_initial(p):
    """The fine proposed before, else the engine's suggestion in whole yuan."""
    if p.fine is not None:
        return p.fine
    return None if p.suggested_fine is None else p.suggested_fine.quantize(1)


class DecisionForm(forms.Form):
    """拟处罚意见: for each party the fine (and, outside the engine's range, the legal reason),
    逾期未改正, the last year's income of a person, other penalties."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, user=None, instance=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.case = user, instance
        self.parties = list(instance.parties.all())
        self.fields["version"].initial = instance.version
        stored = instance.discretion_facts or {}
        # 裁量情节: the facts the law engine's discretion takes (law.Facts)
        for key, label in BOOLEAN_FACTS:
            self.fields[f"fact_{key}"] = forms.BooleanField(
                label=label, required=False, initial=stored.get(key, key == "first_offence")
            )
        self.fields["fact_harm"] = forms.ChoiceField(
            label=gettext_lazy("危害后果"), choices=HARM_CHOICES, required=False,
            initial=stored.get("harm", ""),
        )  # fmt: skip
        for p in self.parties:
            self.fields[f"fine_{p.pk}"] = model_field(
                CaseParty, "fine", label=_("罚款金额（元）"), min_value=0, initial=_fine_initial(p)
            )
            self.fields[f"reason_{p.pk}"] = model_field(
                CaseParty, "out_of_range_reason", label=_("超出法定幅度的法律理由（幅度内不填）"),
                widget=text_area(), initial=p.out_of_range_reason,
            )  # fmt: skip
            self.fields[f"overdue_{p.pk}"] = forms.BooleanField(
                label=_("逾期未改正（适用加重罚则）"), required=False, initial=p.overdue
            )
            if p.kind == "person":
                self.fields[f"income_{p.pk}"] = model_field(
                    CaseParty, "last_year_income", min_value=0, initial=p.last_year_income,
                    label=_("上一年年收入（元，按收入比例处罚时填写）"),
                )  # fmt: skip
            self.fields[f"other_{p.pk}"] = model_field(
                CaseParty, "other_penalties", label=_("其他处罚"), initial=p.other_penalties,
                widget=forms.TextInput(attrs={"placeholder": _("如：警告")}),
            )  # fmt: skip

    def rows(self) -> list[dict]:
        """Each party with its fields (fine first), for the page."""
        names = ("fine", "reason", "overdue", "income", "other")
        return [
            {
                "party": p,
                "fields": [self[f"{n}_{p.pk}"] for n in names if f"{n}_{p.pk}" in self.fields],
            }
            for p in self.parties
        ]

    def fact_fields(self) -> list:
        return [self[name] for name in self.fields if name.startswith("fact_")]

    def facts(self) -> dict:
        """The case's 裁量情节 for the service."""
        d = self.cleaned_data
        out = {key: d[f"fact_{key}"] for key, _label in BOOLEAN_FACTS}
        out["harm"] = d.get("fact_harm") or ""
        return out

    def party_rows(self) -> list[dict]:
        """The service's input: one dict per party."""
        d = self.cleaned_data
        return [
            {
                "id": p.pk,
                "fine": d[f"fine_{p.pk}"],
                "out_of_range_reason": d[f"reason_{p.pk}"],
                "overdue": d[f"overdue_{p.pk}"],
                "last_year_income": d.get(f"income_{p.pk}"),
                "other_penalties": d[f"other_{p.pk}"],
            }
            for p in self.parties
        ]


# ------------------------------------------------------------------------- escalations


class SanctionForm(forms.Form):
    """One form for the escalations; each kind uses the fields its service needs."""

    kind = forms.ChoiceField(label=gettext_lazy("类型"), choices=())
    enterprise = forms.ModelChoiceField(None, label=gettext_lazy("企业"))
    case = forms.ModelChoiceField(None, label=gettext_lazy("关联案件（可选）"), required=False)
    starts_on = date_field(gettext_lazy("起始日期（停产停业整顿）"))
    ends_on = date_field(gettext_lazy("截止日期（停产停业整顿）"))
    licence = forms.ModelChoiceField(None, label=gettext_lazy("证照（吊销许可证）"), required=False)
    person_name = model_field(Sanction, "person_name", label=gettext_lazy("人员姓名（行业禁入）"))
    serious = forms.BooleanField(label=gettext_lazy("情节严重（行业禁入）"), required=False)
    concealed = forms.BooleanField(label=gettext_lazy("瞒报、谎报生产安全事故"), required=False)
    multiplied_fine = forms.BooleanField(
        label=gettext_lazy("被处第一百一十四条二至五倍罚款"), required=False
    )
    still_unsafe = forms.BooleanField(
        label=gettext_lazy("经停产停业整顿仍不具备安全生产条件（提请关闭）"), required=False
    )
    refused_suspension = forms.BooleanField(
        label=gettext_lazy("拒不执行停产停业整顿决定（提请关闭）"), required=False
    )
    to_organ = model_field(
        Transfer, "to_organ", label=gettext_lazy("接收机关（移送司法）"),
        help_text=gettext_lazy("如：公安机关、检察机关"),
    )  # fmt: skip
    crime = forms.ChoiceField(
        label=gettext_lazy("涉嫌罪名（移送司法）"), choices=(), required=False
    )
    basis = model_field(Sanction, "basis", label=gettext_lazy("依据 / 理由"), widget=text_area())
    facts = model_field(
        Sanction, "note", label=gettext_lazy("事实（移送司法）"), widget=text_area()
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["kind"].choices = translated(Sanction.KINDS)
        self.fields["crime"].choices = [("", "——"), *translated(CRIMES)]
        for name, lookup in (
            ("enterprise", "enterprise-change"),
            ("case", "case"),
            ("licence", "licence"),
        ):
            old = self.fields[name]
            self.fields[name] = record_field(lookup, user, old.label, required=old.required)


class SanctionNoteForm(forms.Form):
    """A decision on an escalation (approval, verification, early removal) with its note."""

    note = model_field(Sanction, "note", label=gettext_lazy("意见"), widget=forms.TextInput)


# --------------------------------------------------------------------------- transfers


class TransferForm(forms.Form):
    """The 移交表 header; its rows (`items`) are TransferItemForms validated with it."""

    kind = forms.ChoiceField(label=gettext_lazy("移交类型"), choices=())
    to_region = forms.ModelChoiceField(
        Region.objects.none(),
        label=gettext_lazy("移交镇街（属地）"),
        required=False,
        widget=SearchSelect("town"),
    )
    to_department = forms.ModelChoiceField(
        Department.objects.none(), label=gettext_lazy("移交部门"), required=False
    )
    to_organ = model_field(Transfer, "to_organ", label=gettext_lazy("司法机关"), help_text="")
    checked_on = date_field(gettext_lazy("检查时间"))
    reason = model_field(Transfer, "reason", label=gettext_lazy("移交事由"), widget=text_area())

    def __init__(self, *args, user=None, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["kind"].choices = translated(Transfer.KINDS)
        prefix = user.department.region.prefix if user.department_id else ""
        self.fields["to_region"].queryset = Region.objects.filter(
            level="town", code__startswith=prefix
        )
        self.fields["to_department"].queryset = Department.objects.filter(
            region__code__startswith=prefix
        ).exclude(pk=user.department_id)
        data = args[0] if args else kwargs.get("data")
        self.items = [
            TransferItemForm(data, prefix=f"i{i}", initial=items[i] if i < len(items) else {})
            for i in range(ITEM_ROWS)
        ]

    def is_valid(self):
        valid = [f.is_valid() for f in self.items]  # every row checked, so each shows its errors
        return super().is_valid() and all(valid)

    def rows(self) -> list[dict]:
        return [f.cleaned_data for f in self.items if f.cleaned_data.get("description", "").strip()]


ITEM_ROWS = 5  # the seed form has 5 empty rows


class TransferItemForm(forms.Form):
    check_item = model_field(TransferItem, "check_item", label=gettext_lazy("所属检查项目"))
    description = model_field(
        TransferItem, "description", label=gettext_lazy("问题描述"), required=False,
        widget=text_area(),
    )  # fmt: skip
    legal_basis = model_field(TransferItem, "legal_basis", label=gettext_lazy("法律依据"))
    standard_basis = model_field(TransferItem, "standard_basis", label=gettext_lazy("标准依据"))
    raised_by = model_field(TransferItem, "raised_by", label=gettext_lazy("问题提出人员"))
    responsible_unit = model_field(
        TransferItem, "responsible_unit", label=gettext_lazy("执法责任单位")
    )
    disposals = forms.MultipleChoiceField(
        label=gettext_lazy("执法处置意见"), choices=(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["disposals"].choices = translated(TransferItem.DISPOSALS)
        for name in ("legal_basis", "standard_basis"):
            self.fields[name].widget = text_area()  # a model TextField's area is ten rows high


class SignForm(SignatureForm):
    """A 移交表 signature: the side, then the signer's own account or his handwritten
    signature with name and 身份证号 (accounts.forms.SignatureForm)."""

    side = forms.ChoiceField(
        choices=[("team", "team"), ("local", "local")], widget=forms.HiddenInput
    )


class ResultForm(forms.Form):
    result = model_field(
        Transfer, "result", label=gettext_lazy("处理结果"),
        widget=text_area(3, placeholder=gettext_lazy("落实情况、处理结果")),
    )  # fmt: skip


# --------------------------------------------------------------------------- documents


class DocumentForm(forms.Form):
    """A field document for an inspection or a hazard (the others follow cases and transfers)."""

    kind = forms.ChoiceField(label=gettext_lazy("文书种类"), choices=())
    inspection = forms.ModelChoiceField(
        None, label=gettext_lazy("所依据的执法检查"), required=False
    )
    hazard = forms.ModelChoiceField(None, label=gettext_lazy("隐患"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        labels = dict(Document.KINDS)
        self.fields["kind"].choices = [(k, _(labels[k])) for k in FIELD_DOCUMENTS]
        self.fields["inspection"] = record_field(
            "enforcement-inspection", user, self.fields["inspection"].label, required=False
        )
        self.fields["hazard"] = record_field(
            "enforcement-hazard", user, self.fields["hazard"].label, required=False
        )


# ------------------------------------------------------------------------- publication


class ExposureForm(ServiceModelForm):
    link = model_field(Exposure, "link", label=gettext_lazy("链接"), assume_scheme="https")
    cases = forms.ModelMultipleChoiceField(
        Case.objects.none(), label=gettext_lazy("曝光案件"), required=False,
        widget=SearchSelectMultiple("case", placeholder=gettext_lazy("输入案件编号或当事人名称")),
    )  # fmt: skip

    class Meta:
        model = Exposure
        fields = ["channel", "title", "published_on", "link", "cases"]
        labels = {
            "channel": gettext_lazy("曝光渠道"),
            "title": gettext_lazy("标题"),
            "published_on": gettext_lazy("曝光日期"),
        }
        help_texts = {"channel": gettext_lazy("如：区融媒体中心、政府网站")}
        widgets = {"published_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["published_on"].input_formats = ISO_DATE
        self.fields["cases"].queryset = (
            Case.objects.restrict(self.user, "view")
            .filter(stage__in=("decided", "served", "execution", "closed"))
            .select_related("enterprise")
        )
        self.fields["cases"].label_from_instance = lambda c: f"{c.number} {c.enterprise.name}"


# ------------------------------------------------------------------- 严重失信主体名单程序


class ListingStatementForm(VersionForm):
    statement = forms.CharField(label=gettext_lazy("陈述申辩意见"), widget=forms.Textarea(
        attrs={"rows": 2}), max_length=4000)  # fmt: skip


class ListingDecisionForm(VersionForm):
    note = forms.CharField(label=gettext_lazy("决定意见"), required=False, max_length=2000)


class ListingRepairForm(VersionForm):
    note = forms.CharField(label=gettext_lazy("信用修复情况"), max_length=2000)
