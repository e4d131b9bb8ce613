"""The enforcement lists: cases, escalations, transfers, documents, exposures and the public
行政处罚 disclosure. Choice labels are translated where shown (core.tables.ChoiceColumn)."""

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from anjian.core.tables import ChoiceColumn, Column, DateColumn, Table, TemplateColumn

from . import services
from .models import Case, Document, Exposure, Sanction, Transfer

DATE = "Y-m-d"


def _link(url, text):
    return format_html('<a href="{}">{}</a>', url, text)


def downloads(doc) -> str:
    return format_html(
        '<a href="{}" class="dl-docx">Word</a> · <a href="{}">PDF</a>',
        reverse("enforcement:document_file", args=[doc.pk, "docx"]),
        reverse("enforcement:document_file", args=[doc.pk, "pdf"]),
    )


class CaseTable(Table):
    number = Column(verbose_name=_("案号"), empty_values=())
    enterprise = Column(verbose_name=_("当事人"), accessor="enterprise__name")
    title = Column(verbose_name=_("案由"))
    procedure = ChoiceColumn(verbose_name=_("程序"))
    stage = Column(verbose_name=_("阶段"))
    filed_on = Column(verbose_name=_("立案日期"), empty_values=())
    decided_on = DateColumn(verbose_name=_("决定日期"), format=DATE)

    class Meta(Table.Meta):
        model = Case
        fields = ()
        empty_text = _("暂无案件")

    def render_number(self, record):
        return _link(record.get_absolute_url(), record.number or gettext("（待立案）"))

    def render_stage(self, record):
        stage = format_html(
            '<span class="en-stage en-{}">{}</span>',
            record.stage,
            pgettext("case stage", record.get_stage_display()),
        )
        if record.decision_status == "proposed" and record.stage == "notice":
            stage += format_html(
                ' <span class="en-stage en-proposed">{}</span>', gettext("决定待审批")
            )
        return stage

    def render_filed_on(self, record):
        """Filed once 立案 is approved (the date of a proposal is not a 立案日期)."""
        if record.stage in ("proposed", "rejected"):
            return ""
        return f"{record.filed_on:%Y-%m-%d}"


def _sanction_context(table):
    user = table.request.user
    return {
        "leader": user.role == "dept_leader" or user.is_superuser,
        "enforcer": services.is_enforcer(user),
    }


class SanctionTable(Table):
    kind = ChoiceColumn(verbose_name=_("类型"))
    who = Column(verbose_name=_("企业/人员"), empty_values=(), accessor="pk")
    dates = TemplateColumn(
        template_name="enforcement/_sanction_dates.html", verbose_name=_("日期与期限")
    )
    basis = TemplateColumn(template_name="enforcement/_sanction_basis.html", verbose_name=_("依据"))
    status = ChoiceColumn(verbose_name=_("状态"))
    actions = TemplateColumn(
        template_name="enforcement/_sanction_actions.html", verbose_name="",
        extra_context=_sanction_context,
    )  # fmt: skip

    class Meta(Table.Meta):
        model = Sanction
        fields = ()
        empty_text = _("暂无")

    def render_kind(self, record):
        kind = gettext(record.get_kind_display())
        if record.auto:
            hint = gettext("系统依第一百一十三条自动提出")
            return format_html('{}<br><small class="hint">{}</small>', kind, hint)
        return kind

    def render_who(self, record):
        parts = [(record.enterprise.name,)]
        if record.person_name:
            parts.append((record.person_name,))
        if record.licence_id:
            lic = record.licence
            parts.append((f"{gettext(lic.kind)} {lic.number}",))
        out = format_html_join(mark_safe("<br>"), "{}", parts)
        if record.case_id:
            out += mark_safe("<br>") + _link(record.case.get_absolute_url(), record.case.number)
        return out


class TransferTable(Table):
    issued_on = Column(verbose_name=_("移交日期"))
    enterprise = Column(verbose_name=_("企业"), accessor="enterprise__name")
    kind = ChoiceColumn(verbose_name=_("类型"))
    department = Column(verbose_name=_("移交单位"), accessor="department__name")
    receiver = Column(verbose_name=_("接收单位"), accessor="pk")
    status = ChoiceColumn(verbose_name=_("状态"))

    class Meta(Table.Meta):
        model = Transfer
        fields = ()
        empty_text = _("暂无移交")

    def render_issued_on(self, record):
        return _link(record.get_absolute_url(), f"{record.issued_on:%Y-%m-%d}")

    def render_receiver(self, record):
        return record.receiver


class DocumentTable(Table):
    number = Column(verbose_name=_("文号"))
    kind = ChoiceColumn(verbose_name=_("文书"))
    enterprise = Column(verbose_name=_("企业"), accessor="enterprise__name")
    issued_on = DateColumn(verbose_name=_("日期"), format=DATE)
    files = Column(verbose_name=_("下载"), empty_values=(), accessor="pk")

    class Meta(Table.Meta):
        model = Document
        fields = ()
        empty_text = _("暂无")

    def render_kind(self, record):
        kind = gettext(record.get_kind_display())
        if not record.case_id:
            return kind
        title = record.case.title
        short = title if len(title) <= 24 else title[:23] + "…"
        return format_html("{}<br>{}", kind, _link(record.case.get_absolute_url(), short))

    def render_files(self, record):
        return downloads(record)


class ExposureTable(Table):
    published_on = DateColumn(verbose_name=_("日期"), format=DATE)
    channel = Column(verbose_name=_("渠道"))
    title = Column(verbose_name=_("标题"))
    cases = Column(verbose_name=_("案件"), empty_values=(), accessor="pk")

    class Meta(Table.Meta):
        model = Exposure
        fields = ()
        empty_text = _("暂无")

    def render_title(self, record):
        if not record.link:
            return record.title
        return format_html(
            '<a href="{}" rel="noopener" target="_blank">{}</a>', record.link, record.title
        )

    def render_cases(self, record):
        return format_html_join(
            " ",
            '<a href="{}">{}</a>',
            ((c.get_absolute_url(), c.number) for c in record.cases.all()),
        )


class PublicPenaltyTable(Table):
    """行政处罚 disclosure: the decision's 文号, the deciding department, the parties (persons'
    names masked) and what was decided."""

    number = Column(verbose_name=_("决定书文号"), empty_values=(), accessor="pk")
    decided = Column(verbose_name=_("决定机关及日期"), empty_values=(), accessor="pk")
    title = Column(verbose_name=_("案由"))
    parties = TemplateColumn(
        template_name="enforcement/_public_parties.html", verbose_name=_("当事人及处罚内容"),
        extra_context=lambda record: {"parties": services.public_parties(record)},
    )  # fmt: skip

    class Meta(Table.Meta):
        model = Case
        fields = ()
        empty_text = _("暂无公示信息")

    def render_number(self, record):
        return format_html("<strong>{}</strong>", services.decision_number(record))

    def render_decided(self, record):
        return format_html("{}<br>{}", record.department.name, f"{record.decided_on:%Y-%m-%d}")
