"""Administration pages (三员分立): departments and accounts (system administrator), requests
for rights and password resets and their approval (security administrator), API tokens."""

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from anjian.core.filters import FilterSet
from anjian.core.forms import (
    DateInput,
    SearchSelect,
    ServiceModelForm,
    VersionForm,
    error_text,
    model_field,
)
from anjian.core.tables import ChoiceColumn, Column, DateTimeColumn, Table, TemplateColumn
from anjian.core.views import ObjectEditView, ObjectListView, TransitionView

from . import services
from .models import AUTHORITY_FIELDS, ApiToken, Department, PrivilegeRequest, Region, Sector, User


def _require_system_admin(user):
    if not user.is_system_admin:
        raise PermissionDenied(_("只有系统管理员可以管理用户和部门（三员分立）"))


# ------------------------------------------------------------------------------ departments


class DepartmentTable(Table):
    name = Column(verbose_name=gettext_lazy("部门"))
    short_name = Column(verbose_name=gettext_lazy("简称"))
    doc_prefix = Column(verbose_name=gettext_lazy("文书简称"))
    sectors = Column(verbose_name=gettext_lazy("监管行业领域"), accessor="pk", empty_values=())
    edit = TemplateColumn(
        "{% load i18n %}<a href=\"{% url 'accounts:department_edit' record.pk %}\">"
        '{% translate "编辑" %}</a>',
        verbose_name="",
    )

    def render_sectors(self, record):
        return _("、").join(s.name for s in record.sectors.all())


class DepartmentList(ObjectListView):
    model = Department
    table_class = DepartmentTable
    table_id = "departments"
    title = gettext_lazy("部门及其监管行业领域")
    template_name = "accounts/department_list.html"
    paginator_class = None

    def check_permission(self, obj=None):
        _require_system_admin(self.request.user)

    def refine(self, qs):
        return qs.select_related("region").prefetch_related("sectors").order_by("id")


class DepartmentForm(ServiceModelForm):
    sectors = forms.ModelMultipleChoiceField(
        Sector.objects.all(),
        label=gettext_lazy("监管行业领域"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Department
        fields = ["name", "short_name", "doc_prefix", *AUTHORITY_FIELDS, "sectors"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sectors"].initial = list(self.instance.sectors.all())


class DepartmentEdit(ObjectEditView):
    model = Department
    form_class = DepartmentForm
    update_service = services.update_department
    success_message = gettext_lazy("部门职责已更新，名录库已按新的职责划分重新计算。")

    def check_permission(self, obj=None):
        _require_system_admin(self.request.user)

    def service_kwargs(self, form):
        data = super().service_kwargs(form)
        data["sectors"] = list(data.pop("sectors") or [])
        return data

    def get_title(self):
        return _("编辑部门：%(name)s") % {"name": self.object.name}

    def get_success_url(self, obj):
        return reverse("accounts:departments")


# ------------------------------------------------------------------------------------ users


class UserFilter(FilterSet):
    q = django_filters.CharFilter(
        label=gettext_lazy("用户名或姓名"), method="search", max_length=64,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": gettext_lazy("用户名或姓名")}),
    )  # fmt: skip

    class Meta:
        model = User
        fields = ["q"]

    def search(self, qs, name, value):
        return qs.filter(Q(username__icontains=value) | Q(full_name__contains=value))


class UserTable(Table):
    username = Column(verbose_name=gettext_lazy("用户名"))
    full_name = Column(verbose_name=gettext_lazy("姓名"))
    role = ChoiceColumn(verbose_name=gettext_lazy("角色"))
    unit = Column(verbose_name=gettext_lazy("部门/区划"), accessor="pk", empty_values=())
    duty = Column(verbose_name=gettext_lazy("管理职责与权限"), accessor="pk", empty_values=())
    cert_no = Column(verbose_name=gettext_lazy("执法证号"))
    cert_expiry = Column(verbose_name=gettext_lazy("有效期至"))
    state = Column(verbose_name=gettext_lazy("状态"), accessor="pk", empty_values=())
    edit = TemplateColumn(
        "{% load i18n %}<a href=\"{% url 'accounts:user_edit' record.pk %}\">"
        '{% translate "编辑" %}</a>',
        verbose_name="",
    )

    def render_unit(self, record):
        return str(record.department or record.region or "")

    def render_duty(self, record):
        parts = []
        if record.admin_duty:
            parts.append(_(record.get_admin_duty_display()))
        if record.is_leader:
            parts.append(_("单位负责人"))
        if record.may_reveal_reporters:
            parts.append(_("举报人身份查看权"))
        return _("、").join(str(p) for p in parts)

    def render_state(self, record):
        if not record.is_active:
            return _("停用")
        if record.is_locked():
            return format_html('<span class="bad">{}</span>', _("已锁定"))
        if record.must_change_password:
            return _("待改初始密码")
        return _("正常")


class UserList(ObjectListView):
    model = User
    action = "change"
    filterset_class = UserFilter
    table_class = UserTable
    table_id = "users"
    title = gettext_lazy("用户管理")

    def check_permission(self, obj=None):
        user = self.request.user
        if not (user.is_system_admin or user.is_security_admin):
            raise PermissionDenied(_("只有系统管理员和安全管理员可以查看用户"))

    def refine(self, qs):
        return qs.select_related("department", "region").order_by("username")

    def get_actions(self):
        out = []
        if self.request.user.is_system_admin:
            out.append((_("新建用户"), reverse("accounts:user_create")))
        out.append((_("权限变更审批"), reverse("accounts:privileges")))
        return out


class UserForm(ServiceModelForm):
    class Meta:
        model = User
        fields = [
            "username", "full_name", "role", "region", "department", "enterprise", "phone",
            "cert_no", "cert_expiry", "is_active",
        ]  # fmt: skip
        widgets = {"cert_expiry": DateInput(), "enterprise": SearchSelect("enterprise")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        by = self.user
        if by is not None and not by.is_superuser:
            self.fields["region"].queryset = Region.objects.filter(
                code__startswith=by.region.prefix, level__in=["county", "town"]
            )
            self.fields["department"].queryset = Department.objects.filter(
                region__code__startswith=by.region.prefix
            )
        ent = self.fields["enterprise"]
        ent.queryset = ent.queryset.model.objects.restrict(by) if by else ent.queryset.none()
        if self.instance.pk:
            self.fields.pop("username")


class UserEdit(ObjectEditView):
    model = User
    form_class = UserForm
    template_name = "accounts/user_form.html"
    create_service = services.admin_create_user
    update_service = services.update_user
    success_message = gettext_lazy("已保存。")

    def check_permission(self, obj=None):
        _require_system_admin(self.request.user)

    def get_title(self):
        if self.object is None:
            return _("新建用户")
        return _("编辑用户：%(name)s") % {"name": self.object}

    def success(self, obj):
        if self.object is None:  # admin_create_user returns (user, initial password)
            user, password = obj
            return render(
                self.request,
                "accounts/initial_password.html",
                {"target": user, "password": password},
            )
        return super().success(obj)

    def get_success_url(self, obj):
        return reverse("accounts:users")

    def get_context_data(self, form):
        if self.object is None:
            return {}
        return {
            "request_form": PrivilegeRequestForm(),
            "reset_form": ResetForm(),
            "pending": PrivilegeRequest.objects.filter(target=self.object, status="pending"),
        }


class PrivilegeRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("申请事项"),
        choices=[c for c in PrivilegeRequest.KINDS if c[0] != "reset_password"],
    )
    value = forms.ChoiceField(
        label=gettext_lazy("变更为"),
        choices=[
            ("1", gettext_lazy("授予 / 设为负责人")),
            ("0", gettext_lazy("收回 / 取消负责人")),
            ("system", gettext_lazy("系统管理员")),
            ("security", gettext_lazy("安全管理员")),
            ("audit", gettext_lazy("审计管理员")),
            ("", gettext_lazy("无管理员职责")),
        ],
        required=False,
    )
    reason = model_field(PrivilegeRequest, "reason", label=gettext_lazy("申请理由"))


class ResetForm(forms.Form):
    reason = model_field(PrivilegeRequest, "reason", label=gettext_lazy("重置理由"))


class UserRequest(TransitionView):
    """A system administrator asks for a change of someone's rights (approved by another)."""

    model = User
    action = "change"
    form_class = PrivilegeRequestForm
    service = services.request_privilege
    success_message = gettext_lazy("已提出申请，待安全管理员审批后生效。")

    def get_success_url(self, obj):
        return reverse("accounts:user_edit", args=[obj.target_id])

    def get_error_url(self, obj):
        return reverse("accounts:user_edit", args=[obj.pk])


class UserReset(UserRequest):
    form_class = ResetForm
    success_message = gettext_lazy(
        "已提出重置密码申请，待安全管理员审批；批准后新的初始密码只向审批人显示一次。"
    )

    def perform(self, obj, form):
        return services.reset_password(self.request.user, obj, reason=form.cleaned_data["reason"])


# ------------------------------------------------------------------------ privilege requests


class PrivilegeTable(Table):
    requested_at = DateTimeColumn(verbose_name=gettext_lazy("申请时间"), format="Y-m-d H:i")
    target = Column(verbose_name=gettext_lazy("对象"))
    kind = ChoiceColumn(verbose_name=gettext_lazy("事项"))
    value = Column(verbose_name=gettext_lazy("变更为"), accessor="pk", empty_values=())
    reason = Column(verbose_name=gettext_lazy("理由"))
    requested_by = Column(verbose_name=gettext_lazy("申请人"))
    status = ChoiceColumn(verbose_name=gettext_lazy("状态"))
    decide = TemplateColumn(template_name="accounts/_privilege_decide.html", verbose_name="")

    class Meta(Table.Meta):
        empty_text = gettext_lazy("没有权限变更申请")

    def render_value(self, record):
        return record.describe_value()


class PrivilegeList(ObjectListView):
    model = PrivilegeRequest
    table_class = PrivilegeTable
    table_id = "privileges"
    title = gettext_lazy("权限变更与密码重置审批")
    template_name = "accounts/privilege_list.html"

    def check_permission(self, obj=None):
        user = self.request.user
        if not (user.is_system_admin or user.is_security_admin):
            raise PermissionDenied(_("只有系统管理员和安全管理员可以查看权限变更申请"))

    def refine(self, qs):
        return qs.select_related("target", "requested_by", "decided_by")


class DecideForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=gettext_lazy("审批"),
        choices=[("1", gettext_lazy("批准")), ("0", gettext_lazy("驳回"))],
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(label=gettext_lazy("审批意见"), max_length=200, required=False)


class PrivilegeDecide(TransitionView):
    model = PrivilegeRequest
    form_class = DecideForm
    service = services.decide_privilege

    def perform(self, obj, form):
        self.outcome = services.decide_privilege(self.request.user, obj, **form.cleaned_data)
        self.approved = form.cleaned_data["approve"]
        return obj

    def success(self, obj):
        if self.outcome.get("password"):
            return render(
                self.request, "accounts/initial_password.html",
                {"target": obj.target, "password": self.outcome["password"]},
            )  # fmt: skip
        self.success_message = _("已批准，变更已生效。") if self.approved else _("已驳回。")
        return super().success(obj)


# ---------------------------------------------------------------------------------- tokens


class TokenTable(Table):
    name = Column(verbose_name=gettext_lazy("名称"))
    prefix = Column(verbose_name=gettext_lazy("前缀"), attrs={"td": {"class": "mono"}})
    user = Column(verbose_name=gettext_lazy("用户"))
    created_at = DateTimeColumn(verbose_name=gettext_lazy("创建时间"), format="Y-m-d H:i")
    expires_at = DateTimeColumn(verbose_name=gettext_lazy("有效期至"), format="Y-m-d")
    last_used_at = DateTimeColumn(verbose_name=gettext_lazy("最近使用"), format="Y-m-d H:i")
    state = Column(verbose_name=gettext_lazy("状态"), accessor="pk", empty_values=())
    revoke = TemplateColumn(template_name="accounts/_token_revoke.html", verbose_name="")

    class Meta(Table.Meta):
        empty_text = gettext_lazy("尚无令牌")

    def render_state(self, record):
        return {"active": _("有效"), "expired": _("已过期"), "revoked": _("已吊销")}[
            record.status()
        ]


class TokenList(ObjectListView):
    model = ApiToken
    table_class = TokenTable
    table_id = "tokens"
    title = gettext_lazy("API 令牌")
    template_name = "accounts/token_list.html"

    def refine(self, qs):
        return qs.select_related("user").order_by("-created_at")

    def get_context_data(self, ctx):
        return {"token_form": TokenForm()}


class TokenForm(forms.Form):
    name = model_field(ApiToken, "name", label=gettext_lazy("名称（用途）"), required=True)
    days = forms.IntegerField(
        label=gettext_lazy("有效天数"), min_value=1, max_value=ApiToken.MAX_DAYS,
        initial=ApiToken.DEFAULT_DAYS,
    )  # fmt: skip


def token_create(request):
    """A new personal token, shown once."""
    if not request.user.is_authenticated:
        raise PermissionDenied
    if request.method != "POST":
        return redirect("accounts:tokens")
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            raw = services.issue_token(request.user, request.user, **form.cleaned_data)
        except services.ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            return render(request, "accounts/token_created.html", {"raw": raw})
    else:
        messages.error(request, error_text(form))
    return redirect("accounts:tokens")


class TokenRevoke(TransitionView):
    model = ApiToken
    form_class = VersionForm
    service = services.revoke_token
    success_message = gettext_lazy("令牌已吊销，立即失效。")

    def get_success_url(self, obj):
        return reverse("accounts:tokens")

    get_error_url = get_success_url
