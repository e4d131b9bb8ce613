"""Validators shared by the models of several contexts (attached to model fields, so every
path that saves through `full_clean` — page, API, import — applies them)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# 11-digit mobile numbers (1[3-9]…), fixed lines with area code (0xx(x)-xxxxxxx(x), optional
# extension), and the short service numbers of hotlines (12350, 110 …).
PHONE = re.compile(r"1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?|\d{7,8}|1\d{2,4}")


def validate_phone(value: str) -> None:
    if value and not PHONE.fullmatch(value.replace(" ", "")):
        raise ValidationError(
            _("电话号码格式不正确（手机号11位，固定电话如 0825-1234567）"), code="phone"
        )
