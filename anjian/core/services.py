"""Helpers for service functions: permission, validation, optimistic locking, audit."""

from django.core.exceptions import PermissionDenied, ValidationError  # noqa: F401 (re-export)
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _


class ConflictError(Exception):
    """The record was changed by someone else since it was read."""

    def __init__(self, obj=None, message: str | None = None):
        self.obj = obj
        super().__init__(message or _("该记录已被他人修改，请刷新后重新编辑（您的修改未保存）。"))


def require(condition: bool, message: str | None = None) -> None:
    if not condition:
        raise PermissionDenied(message or _("无权执行此操作"))


def snapshot(obj, fields=None) -> dict:
    """A JSON-safe dict of a model instance for before/after audit records."""
    data = model_to_dict(obj, fields=fields)
    out = {}
    for key, value in data.items():
        if isinstance(value, list):
            items = [getattr(v, "pk", v) for v in value]
            out[key] = sorted(items) if all(isinstance(v, (int, str)) for v in items) else items
        elif hasattr(value, "pk"):
            out[key] = value.pk
        elif hasattr(value, "isoformat"):
            out[key] = value.isoformat()
        elif hasattr(value, "name") and hasattr(value, "url"):  # FieldFile
            out[key] = value.name or ""
        else:
            out[key] = (
                value if isinstance(value, (str, int, float, bool, type(None))) else str(value)
            )
    return out


def check_version(obj, expected_version) -> None:
    if expected_version is not None and int(expected_version) != obj.version:
        raise ConflictError(obj)


def diff(before: dict, after: dict) -> dict:
    keys = set(before) | set(after)
    return {k: [before.get(k), after.get(k)] for k in sorted(keys) if before.get(k) != after.get(k)}


def field_errors(model, values: dict) -> dict:
    """The model fields' own limits for values a service is about to store: lengths, digits
    and integer ranges — the portable range (PostgreSQL's), whatever this database accepts, so
    that what SQLite would take cannot fail elsewhere. {field: [messages]}, empty when all fit."""
    from django.core.validators import MaxValueValidator, MinValueValidator
    from django.db.backends.base.operations import BaseDatabaseOperations

    errors = {}
    for name, value in values.items():
        if value in (None, ""):
            continue
        field = model._meta.get_field(name)
        low, high = BaseDatabaseOperations.integer_field_ranges.get(
            field.get_internal_type(), (None, None)
        )
        checks = list(field.validators)
        if high is not None:
            checks += [MinValueValidator(low), MaxValueValidator(high)]
        try:
            for check in checks:
                check(value)
        except ValidationError as exc:
            errors[name] = exc.messages
    return errors
