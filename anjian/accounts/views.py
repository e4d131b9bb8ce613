from django import forms
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.password_validation import password_validators_help_texts
from django.contrib.auth.views import LoginView, LogoutView
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from anjian.core.forms import error_dict

from .forms import LoginForm
from .services import change_password


class AnjianLoginView(LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class AnjianLogoutView(LogoutView):
    pass


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(label=_("原密码"), widget=forms.PasswordInput)
    new_password1 = forms.CharField(label=_("新密码"), widget=forms.PasswordInput)
    new_password2 = forms.CharField(label=_("确认新密码"), widget=forms.PasswordInput)

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_old_password(self):
        if not self.user.check_password(self.cleaned_data["old_password"]):
            raise ValidationError(_("原密码不正确。"))
        return self.cleaned_data["old_password"]

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("new_password1"), data.get("new_password2")
        if p1 and p2 and p1 != p2:
            self.add_error("new_password2", _("两次输入的新密码不一致。"))
        if p1 and p1 == data.get("old_password"):
            self.add_error("new_password1", _("新密码不能与原密码相同。"))
        return data


@login_required
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            change_password(request.user, form.cleaned_data["new_password1"])
        except ValidationError as exc:
            for messages_ in error_dict(exc).values():
                form.add_error("new_password1", messages_)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, _("密码已修改。"))
            return redirect("home")
    return render(
        request,
        "accounts/password_change.html",
        {"form": form, "help_texts": password_validators_help_texts()},
    )
