from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("用户名或密码错误。连续失败多次后账户将被锁定。"),
        "locked": _("账户因连续登录失败已被锁定，请于 %(until)s 后再试或联系安委办管理员。"),
    }

    def get_invalid_login_error(self):
        until = getattr(self.request, "anjian_locked_until", None)
        if until:
            local = timezone.localtime(until).strftime("%H:%M")
            return forms.ValidationError(
                self.error_messages["locked"], code="locked", params={"until": local}
            )
        return super().get_invalid_login_error()
