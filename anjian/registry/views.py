from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from anjian.accounts.models import Department, Role
from anjian.audit.models import AuditEntry
from anjian.core import exports
from anjian.core.views import ObjectDetailView, ObjectEditView, ObjectListView, TransitionView

from . import excel, services
from .filters import EnterpriseFilter
from .forms import EnterpriseForm, ImportForm, LicenceForm, OverrideForm, PersonForm, RetireForm
from .models import Enterprise, EnterpriseTier, Licence, Person
from .tables import EnterpriseTable

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class EnterpriseList(ObjectListView):
    model = Enterprise
    filterset_class = EnterpriseFilter
    table_class = EnterpriseTable
    table_id = "enterprises"
    template_name = "registry/enterprise_list.html"
    title = gettext_lazy("企业名录")

    def refine(self, qs):
        return qs.select_related("region", "primary_sector").order_by("id")

    def get_actions(self):
        if not self.request.user.can_manage_registry:
            return []
        return [
            (_("登记企业"), reverse("registry:enterprise_create")),
            (_("批量导入"), reverse("registry:import")),
        ]


class EnterpriseDetail(ObjectDetailView):
    model = Enterprise
    template_name = "registry/enterprise_detail.html"

    def base_queryset(self):
        return Enterprise.objects.select_related("region", "primary_sector")

    def get_context(self, ent, bound=None):
        user = self.request.user
        today = timezone.localdate()
        forms = {"licence": LicenceForm(), "person": PersonForm()}
        if bound:
            forms[bound[0]] = bound[1]
        return {
            "ent": ent,
            "tiers": EnterpriseTier.objects.restrict(user, "view")
            .filter(enterprise=ent)
            .select_related("department", "override_by"),
            "can_change": Enterprise.objects.restrict(user, "change").filter(pk=ent.pk).exists(),
            "history": AuditEntry.objects.filter(
                model="registry.enterprise", object_id=str(ent.pk)
            )[:20],
            "today": today,
            "soon": today + timedelta(days=30),
            "licences": ent.licences.all(),
            "people": ent.people.all(),
            "sectors": ent.sectors.all(),
            "override_form": OverrideForm(),
            "licence_form": forms["licence"],
            "person_form": forms["person"],
            "retire_form": RetireForm(auto_id=False),
            "region_path": _region_path(ent.region),
        }


def _region_path(region):
    path = []
    while region is not None:
        path.append(region.name)
        region = region.parent
    return " / ".join(reversed(path))


class EnterpriseEdit(ObjectEditView):
    model = Enterprise
    form_class = EnterpriseForm
    create_service = services.create_enterprise
    update_service = services.update_enterprise

    def check_permission(self, obj=None):
        if obj is None and not self.request.user.can_manage_registry:
            raise PermissionDenied

    def service_kwargs(self, form):
        data = super().service_kwargs(form)
        data["sectors"] = list(data.get("sectors") or [])
        return data

    def get_title(self):
        if self.object is None:
            return _("登记企业")
        return _("编辑：%(name)s") % {"name": self.object.name}

    def get_success_message(self, obj):
        if self.object is None:
            return _("已登记企业：%(name)s") % {"name": obj.name}
        return _("已保存。")


class EnterpriseTransition(TransitionView):
    """Additions made on the enterprise's page (a licence, a person)."""

    model = Enterprise
    detail_view = EnterpriseDetail


licence_add = EnterpriseTransition.as_view(
    name="licence", form_class=LicenceForm, service=services.add_licence,
    success_message=gettext_lazy("已添加证照。"),
)  # fmt: skip
person_add = EnterpriseTransition.as_view(
    name="person", form_class=PersonForm, service=services.add_person,
    success_message=gettext_lazy("已添加人员。"),
)  # fmt: skip


class ChildEdit(ObjectEditView):
    """Edit a licence or a person; the page of its enterprise is where the user returns."""

    template_name = "core/object_form.html"

    def get_title(self):
        return _("编辑：%(what)s（%(ent)s）") % {"what": self.object, "ent": self.object.enterprise}


licence_edit = ChildEdit.as_view(
    model=Licence, form_class=LicenceForm, update_service=services.update_licence,
    success_message=gettext_lazy("证照已保存。"),
)  # fmt: skip
person_edit = ChildEdit.as_view(
    model=Person, form_class=PersonForm, update_service=services.update_person,
    success_message=gettext_lazy("人员信息已保存。"),
)  # fmt: skip
licence_retire = TransitionView.as_view(
    model=Licence, form_class=RetireForm, service=services.retire,
    success_message=gettext_lazy("证照已注销（保留记录）。"),
)  # fmt: skip
person_retire = TransitionView.as_view(
    model=Person, form_class=RetireForm, service=services.retire,
    success_message=gettext_lazy("已记录该人员离岗（保留记录）。"),
)  # fmt: skip


class TierOverride(TransitionView):
    model = EnterpriseTier
    form_class = OverrideForm
    service = services.override_tier
    success_message = gettext_lazy("名录已调整。")

    def get_error_url(self, obj):
        return obj.enterprise.get_absolute_url()


@login_required
def enterprise_import(request):
    if not request.user.can_manage_registry:
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = excel.import_enterprises(request.user, form.cleaned_data["file"])
        if result.ok:
            messages.success(request, _("导入成功：共 %(n)d 家企业。") % {"n": result.created})
            return redirect("registry:enterprise_list")
    return render(
        request, "registry/import.html", {"form": form, "result": result, "columns": excel.COLUMNS}
    )


@login_required
def import_template(request):
    resp = HttpResponse(excel.template_workbook(), content_type=XLSX)
    resp["Content-Disposition"] = "attachment; filename*=UTF-8''enterprise-import-template.xlsx"
    return resp


@login_required
def expiring(request):
    """Licences and certificates expired or expiring within N days."""
    try:
        days = min(max(int(request.GET.get("days") or 30), 1), 365)
    except ValueError:
        days = 30
    expired_only = request.GET.get("expired") == "1"  # the workbench's 过期证照 figure
    today = timezone.localdate()
    if expired_only:
        licences = expired_licences(request.user, today)
        people = expired_certificates(request.user, today)
    else:
        limit = today + timedelta(days=days)
        licences = Licence.objects.restrict(request.user).filter(
            valid_until__lte=limit, revoked=False, retired_on__isnull=True
        )
        people = Person.objects.restrict(request.user).filter(
            cert_expiry__lte=limit, retired_on__isnull=True
        )
    return render(
        request,
        "registry/expiring.html",
        {
            "licences": licences.select_related("enterprise").order_by("valid_until")[:500],
            "people": people.select_related("enterprise").order_by("cert_expiry")[:500],
            "today": today,
            "days": days,
            "expired_only": expired_only,
        },
    )


def expired_licences(user, today):
    return Licence.objects.restrict(user).filter(
        valid_until__lt=today, revoked=False, retired_on__isnull=True
    )


def expired_certificates(user, today):
    return Person.objects.restrict(user).filter(cert_expiry__lt=today, retired_on__isnull=True)


@login_required
def tiers(request):
    """名录库 per department: counts and export in the seed 000 附件4/附件5 layouts."""
    user = request.user
    if user.role in (Role.INSPECTOR, Role.DEPT_LEADER):
        depts = Department.objects.filter(pk=user.department_id)
    elif user.is_superuser:
        depts = Department.objects.all()
    elif user.role == Role.AWB and user.region_id:
        depts = Department.objects.filter(region__code__startswith=user.region.prefix)
    else:
        raise PermissionDenied
    rows = []
    for d in depts.prefetch_related("sectors"):
        qs = EnterpriseTier.objects.restrict(user).filter(department=d)
        rows.append(
            {
                "dept": d,
                "key": qs.filter(tier="key").count(),
                "general": qs.filter(tier="general").count(),
            }
        )
    return render(request, "registry/tiers.html", {"rows": rows})


@login_required
def tiers_export(request, dept_id, tier, fmt="xlsx"):
    """名录库 as .xlsx in the seed layout, or (`fmt="csv"`) streamed as CSV: the first bytes
    leave at once, rows follow the cursor."""
    dept = Department.objects.filter(pk=dept_id).prefetch_related("sectors").first()
    if dept is None or tier not in ("key", "general"):
        return HttpResponse(status=404)
    qs = (
        EnterpriseTier.objects.restrict(request.user)
        .filter(department=dept, tier=tier)
        .select_related("enterprise", "enterprise__primary_sector")
        .order_by("enterprise__name")
    )
    if (
        request.user.role in (Role.INSPECTOR, Role.DEPT_LEADER)
        and request.user.department_id != dept.id
    ):
        return HttpResponse(status=404)
    dept_sector_names = {s.name for s in dept.sectors.all()}

    def rows():
        for t in qs.iterator(chunk_size=2000):
            e = t.enterprise
            secs = [s for s in [e.primary_sector.name] if s in dept_sector_names] or sorted(
                dept_sector_names
            )[:1]
            last = "、".join(e.risk_labels()) if tier == "key" else ""
            if tier == "key" and not last:
                last = "；".join(r["text"] for r in t.reasons)
            yield e.name, secs[0] if secs else "", last

    name = "zhongdian" if tier == "key" else "yiban"
    if fmt == "csv":
        header = ["序号", "企业名称", "行业类别", "主要风险" if tier == "key" else "备注"]
        numbered = ([f"{n:02d}", *row] for n, row in enumerate(rows(), start=1))
        return exports.stream_csv(header, numbered, f"{dept.code}-{name}-minglu.csv")
    data = excel.tier_workbook(dept, tier, rows())
    resp = HttpResponse(data, content_type=XLSX)
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{dept.code}-{name}-minglu.xlsx"
    return resp
