"""S1–S4 pages: the tables with drill-down links, exports, submission, dashboard, report."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from . import dashboard as dash
from . import excel, services
from .figures import (
    OTHER_ROW,
    S1,
    S2,
    SOURCES,
    TABLE_TITLES,
    TOTAL_LABEL,
    Period,
    campaign_for,
    compute,
    figure,
    records,
)
from .layout import S2_NOTE, s1_head_rows, s1_title, s2_rows, s2_title
from .models import Submission

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _selection(request, table: str):
    """(unit, period) from ?unit=&month=&mode=&start=; S2 is always cumulative."""
    g = request.GET
    if not services.can_use_stats(request.user):
        raise PermissionDenied("无权查看统计报表")
    try:
        unit = services.parse_unit(request.user, g.get("unit"))
    except PermissionDenied as exc:
        raise Http404("未找到或无权访问") from exc
    mode = "cum" if table == "s2" else g.get("mode")
    period = services.parse_period(unit, g.get("month"), mode, g.get("start"))
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
    if unit_label == "万元":
        s = f"{v:.4f}".rstrip("0").rstrip(".")
        return s or "0"
    return str(v)


def _page_context(request, table, unit, period, t):
    meta = _meta(request, unit, period)
    base = _base_params(unit, period)
    sub = Submission.objects.restrict(request.user).filter(
        table=table, unit_key=unit.key, year=period.year, month=period.month_no
    )
    return {
        "table_key": table,
        "t": t,
        "unit": unit,
        "period": period,
        "meta": meta,
        "units": services.units_for(request.user),
        "qs": urlencode(base),
        "f": request.GET,
        "can_submit": services.user_submits_for(request.user, unit),
        "submission": sub.first(),
        "deadline": services.deadline(period.year, period.month_no),
        "rules": [(f.group, f.label, f.unit, f.rule) for f in (S1 if table == "s1" else S2)],
        "is_awb": request.user.role == "awb" or request.user.is_superuser,
    }


def _bad_request(request, exc: ValidationError, template="stats/error.html"):
    msgs = [m for ms in getattr(exc, "message_dict", {"": exc.messages}).values() for m in ms]
    return render(request, template, {"errors": msgs}, status=400)


@login_required
def s1(request):
    try:
        unit, period = _selection(request, "s1")
    except ValidationError as exc:
        return _bad_request(request, exc)
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
        rows.append({"label": r.label, "cells": cells, "total": is_total})
    ctx = _page_context(request, "s1", unit, period, t)
    ctx.update(
        title=s1_title(ctx["meta"]["campaign"]),
        head=s1_head_rows(),
        units_row=[f.unit for f in S1],
        rows=rows,
    )
    return render(request, "stats/s1.html", ctx)


@login_required
def s2(request):
    try:
        unit, period = _selection(request, "s2")
    except ValidationError as exc:
        return _bad_request(request, exc)
    t = compute("s2", unit, period)
    lines = s2_rows(t)
    for line in lines:
        for c in line["cells"]:
            c["url"] = _drill_url("s2", c["fig"].key, unit, period)
    ctx = _page_context(request, "s2", unit, period, t)
    ctx.update(title=s2_title(ctx["meta"]["campaign"]), lines=lines, note=S2_NOTE)
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
    resp = HttpResponse(excel.to_bytes(wb), content_type=XLSX)
    name = f"{table}-{period.end:%Y%m}.xlsx"
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return resp


def _url(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _document_url(doc):
    """A document opens as its file (PDF, else Word); without a file, the case it belongs to."""
    if doc.pdf:
        return _url("enforcement:document_file", doc.pk, "pdf")
    if doc.docx:
        return _url("enforcement:document_file", doc.pk, "docx")
    if doc.case_id:
        return _url("enforcement:case_detail", doc.case_id)
    return None


def describe(obj) -> dict:
    """One drill-down line for any counted record: date, enterprise, the record itself, link.

    `url` opens the counted record (the case, the document, the transfer …), never just its
    enterprise; the enterprise has its own column."""
    m = type(obj).__name__
    ent = getattr(obj, "enterprise", None)
    if m == "Inspection":
        return dict(day=obj.inspected_on, ent=ent, text=f"牵头部门：{obj.department.short_name}",
                    url=_url("inspections:detail", obj.pk))  # fmt: skip
    if m in ("TeamMember", "Finding"):
        i = obj.inspection
        text = (
            f"{obj.user.display_name}（{obj.get_role_display()}）"
            if m == "TeamMember"
            else f"{obj.violation_code} {obj.description[:60]}"
        )
        return dict(day=i.inspected_on, ent=i.enterprise, text=text,
                    url=_url("inspections:detail", i.pk))  # fmt: skip
    if m == "Hazard":
        return dict(day=timezone.localtime(obj.found_at).date(), ent=ent,
                    text=f"{obj.get_level_display()}隐患（{obj.get_source_display()}，"
                         f"{obj.get_status_display()}）：{obj.description[:60]}",
                    url=_url("hazards:detail", obj.pk))  # fmt: skip
    if m == "Enterprise":
        return dict(day=None, ent=obj, text=obj.region.name if obj.region_id else "",
                    url=_url("registry:enterprise_detail", obj.pk))  # fmt: skip
    if m == "Case":
        return dict(day=obj.filed_on, ent=ent,
                    text=f"案件 {obj.number or '（未编号）'} {obj.title}（{obj.get_stage_display()}）",
                    url=_url("enforcement:case_detail", obj.pk))  # fmt: skip
    if m == "CaseParty":
        c = obj.case
        return dict(day=obj.decided_on or c.decided_on, ent=c.enterprise,
                    text=f"{obj.get_kind_display()} {obj.name}：罚款 {obj.fine} 元（{c.title}）",
                    url=_url("enforcement:case_detail", c.pk))  # fmt: skip
    if m == "Sanction":
        url = _url("enforcement:case_detail", obj.case_id) if obj.case_id else None
        return dict(day=obj.decided_on, ent=ent, text=obj.get_kind_display(),
                    url=url or _url("enforcement:sanction_list"))  # fmt: skip
    if m == "Document":
        return dict(day=obj.issued_on, ent=ent,
                    text=f"{obj.get_kind_display()} {obj.number}",
                    url=_document_url(obj))  # fmt: skip
    if m == "Exposure":
        return dict(day=obj.published_on, ent=None, text=f"{obj.channel}：{obj.title}",
                    url=obj.link or None)  # fmt: skip
    if m == "Transfer":
        to = obj.to_department or obj.to_region or obj.to_organ or ""
        return dict(day=obj.issued_on, ent=ent, text=f"{obj.get_kind_display()} → {to}",
                    url=_url("enforcement:transfer_detail", obj.pk))  # fmt: skip
    return dict(day=None, ent=ent, text=str(obj), url=None)


def _viewable(user, objs) -> set:
    """Primary keys among `objs` the user may open (the same scope the record's own page uses);
    the others are listed without a link."""
    if not objs:
        return set()
    model = type(objs[0])
    restrict = getattr(model.objects, "restrict", None)
    pks = [o.pk for o in objs]
    if restrict is None:
        return set(pks)
    return set(restrict(user, "view").filter(pk__in=pks).values_list("pk", flat=True))


RELATED = {
    "Inspection": ["enterprise", "department"],
    "TeamMember": ["user", "inspection__enterprise"],
    "Finding": ["inspection__enterprise"],
    "Hazard": ["enterprise"],
    "Enterprise": ["region"],
    "Case": ["enterprise"],
    "CaseParty": ["case__enterprise"],
    "Sanction": ["enterprise", "case"],
    "Document": ["enterprise", "case"],
    "Exposure": [],
    "Transfer": ["enterprise", "to_department", "to_region"],
}


@login_required
def drill(request):
    g = request.GET
    table = g.get("table", "s1")
    if table not in ("s1", "s2"):
        raise Http404
    try:
        f = figure(table, g.get("fig", ""))
    except KeyError as exc:
        raise Http404("未知统计项") from exc
    try:
        unit, period = _selection(request, table)
    except ValidationError as exc:
        return _bad_request(request, exc)
    row = g.get("row") or None
    qs = records(table, f.key, unit, period, row)
    model = qs.model.__name__
    qs = qs.select_related(*RELATED.get(model, [])).order_by("pk")
    page = Paginator(qs, 50).get_page(g.get("page"))
    objs = list(page)
    visible = _viewable(request.user, objs)
    lines = [describe(o) for o in objs]
    ents = _viewable(request.user, [ln["ent"] for ln in lines if ln["ent"] is not None])
    for o, line in zip(objs, lines, strict=True):
        if o.pk not in visible:
            line["url"] = None
        line["ent_url"] = line["ent"] is not None and line["ent"].pk in ents
    params = g.copy()
    params.pop("page", None)
    back = reverse(f"stats:{table}") + "?" + urlencode(_base_params(unit, period))
    what = "企业" if model == "Enterprise" else SOURCES[f.source].label
    return render(
        request,
        "stats/drill.html",
        {
            "fig": f,
            "table_title": TABLE_TITLES[table],
            "unit": unit,
            "period": period,
            "row": row if row != OTHER_ROW else "其他",
            "page": page,
            "lines": lines,
            "what": what,
            "querystring": params.urlencode(),
            "back": back,
            "sum_fine": model == "CaseParty",
            "model": model.lower(),
        },
    )


@login_required
@require_POST
def submit(request, table):
    if table not in ("s1", "s2"):
        raise Http404
    try:
        unit, period = _selection(request, table)
    except ValidationError as exc:
        return _bad_request(request, exc)
    p = request.POST
    try:
        services.submit(
            request.user,
            table,
            unit,
            period.year,
            period.month_no,
            start=period.start,
            leader_name=p.get("leader_name", ""),
            filler_name=p.get("filler_name", ""),
            phone=p.get("phone", ""),
            expected_version=p.get("version") or None,
        )
        messages.success(
            request, f"已报送{period.end.year}年{period.end.month}月{TABLE_TITLES[table]}"
        )
    except ValidationError as exc:
        for ms in exc.message_dict.values():
            for m in ms:
                messages.error(request, m)
    except services.ConflictError as exc:
        messages.error(request, str(exc))
    params = {**_base_params(unit, period)}
    return redirect(reverse(f"stats:{table}") + "?" + urlencode(params))


@login_required
def submissions(request):
    if not (request.user.is_superuser or request.user.role == "awb"):
        raise PermissionDenied("只有安委办可以查看报送情况")
    table = request.GET.get("table", "s1")
    if table not in ("s1", "s2"):
        raise Http404
    try:
        year, month = services.parse_month(request.GET.get("month"))
    except ValidationError as exc:
        return _bad_request(request, exc)
    st = services.submission_status(request.user, table, year, month)
    keys = [(f.key, f.label if not f.group or len(f.group) > 12 else f"{f.group}·{f.label}", f.unit)
            for f in (S1 if table == "s1" else S2)]  # fmt: skip
    region_unit = services.Unit(region=st["region"])
    cum = services.parse_period(region_unit, f"{year}-{month:02d}", "cum")
    live = compute(table, region_unit, cum).total.values
    return render(
        request,
        "stats/submissions.html",
        {
            "st": st,
            "table_key": table,
            "table_title": TABLE_TITLES[table],
            "year": year,
            "month": month,
            "totals": [
                (label, u, st["submitted_total"].get(k, 0), live[k]) for k, label, u in keys
            ],
            "today": timezone.localdate(),
        },
    )


@login_required
def dashboard(request):
    try:
        unit, period = _selection(request, "s1")
    except ValidationError as exc:
        return _bad_request(request, exc)
    if period.cumulative:
        period = Period.month(period.year, period.month_no)
    data = dash.build(unit, period)
    chart = {
        "trends": data["trends"],
        "towns": {
            "labels": [r["town"].short_name or r["town"].name for r in data["by_town"]],
            "inspections": [r["inspections"] for r in data["by_town"]],
            "found": [r["found"] for r in data["by_town"]],
            "overdue": [r["overdue"] for r in data["by_town"]],
        },
        "sectors": {
            "labels": [r["sector"] or "其他" for r in data["by_sector"]],
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
            "units": services.units_for(request.user),
            "f": request.GET,
            "qs": urlencode(_base_params(unit, period)),
            "weights": dash.INTENSITY_WEIGHTS,
            "is_awb": request.user.role == "awb" or request.user.is_superuser,
            "towns_height": max(280, 28 * len(data["by_town"]) + 70),
        },
    )


@login_required
def report(request):
    from .report import report_docx

    try:
        unit, month = _selection(request, "s1")
    except ValidationError as exc:
        return _bad_request(request, exc)
    month = Period.month(month.year, month.month_no)
    cum = services.parse_period(unit, f"{month.end:%Y-%m}", "cum", request.GET.get("start"))
    data = report_docx(unit, month, cum)
    resp = HttpResponse(data, content_type=DOCX)
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''report-{month.end:%Y%m}.docx"
    return resp
