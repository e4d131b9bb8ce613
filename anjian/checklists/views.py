from itertools import groupby

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from anjian.core.scoping import get_scoped_or_404
from anjian.core.views import (
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    RecordErrorsMixin,
    TransitionView,
)

from . import services
from .filters import TemplateFilter
from .forms import ItemForm, MoveForm, RevisionForm, TemplateForm
from .models import ChecklistItem, ChecklistTemplate
from .tables import TemplateTable


class TemplateList(ObjectListView):
    model = ChecklistTemplate
    filterset_class = TemplateFilter
    table_class = TemplateTable
    table_id = "checklists"
    title = gettext_lazy("检查事项清单（检查表）")

    def refine(self, qs):
        """The newest version of each checklist among the rows the user may read."""
        newest = qs.filter(code=OuterRef("code")).order_by("-version").values("version")[:1]
        return (
            qs.filter(version=Subquery(newest))
            .select_related("department")
            .order_by("code", "-version")
        )

    def get_actions(self):
        if not services.can_edit(self.request.user):
            return []
        return [(_("新建检查表"), reverse("checklists:create"))]


class TemplateDetail(ObjectDetailView):
    model = ChecklistTemplate
    template_name = "checklists/detail.html"

    def base_queryset(self):
        return ChecklistTemplate.objects.select_related("department", "based_on", "published_by")

    def get_context(self, tpl, bound=None):
        user = self.request.user
        can_edit = services.can_edit(user, tpl)
        item_form = ItemForm(template=tpl)
        if bound and bound[0] == "item":
            item_form = bound[1]
        return {
            "tpl": tpl,
            "items": tpl.items.order_by("row"),
            "can_edit": can_edit,
            "editable": can_edit and tpl.is_draft,
            "versions": ChecklistTemplate.objects.restrict(user)
            .filter(code=tpl.code)
            .order_by("-version"),
            "item_form": item_form,
            "item_open": bool(bound and bound[0] == "item"),
            # a refusal whose form the page no longer shows (the draft was published meanwhile)
            "refused": item_form if bound and not (can_edit and tpl.is_draft) else None,
        }


class TemplateEdit(RecordErrorsMixin, ObjectEditView):
    """New checklist (draft version 1) or its name, source and sectors while a draft."""

    model = ChecklistTemplate
    form_class = TemplateForm
    create_service = services.create_template
    update_service = services.update_template
    rename = {"revision": "expected_revision"}
    success_message = gettext_lazy("已保存。")

    def check_permission(self, obj=None):
        if obj is None and not services.can_edit(self.request.user):
            raise PermissionDenied

    def get_title(self):
        if self.object is None:
            return _("新建检查表")
        return _("编辑：%(title)s（%(edition)s）") % {
            "title": self.object.title,
            "edition": self.object.edition,
        }

    def get_success_message(self, obj):
        if self.object is None:
            return _("已创建检查表草稿，请添加检查项。")
        return str(self.success_message)


class TemplateTransition(RecordErrorsMixin, TransitionView):
    """A change of a draft template under its `revision` lock."""

    model = ChecklistTemplate
    form_class = RevisionForm
    rename = {"revision": "expected_revision"}


class Publish(TemplateTransition):
    service = services.publish
    success_message = gettext_lazy("已发布。")

    def get_success_message(self, obj):
        return _("已发布第%(version)s版。") % {"version": obj.version}


class Revise(TemplateTransition):
    """A published version is revised as a new draft version (its items copied)."""

    action = "view"  # published versions are read-only to everyone; the service checks
    service = services.begin_revision
    success_message = gettext_lazy("已生成新版本草稿。")

    def service_kwargs(self, form):
        return {}

    def get_success_message(self, obj):
        return _("已生成第%(version)s版草稿（复制了第%(base)s版的检查项）。") % {
            "version": obj.version,
            "base": obj.based_on.version if obj.based_on_id else obj.version,
        }


class Discard(TemplateTransition):
    service = services.discard_draft
    success_message = gettext_lazy("草稿已删除。")

    def get_success_url(self, obj):
        return reverse("checklists:list")


class ItemAdd(TemplateTransition):
    name = "item"
    form_class = ItemForm
    service = services.add_item
    success_message = gettext_lazy("已添加检查项。")
    detail_view = TemplateDetail

    def form_kwargs(self, obj):
        return {"template": obj, "user": self.request.user}

    def get_success_url(self, obj):
        return obj.template.get_absolute_url()


class ItemEdit(RecordErrorsMixin, ObjectEditView):
    model = ChecklistItem
    form_class = ItemForm
    update_service = services.update_item
    rename = {"revision": "expected_revision"}
    success_message = gettext_lazy("已保存检查项。")

    def base_queryset(self):
        return ChecklistItem.objects.select_related("template")

    def get_title(self):
        return _("编辑检查项：%(subject)s %(seq)s") % {
            "subject": self.object.subject,
            "seq": self.object.seq,
        }

    def get_success_url(self, obj):
        return obj.template.get_absolute_url()


class ItemTransition(RecordErrorsMixin, TransitionView):
    model = ChecklistItem
    form_class = RevisionForm
    rename = {"revision": "expected_revision"}

    def base_queryset(self):
        return ChecklistItem.objects.select_related("template")

    def get_error_url(self, obj):
        return obj.get_absolute_url()


class ItemMove(ItemTransition):
    form_class = MoveForm
    service = services.move_item


class ItemDelete(ItemTransition):
    service = services.delete_item
    success_message = gettext_lazy("已删除检查项。")

    def get_success_url(self, obj):
        return obj.template.get_absolute_url()


def _print_groups(items):
    """Rows grouped by 检查对象 (a merged cell in the seed layout)."""
    out = []
    for subject, rows in groupby(items, key=lambda i: i.subject):
        rows = list(rows)
        # Identical non-empty 法律责任/备注 in consecutive rows are one merged cell, as in the seed.
        for field in ("liability", "remark"):
            i = 0
            while i < len(rows):
                j = i + 1
                value = getattr(rows[i], field)
                while value and j < len(rows) and getattr(rows[j], field) == value:
                    setattr(rows[j], f"{field}_span", 0)
                    j += 1
                setattr(rows[i], f"{field}_span", j - i)
                i = j
        out.append({"subject": subject, "rows": rows})
    return out


@login_required
def template_print(request, pk):
    """The checklist laid out as the seed's printed table."""
    tpl = get_scoped_or_404(ChecklistTemplate, request.user, "view", pk=pk)
    return render(
        request,
        "checklists/print.html",
        {"tpl": tpl, "groups": _print_groups(tpl.items.order_by("row"))},
    )
