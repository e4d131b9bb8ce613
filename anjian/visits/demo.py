"""Demo (涉企行政检查, 国办发〔2024〕54号): the 安委办's published yearly limits, two earlier
visits of the demo enterprise by 应急局 (besides the inspections demo's), each rated
anonymously by the enterprise, and a 综合查一次 planned for next month where two departments
meant to visit the same enterprise. Idempotent: each step is skipped when already done."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from anjian.accounts.models import User
from anjian.inspections import services as inspections
from anjian.inspections.demo import DEMO_ID, scribble_png
from anjian.inspections.models import Inspection
from anjian.registry.models import Enterprise

from . import services
from .models import JointInspection, PlannedVisit, VisitLimitRule, VisitRating

SOURCE = "安居区安委办关于公布{year}年度涉企行政检查频次上限的通知（演示）"
LIMITS = {"key": 4, "general": 2}  # a year; 30 days between two departments' visits
VISIT_PLACE = "演示：往期检查"


def build(ctx: dict) -> None:
    awb = User.objects.filter(username="awb").first()
    zhang = User.objects.filter(username="yjj_zhang").first()
    li = User.objects.filter(username="yjj_li").first()
    qiye = User.objects.filter(username="qiye").first()
    ent = ctx.get("enterprise")
    if not (awb and zhang and li and ent):
        return
    today = timezone.localdate()
    _earlier_visits(zhang, li, ent, today)
    _limits(awb, today.year)
    if qiye is not None and qiye.enterprise_id == ent.pk:
        _ratings(qiye, ent)
    _joint(awb, zhang, today)


def _limits(awb, year: int) -> None:
    for tier, per_year in LIMITS.items():
        if not VisitLimitRule.objects.filter(region=awb.region, year=year, tier=tier).exists():
            services.publish_limit(
                awb, year=year, tier=tier, per_year=per_year, window_days=30,
                source=SOURCE.format(year=year),
            )  # fmt: skip


def _earlier_visits(zhang, li, ent, today: date) -> None:
    """Two submitted visits of the enterprise before this one: late last year and 40 days ago
    (before the limits are published, as a 安委办 publishes them for the year ahead)."""
    if Inspection.objects.filter(enterprise=ent, place=VISIT_PLACE).exists():
        return
    for n, on in enumerate((date(today.year - 1, 11, 15), today - timedelta(days=40)), start=1):
        insp = inspections.create_inspection(
            zhang, enterprise=ent, inspected_on=on, inspectors=[zhang, li], modes=["sbll"],
            origin="adhoc", place=VISIT_PLACE,
        )  # fmt: skip
        items = list(insp.checklist.items.all()) if insp.checklist_id else []
        if items:
            inspections.record_results(zhang, insp, {i.pk: "ok" for i in items})
        inspections.update_inspection(
            zhang, insp, summary="检查组对该企业开展现场检查，未发现问题。",
            enterprise_rep="王厂长", enterprise_rep_title="厂长",
        )  # fmt: skip
        insp.refresh_from_db()
        inspections.sign(zhang, insp, role="inspector", png=scribble_png(10 + n))
        inspections.sign(li, insp, role="inspector", png=scribble_png(20 + n))
        inspections.sign(zhang, insp, role="enterprise", png=scribble_png(30 + n), name="王厂长",
                         id_number=DEMO_ID)  # fmt: skip
        inspections.submit(zhang, insp)


def _ratings(qiye, ent) -> None:
    """The enterprise rates each of its submitted visits (three: the 安委办 sees 应急局's
    average, as groups of fewer than three stay hidden)."""
    scores = [5, 4, 5]
    visits = Inspection.objects.filter(enterprise=ent, status="submitted").order_by("inspected_on")
    for insp, score in zip(visits, scores, strict=False):
        if not VisitRating.objects.filter(inspection=insp).exists():
            services.rate_visit(qiye, insp, score=score, conduct_ok=True,
                                comment="检查人员出示执法证件，检查规范，未影响正常生产。")  # fmt: skip


def _joint(awb, zhang, today: date) -> None:
    """应急局 and another department both plan to visit one enterprise next month; the 安委办
    merges them into one 综合查一次 with one 一表通查."""
    month = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    if JointInspection.objects.filter(month=month).exists():
        return
    mine = Enterprise.objects.restrict(zhang, "view")
    for other in User.objects.filter(username__in=["zjw_chen", "scjgj_sun"]).order_by("username"):
        shared = mine.filter(pk__in=Enterprise.objects.restrict(other, "view").values("pk"))
        ent = shared.filter(status="normal").order_by("id").first()
        if ent is None:
            continue
        try:
            for by in (zhang, other):
                if not PlannedVisit.objects.filter(
                    department=by.department, enterprise=ent, month=month
                ).exists():
                    services.plan_visit(
                        by, enterprise=ent, month=month, matters="年度监督检查",
                        checklist=inspections.default_checklist(by.department),
                    )  # fmt: skip
            services.merge_month(awb, enterprise=ent, month=month)
        except ValidationError:
            continue
        return
