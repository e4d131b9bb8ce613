from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from anjian.accounts.models import Department, Region, Role, Sector
from anjian.audit.models import AuditEntry
from anjian.core.scoping import get_scoped_or_404
from anjian.core.services import ConflictError

from . import excel, services
from .filters import TAG_CHOICES, filter_enterprises
from .forms import EnterpriseForm, ImportForm, LicenceForm, OverrideForm, PersonForm
from .models import Enterprise, EnterpriseTier, Licence, Person

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _towns_for(user):
    qs = Region.objects.filter(level="town")
    if user.is_superuser:
        return qs
    if user.department_id:
        return qs.filter(code__startswith=user.department.region.prefix)
    if user.region_id:
        return qs.filter(code__startswith=user.region.prefix)
    return qs.none()


def _sectors_for(user):
    if user.role in (Role.INSPECTOR, Role.DEPT_LEADER) and user.department_id:
        return user.department.sectors.all()
    return Sector.objects.all()


@login_required
def enterprise_list(request):
    g = request.GET
    qs = Enterprise.objects.restrict(request.user, "view")
    qs = (
        filter_enterprises(
            qs,
            request.user,
            town=g.get("town"),
            sector=g.get("sector") or None,
            tier=g.get("tier"),
            risk=g.get("risk"),
            q=g.get("q"),
            status=g.get("status"),
        )
        .select_related("region", "primary_sector")
        .order_by("id")
    )
    page = Paginator(qs, 50).get_page(g.get("page"))
    params = g.copy()
    params.pop("page", None)
    return render(
        request,
        "registry/enterprise_list.html",
        {
            "page": page,
            "towns": _towns_for(request.user),
            "sectors": _sectors_for(request.user),
            "tags": TAG_CHOICES,
            "statuses": Enterprise.STATUS,
            "f": g,
            "querystring": params.urlencode(),
        },
    )


@login_required
def enterprise_detail(request, pk):
    ent = get_scoped_or_404(
        Enterprise.objects.select_related("region", "primary_sector"), request.user, "view", pk=pk
    )
    tiers = (
        EnterpriseTier.objects.restrict(request.user, "view")
        .filter(enterprise=ent)
        .select_related("department", "override_by")
    )
    can_change = Enterprise.objects.restrict(request.user, "change").filter(pk=ent.pk).exists()
    history = AuditEntry.objects.filter(model="registry.enterprise", object_id=str(ent.pk))[:20]
    today = timezone.localdate()
    return render(
        request,
        "registry/enterprise_detail.html",
        {
            "ent": ent,
            "tiers": tiers,
            "can_change": can_change,
            "history": history,
            "today": today,
            "soon": today + timedelta(days=30),
            "licences": ent.licences.all(),
            "people": ent.people.all(),
            "sectors": ent.sectors.all(),
            "override_form": OverrideForm(),
            "licence_form": LicenceForm(),
            "person_form": PersonForm(),
            "region_path": _region_path(ent.region),
        },
    )


def _region_path(region):
    path = []
    while region is not None:
        path.append(region.name)
        region = region.parent
    return " / ".join(reversed(path))


def _form_values(form):
    data = dict(form.cleaned_data)
    data.pop("version", None)
    sectors = list(data.pop("sectors", []) or [])
    return data, sectors


@login_required
def enterprise_create(request):
    if not request.user.can_manage_registry:
        raise PermissionDenied
    form = EnterpriseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data, sectors = _form_values(form)
        try:
            ent = services.create_enterprise(request.user, sectors=sectors, **data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("已登记企业：%(name)s") % {"name": ent.name})
            return redirect("registry:enterprise_detail", pk=ent.pk)
    return render(request, "registry/enterprise_form.html", {"form": form, "title": _("登记企业")})


@login_required
def enterprise_edit(request, pk):
    ent = get_scoped_or_404(Enterprise, request.user, "change", pk=pk)
    form = EnterpriseForm(request.POST or None, instance=ent, user=request.user)
    if request.method == "POST" and form.is_valid():
        data, sectors = _form_values(form)
        try:
            services.update_enterprise(
                request.user,
                ent,
                expected_version=form.cleaned_data.get("version"),
                sectors=sectors,
                **data,
            )
        except ConflictError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("registry:enterprise_detail", pk=ent.pk)
    return render(
        request,
        "registry/enterprise_form.html",
        {"form": form, "title": _("编辑：%(name)s") % {"name": ent.name}, "ent": ent},
    )


def _apply_errors(form, exc: ValidationError):
    for field, errs in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errs)


@login_required
@require_POST
def licence_add(request, pk):
    ent = get_scoped_or_404(Enterprise, request.user, "change", pk=pk)
    form = LicenceForm(request.POST)
    if form.is_valid():
        try:
            services.add_licence(request.user, ent, **form.cleaned_data)
            messages.success(request, _("已添加证照。"))
        except ValidationError as exc:
            messages.error(
                request, "；".join(f"{k}：{'，'.join(v)}" for k, v in exc.message_dict.items())
            )
    else:
        messages.error(
            request,
            _("证照信息有误：")
            + "；".join(f"{form.fields[k].label}：{'，'.join(v)}" for k, v in form.errors.items()),
        )
    return redirect("registry:enterprise_detail", pk=ent.pk)


@login_required
@require_POST
def person_add(request, pk):
    ent = get_scoped_or_404(Enterprise, request.user, "change", pk=pk)
    form = PersonForm(request.POST)
    if form.is_valid():
        services.add_person(request.user, ent, **form.cleaned_data)
        messages.success(request, _("已添加人员。"))
    else:
        messages.error(
            request,
            _("人员信息有误：")
            + "；".join(f"{form.fields[k].label}：{'，'.join(v)}" for k, v in form.errors.items()),
        )
    return redirect("registry:enterprise_detail", pk=ent.pk)


@login_required
@require_POST
def tier_override(request, pk):
    tier = get_scoped_or_404(EnterpriseTier, request.user, "change", pk=pk)
    form = OverrideForm(request.POST)
    if form.is_valid():
        try:
            services.override_tier(
                request.user,
                tier,
                tier=form.cleaned_data["tier"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("名录已调整。"))
        except ValidationError as exc:
            messages.error(request, "；".join(sum(exc.message_dict.values(), [])))
    return redirect("registry:enterprise_detail", pk=tier.enterprise_id)


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
            valid_until__lte=limit, revoked=False
        )
        people = Person.objects.restrict(request.user).filter(cert_expiry__lte=limit)
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
    return Licence.objects.restrict(user).filter(valid_until__lt=today, revoked=False)


def expired_certificates(user, today):
    return Person.objects.restrict(user).filter(cert_expiry__lt=today)


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
def tiers_export(request, dept_id, tier):
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

    data = excel.tier_workbook(dept, tier, rows())
    name = "zhongdian" if tier == "key" else "yiban"
    resp = HttpResponse(data, content_type=XLSX)
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{dept.code}-{name}-minglu.xlsx"
    return resp
