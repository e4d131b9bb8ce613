from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from anjian.accounts.models import Role
from anjian.core.forms import VersionForm
from anjian.core.scoping import get_scoped_or_404
from anjian.core.views import (
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    RecordErrorsMixin,
    TransitionView,
)
from anjian.registry.models import Enterprise

from . import offline, services
from .filters import DrawFilter, InspectionFilter, PlanFilter
from .forms import (
    AmendForm,
    DrawForm,
    FindingForm,
    FiveOneForm,
    InspectionForm,
    MetaForm,
    PlanForm,
    ResultsForm,
    SignForm,
    team_error_key,
)
from .models import Draw, Finding, FindingPhoto, FiveOne, Inspection, SupervisionPlan
from .tables import DrawTable, InspectionTable, PlanTable, PublicDrawTable


def _may_add(user) -> bool:
    return services._staff(user) and bool(user.department_id)


# ---------------------------------------------------------------- inspections


class InspectionList(ObjectListView):
    model = Inspection
    filterset_class = InspectionFilter
    table_class = InspectionTable
    title = gettext_lazy("执法检查")
    per_page = 30

    def refine(self, qs):
        return qs.select_related("enterprise", "department").order_by("-inspected_on", "-id")

    def get_actions(self):
        if not _may_add(self.request.user):
            return []
        return [(_("新建检查"), reverse("inspections:create"))]


class InspectionCreate(RecordErrorsMixin, ObjectEditView):
    model = Inspection
    form_class = InspectionForm
    template_name = "inspections/form.html"
    create_service = services.create_inspection
    title = gettext_lazy("新建执法检查")
    success_message = gettext_lazy("已创建执法检查。")

    def check_permission(self, obj=None):
        if not _may_add(self.request.user):
            raise PermissionDenied

    def get_initial(self):
        initial = {"inspected_on": timezone.localdate(), "inspectors": [self.request.user.pk]}
        ent = self.request.GET.get("enterprise", "")
        if ent.isdigit() and len(ent) < 19:  # ?enterprise=<id> from the enterprise's page
            initial["enterprise"] = (
                Enterprise.objects.restrict(self.request.user).filter(pk=int(ent)).first()
            )
        return initial

    def service_kwargs(self, form):
        data = super().service_kwargs(form)
        for name in ("inspectors", "experts", "joint_departments"):
            data[name] = list(data[name])
        return data

    def service_errors(self, form, exc):
        return super().service_errors(form, team_error_key(exc))


def record_context(user, insp) -> dict:
    """What the record's page and its printed form show."""
    team = list(insp.team.select_related("user"))
    inspectors = [m for m in team if m.role == "inspector"]
    sigs = list(insp.signatures.all())
    sig_by_user = {s.user_id: s for s in sigs if s.role == "inspector"}
    items = list(insp.checklist.items.order_by("row")) if insp.checklist_id else []
    results = {r.item_id: r for r in insp.results.all()}
    five = {x.kind: x for x in insp.five_one.all()}
    return {
        "insp": insp,
        "ent": insp.enterprise,
        "team": team,
        "inspectors": [(m, sig_by_user.get(m.user_id)) for m in inspectors],
        "is_team_inspector": any(m.user_id == user.pk for m in inspectors),
        "experts": [m for m in team if m.role == "expert"],
        "ent_sig": next((s for s in sigs if s.role == "enterprise"), None),
        "all_sigs": sorted(sigs, key=lambda s: (s.signed_at, s.pk)),
        "items": items,
        "results": results,
        "rows": [(i, results.get(i.pk)) for i in items],
        "answered": len(results),
        "findings": insp.findings.prefetch_related("photos").select_related("checklist_item"),
        "five_one": [(k, label, five.get(k)) for k, label in FiveOne.KINDS],
        "amendments": insp.amendments.prefetch_related("signatures").select_related("created_by"),
        "joint": list(insp.joint_departments.all()),
    }


def _self_report_context(insp) -> dict:
    ctx = services.self_reported(insp)
    ctx["self_report_tpl"] = ""
    if ctx["self_reports"] is not None:
        try:
            get_template("campaigns/_self_reported.html")
            ctx["self_report_tpl"] = "campaigns/_self_reported.html"
        except TemplateDoesNotExist:
            pass
    return ctx


# Sections other apps add to the inspection page: `panel(request, insp)` returns None or
# {"template": ..., **context} (the 执法全过程记录 of the inspection).
INSPECTION_PANELS: list = []


def add_inspection_panel(panel) -> None:
    if panel not in INSPECTION_PANELS:
        INSPECTION_PANELS.append(panel)


class InspectionDetail(ObjectDetailView):
    """The record: base data, checklist, findings, 五个一, signatures, submission, amendments.
    Each part is changed by its own transition below; a refusal shows the part's form again
    here, with its errors."""

    model = Inspection
    template_name = "inspections/detail.html"

    def base_queryset(self):
        return Inspection.objects.select_related(
            "enterprise", "enterprise__region", "department", "campaign", "checklist", "draw"
        )

    def get_context(self, insp, bound=None):
        user = self.request.user
        ctx = record_context(user, insp)
        can_change = (
            not insp.locked
            and Inspection.objects.restrict(user, "change").filter(pk=insp.pk).exists()
        )
        forms = {
            "meta": MetaForm(
                initial={
                    "version": insp.version,
                    **{f: getattr(insp, f) for f in services.EDITABLE_FIELDS},
                }
            ),
            "results": ResultsForm(
                items=ctx["items"], results=ctx["results"], initial={"version": insp.version}
            ),
            "finding": FindingForm(
                inspection=insp, initial=offline.finding_prefill(insp, self.request.GET.get("item"))
            ),
            "five_one": FiveOneForm(),
            "amend": AmendForm(),
            "submit": VersionForm(initial={"version": insp.version}),
        }
        name = bound[0] if bound else ""
        if bound:
            forms[name] = bound[1]
        ctx.update(
            {
                "can_change": can_change,
                "can_sign": can_change and (ctx["is_team_inspector"] or user.is_superuser),
                "can_amend": insp.locked
                and (
                    ctx["is_team_inspector"]
                    or user.is_superuser
                    or (user.role == Role.DEPT_LEADER and user.department_id == insp.department_id)
                ),
                "missing": services.missing_for_submit(insp) if can_change else [],
                "meta_form": forms["meta"],
                "results_form": forms["results"],
                "finding_form": forms["finding"],
                "five_form": forms["five_one"],
                "amend_form": forms["amend"],
                "submit_form": forms["submit"],
                "bound_name": name,
                "bound_form": bound[1] if bound else None,
                "user_id": user.pk,
                "panels": [
                    p for p in (panel(self.request, insp) for panel in INSPECTION_PANELS) if p
                ],
                "fail_items": offline.fails_without_finding(insp) if can_change else [],
                "prefilled": "item" in self.request.GET,
            }
        )
        ctx.update(_self_report_context(insp))
        return ctx


class InspectionTransition(RecordErrorsMixin, TransitionView):
    """A change of one part of the record, posted from its page; `name` is the part (its
    anchor on the page, where the user returns)."""

    model = Inspection
    detail_view = InspectionDetail

    def get_success_url(self, obj):
        return reverse("inspections:detail", args=[self.kwargs["pk"]]) + f"#{self.name}"


class MetaUpdate(InspectionTransition):
    name = "meta"
    form_class = MetaForm
    service = services.update_inspection
    success_message = gettext_lazy("已保存现场情况。")


class ResultsUpdate(InspectionTransition):
    name = "results"
    form_class = ResultsForm
    service = services.record_results
    success_message = gettext_lazy("已保存检查表结果。")

    def form_kwargs(self, obj):
        return {"items": obj.checklist.items.order_by("row") if obj.checklist_id else ()}

    def service_kwargs(self, form):
        self.results = form.results()
        return {"results": self.results, "expected_version": form.cleaned_data.get("version")}

    def get_success_message(self, obj):
        return _("已保存检查表结果（%(n)d 项）。") % {"n": len(self.results)}


class FindingAdd(InspectionTransition):
    name = "finding"
    form_class = FindingForm
    service = services.add_finding
    success_message = gettext_lazy("已添加发现问题。")

    def form_kwargs(self, obj):
        return {"inspection": obj}


class FindingRemove(RecordErrorsMixin, TransitionView):
    model = Finding
    form_class = VersionForm
    service = services.remove_finding
    success_message = gettext_lazy("已删除该问题。")

    def service_kwargs(self, form):
        return {}

    def get_error_url(self, obj):
        return obj.get_absolute_url()


class FiveOneRecord(InspectionTransition):
    name = "five_one"
    form_class = FiveOneForm
    service = services.record_five_one
    success_message = gettext_lazy("已保存“五个一”记录。")


class Sign(InspectionTransition):
    name = "sign"
    form_class = SignForm
    service = services.sign
    success_message = gettext_lazy("已签名。")

    def form_kwargs(self, obj):
        return {"inspection": obj}

    def service_kwargs(self, form):
        data = dict(form.cleaned_data)
        if data["role"] == "inspector":
            data["signer"] = data["signer"] or self.request.user
        else:
            data["signer"] = None
        data["password"] = data["password"] or None
        if data["role"] == "inspector":
            data.pop("id_number", None)
        return data


class Submit(InspectionTransition):
    name = "submit"
    form_class = VersionForm
    service = services.submit
    success_message = gettext_lazy("检查记录已提交并锁定。")


class Amend(InspectionTransition):
    name = "amend"
    form_class = AmendForm
    service = services.amend
    success_message = gettext_lazy("已添加更正记录。")


@login_required
def inspection_print(request, pk):
    """The 现场检查记录 as printed and handed to the enterprise."""
    insp = get_scoped_or_404(
        Inspection.objects.select_related("enterprise", "department", "checklist"),
        request.user,
        "view",
        pk=pk,
    )
    ctx = record_context(request.user, insp)
    ctx["fail_rows"] = [(i, r) for i, r in ctx["rows"] if r and r.result == "fail"]
    sep = _("、")
    ctx["doc"] = {  # the record's opening sentence: names joined as the language joins them
        "departments": sep.join(d.name for d in [insp.department, *ctx["joint"]]),
        "names": sep.join(m.user.display_name for m, _s in ctx["inspectors"]),
        "certs": sep.join(m.cert_no or m.user.cert_no for m, _s in ctx["inspectors"]),
        "experts": sep.join(m.user.display_name for m in ctx["experts"]),
    }
    return render(request, "inspections/print.html", ctx)


@login_required
def photo(request, pk):
    ph = FindingPhoto.objects.select_related("finding").filter(pk=pk).first()
    if ph is None:
        raise Http404
    get_scoped_or_404(Inspection, request.user, "view", pk=ph.finding.inspection_id)
    return FileResponse(ph.file.open("rb"), content_type=ph.content_type)


# ---------------------------------------------------------------- draws


class DrawList(ObjectListView):
    model = Draw
    filterset_class = DrawFilter
    table_class = DrawTable
    title = gettext_lazy("双随机抽查")
    per_page = 30

    def refine(self, qs):
        return qs.select_related("department").order_by("-created_at", "-id")

    def get_actions(self):
        actions = [(_("公开结果"), reverse("inspections:public_draw_list"))]
        if _may_add(self.request.user):
            actions.insert(0, (_("新建抽查"), reverse("inspections:draw_create")))
        return actions


class DrawCreate(RecordErrorsMixin, ObjectEditView):
    model = Draw
    form_class = DrawForm
    template_name = "inspections/draw_form.html"
    create_service = services.create_draw
    title = gettext_lazy("双随机抽查")
    success_message = gettext_lazy("已完成抽取。")

    def check_permission(self, obj=None):
        if not _may_add(self.request.user):
            raise PermissionDenied

    def get_initial(self):
        return {"inspection_date": timezone.localdate(), "team_size": 2}

    def get_success_message(self, obj):
        done = _("已完成抽取：%(n)d 家企业。") % {"n": len(obj.result["assignments"])}
        if obj.excluded:
            done += _(
                "未纳入抽取 %(x)d 家：已达年度检查次数上限或近期已被其他部门检查（国办发〔2024〕54号）。"
            ) % {"x": len(obj.excluded)}
        return done


def _draw_context(draw) -> dict:
    people = {p["id"]: p for p in draw.pool}
    rows = [
        {
            "n": n,
            "enterprise": a["name"],
            "enterprise_id": a["enterprise"],
            "inspectors": [people.get(i, {"name": f"#{i}"})["name"] for i in a["inspectors"]],
        }
        for n, a in enumerate(draw.result.get("assignments", []), 1)
    ]
    return {
        "draw": draw,
        "rows": rows,
        "skipped": draw.result.get("skipped", []),
        "pool": draw.pool,
        "candidate_count": len(draw.candidates),
        "check": services.verify_draw(draw),
    }


class DrawDetail(ObjectDetailView):
    model = Draw
    template_name = "inspections/draw_detail.html"

    def base_queryset(self):
        return Draw.objects.select_related("department", "sector", "town", "campaign")

    def get_context(self, draw, bound=None):
        user = self.request.user
        ctx = _draw_context(draw)
        ctx["inspections"] = draw.inspections.select_related("enterprise")
        ctx["can_publish"] = not draw.published_at and (
            user.is_superuser or user.department_id == draw.department_id
        )
        return ctx


class DrawPublish(RecordErrorsMixin, TransitionView):
    model = Draw
    action = "view"  # the service checks who may publish
    service = services.publish_draw
    success_message = gettext_lazy("抽查结果已公开。")

    def service_kwargs(self, form):
        return {}


class PublicDrawList(ObjectListView):
    """双随机、一公开: published draws, no login needed."""

    model = Draw
    table_class = PublicDrawTable
    template_name = "inspections/public_list.html"
    title = gettext_lazy("“双随机、一公开”抽查结果")
    per_page = 30

    def dispatch(self, request, *args, **kwargs):
        return View.dispatch(self, request, *args, **kwargs)  # public: no login

    def get_queryset(self):
        return (
            Draw.objects.filter(published_at__isnull=False)
            .select_related("department")
            .order_by("-published_at")
        )


def _published_draw(pk):
    draw = (
        Draw.objects.filter(pk=pk, published_at__isnull=False)
        .select_related("department", "sector", "town")
        .first()
    )
    if draw is None:
        raise Http404(_("未找到已公开的抽查结果"))
    return draw


def public_draw_detail(request, pk):
    return render(request, "inspections/public_detail.html", _draw_context(_published_draw(pk)))


def public_draw_inputs(request, pk):
    """Everything needed to recompute a published draw with algorithm.run_draw."""
    draw = _published_draw(pk)
    data = {
        "algorithm": draw.algorithm,
        "seed": draw.seed,
        "date": draw.inspection_date.isoformat(),
        "k": draw.k,
        "team_size": draw.team_size,
        "rules": draw.rules,
        "candidates": draw.candidates,
        "pool": draw.pool,
        "input_digest": draw.input_digest,
        "result": draw.result,
    }
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})


# ---------------------------------------------------------------- plans


class PlanList(ObjectListView):
    model = SupervisionPlan
    filterset_class = PlanFilter
    table_class = PlanTable
    title = gettext_lazy("年度监督检查计划")

    def refine(self, qs):
        return qs.select_related("department").order_by("-year", "department_id")

    def get_actions(self):
        user = self.request.user
        if user.role == Role.DEPT_LEADER and user.department_id:
            return [(_("制定计划"), reverse("inspections:plan_create"))]
        return []


class PlanEdit(RecordErrorsMixin, ObjectEditView):
    model = SupervisionPlan
    form_class = PlanForm
    template_name = "inspections/plan_form.html"
    create_service = services.create_plan
    update_service = services.update_plan
    success_message = gettext_lazy("已保存年度监督检查计划。")

    def check_permission(self, obj=None):
        user = self.request.user
        if obj is None and not (user.role == Role.DEPT_LEADER and user.department_id):
            raise PermissionDenied

    def get_initial(self):
        user = self.request.user
        if self.object is not None or not user.department_id:
            return {}
        year = timezone.localdate().year
        return {
            "year": year,
            "title": _("%(dept)s%(year)s年度监督检查计划")
            % {"dept": user.department.name, "year": year},
        }

    def service_kwargs(self, form):
        data = super().service_kwargs(form)
        if self.object is None:
            data["department"] = self.request.user.department
        return data

    def get_title(self):
        if self.object is None:
            return _("制定年度监督检查计划")
        return _("编辑：%(title)s") % {"title": self.object.title}


class PlanDetail(ObjectDetailView):
    model = SupervisionPlan
    template_name = "inspections/plan_detail.html"

    def base_queryset(self):
        return SupervisionPlan.objects.select_related("department")

    def get_context(self, plan, bound=None):
        user = self.request.user
        return {
            "plan": plan,
            "p": services.plan_progress(plan),
            "can_change": SupervisionPlan.objects.restrict(user, "change")
            .filter(pk=plan.pk)
            .exists(),
        }
