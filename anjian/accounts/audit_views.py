"""The audit trail, read and verified by the audit administrator (三员分立)."""

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from anjian.audit.models import AuditEntry
from anjian.core.filters import FilterSet
from anjian.core.tables import Column, DateTimeColumn, Table
from anjian.core.views import ObjectListView


class AuditFilter(FilterSet):
    username = django_filters.CharFilter(
        label=gettext_lazy("用户名"), lookup_expr="iexact", max_length=150
    )
    action = django_filters.CharFilter(
        label=gettext_lazy("操作（如 login、enterprise）"), lookup_expr="startswith",
        max_length=64,
    )  # fmt: skip
    model = django_filters.CharFilter(
        label=gettext_lazy("对象类型（如 registry.enterprise）"), max_length=64
    )
    object_id = django_filters.CharFilter(label=gettext_lazy("对象编号"), max_length=64)

    class Meta:
        model = AuditEntry
        fields = ["username", "action", "model", "object_id"]

    def setup(self):
        for field in self.form.fields.values():
            field.widget.attrs["placeholder"] = field.label


class AuditTable(Table):
    seq = Column(verbose_name=gettext_lazy("序号"), accessor="seq")
    at = DateTimeColumn(verbose_name=gettext_lazy("时间"), format="Y-m-d H:i:s")
    username = Column(verbose_name=gettext_lazy("用户"))
    ip = Column(verbose_name=gettext_lazy("来源地址"))
    action = Column(verbose_name=gettext_lazy("操作"))
    obj = Column(verbose_name=gettext_lazy("对象"), accessor="object_repr", empty_values=())
    change = Column(verbose_name=gettext_lazy("变更"), accessor="pk", empty_values=())

    class Meta(Table.Meta):
        empty_text = gettext_lazy("没有符合条件的记录")

    def render_seq(self, record):
        return f"{record.chain}#{record.seq}"

    def render_action(self, record):
        if record.note:
            return format_html("{}<br><small>{}</small>", record.action, record.note)
        return record.action

    def render_obj(self, record):
        return f"{record.model} {record.object_repr}".strip()

    def render_change(self, record):
        if not (record.before or record.after):
            return ""
        return format_html(
            "<details><summary>{}</summary><pre>{}{}\n{}{}</pre></details>",
            _("查看"), _("修改前："), record.before or "—", _("修改后："), record.after or "—",
        )  # fmt: skip


class AuditList(ObjectListView):
    model = AuditEntry
    filterset_class = AuditFilter
    table_class = AuditTable
    title = gettext_lazy("审计日志")
    template_name = "accounts/audit_list.html"

    def check_permission(self, obj=None):
        if not self.request.user.may_read_audit:
            raise PermissionDenied(_("审计日志只对审计管理员开放（三员分立）"))


@require_POST
def audit_verify(request):
    """The audit administrator checks the chains of its region against the key and anchors."""
    from anjian.audit.services import verify

    if not request.user.is_authenticated or not request.user.may_read_audit:
        raise PermissionDenied
    result = verify()
    if result.ok:
        messages.success(
            request,
            _("审计链完整：%(n)d 条记录校验通过，对照锚点 %(a)d 个。")
            % {"n": result.checked, "a": result.anchors},
        )
    else:
        messages.error(request, _("审计链被篡改：") + "；".join(result.problems[:10]))
    return redirect("audit:list")
