from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """One message for every refused login: a wrong password, an unknown user and a locked
    account read the same, so the page does not tell which usernames exist."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "用户名或密码错误，或账户已被锁定。连续失败 %(n)s 次后账户将锁定 %(minutes)s 分钟，"
            "如需解锁请联系系统管理员。"
        ),
    }

    def get_invalid_login_error(self):
        from django import forms

        return forms.ValidationError(
            self.error_messages["invalid_login"],
            code="invalid_login",
            params={
                "n": settings.ANJIAN_LOCKOUT_THRESHOLD,
                "minutes": settings.ANJIAN_LOCKOUT_MINUTES,
                "username": self.username_field.verbose_name,
            },
        )
