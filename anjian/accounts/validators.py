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
