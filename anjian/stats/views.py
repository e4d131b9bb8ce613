"""S1–S4 pages: the tables with drill-down links, exports, submission, dashboard, report."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from anjian.core.excel import workbook_bytes
from anjian.core.forms import error_text
from anjian.core.views import ObjectEditView, ObjectListView

from . import dashboard as dash
from . import display, excel, services
from .drift import drift
from .drilldown import RELATED
from .figures import (
    S1,
    S2,
    SOURCES,
    TABLE_TITLES,
    TOTAL_LABEL,
    Period,
    campaign_for,
    compute,
    figure,
    format_value,
    records,
)
from .forms import DrillForm, SelectionForm, SubmissionsForm, SubmitForm
from .layout import S2_NOTE, s1_head_rows, s2_rows
from .models import Submission
from .tables import DrillTable, EnterpriseDrillTable

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _selection(request, table: str, form_class=SelectionForm):
    """(unit, period) from ?unit=&month=&mode=&start=; S2 is always cumulative.

    A bad value raises ValidationError naming the parameter (the page answers 400)."""
    if not services.can_use_stats(request.user):
        raise PermissionDenied(_("无权查看统计报表"))
    form = form_class(request.GET)
    if not form.is_valid():
        raise ValidationError(error_text(form))
    try:
        unit = services.parse_unit(request.user, form.cleaned_data["unit"])
    except PermissionDenied as exc:
        raise Http404(_("未找到或无权访问")) from exc
    mode = "cum" if table == "s2" else form.cleaned_data["mode"]
    try:
        period = services.parse_period(unit, form.raw("month"), mode, form.raw("start"))
    except ValidationError as exc:
        raise ValidationError(error_text(exc, form)) from exc
    raw_as_of = form.cleaned_data.get("as_of") or ""
    if raw_as_of:
        submitted_at = None
        if raw_as_of == "submitted":
            sub = (
                Submission.objects.restrict(request.user)
                .filter(table=table if table in ("s1", "s2") else "s1", unit_key=unit.key,
                        year=period.year, month=period.month_no)
                .first()
            )  # fmt: skip
            submitted_at = sub.submitted_at if sub else None
        try:
            period = period.at(services.parse_as_of(raw_as_of, submitted_at))
        except ValidationError as exc:
            raise ValidationError(error_text(exc, form)) from exc
    request.stats_form = form
    return unit, period


def _base_params(unit, period) -> dict:
    return {"unit": unit.key, **period.params()}


def _meta(request, unit, period) -> dict:
    c = campaign_for(unit, period.year, period.month_no)
    return {
        "campaign": c.title if c else None,
        "filled_on": timezone.localdate(),
        "leader": services.unit_leader(unit),
        "filler": request.user.display_name,
        "phone": request.user.phone,
    }


def _drill_url(table, key, unit, period, row=None) -> str:
    params = {**_base_params(unit, period), "table": table, "fig": key}
    if row:
        params["row"] = row
    return reverse("stats:drill") + "?" + urlencode(params)


def _fmt(v, unit_label):
    return format_value(v, unit_label)


def _drift(request, submission) -> list:
    if submission is None:
        return []
    out = drift(submission, request.user)
    for d in out:
        d.label = display.label(d.figure, with_group=True)
    return out


def _page_context(request, table, unit, period, t):
    meta = _meta(request, unit, period)
    base = _base_params(unit, period)
    sub = (
        Submission.objects.restrict(request.user)
        .filter(table=table, unit_key=unit.key, year=period.year, month=period.month_no)
        .defer("records")  # the frozen record lists: read only when a drift is recomputed
    )
    report = services.report_status(
        table, unit, period.year, period.month_no, submission=sub.first()
    )
    return {
        "table_key": table,
        "t": t,
        "unit": unit,
        "period": period,
        "period_label": display.period_label(period),
        "today": timezone.localdate(),
        # 截至: the figures are as of the end of the month, or of today for the running month
        # (on 2 December the S2 table is 截至 12月2日, not 12月31日)
        "as_of": min(period.days()[1], timezone.localdate()),
        # recomputed as the records stood at a past instant (?as_of=), else None
        "recomputed_at": period.as_of,
        "now_qs": urlencode({k: v for k, v in base.items() if k != "as_of"}),
        "meta": meta,
        "units": services.units_for(request.user),
        "qs": urlencode(base),
        "f": request.GET,
        "can_submit": services.user_submits_for(request.user, unit),
        "submission": report.submission,
        "report": report,
        "drift": _drift(request, report.submission),
        "deadline": services.deadline(period.year, period.month_no),
        "rules": display.rules(S1 if table == "s1" else S2),
        "is_awb": request.user.role == "awb" or request.user.is_superuser,
    }


def _bad_request(request, exc: ValidationError, template="stats/error.html"):
    return render(request, template, {"errors": exc.messages}, status=400)


def _table_view(table):
    """The decorator of a table page: a bad query parameter is a 400 naming it."""

    def wrap(fn):
        @login_required
        def view(request, *args, **kwargs):
            try:
                unit, period = _selection(request, table)
            except ValidationError as exc:
                return _bad_request(request, exc)
            return fn(request, unit, period, *args, **kwargs)

        return view

    return wrap


@_table_view("s1")
def s1(request, unit, period):
    t = compute("s1", unit, period)
    rows = []
    for r in [*t.rows, t.total]:
        is_total = r.label == TOTAL_LABEL
        cells = [
            {
                "key": f.key,
                "text": _fmt(r.values[f.key], f.unit),
                "url": _drill_url("s1", f.key, unit, period, None if is_total else r.label),
            }
            for f in S1
        ]
        rows.append(
            {"label": r.label, "shown": display.row_label(r.label), "cells": cells,
             "total": is_total}
        )  # fmt: skip
    ctx = _page_context(request, "s1", unit, period, t)
    ctx.update(
        title=display.s1_title(ctx["meta"]["campaign"]),
        head=s1_head_rows(),
        units_row=[f.unit for f in S1],
        rows=rows,
    )
    return render(request, "stats/s1.html", ctx)


@_table_view("s2")
def s2(request, unit, period):
    t = compute("s2", unit, period)
    lines = s2_rows(t)
    for line in lines:
        line["shown"] = display.row_label(line["section"])
        for c in line["cells"]:
            c["url"] = _drill_url("s2", c["fig"].key, unit, period)
            c["shown"] = _("%(label)s（%(unit)s）") % {
                "label": _(c["fig"].label),
                "unit": _(c["fig"].unit),
            }
    ctx = _page_context(request, "s2", unit, period, t)
    ctx.update(title=display.s2_title(ctx["meta"]["campaign"]), lines=lines, note=S2_NOTE)
    return render(request, "stats/s2.html", ctx)


@login_required
def export(request, table):
    if table not in ("s1", "s2"):
        raise Http404
    try:
        unit, period = _selection(request, table)
    except ValidationError as exc:
        return _bad_request(request, exc)
    t = compute(table, unit, period)
    meta = _meta(request, unit, period)
    wb = excel.s1_workbook(t, meta) if table == "s1" else excel.s2_workbook(t, meta)
    resp = HttpResponse(workbook_bytes(wb), content_type=XLSX)
    name = f"{table}-{period.end:%Y%m}.xlsx"
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return resp


class Drill(ObjectListView):
    """The records one figure counts (cases, documents, transfers … themselves)."""

    table_class = DrillTable
    table_id = "records"
    template_name = "stats/drill.html"

    def get(self, request, *args, **kwargs):
        g = request.GET
        self.table_key = g.get("table") or "s1"
        if self.table_key not in ("s1", "s2"):
            raise Http404
        try:
            self.fig = figure(self.table_key, g.get("fig", ""))
        except KeyError as exc:
            raise Http404(_("未知统计项")) from exc
        try:
            self.unit, self.period = _selection(request, self.table_key, DrillForm)
        except ValidationError as exc:
            return _bad_request(request, exc)
        self.row = request.stats_form.cleaned_data["row"] or None
        qs = records(self.table_key, self.fig.key, self.unit, self.period, self.row)
        self.model_name = qs.model.__name__
        self.records = qs.select_related(*RELATED.get(self.model_name, [])).order_by("pk")
        if self.model_name == "Enterprise":
            self.table_class = EnterpriseDrillTable
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return self.records

    def get_context_data(self, ctx):
        f, unit, period = self.fig, self.unit, self.period
        table = ctx["table"]
        table.user, table.what = self.request.user, self._what()
        if self.model_name != "Enterprise":
            table.columns["record"].column.verbose_name = table.what
        back = reverse(f"stats:{self.table_key}") + "?" + urlencode(_base_params(unit, period))
        row = self.row
        return {
            "fig": f,
            "fig_label": display.label(f, with_group=True),
            "rule": display.rule(f),
            "table_title": _(TABLE_TITLES[self.table_key]),
            "unit": unit,
            "period_label": display.period_label(period),
            "row": display.row_label(row) if row else None,
            "what": table.what,
            "back": back,
            "sum_fine": self.model_name == "CaseParty",
            "title": display.label(f, with_group=True),
        }

    def _what(self) -> str:
        if self.model_name == "Enterprise":
            return _("企业")
        return _(SOURCES[self.fig.source].label)


drill = Drill.as_view()


def _submit(by, *, table, unit, period, read_version=None, **names):
    return services.submit(
        by, table, unit, period.year, period.month_no, start=period.start,
        expected_version=read_version, **names,
    )  # fmt: skip


class SubmitTable(ObjectEditView):
    """报送: freeze the unit's table for the month; the answer is the table page again."""

    model = Submission
    form_class = SubmitForm
    http_method_names = ["post"]
    create_service = staticmethod(_submit)
    rename = {"version": "read_version"}

    def post(self, request, *args, **kwargs):
        self.table = kwargs["table"]
        if self.table not in ("s1", "s2"):
            raise Http404
        try:
            self.unit, self.period = _selection(request, self.table)
        except ValidationError as exc:
            return _bad_request(request, exc)
        return super().post(request, *args, **kwargs)

    def get_form(self):
        return self.form_class(self.request.POST)

    def service_kwargs(self, form):
        data = super().service_kwargs(form)
        return {**data, "table": self.table, "unit": self.unit, "period": self.period}

    def _back(self):
        return (
            reverse(f"stats:{self.table}") + "?" + urlencode(_base_params(self.unit, self.period))
        )

    def render(self, form, status=200):
        messages.error(self.request, error_text(form))
        return redirect(self._back())

    def get_success_message(self, obj):
        return _("已报送%(month)s%(table)s") % {
            "month": display.month(self.period.end),
            "table": _(TABLE_TITLES[self.table]),
        }

    def get_success_url(self, obj):
        return self._back()


submit = SubmitTable.as_view()


@login_required
def submissions(request):
    if not (request.user.is_superuser or request.user.role == "awb"):
        raise PermissionDenied(_("只有安委办可以查看报送情况"))
    form = SubmissionsForm(request.GET)
    if not form.is_valid():
        return _bad_request(request, ValidationError(error_text(form)))
    table = form.cleaned_data["table"] or "s1"
    day = form.cleaned_data["month"] or timezone.localdate()
    year, month = day.year, day.month
    st = services.submission_status(request.user, table, year, month)
    keys = [(f.key, display.label(f, with_group=True), _(f.unit))
            for f in (S1 if table == "s1" else S2)]  # fmt: skip
    units = [f.unit for f in (S1 if table == "s1" else S2)]
    region_unit = services.Unit(region=st["region"])
    cum = services.parse_period(region_unit, f"{year}-{month:02d}", "cum")
    live = compute(table, region_unit, cum).total.values
    return render(
        request,
        "stats/submissions.html",
        {
            "st": st,
            "table_key": table,
            "table_title": _(TABLE_TITLES[table]),
            "year": year,
            "month": month,
            "month_label": display.month(day),
            "totals": [
                (label, u, _fmt(st["submitted_total"].get(k, 0), f_unit), _fmt(live[k], f_unit))
                for (k, label, u), f_unit in zip(keys, units, strict=True)
            ],
            "today": timezone.localdate(),
        },
    )


CHART_NAMES = {
    "inspections": gettext_lazy("检查次数"),
    "hazards": gettext_lazy("发现隐患"),
    "rate": gettext_lazy("整改率(%)"),
    "tips": gettext_lazy("受理举报"),
    "accidents": gettext_lazy("生产安全事故"),
    "checks": gettext_lazy("检查"),
    "overdue": gettext_lazy("逾期"),
}


@_table_view("s1")
def dashboard(request, unit, period):
    if period.cumulative:
        period = Period.month(period.year, period.month_no)
    data = dash.build(unit, period)
    chart = {
        "names": {k: str(v) for k, v in CHART_NAMES.items()},
        "trends": data["trends"],
        "towns": {
            "labels": [r["town"].short_name or r["town"].name for r in data["by_town"]],
            "inspections": [r["inspections"] for r in data["by_town"]],
            "found": [r["found"] for r in data["by_town"]],
            "overdue": [r["overdue"] for r in data["by_town"]],
        },
        "sectors": {
            "labels": [r["sector"] or _("其他") for r in data["by_sector"]],
            "inspections": [r["inspections"] for r in data["by_sector"]],
            "found": [r["found"] for r in data["by_sector"]],
        },
    }
    return render(
        request,
        "stats/dashboard.html",
        {
            "d": data,
            "chart": chart,
            "unit": unit,
            "period": period,
            "period_label": display.period_label(period),
            "units": services.units_for(request.user),
            "f": request.GET,
            "qs": urlencode(_base_params(unit, period)),
            "weights": dash.INTENSITY_WEIGHTS,
            "is_awb": request.user.role == "awb" or request.user.is_superuser,
            "towns_height": max(280, 28 * len(data["by_town"]) + 70),
        },
    )


@_table_view("s1")
def report(request, unit, month):
    from .report import report_docx

    month = Period.month(month.year, month.month_no)
    start = request.stats_form.raw("start")
    cum = services.parse_period(unit, f"{month.end:%Y-%m}", "cum", start)
    data = report_docx(unit, month, cum)
    resp = HttpResponse(data, content_type=DOCX)
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''report-{month.end:%Y%m}.docx"
    return resp
