from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from anjian.accounts.models import Role
from anjian.core.scoping import get_scoped_or_404
from anjian.core.services import ConflictError
from anjian.registry.models import Enterprise

from . import services
from .forms import ActivityForm, ResponsibleForm, RiskCardForm
from .models import QUOTA_TEXT, DutyActivity, ResponsiblePerson, RiskCard
from .pdf import risk_card_pdf


def _gov(user):
    if not (
        user.is_superuser or user.role in (Role.AWB, Role.INSPECTOR, Role.DEPT_LEADER, Role.TOWN)
    ):
        raise PermissionDenied


def _apply(form, exc):
    for field, errs in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errs)


@login_required
def index(request):
    """挂牌企业: enterprises in scope and their 三个责任人."""
    _gov(request.user)
    q = request.GET.get("q", "").strip()
    show = request.GET.get("show", "signed")
    ents = Enterprise.objects.restrict(request.user).annotate(
        n_resp=Count("responsible_people", distinct=True)
    )
    if show == "signed":
        ents = ents.filter(n_resp__gt=0)
    elif show == "key":
        ents = ents.filter(tiers__tier="key").distinct()
    if q:
        ents = ents.filter(Q(name__contains=q) | Q(credit_code__contains=q.upper()))
    page = Paginator(ents.select_related("region").order_by("id"), 30).get_page(
        request.GET.get("page")
    )
    people = {}
    for rp in ResponsiblePerson.objects.filter(enterprise__in=[e.pk for e in page]):
        people.setdefault(rp.enterprise_id, {})[rp.kind] = rp
    rows = [(e, people.get(e.pk, {})) for e in page]
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "duty/index.html",
        {"page": page, "rows": rows, "q": q, "show": show, "querystring": params.urlencode()},
    )


@login_required
def enterprise(request, pk):
    ent = get_scoped_or_404(Enterprise, request.user, "view", pk=pk)
    current = {rp.kind: rp for rp in ResponsiblePerson.objects.filter(enterprise=ent)}
    can_change = services._can_change(request.user, ent)
    forms = {}
    for kind, label in ResponsiblePerson.KINDS:
        rp = current.get(kind)
        initial = (
            {"name": rp.name, "position": rp.position, "phone": rp.phone, "user": rp.user_id,
             "department": rp.department_id, "version": rp.version}
            if rp else {}
        )  # fmt: skip
        data = (
            request.POST if request.method == "POST" and request.POST.get("kind") == kind else None
        )
        forms[kind] = (
            label,
            ResponsibleForm(data, kind=kind, ent=ent, initial=initial, prefix=kind),
        )
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        kind = request.POST.get("kind")
        if kind in forms:
            form = forms[kind][1]
            if form.is_valid():
                d = form.cleaned_data
                try:
                    services.set_responsible(
                        request.user, ent, kind=kind, name=d["name"], position=d["position"],
                        phone=d["phone"], user=d.get("user"), department=d.get("department"),
                        expected_version=d.get("version"),
                    )  # fmt: skip
                    messages.success(request, f"已保存{forms[kind][0]}。")
                    return redirect("duty:enterprise", pk=ent.pk)
                except ConflictError as exc:
                    form.add_error(None, str(exc))
                except ValidationError as exc:
                    _apply(form, exc)
    return render(
        request,
        "duty/enterprise.html",
        {"ent": ent, "forms": forms, "current": current, "can_change": can_change,
         "card": RiskCard.objects.filter(enterprise=ent).first()},
    )  # fmt: skip


@login_required
def sign(request, pk):
    """公示牌: printable public sign of the 三个责任人."""
    ent = get_scoped_or_404(Enterprise, request.user, "view", pk=pk)
    people = {rp.kind: rp for rp in ResponsiblePerson.objects.filter(enterprise=ent)}
    rows = [(label, people.get(kind)) for kind, label in ResponsiblePerson.KINDS]
    return render(
        request, "duty/sign.html", {"ent": ent, "rows": rows, "today": timezone.localdate()}
    )


def _month(request) -> date:
    raw = request.GET.get("month", "")
    try:
        y, m = (int(x) for x in raw.split("-"))
        return date(y, m, 1)
    except ValueError:
        return timezone.localdate().replace(day=1)


@login_required
def activities(request):
    """The official's own monthly 履职记录 and the form to add one."""
    _gov(request.user)
    month = _month(request)
    form = ActivityForm(request.POST or None, official=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.record_activity(
                request.user, kind=d["kind"], enterprise=d["enterprise"], day=d["day"],
                description=d["description"],
            )  # fmt: skip
            messages.success(request, "已记录。")
            return redirect(f"{request.path}?month={d['day']:%Y-%m}")
        except ValidationError as exc:
            _apply(form, exc)
    acts = (
        DutyActivity.objects.restrict(request.user)
        .filter(official=request.user, month=month)
        .select_related("enterprise")
    )
    mine = [r for r in services.shortfall(month) if r.official.pk == request.user.pk]
    return render(
        request,
        "duty/activities.html",
        {"form": form, "acts": acts, "month": month, "row": mine[0] if mine else None,
         "quota_text": QUOTA_TEXT, "listed": form.fields["enterprise"].queryset},
    )  # fmt: skip


@login_required
def shortfall(request):
    _gov(request.user)
    month = _month(request)
    rows = services.shortfall(month, by=request.user)
    return render(
        request,
        "duty/shortfall.html",
        {"rows": rows, "month": month, "quota_text": QUOTA_TEXT,
         "short": sum(not r.met for r in rows)},
    )  # fmt: skip


@login_required
def cards(request):
    """小微企业 (fewer than 30 employees) in scope and whether each has its 风险明白卡."""
    user = request.user
    if user.role == Role.ENTERPRISE:
        if not user.enterprise_id:
            raise PermissionDenied
        return redirect("duty:card", pk=user.enterprise_id)
    _gov(user)
    ents = Enterprise.objects.restrict(user).filter(employees__lt=30).select_related("region")
    missing = request.GET.get("missing") == "1"
    if missing:
        ents = ents.filter(risk_card__isnull=True)
    page = Paginator(ents.order_by("id"), 50).get_page(request.GET.get("page"))
    have = set(
        RiskCard.objects.filter(enterprise__in=[e.pk for e in page]).values_list(
            "enterprise_id", flat=True
        )
    )
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "duty/cards.html",
        {"page": page, "have": have, "missing": missing, "querystring": params.urlencode()},
    )


@login_required
def card(request, pk):
    ent = get_scoped_or_404(Enterprise, request.user, "view", pk=pk)
    card = RiskCard.objects.filter(enterprise=ent).first()
    if card:
        initial = {
            "main_risks": card.main_risks, "key_controls": card.key_controls,
            "emergency_measures": card.emergency_measures,
            "contacts": RiskCardForm.contacts_text(card.contacts), "version": card.version,
        }  # fmt: skip
    else:
        initial = {
            "main_risks": "\n".join(ent.risk_labels()),
            "contacts": RiskCardForm.contacts_text(services.default_contacts(ent)),
        }
    form = RiskCardForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.save_risk_card(
                request.user, ent, main_risks=d["main_risks"], key_controls=d["key_controls"],
                emergency_measures=d["emergency_measures"], contacts=d["contacts"],
                expected_version=d.get("version"),
            )  # fmt: skip
            messages.success(request, "已保存安全风险明白卡。")
            return redirect("duty:card", pk=ent.pk)
        except PermissionDenied:
            raise
        except ConflictError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            _apply(form, exc)
    return render(request, "duty/card.html", {"ent": ent, "card": card, "form": form})


@login_required
def card_pdf(request, pk):
    ent = get_scoped_or_404(Enterprise, request.user, "view", pk=pk)
    card = RiskCard.objects.filter(enterprise=ent).first()
    if card is None:
        return HttpResponse("该企业尚未制定安全风险明白卡", status=404)
    resp = HttpResponse(risk_card_pdf(card), content_type="application/pdf")
    resp["Content-Disposition"] = f"inline; filename*=UTF-8''risk-card-{ent.pk}.pdf"
    return resp
