"""Declarative filters for list pages and the API (django-filter).

A page declares a `FilterSet`; `ObjectListView` binds it to the query string and the user.
Every value is parsed by its form field, so a bad value (`?sector=xyz`, a huge number, a date
that is no date) is a message naming the filter and an empty list, never a 500.
"""

import django_filters
from django import forms
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

BIGINT_MAX = 2**63 - 1


class FilterSet(django_filters.FilterSet):
    """A filter set that knows the user (for choices in the user's scope)."""

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.user = getattr(request, "user", None)
        self.setup()

    @property
    def form(self):
        form = super().form  # built on first use (a subclass may change filters before)
        if not getattr(form, "_fast_selects", False):
            for field in form.fields.values():
                if type(field.widget) is forms.Select:
                    field.widget.__class__ = FastSelect
            form._fast_selects = True
        return form

    def setup(self) -> None:
        """Set choices that depend on the user (towns, sectors of the department)."""

    @property
    def active(self) -> bool:
        return any(v not in (None, "", []) for v in (self.data or {}).values())

    def error_text(self) -> str:
        parts = []
        for name, errors in self.form.errors.items():
            label = self.form.fields[name].label if name in self.form.fields else name
            parts.append(f"{label}：{'，'.join(errors)}")
        return "；".join(parts)


def _attrs(attrs) -> str:
    """django/forms/widgets/attrs.html in Python."""
    out = []
    for name, value in attrs.items():
        if value is not False:
            out.append(
                f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
            )
    return "".join(out)


class FastSelect(forms.Select):
    """forms.Select written without its templates (django/forms/widgets/select.html and an
    include of select_option.html and attrs.html per option): the same HTML, byte for byte.
    A list page's filter form has some fifty options, and rendering them through templates
    cost it about a fifth of its time (issue 20)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        out = [f'<select name="{escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                out.append(f'\n  <optgroup label="{escape(group_name)}">')
            for option in group_choices:
                out.append(
                    f'\n  <option value="{escape(option["value"])}"{_attrs(option["attrs"])}>'
                    f"{escape(option['label'])}</option>\n"
                )
            if group_name:
                out.append("\n  </optgroup>")
        out.append("\n</select>")
        return mark_safe("".join(out))


class TownFilter(django_filters.ChoiceFilter):
    """Rows whose region code lies in a town: `field_name` is the region code column."""

    def __init__(self, *args, field_name="region_code", **kwargs):
        kwargs.setdefault("label", gettext_lazy("镇街"))
        kwargs.setdefault("empty_label", gettext_lazy("全部镇街"))
        super().__init__(*args, field_name=field_name, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.field_name}__startswith": value[:9]})  # a town's prefix


def set_choices(filterset, name: str, choices, empty_label=None) -> None:
    """Choices known only with the user (a town or sector filter in the user's scope)."""
    field = filterset.form.fields[name]
    empty = (
        empty_label
        if empty_label is not None
        else filterset.filters[name].extra.get("empty_label", "---------")
    )
    field.choices = [("", empty), *choices]


class SearchFilter(django_filters.CharFilter):
    """Free text over several fields (OR); `fields` are ORM lookups such as "name__contains"."""

    def __init__(self, *args, fields=(), **kwargs):
        self.search_fields = fields
        kwargs.setdefault("label", gettext_lazy("搜索"))
        kwargs.setdefault("max_length", 64)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        from django.db.models import Q

        value = (value or "").strip()
        if not value:
            return qs
        q = Q()
        for f in self.search_fields:
            q |= Q(**{f: value})
        return qs.filter(q)


def filter_queryset(filterset_class, qs, user, **params):
    """A page's filters outside a page (the API): the same FilterSet parses the parameters, and
    a bad value raises ValidationError naming the parameter (HTTP 422 in the API)."""
    from types import SimpleNamespace

    from django.core.exceptions import ValidationError

    data = {k: v for k, v in params.items() if v not in (None, "")}
    fs = filterset_class(data, qs, request=SimpleNamespace(user=user))
    if not fs.is_valid():
        raise ValidationError({k: list(v) for k, v in fs.errors.items()})
    return fs.qs
