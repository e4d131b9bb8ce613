"""Lists of the 涉企行政检查 pages."""

from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from anjian.core.tables import ChoiceColumn, Column, DateColumn, LinkColumn, Table, join
from anjian.inspections.models import Inspection

from .models import InspectionApproval, PlannedVisit, VisitLimitRule

DATE = "Y-m-d"


class LimitTable(Table):
    region = Column(verbose_name=_("区域"), accessor="region__name")
    year = Column(verbose_name=_("年度"))
    tier = ChoiceColumn(verbose_name=_("名录"))
    per_year = Column(verbose_name=_("年度检查次数上限"))
    window_days = Column(verbose_name=_("重复检查间隔（日）"))
    source = Column(verbose_name=_("公布依据"))
    published_at = DateColumn(verbose_name=_("公布时间"), format=DATE)

    class Meta(Table.Meta):
        model = VisitLimitRule
        fields = ()


class ApprovalTable(Table):
    number = LinkColumn(verbose_name=_("编号"))
    enterprise = Column(verbose_name=_("企业"), accessor="enterprise__name")
    department = Column(verbose_name=_("部门"), accessor="department__name")
    planned_on = DateColumn(verbose_name=_("拟检查日期"), format=DATE)
    requested_by = Column(verbose_name=_("申请人"), accessor="requested_by__display_name")
    status = ChoiceColumn(verbose_name=_("状态"))

    class Meta(Table.Meta):
        model = InspectionApproval
        fields = ()


class PlannedVisitTable(Table):
    enterprise = Column(verbose_name=_("企业"), accessor="enterprise__name")
    department = Column(verbose_name=_("部门"), accessor="department__name")
    month = DateColumn(verbose_name=_("计划月份"), format="Y-m")
    checklist = Column(verbose_name=_("检查事项清单"), accessor="checklist__title", default="—")
    matters = Column(verbose_name=_("检查事项"), default="—")
    status = ChoiceColumn(verbose_name=_("状态"))

    class Meta(Table.Meta):
        model = PlannedVisit
        fields = ()


class MyVisitTable(Table):
    """The enterprise's visits: when, which departments, which inspectors (with their 执法证),
    and the anonymous rating form for a visit not yet rated."""

    inspected_on = DateColumn(verbose_name=_("检查日期"), format=DATE)
    department = Column(verbose_name=_("检查部门"), accessor="department__name", empty_values=())
    team = Column(verbose_name=_("检查人员"), empty_values=(), orderable=False)
    rate = Column(verbose_name=_("匿名评价"), empty_values=(), orderable=False)

    class Meta(Table.Meta):
        model = Inspection
        fields = ()

    def render_department(self, record):
        joint = [d.name for d in record.joint_departments.all()]
        return join([record.department.name, *joint])

    def render_team(self, record):
        people = [
            gettext("%(name)s（执法证号 %(no)s）") % {"name": m.user.display_name, "no": m.cert_no}
            if m.cert_no
            else m.user.display_name
            for m in record.team.all()
        ]
        return join(people)

    def render_rate(self, record):
        if hasattr(record, "rating"):
            return format_html("<span>{}</span>", gettext("已评价"))
        return render_to_string("visits/rate_form.html", {"insp": record}, request=self.request)
