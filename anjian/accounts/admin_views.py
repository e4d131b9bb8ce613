"""安委办 pages: departments and their sectors, user accounts."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from anjian.core.scoping import get_scoped_or_404

from . import services
from .models import Department, Region, Role, Sector, User


def _awb(request):
    if not (request.user.is_superuser or request.user.role == Role.AWB):
        raise PermissionDenied


def _depts(user):
    qs = Department.objects.select_related("region").prefetch_related("sectors")
    return qs if user.is_superuser else qs.filter(region__code__startswith=user.region.prefix)


class DepartmentForm(forms.ModelForm):
    sectors = forms.ModelMultipleChoiceField(
        Sector.objects.all(),
        label=_("监管行业领域"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Department
        fields = ["name", "short_name", "doc_prefix", "sectors"]


class UserForm(forms.ModelForm):
    class Meta:
        model = User
        fields = [
            "username",
            "full_name",
            "role",
            "region",
            "department",
            "enterprise",
            "is_leader",
            "phone",
            "cert_no",
            "cert_expiry",
            "is_active",
        ]
        widgets = {"cert_expiry": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, by=None, **kwargs):
        super().__init__(*args, **kwargs)
        if by is not None and not by.is_superuser:
            self.fields["region"].queryset = Region.objects.filter(
                code__startswith=by.region.prefix, level__in=["county", "town"]
            )
            self.fields["department"].queryset = _depts(by)
        from anjian.registry.models import Enterprise

        self.fields["enterprise"].queryset = (
            Enterprise.objects.restrict(by) if by else Enterprise.objects.none()
        )
        self.fields["enterprise"].widget = forms.NumberInput()
        self.fields["enterprise"].help_text = _("企业用户填写企业编号（企业详情页地址中的数字）")


@login_required
def department_list(request):
    _awb(request)
    return render(request, "accounts/department_list.html", {"departments": _depts(request.user)})


@login_required
def department_edit(request, pk):
    _awb(request)
    dept = _depts(request.user).filter(pk=pk).first()
    if dept is None:
        from django.http import Http404

        raise Http404
    form = DepartmentForm(request.POST or None, instance=dept)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        sectors = list(data.pop("sectors"))
        try:
            services.update_department(request.user, dept, sectors=sectors, **data)
        except ValidationError as exc:
            for f, errs in exc.message_dict.items():
                form.add_error(f if f in form.fields else None, errs)
        else:
            messages.success(request, _("部门职责已更新，名录库已按新的职责划分重新计算。"))
            return redirect("accounts:departments")
    return render(
        request,
        "accounts/form.html",
        {"form": form, "title": _("编辑部门：%(name)s") % {"name": dept.name}},
    )


@login_required
def user_list(request):
    _awb(request)
    qs = (
        User.objects.restrict(request.user, "change")
        .select_related("department", "region")
        .order_by("username")
    )
    if request.GET.get("q"):
        qs = qs.filter(username__contains=request.GET["q"]) | qs.filter(
            full_name__contains=request.GET["q"]
        )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/user_list.html", {"page": page, "querystring": ""})


@login_required
def user_create(request):
    _awb(request)
    form = UserForm(request.POST or None, by=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            user, password = services.admin_create_user(request.user, **form.cleaned_data)
        except ValidationError as exc:
            for f, errs in exc.message_dict.items():
                form.add_error(f if f in form.fields else None, errs)
        else:
            return render(
                request, "accounts/initial_password.html", {"target": user, "password": password}
            )
    return render(request, "accounts/form.html", {"form": form, "title": _("新建用户")})


@login_required
def user_edit(request, pk):
    _awb(request)
    target = get_scoped_or_404(User, request.user, "change", pk=pk)
    form = UserForm(request.POST or None, instance=target, by=request.user)
    form.fields.pop("username")
    if request.method == "POST" and form.is_valid():
        try:
            services.update_user(request.user, target, **form.cleaned_data)
        except ValidationError as exc:
            for f, errs in exc.message_dict.items():
                form.add_error(f if f in form.fields else None, errs)
        else:
            messages.success(request, _("已保存。"))
            return redirect("accounts:users")
    return render(
        request,
        "accounts/form.html",
        {
            "form": form,
            "title": _("编辑用户：%(name)s") % {"name": target},
            "reset_url": f"/accounts/users/{target.pk}/reset/",
        },
    )


@login_required
def user_reset(request, pk):
    _awb(request)
    target = get_scoped_or_404(User, request.user, "change", pk=pk)
    if request.method != "POST":
        return redirect("accounts:user_edit", pk=pk)
    password = services.reset_password(request.user, target)
    return render(
        request, "accounts/initial_password.html", {"target": target, "password": password}
    )
