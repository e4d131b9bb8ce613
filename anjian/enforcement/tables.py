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


# ------------------------------------------------------------------------- 案卷评查


class ReviewMonthTable(Table):
    """One row per department and month of decision: the 案卷评查 score and what lies behind it.
    Rows are dicts (department_id, dept_name, month, cases); the scores are computed for
    the rows shown, from the cases the user may see (``scoped``, set by the page)."""

    month = Column(verbose_name=_("月份"))
    department = Column(verbose_name=_("部门"), accessor="dept_name")
    cases = Column(verbose_name=_("评查案件数"))
    score = Column(verbose_name=_("平均得分"), empty_values=(), accessor="month")
    deducted = Column(verbose_name=_("扣分合计"), empty_values=(), accessor="month")
    blocking = Column(verbose_name=_("须纠正问题"), empty_values=(), accessor="month")
    behind = Column(verbose_name="", empty_values=(), accessor="month")

    scoped = Case.objects.none()

    class Meta(Table.Meta):
        empty_text = _("暂无已作出决定的案件")

    def _score(self, record):
        from .review import month_cases, month_score

        cache = self.__dict__.setdefault("_scores", {})
        key = (record["department_id"], record["month"])
        if key not in cache:
            m = record["month"]
            cases = month_cases(self.scoped, record["department_id"], m.year, m.month)
            cache[key] = month_score(cases.select_related("department", "enterprise"))
        return cache[key]

    def render_month(self, record):
        return f"{record['month']:%Y-%m}"

    def render_score(self, record):
        score = self._score(record).score
        return "—" if score is None else f"{score:.1f}"

    def render_deducted(self, record):
        return self._score(record).deducted

    def render_blocking(self, record):
        n = self._score(record).blocking
        return format_html('<span class="bad">{}</span>', n) if n else "0"

    def render_behind(self, record):
        url = reverse("enforcement:review_cases") + "?department={}&month={:%Y-%m}".format(
            record["department_id"], record["month"]
        )
        return _link(url, gettext("评查明细"))


class ReviewCaseTable(Table):
    """The cases behind a score, each with its own score and defects."""

    number = Column(verbose_name=_("案号"), empty_values=())
    enterprise = Column(verbose_name=_("当事人"), accessor="enterprise__name")
    title = Column(verbose_name=_("案由"))
    decided_on = DateColumn(verbose_name=_("决定日期"), format=DATE)
    score = Column(verbose_name=_("得分"), empty_values=(), accessor="pk")
    defects = Column(verbose_name=_("扣分项"), empty_values=(), accessor="pk")

    class Meta(Table.Meta):
        model = Case
        fields = ()
        empty_text = _("暂无案件")

    def _review(self, record):
        from .review import review_case

        cache = self.__dict__.setdefault("_reviews", {})
        if record.pk not in cache:
            cache[record.pk] = review_case(record)
        return cache[record.pk]

    def render_number(self, record):
        return _link(record.get_absolute_url() + "#review", record.number or record.title)

    def render_score(self, record):
        return self._review(record).score

    def render_defects(self, record):
        defects = self._review(record).defects
        if not defects:
            return "—"
        return format_html_join(
            mark_safe("<br>"),
            '<span class="{}">【{}】−{} {}</span>',
            (("bad" if d.blocking else "warn", d.label, d.points, d.message) for d in defects),
        )
