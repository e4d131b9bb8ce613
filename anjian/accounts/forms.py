from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .models import User
from .signatures import PNG_MAX_BYTES


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


class SignatureForm(forms.Form):
    """The fields of one signature (accounts.signatures.sign): an account holder (`signer`, with
    his own password when he is not the logged-in user), or a person signing by hand on the
    device (`name`, `id_number` and the drawn `png`). There is no field for a typed name alone."""

    signer = forms.ModelChoiceField(
        User.objects.none(), label=_("签名人"), required=False, empty_label=None
    )
    password = forms.CharField(
        label=_("本人登录密码"), required=False, max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )  # fmt: skip
    name = forms.CharField(label=_("签名人姓名"), required=False, max_length=32)
    id_number = forms.CharField(label=_("身份证号"), required=False, max_length=18)
    png = forms.CharField(
        label=_("手写签名"), required=False, max_length=PNG_MAX_BYTES * 4 // 3 + 64, strip=False,
        widget=forms.HiddenInput,
    )  # fmt: skip

    def __init__(self, *args, signers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if signers is not None:
            self.fields["signer"].queryset = signers

    def signature_kwargs(self) -> dict:
        d = self.cleaned_data
        if d.get("signer") is not None:
            return {"signer": d["signer"], "password": d.get("password") or None,
                    "png": d.get("png") or None}  # fmt: skip
        return {"name": d.get("name") or "", "id_number": d.get("id_number") or "",
                "png": d.get("png") or None}  # fmt: skip
