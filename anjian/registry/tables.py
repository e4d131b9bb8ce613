from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from anjian.core.tables import ChoiceColumn, Column, LinkColumn, MonoColumn, NumberColumn, Table

from .models import Enterprise


class EnterpriseTable(Table):
    name = LinkColumn(verbose_name=_("企业名称"))
    credit_code = MonoColumn(verbose_name=_("统一社会信用代码"))
    region = Column(verbose_name=_("所在区划"), accessor="region__name")
    primary_sector = Column(verbose_name=_("主行业领域"), accessor="primary_sector__name")
    employees = NumberColumn(verbose_name=_("从业人员"))
    risk = Column(verbose_name=_("风险"), empty_values=(), accessor="pk")
    status = ChoiceColumn(verbose_name=_("状态"))

    class Meta(Table.Meta):
        model = Enterprise
        fields = ()
        empty_text = _("没有符合条件的企业")

    def render_risk(self, record):
        sep = gettext("、")
        return sep.join(gettext(label) for label in record.risk_labels())
