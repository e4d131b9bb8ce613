"""The 执法公示 portal under /public/: no login, read-only, everything from the published
records (事前 bodies, 事中 执法证 check, 事后 decisions, 双随机 results and totals), plus the
staff's withdraw/amend forms (login, the case's department)."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from anjian.accounts.models import Department

from . import disclosure, export, results, services
from .models import Publication

PER_PAGE = 20


def _page(request, qs, per_page=PER_PAGE):
    return Paginator(qs, per_page).get_page(request.GET.get("page"))


def home(request):
    today = timezone.localdate()
    ctx = {
        "latest": services.listed(today).order_by("-published_on", "-id")[:5],
        "bodies": disclosure.bodies(),
        "last_year": today.year - 1,
        "section": "home",
    }
    return render(request, "portal/home.html", ctx)


def bodies(request):
    return render(
        request, "portal/bodies.html", {"bodies": disclosure.bodies(), "section": "bodies"}
    )


def body(request, code):
    dept = Department.objects.filter(code=code).order_by("id").first()
    if dept is None:
        raise Http404
    today = timezone.localdate()
    ctx = {
        "dept": dept,
        "duties": disclosure.duties(dept),
        "powers": [(_(p), _(k), _(b)) for p, k, b in disclosure.POWERS],
        "procedures": [(_(p), _(b)) for p, b in disclosure.PROCEDURES],
        "remedies": [(_(p), _(b)) for p, b in disclosure.REMEDIES],
        "inspectors": [
            services.public_inspector(u, today)
            for u in services.inspectors().filter(department=dept)
        ],
        "lists": disclosure.spot_check_lists(dept),
        "plans": disclosure.annual_plans(dept, today.year),
        "major": disclosure.major_decisions(dept),
        "section": "bodies",
    }
    return render(request, "portal/body.html", ctx)


def spot_check_list(request, code, pk):
    dept = Department.objects.filter(code=code).order_by("id").first()
    if dept is None:
        raise Http404
    tpl = get_object_or_404(disclosure.spot_check_lists(dept), pk=pk)
    items = tpl.items.order_by("row")
    return render(
        request,
        "portal/spot_check_list.html",
        {"dept": dept, "tpl": tpl, "items": items, "section": "bodies"},
    )


def cert_check(request):
    """事中: anyone checks a 执法证 by its number, on a day (today unless given)."""
    ctx = {"section": "cert", "errors": {}, "result": None}
    number = request.GET.get("cert_no", "")
    day_text = request.GET.get("on", "")
    ctx["cert_no"], ctx["on"] = number, day_text
    if "cert_no" in request.GET:
        try:
            on = date.fromisoformat(day_text) if day_text else None
        except ValueError:
            ctx["errors"]["on"] = _("请输入有效日期（YYYY-MM-DD）")
            on = None
        if not ctx["errors"]:
            try:
                ctx["result"] = services.check_cert(number, on)
            except ValidationError as exc:
                ctx["errors"] = {k: v[0] for k, v in exc.message_dict.items()}
    return render(request, "portal/cert.html", ctx)


def verify_document(request):
    """Anyone checks a downloaded 执法文书 PDF: by its 文号, its SHA-256 against the stored
    document and its PAdES signature against the issuing department's certificate."""
    from anjian.enforcement.pdfsign import check_document

    ctx = {"section": "verify", "errors": {}, "result": None, "number": ""}
    status = 200
    if request.method == "POST":
        ctx["number"] = request.POST.get("number", "")[:64]
        try:
            ctx["result"] = check_document(ctx["number"], request.FILES.get("file"))
        except ValidationError as exc:
            ctx["errors"] = {k: "；".join(v) for k, v in exc.message_dict.items()}
            status = 400
    return render(request, "portal/verify.html", ctx, status=status)


def decisions(request):
    today = timezone.localdate()
    qs = services.listed(today)
    dept = request.GET.get("department", "")
    if dept:
        qs = qs.filter(department__code=dept)
    year = request.GET.get("year", "")
    if year.isdigit():
        qs = qs.filter(decided_on__year=int(year))
    ctx = {
        "page": _page(request, qs),
        "withdrawn": services.withdrawn(today)[:20],
        "departments": Department.objects.filter(
            pk__in=services.listed(today).values("department")
        ).order_by("id"),
        "department": dept,
        "year": year,
        "query": request.GET.urlencode(),
        "section": "decisions",
    }
    return render(request, "portal/decisions.html", ctx)


def decision(request, uid):
    pub = get_object_or_404(services.visible_publications(), uid=uid)
    ctx = {
        "pub": pub,
        "d": pub.data,
        "revisions": pub.revisions.order_by("version"),
        "can_manage": _may_manage(request.user, pub),
        "section": "decisions",
    }
    return render(request, "portal/decision.html", ctx)


def decisions_csv(request):
    resp = HttpResponse(content_type="text/csv; charset=utf-8")
    resp["Content-Disposition"] = 'attachment; filename="decisions.csv"'
    export.write_csv(resp, services.listed())
    return resp


def decisions_xlsx(request):
    resp = HttpResponse(
        export.xlsx_bytes(services.listed()),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    resp["Content-Disposition"] = 'attachment; filename="decisions.xlsx"'
    return resp


def random_results(request):
    draws = _page(request, results.published_draws())
    return render(
        request,
        "portal/random.html",
        {"page": draws, "records": [results.draw_record(d) for d in draws], "section": "random"},
    )


def totals(request, year=None):
    today = timezone.localdate()
    year = year or today.year - 1
    if year > today.year:
        raise Http404
    return render(
        request,
        "portal/totals.html",
        {"t": results.year_totals(year), "years": range(today.year - 1, today.year - 6, -1),
         "section": "totals"},
    )  # fmt: skip


# ------------------------------------------------------------------ staff: withdraw / amend


def _may_manage(user, pub) -> bool:
    if not user.is_authenticated:
        return False
    try:
        services._require_publisher(user, pub)
    except PermissionDenied:
        return False
    return True


@login_required
@require_POST
def withdraw(request, uid):
    return _staff_action(request, uid, services.withdraw_publication, _("已撤回该公示。"))


@login_required
@require_POST
def amend(request, uid):
    return _staff_action(request, uid, services.amend_publication, _("已发布变更后的公示。"))


def _staff_action(request, uid, service, done):
    pub = get_object_or_404(Publication, uid=uid)
    try:
        service(request.user, pub, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        for msgs in exc.message_dict.values():
            for m in msgs:
                messages.error(request, m)
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("无权执行此操作"))
    else:
        messages.success(request, done)
    return redirect("portal:decision", uid=pub.uid)


def dishonesty(request):
    """安全生产严重失信主体名单 (应急管理部令第11号): the enterprises listed now, each with its
    period and grounds, and those removed (信用修复 or 期满) with the date — all from the
    listing procedures' decided records. Only enterprises (names of legal persons) appear."""
    from anjian.enforcement.models import DishonestyProcedure

    procs = (
        DishonestyProcedure.objects.filter(status__in=("listed", "repaired", "expired"))
        .select_related("enterprise", "department", "sanction")
        .order_by("-decided_on", "-id")
    )
    listed = [p for p in procs if p.status == "listed"]
    removed = [p for p in procs if p.status != "listed"][:200]
    return render(request, "portal/dishonesty.html",
                  {"listed": listed, "removed": removed, "section": "dishonesty"})  # fmt: skip
