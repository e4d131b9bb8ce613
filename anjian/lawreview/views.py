"""法制审核 pages: start a review from the case page, fill its checklist, print its 意见书."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from anjian.enforcement.models import Case

from . import services
from .models import LegalReview


def _case(request, pk) -> Case:
    case = Case.objects.restrict(request.user, "view").filter(pk=pk).first()
    if case is None:
        raise Http404
    return case


def _review(request, pk) -> LegalReview:
    review = get_object_or_404(LegalReview.objects.select_related("case"), pk=pk)
    _case(request, review.case_id)
    return review


@login_required
@require_POST
def start(request, pk):
    case = _case(request, pk)
    try:
        review = services.start_review(request.user, case)
    except ValidationError as exc:
        for msgs in exc.message_dict.values():
            for m in msgs:
                messages.error(request, m)
        return redirect(case.get_absolute_url())
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return redirect(case.get_absolute_url())
    return redirect(review.get_absolute_url())


@login_required
@require_POST
def discussion(request, pk):
    """集体讨论 record posted from the case page."""
    from datetime import date

    from anjian.accounts.models import User

    case = _case(request, pk)
    held = request.POST.get("held_on", "")
    try:
        held_on = date.fromisoformat(held) if held else None
    except ValueError:
        messages.error(request, _("请输入有效日期（YYYY-MM-DD）"))
        return redirect(case.get_absolute_url())
    ids = [i for i in request.POST.getlist("participants") if i.isdigit()]
    people = User.objects.filter(pk__in=ids, department_id=case.department_id)
    try:
        services.record_discussion(
            request.user, case, held_on=held_on, participants=people,
            opinions=request.POST.get("opinions", ""), conclusion=request.POST.get("conclusion", ""),
        )  # fmt: skip
    except ValidationError as exc:
        for msgs in exc.message_dict.values():
            for m in msgs:
                messages.error(request, m)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已登记集体讨论记录。"))
    return redirect(case.get_absolute_url())


@login_required
def review(request, pk):
    r = _review(request, pk)
    errors = {}
    if request.method == "POST":
        points = {
            p["code"]: {
                "ok": request.POST.get(f"ok_{p['code']}") == "on",
                "opinion": request.POST.get(f"opinion_{p['code']}", ""),
            }
            for p in r.points
        }
        try:
            services.complete_review(
                request.user, r, points=points, conclusion=request.POST.get("conclusion", ""),
                opinion=request.POST.get("opinion", ""),
            )  # fmt: skip
        except ValidationError as exc:
            errors = {k: v[0] for k, v in exc.message_dict.items()}
            for p in r.points:
                p.update(points[p["code"]])
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("已完成法制审核。"))
            return redirect(r.case.get_absolute_url())
    points = [
        {**p, "label": _(p["label"]), "error": errors.get(f"point_{p['code']}")} for p in r.points
    ]
    ctx = {
        "r": r,
        "points": points,
        "errors": errors,
        "editable": r.status == "open" and r.reviewer_id == request.user.pk,
        "conclusions": LegalReview.CONCLUSIONS,
        "posted": request.POST,
    }
    return render(request, "lawreview/review.html", ctx, status=422 if errors else 200)


@login_required
def opinion(request, pk):
    r = _review(request, pk)
    if r.status != "done":
        raise Http404
    points = [{**p, "label": _(p["label"])} for p in r.points]
    return render(request, "lawreview/opinion.html", {"r": r, "points": points})


@login_required
def department_settings(request):
    """The head's page: the department's major-decision list and its reviewers' qualifications."""
    from datetime import date as _date

    from anjian.accounts.models import User

    from .models import MajorDecisionItem, ReviewerQualification

    user = request.user
    if not (user.role == "dept_leader" and user.department_id):
        raise PermissionDenied(_("只有部门负责人可以管理法制审核设置"))
    dept = user.department
    errors = {}
    if request.method == "POST":
        try:
            if request.POST.get("form") == "list":
                items = [{"kind": k} for k in request.POST.getlist("kinds") if k != "fine_over"]
                if "fine_over" in request.POST.getlist("kinds"):
                    items.append({"kind": "fine_over", "threshold": request.POST.get("threshold")})
                services.set_major_list(user, dept, items, source=request.POST.get("source", ""))
                messages.success(request, _("已发布重大执法决定清单。"))
            else:
                target = User.objects.filter(
                    pk=request.POST.get("user") or 0, department=dept
                ).first()
                if target is None:
                    raise ValidationError({"user": _("请选择本部门人员")})
                text = request.POST.get("obtained_on", "")
                try:
                    on = _date.fromisoformat(text) if text else None
                except ValueError:
                    raise ValidationError(
                        {"obtained_on": _("请输入有效日期（YYYY-MM-DD）")}
                    ) from None
                services.record_qualification(
                    user, target, certificate_no=request.POST.get("certificate_no", ""),
                    obtained_on=on,
                )  # fmt: skip
                messages.success(request, _("已登记法律职业资格。"))
            return redirect("lawreview:settings")
        except ValidationError as exc:
            errors = {k: v[0] for k, v in exc.message_dict.items()}
    items = list(MajorDecisionItem.objects.filter(department=dept))
    ctx = {
        "dept": dept,
        "kinds": MajorDecisionItem.KINDS,
        "chosen": {i.kind for i in items},
        "threshold": next((i.threshold for i in items if i.kind == "fine_over"), ""),
        "source": items[0].source if items else "",
        "staff": User.objects.filter(department=dept, is_active=True).order_by("id"),
        "qualifications": ReviewerQualification.objects.filter(user__department=dept)
        .select_related("user")
        .order_by("user_id"),
        "errors": errors,
    }
    return render(request, "lawreview/settings.html", ctx, status=422 if errors else 200)
