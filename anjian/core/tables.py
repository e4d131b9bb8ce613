"""Declarative tables for list pages (django-tables2), in the look of every Anjian list.

A page's table is a `Table` subclass naming its columns; `ObjectListView` fills it with the
scoped, filtered queryset and paginates it. Choice labels stay Chinese in the models (exports
and stored records keep the official wording) and are translated when shown, as the
templates did before (`core.i18n`).
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext
from django_tables2 import Column, DateColumn, DateTimeColumn, TemplateColumn  # noqa: F401
from django_tables2 import Table as BaseTable


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
    """

    CAP = 10_000

    @cached_property
    def count(self):
        qs = _queryset(self.object_list)
        if hasattr(qs, "order_by"):
            return qs.order_by()[: self.CAP + 1].count()
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
