import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class ComplexityValidator:
    """等保三级 password complexity: at least three of upper, lower, digit, symbol."""

    classes = [
        (re.compile(r"[A-Z]"), "大写字母"),
        (re.compile(r"[a-z]"), "小写字母"),
        (re.compile(r"\d"), "数字"),
        (re.compile(r"[^A-Za-z0-9]"), "特殊字符"),
    ]

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        found = sum(1 for rx, _ in self.classes if rx.search(password))
        if found < self.min_classes:
            raise ValidationError(
                _("密码须至少包含大写字母、小写字母、数字、特殊字符中的三类。"),
                code="password_too_simple",
            )

    def get_help_text(self):
        return _("密码须至少包含大写字母、小写字母、数字、特殊字符中的三类。")


class UsernameValidator:
    """The password may not contain the username (nor the username reversed)."""

    def validate(self, password, user=None):
        name = (getattr(user, "username", "") or "").lower()
        low = password.lower()
        if len(name) >= 3 and (name in low or name[::-1] in low):
            raise ValidationError(_("密码不能包含用户名。"), code="password_contains_username")

    def get_help_text(self):
        return _("密码不能包含用户名。")


class RepetitionValidator:
    """No character three times in a row, and at least six different characters."""

    def __init__(self, max_run: int = 2, min_distinct: int = 6):
        self.max_run, self.min_distinct = max_run, min_distinct

    def validate(self, password, user=None):
        run = 1
        for a, b in zip(password, password[1:], strict=False):
            run = run + 1 if a == b else 1
            if run > self.max_run:
                raise ValidationError(
                    _("密码中同一字符不能连续出现 %(n)d 次以上。") % {"n": self.max_run},
                    code="password_repeated",
                )
        if len(set(password)) < self.min_distinct:
            raise ValidationError(
                _("密码至少应包含 %(n)d 个不同的字符。") % {"n": self.min_distinct},
                code="password_repeated",
            )

    def get_help_text(self):
        return _("同一字符不能连续出现3次，至少包含6个不同字符。")
