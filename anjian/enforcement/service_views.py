"""Pages of 送达 and execution (issue 16), on the core generic views: the list of services (an
enterprise account's 电子送达 inbox), the forms of each step (ObjectEditView on the record they
belong to) and the section of the case page (enforcement's case panel hook)."""

from datetime import date

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from anjian.accounts.models import Role, User
from anjian.core.forms import model_field
from anjian.core.scoping import get_scoped_or_404
from anjian.core.tables import ChoiceColumn, Column, DateColumn, Table
from anjian.core.views import ObjectListView

from .docparts import authority
from .forms import date_field, text_area, translated
from .models import Case, CaseParty, Deferral, Document, Remedy, Service, ServiceConsent
from .services import execution as ex
from .services.common import is_leader_of
from .views import EnforcerForm

# ----------------------------------------------------------------------------- forms


class StepForm(forms.Form):
    """A form of one step; the page gives the record it belongs to (`instance`)."""

    def __init__(self, *args, user=None, instance=None, **kwargs):
        self.user, self.instance = user, instance
        super().__init__(*args, **kwargs)


class ServiceForm(StepForm):
    method = forms.ChoiceField(label=gettext_lazy("送达方式"), choices=())
    addressee = model_field(Service, "addressee", label=gettext_lazy("受送达人"), required=False)
    recipient = model_field(Service, "recipient", label=gettext_lazy("签收人（与受送达人不同时）"))
    place = model_field(Service, "place", label=gettext_lazy("送达地点"))
    served_on = date_field(gettext_lazy("送达日期"))
    server = model_field(Service, "server", label=gettext_lazy("送达人"))
    witness_1 = model_field(Service, "witness_1", label=gettext_lazy("见证人（留置送达）"))
    witness_2 = model_field(Service, "witness_2", label=gettext_lazy("见证人（二）"))
    refusal = model_field(Service, "refusal", label=gettext_lazy("拒收事由"))
    tracking_number = model_field(
        Service, "tracking_number", label=gettext_lazy("邮件号码（邮寄送达）")
    )
    notice_medium = model_field(
        Service, "notice_medium", label=gettext_lazy("公告载体/地点（公告送达）")
    )
    published_on = date_field(gettext_lazy("公告日期（公告送达）"))
    abroad = forms.BooleanField(
        label=gettext_lazy("受送达人在中华人民共和国领域内没有住所"), required=False
    )
    note = model_field(Service, "note", label=gettext_lazy("备注"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = translated(Service.METHODS)
        doc = self.instance
        if doc is not None and not self.is_bound:
            self.initial.setdefault("addressee", doc.enterprise.name)
            self.initial.setdefault("place", doc.enterprise.address)
            self.initial.setdefault("served_on", timezone.localdate())


class ConsentForm(StepForm):
    address = model_field(ServiceConsent, "address", label=gettext_lazy("送达地址"))
    recipient = model_field(ServiceConsent, "recipient", label=gettext_lazy("代收人"))
    phone = model_field(ServiceConsent, "phone", label=gettext_lazy("联系电话"))
    signed_by = model_field(ServiceConsent, "signed_by", label=gettext_lazy("确认人"))
    signed_on = date_field(gettext_lazy("确认日期"))
    electronic = forms.BooleanField(label=gettext_lazy("同意电子送达"), required=False)
    account = forms.ModelChoiceField(
        User.objects.none(), label=gettext_lazy("电子送达账号"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        case = self.instance
        if case is not None:
            self.fields["account"].queryset = User.objects.filter(
                role=Role.ENTERPRISE, enterprise_id=case.enterprise_id, is_active=True
            )
            self.fields["account"].label_from_instance = lambda u: (
                f"{u.username}（{u.display_name}）"
            )
            if not self.is_bound:
                self.initial.setdefault("address", case.enterprise.address)


class RemedyForm(StepForm):
    kind = forms.ChoiceField(label=gettext_lazy("类型"), choices=())
    body = model_field(Remedy, "body", label=gettext_lazy("复议机关/人民法院"))
    reference = model_field(Remedy, "reference", label=gettext_lazy("案号"))
    filed_on = date_field(gettext_lazy("申请（起诉）日期"), required=True)
    note = forms.CharField(label=gettext_lazy("说明"), required=False, widget=text_area())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = translated(Remedy.KINDS)
        if self.instance is not None and not self.is_bound:
            self.initial.setdefault("body", authority(self.instance.department).review_body)


class RemedyOutcomeForm(StepForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    outcome = forms.ChoiceField(label=gettext_lazy("结果"), choices=())
    decided_on = date_field(gettext_lazy("决定（判决）日期"), required=True)
    note = forms.CharField(label=gettext_lazy("说明"), required=False, widget=text_area())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = translated(Remedy.OUTCOMES)
        r = self.instance
        if r is None:
            return
        if not self.is_bound:
            self.initial.setdefault("version", r.version)
        for p in r.case.parties.all():
            self.fields[f"final_fine_{p.pk}"] = forms.DecimalField(
                label=_("%(name)s变更后的罚款（元）") % {"name": p.name},
                required=False, min_value=0, max_digits=14, decimal_places=2,
            )  # fmt: skip


class PartyField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class PartyStepForm(StepForm):
    party = PartyField(CaseParty.objects.none(), label=gettext_lazy("当事人"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None:
            self.fields["party"].queryset = self.instance.parties.filter(fine__gt=0)


class DemandForm(PartyStepForm):
    kind = forms.ChoiceField(label=gettext_lazy("文书"), choices=())
    on = date_field(gettext_lazy("制发日期"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import Demand

        self.fields["kind"].choices = translated(Demand.KINDS)


class CourtForm(PartyStepForm):
    court = forms.CharField(label=gettext_lazy("人民法院"), max_length=128, required=False)
    on = date_field(gettext_lazy("申请日期"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None and not self.is_bound:
            self.initial.setdefault("court", authority(self.instance.department).court)


class DeferralForm(PartyStepForm):
    kind = forms.ChoiceField(label=gettext_lazy("申请事项"), choices=())
    applied_on = date_field(gettext_lazy("申请日期"))
    reason = forms.CharField(label=gettext_lazy("申请理由（经济困难情况）"), widget=text_area(3))
    due_on = date_field(gettext_lazy("延期至（延期缴纳）"))
    instalments = forms.CharField(
        label=gettext_lazy("分期（分期缴纳，每行一期：日期 金额，如 2026-12-31 10000）"),
        required=False, widget=text_area(3),
    )  # fmt: skip
    handler_opinion = forms.CharField(
        label=gettext_lazy("承办人意见"), required=False, widget=text_area()
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = translated(Deferral.KINDS)

    def clean_instalments(self):
        rows = []
        for n, line in enumerate(self.cleaned_data.get("instalments", "").splitlines(), start=1):
            parts = line.split()
            if not parts:
                continue
            try:
                rows.append({"due_on": date.fromisoformat(parts[0]), "amount": parts[1]})
            except (ValueError, IndexError) as exc:
                raise ValidationError(
                    _("第%(n)d行应为“日期 金额”，如 2026-12-31 10000") % {"n": n}
                ) from exc
        return rows


class DeferralDecisionForm(StepForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    approve = forms.TypedChoiceField(
        label=gettext_lazy("审批"),
        choices=[("1", gettext_lazy("批准")), ("0", gettext_lazy("不予批准"))],
        coerce=lambda v: v == "1",
    )
    opinion = forms.CharField(label=gettext_lazy("审批意见"), required=False, widget=text_area())
    on = date_field(gettext_lazy("审批日期"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None and not self.is_bound:
            self.initial.setdefault("version", self.instance.version)


# ----------------------------------------------------------------------------- pages


class Step(EnforcerForm):
    """One step's form on its own page; the service takes the record and the form's data."""

    def get_title(self):
        obj = self.object
        if isinstance(obj, Document):
            what = f"{_(obj.get_kind_display())} {obj.number}"
        elif isinstance(obj, Remedy):
            what = f"{_(obj.get_kind_display())} {obj.body}"
        elif isinstance(obj, Deferral):
            what = f"{_(obj.get_kind_display())} {obj.party.name}"
        else:
            what = str(obj)  # a case: its number and 案由 (data)
        return f"{self.title} · {what}"


def _decide_remedy(by, remedy, *, expected_version=None, **data):
    fines = {k[len("final_fine_") :]: v for k, v in data.items() if k.startswith("final_fine_")}
    rest = {k: v for k, v in data.items() if not k.startswith("final_fine_")}
    return ex.decide_remedy(
        by, remedy, final_fines={k: v for k, v in fines.items() if v is not None},
        expected_version=expected_version, **rest,
    )  # fmt: skip


def _consent(by, case, **data):
    return ex.record_consent(by, enterprise=case.enterprise, **data)


ServiceNew = Step.as_view(
    model=Document, form_class=ServiceForm, update_service=ex.record_service,
    title=gettext_lazy("登记送达"), success_message=gettext_lazy("已登记送达。"),
)  # fmt: skip
ConsentNew = Step.as_view(
    model=Case, form_class=ConsentForm, update_service=_consent,
    title=gettext_lazy("送达地址确认书"), success_message=gettext_lazy("已登记送达地址确认书。"),
)  # fmt: skip
RemedyNew = Step.as_view(
    model=Case, form_class=RemedyForm, update_service=ex.record_remedy,
    title=gettext_lazy("登记复议诉讼"), success_message=gettext_lazy("已登记。"),
)  # fmt: skip
RemedyOutcome = Step.as_view(
    model=Remedy, form_class=RemedyOutcomeForm, update_service=_decide_remedy,
    title=gettext_lazy("登记复议（诉讼）结果"), success_message=gettext_lazy("已登记结果。"),
)  # fmt: skip
DemandNew = Step.as_view(
    model=Case, form_class=DemandForm, update_service=ex.issue_demand,
    title=gettext_lazy("催缴、催告"), success_message=gettext_lazy("已制发。"),
)  # fmt: skip
CourtNew = Step.as_view(
    model=Case, form_class=CourtForm, update_service=ex.apply_to_court,
    title=gettext_lazy("申请人民法院强制执行"), success_message=gettext_lazy("已制发强制执行申请书。"),
)  # fmt: skip
DeferralNew = Step.as_view(
    model=Case, form_class=DeferralForm, update_service=ex.apply_deferral,
    title=gettext_lazy("延期（分期）缴纳罚款申请"), success_message=gettext_lazy("已登记申请。"),
)  # fmt: skip
DeferralDecide = Step.as_view(
    model=Deferral, form_class=DeferralDecisionForm, update_service=ex.decide_deferral,
    title=gettext_lazy("延期（分期）缴纳罚款审批"), success_message=gettext_lazy("已审批。"),
)  # fmt: skip


class ServiceTable(Table):
    document = Column(verbose_name=gettext_lazy("文书"), accessor="document__number")
    addressee = Column(verbose_name=gettext_lazy("受送达人"))
    method = ChoiceColumn(verbose_name=gettext_lazy("送达方式"))
    status = ChoiceColumn(verbose_name=gettext_lazy("状态"))
    served_on = DateColumn(verbose_name=gettext_lazy("送达日期"), format="Y-m-d")
    files = Column(verbose_name=gettext_lazy("查看"), empty_values=(), accessor="pk")

    class Meta(Table.Meta):
        model = Service
        fields = ()
        empty_text = gettext_lazy("暂无")

    def render_document(self, record):
        return format_html(
            "{}<br>{}", _(record.document.get_kind_display()), record.document.number
        )

    def render_files(self, record):
        return format_html(
            '<a href="{}">PDF</a> · <a href="{}">Word</a>',
            reverse("enforcement:service_open", args=[record.pk, "pdf"]),
            reverse("enforcement:service_open", args=[record.pk, "docx"]),
        )


class ServiceList(ObjectListView):
    """送达 records in the user's scope; for an enterprise account, the documents served on it
    electronically (its 电子送达 inbox): opening one is the receipt."""

    model = Service
    table_class = ServiceTable
    title = gettext_lazy("送达")

    def refine(self, qs):
        return qs.select_related("document")

    def get_context_data(self, ctx):
        if self.request.user.role == Role.ENTERPRISE:
            return {"title": _("电子送达文书")}
        return {}


def service_open(request, pk, fmt):
    """The served document's file. The party's account opening it the first time is the
    receipt of an electronic service (`execution.open_served`)."""
    s = get_scoped_or_404(Service.objects.select_related("document"), request.user, "view", pk=pk)
    doc = s.document
    f = doc.docx if fmt == "docx" else doc.pdf if fmt == "pdf" else None
    if not f:
        raise Http404
    if (
        not ex.is_served_party(request.user, s)
        and not Document.objects.restrict(request.user, "view").filter(pk=doc.pk).exists()
    ):
        raise PermissionDenied
    ex.open_served(request.user, s)
    return FileResponse(
        f.open("rb"), as_attachment=True, filename=f"{doc.get_kind_display()}{doc.number}.{fmt}"
    )


# -------------------------------------------------------------------------- case panel


def case_panel(request, case):
    """送达与执行 on the case page: each served document and its service, the penalty as
    decided and as it stands, 加处罚款, 复议/诉讼, 催缴/催告, the court window, 延期（分期）."""
    if (
        case.stage not in ("decided", "served", "execution", "closed")
        and not case.services.exists()
    ):
        return None
    user = request.user
    today = timezone.localdate()
    docs = []
    for d in case.documents.filter(kind__in=ex.SERVED_KINDS).order_by("id"):
        docs.append({"doc": d, "service": ex.service_of(d)})
    parties = []
    for p in case.parties.all():
        final = ex.final_fine(p)
        row = {
            "party": p,
            "initial": p.fine or 0,
            "final": final,
            "changed": final != (p.fine or 0),
        }
        if case.payment_due_on and final:
            row["surcharge"] = ex.surcharge_on(p, today)
            row["remaining"] = ex.remaining(p, today)
            row["window"] = ex.enforcement_window(case, p)
            row["deferral"] = ex.approved_deferral(p)
        parties.append(row)
    return {
        "template": "enforcement/_service_panel.html",
        "docs": docs,
        "parties": parties,
        "remedies": list(case.remedies.all()),
        "demands": list(case.demands.select_related("party", "document")),
        "applications": list(case.court_applications.select_related("party", "document")),
        "deferrals": list(case.deferrals.select_related("party")),
        "consent": ex.electronic_consent(case.enterprise, today),
        "can_act": ex.can_act(user, case),
        "executing": case.stage in ("served", "execution"),
        "leader": is_leader_of(user, case.department_id),
        "today": today,
    }


# Choice labels of the issue-16 models, shown translated (collected by makemessages).
DISPLAY_VALUES = [
    gettext_noop("直接送达"),
    gettext_noop("留置送达"),
    gettext_noop("邮寄送达"),
    gettext_noop("公告送达"),
    gettext_noop("电子送达"),
    gettext_noop("待签收"),
    gettext_noop("已送达"),
    gettext_noop("行政复议"),
    gettext_noop("行政诉讼"),
    gettext_noop("维持"),
    gettext_noop("变更"),
    gettext_noop("撤销"),
    gettext_noop("确认违法"),
    gettext_noop("驳回申请（诉讼请求）"),
    gettext_noop("撤回申请（撤诉）"),
    gettext_noop("罚款催缴通知书"),
    gettext_noop("行政强制执行事先催告书"),
    gettext_noop("延期缴纳"),
    gettext_noop("分期缴纳"),
    gettext_noop("待审批"),
    gettext_noop("已批准"),
    gettext_noop("不予批准"),
    gettext_noop("送达回证"),
    gettext_noop("强制执行申请书"),
    gettext_noop("延期（分期）缴纳罚款审批表"),
    gettext_noop("延期（分期）缴纳罚款批准书"),
]
