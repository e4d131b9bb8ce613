"""Declarative tables for list pages (django-tables2), in the look of every Anjian list.

A page's table is a `Table` subclass naming its columns; `ObjectListView` fills it with the
scoped, filtered queryset and paginates it. Choice labels stay Chinese in the models (exports
and stored records keep the official wording) and are translated when shown, as the
templates did before (`core.i18n`).
"""

import functools
from datetime import date

import django_tables2.utils
from django.core.paginator import Paginator
from django.db import models
from django.template import Context, Template
from django.template.base import render_value_in_context
from django.template.defaultfilters import date as date_filter
from django.utils.functional import cached_property
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext
from django_tables2 import Column
from django_tables2 import DateColumn as BaseDateColumn
from django_tables2 import DateTimeColumn as BaseDateTimeColumn
from django_tables2 import Table as BaseTable
from django_tables2 import TemplateColumn as BaseTemplateColumn
from django_tables2.columns.base import LinkTransform
from django_tables2.columns.linkcolumn import BaseLinkColumn
from django_tables2.columns.manytomanycolumn import ManyToManyColumn
from django_tables2.utils import Accessor as A
from django_tables2.utils import AttributeDict

from .context import count_upto

# Rendering cost (issue 20): django-tables2 asks `inspect.signature` of a column's render
# function for every cell (a 50-row ledger page spent a fifth of its time there) and compiles
# a TemplateColumn's template code (DateColumn is one) for every cell. The signature of a
# function does not change: it is computed once per function (a bound method by its function).
_signature = django_tables2.utils.signature


@functools.lru_cache(maxsize=4096)
def _cached_signature(fn, bound: bool):
    return _signature(fn.__get__(object()) if bound else fn)


def signature(fn):
    func = getattr(fn, "__func__", None)
    try:
        if func is not None and getattr(fn, "__self__", None) is not None:
            return _cached_signature(func, True)
        return _cached_signature(fn, False)
    except TypeError:  # unhashable callable
        return _signature(fn)


django_tables2.utils.signature = signature


class CompiledTemplateMixin:
    """A TemplateColumn whose template code is compiled once, not once per cell."""

    @cached_property
    def _compiled(self):
        return Template(self.template_code)

    def render(self, record, table, value, bound_column, **kwargs):
        if not self.template_code:
            return super().render(record, table, value, bound_column, **kwargs)
        parent_context = getattr(table, "context", None)
        if parent_context is None:
            parent_context = Context()
        context = self.get_context_data(
            record=record, table=table, value=value, bound_column=bound_column, **kwargs
        )
        with parent_context.update(context):
            parent_context["request"] = getattr(table, "request", None)
            return self._compiled.render(parent_context)


class TemplateColumn(CompiledTemplateMixin, BaseTemplateColumn):
    pass


class FormattedDateMixin:
    """`{{ value|date:format|default:default }}` (django-tables2's template) in Python."""

    def __init__(self, format=None, short=True, *args, **kwargs):
        super().__init__(format, short, *args, **kwargs)
        self.date_format = format or (self.short_format if short else self.long_format)

    def render(self, value, bound_column):
        value = template_localtime(value)
        if self.date_format == "Y-m-d" and isinstance(value, date):  # the lists' usual format
            return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
        text = date_filter(value, self.date_format)
        return conditional_escape(text) if text else bound_column.default


class DateColumn(FormattedDateMixin, BaseDateColumn):
    short_format, long_format = "SHORT_DATE_FORMAT", "DATE_FORMAT"


class DateTimeColumn(FormattedDateMixin, BaseDateTimeColumn):
    short_format, long_format = "SHORT_DATETIME_FORMAT", "DATETIME_FORMAT"


class Table(BaseTable):
    """A list table: no client-side ordering links unless a column asks for them."""

    class Meta:
        template_name = "core/table.html"
        orderable = False
        attrs = {"class": "list"}
        empty_text = ""

    def __init__(self, *args, table_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        if table_id:
            self.attrs = {**self.attrs, "id": table_id}

    def body_html(self):
        """The rows of the current page as HTML, as core/table.html wrote them cell by cell
        (`<tr attrs><td attrs>cell</td>…</tr>`), built in Python: the template's loops over
        rows and cells, and a cell's attributes computed again for every cell, were a large
        part of a list page's time (issue 20). A cell's attributes are computed per cell only
        when they hold callables (of the record)."""
        context = Context()
        columns = []
        for column in self.columns:
            attrs = dict(self.attrs)
            attrs.update(dict(column.column.attrs))
            td = attrs.get("td", attrs.get("cell", {}))
            static = None if _has_callable(td) else column.attrs["td"].as_html()
            columns.append((column, _Cell(self, column), static))
        out = []
        for row in self.paginated_rows:
            r = row.attrs.as_html()
            out.append(f"<tr {r}>" if r else "<tr>")
            record = row.record
            for column, cell_of, a in columns:
                cell = cell_of(row, record)
                if a is None:  # attributes computed from the record: as items() sets them
                    column.current_value, column.current_record = cell, record
                    a = column.attrs["td"].as_html()
                out.append(f"<td {a}>" if a else "<td>")
                out.append(render_value_in_context(cell, context))
                out.append("</td>")
            out.append("</tr>\n")
        return mark_safe("".join(out))


_MISSING = object()
_CELL_ARGS = frozenset(("value", "record", "column", "bound_column", "bound_row", "table"))


class _Cell:
    """A column's cell as django-tables2's BoundRow.get_cell renders it (value by accessor,
    get_FOO_display for a field with choices, the column's default for an empty value, the
    render function with the arguments it names, the link), with what is the same on every
    row worked out once: the accessor, the model field per record type, the render
    function's signature. A plain Column's render (the value itself) is not called."""

    def __init__(self, table, bound_column):
        self.table, self.bc, self.column = table, bound_column, bound_column.column
        self.accessor = A(bound_column.accessor)
        self.path, _, self.remainder = self.accessor.rpartition(self.accessor.SEPARATOR)
        self.parent = A(self.path)
        self.fields = {}
        self.empty = self.column.empty_values
        self.m2m = isinstance(self.column, ManyToManyColumn)
        self.link_column = isinstance(self.column, BaseLinkColumn) and self.column.text is not None
        render = bound_column.render
        self.render = render
        self.plain = getattr(render, "__func__", None) is Column.render
        self.args, self.kwargs_name = signature(render)
        self.callable = bool(self.kwargs_name) or all(a in _CELL_ARGS for a in self.args)
        self.link = bound_column.link
        self.default = bound_column.default
        link = self.link
        # a link of static attributes (the usual linkify): its <a …> without computing them
        # for every cell
        self.link_prefix = None
        if type(link) is LinkTransform and not (link.url and callable(link.url)):
            attrs = link.attrs or {}
            if not _has_callable(attrs) and "href" not in attrs:
                html = AttributeDict(attrs).as_html()
                self.link_prefix = f"<a {html} href=" if html else "<a href="

    def __call__(self, row, record):
        value = None
        remainder = self.remainder
        penultimate = self.parent.resolve(record, quiet=True)
        if isinstance(penultimate, models.Model):
            field = self.fields.get(type(record), _MISSING)
            if field is _MISSING:
                field = self.fields[type(record)] = self.accessor.get_field(record)
            display_fn = getattr(penultimate, f"get_{remainder}_display", None)
            if getattr(field, "choices", ()) and display_fn:
                value = display_fn()
                remainder = None
        if remainder:
            try:
                value = self.accessor.resolve(record)
            except Exception:
                if self.link_column:
                    return row._call_render(self.bc)
        if value in self.empty or (self.m2m and not value.exists()):
            return self.default
        if self.plain and not self.link:
            return value
        kwargs = {
            "value": value, "record": record, "column": self.column, "bound_column": self.bc,
            "bound_row": row, "table": self.table,
        }  # fmt: skip
        if self.plain:
            content = value
        elif not self.callable:
            content = None
        elif self.kwargs_name:
            content = self.render(**kwargs)
        else:
            content = self.render(**{k: kwargs[k] for k in self.args})
        if not self.link:
            return content
        if self.link_prefix is None:
            return self.link(content, **kwargs)
        href = self.link.compose_url(**kwargs)
        if href is None:
            return content
        return mark_safe(f'{self.link_prefix}"{escape(href)}">{conditional_escape(content)}</a>')


def _has_callable(value) -> bool:
    if callable(value):
        return True
    if isinstance(value, dict):
        return any(_has_callable(v) for v in value.values())
    return False


def _queryset(object_list):
    """The queryset under django-tables2's row wrappers (BoundRows -> TableData -> QuerySet)."""
    data = getattr(object_list, "data", object_list)
    return getattr(data, "data", data)


class CappedPaginator(Paginator):
    """A paginator whose count stops at CAP + 1 rows.

    On a county's 2,000,000 hazards a full COUNT(*) of an unfiltered list costs seconds while
    the page itself (an index scan) costs milliseconds. Counting within ``LIMIT CAP + 1`` keeps
    the pages and their rows identical; only a total above CAP is shown as "超过 CAP 项" and the
    pager ends at the page holding row CAP + 1 (narrow the filters, or export, to go further).

    CAP is 1,000 (20 pages of 50): counting 10,001 rows of a scoped, filtered ledger still
    cost a list request 10-30 ms of database time at 200,000 hazards, more than the page's
    rows (issue 20: "1000+ 项" on the hot pages).
    """

    CAP = 1_000

    @cached_property
    def count(self):
        qs = _queryset(self.object_list)
        if hasattr(qs, "order_by"):
            # ids only, without the annotations of the rows (overdue flag, supervision)
            return count_upto(qs, self.CAP)
        return len(self.object_list)

    @property
    def capped(self) -> bool:
        return self.count > self.CAP


class ChoiceColumn(Column):
    """A choice field shown by its label in the user's language."""

    def render(self, record, bound_column, value):
        field = bound_column.accessor.split("__")[-1] if bound_column.accessor else ""
        display = getattr(record, f"get_{field}_display", None)
        return gettext(str(display() if display else value))


class NumberColumn(Column):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "num"}, "th": {"class": "num"}})
        super().__init__(*args, **kwargs)


class MonoColumn(Column):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "mono"}})
        super().__init__(*args, **kwargs)


class BoolColumn(Column):
    """是 / 否 (or a blank for a false value when `blank_false`)."""

    def __init__(self, *args, blank_false=False, **kwargs):
        self.blank_false = blank_false
        kwargs.setdefault("empty_values", ())
        super().__init__(*args, **kwargs)

    def render(self, value):
        if value:
            return gettext("是")
        return "" if self.blank_false else gettext("否")


class LinkColumn(Column):
    """The record's own page: `Column(linkify=True)` with the model's get_absolute_url."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("linkify", True)
        super().__init__(*args, **kwargs)


def join(values, sep=None) -> str:
    return (sep or gettext("、")).join(str(v) for v in values if v)


def badge(text, css="") -> str:
    return format_html('<span class="badge {}">{}</span>', css, text)
