"""涉企行政检查 services (I5, 国办发〔2024〕54号): every state change checks permission,
validates, writes and audits in one transaction."""

from datetime import date

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Avg, Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from anjian.accounts.models import Department, Role
from anjian.audit.services import record
from anjian.core.services import check_version, require, snapshot
from anjian.enforcement.documents import department_part, region_short
from anjian.inspections.models import Inspection
from anjian.law import inspection_limits as law
from anjian.registry.models import Enterprise, EnterpriseTier

from .models import (
    DocumentCounter,
    EnterpriseQr,
    InspectionApproval,
    InspectionNotice,
    JointInspection,
    PlannedVisit,
    VisitLimitRule,
    VisitRating,
)

STAFF = (Role.INSPECTOR, Role.DEPT_LEADER)
APPROVAL_SPAN_DAYS = 7  # an approval covers an inspection within a week of its planned date


# ------------------------------------------------------------------ the published limit


def county_of(enterprise: Enterprise):
    """The county (区县) whose 安委办 publishes the limit for the enterprise."""
    from anjian.accounts.models import Region

    return Region.objects.filter(code=enterprise.region_id[:6] + "000000").first()


def publish_limit(
    by, *, year: int, tier: str, per_year: int, window_days: int, source: str, region=None
) -> VisitLimitRule:
    """The 安委办 publishes (or revises) the yearly limit of one tier in its region."""
    require(by.role == Role.AWB and by.region_id, _("只有安委办可以公布涉企检查频次上限"))
    region = region or by.region
    require(region.code.startswith(by.region.prefix), _("只能公布本区域的频次上限"))
    errors = {}
    if tier not in dict(law.TIER_LABELS):
        errors["tier"] = _("名录只能为重点检查或一般检查")
    if not 2000 <= (year or 0) <= 2100:
        errors["year"] = _("年度无效")
    if per_year is None or not 1 <= per_year <= 366:
        errors["per_year"] = _("年度检查次数上限应为 1–366 次")
    if window_days is None or not 0 <= window_days <= 366:
        errors["window_days"] = _("重复检查间隔应为 0–366 日")
    if not (source or "").strip():
        errors["source"] = _("请填写公布依据（文号或公告）")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        rule, created = VisitLimitRule.objects.select_for_update().get_or_create(
            region=region,
            year=year,
            tier=tier,
            defaults=dict(
                per_year=per_year, window_days=window_days, source=source.strip(),
                published_by=by, published_at=timezone.now(),
            ),
        )  # fmt: skip
        if not created:
            before = snapshot(rule, ["per_year", "window_days", "source"])
            rule.per_year, rule.window_days, rule.source = per_year, window_days, source.strip()
            rule.published_by, rule.published_at = by, timezone.now()
            rule.version += 1
            rule.save()
        else:
            before = None
        record(by, "visits.limit.publish", rule, before=before,
               after=snapshot(rule, ["year", "tier", "per_year", "window_days", "source"]))  # fmt: skip
    return rule


def tier_of(enterprise: Enterprise) -> str:
    """重点检查 when any department lists the enterprise so, else 一般检查."""
    key = EnterpriseTier.objects.filter(enterprise=enterprise, tier="key").exists()
    return "key" if key else "general"


def limits_for(enterprise: Enterprise, year: int, tier: str) -> law.Limits:
    county = county_of(enterprise)
    rule = (
        VisitLimitRule.objects.filter(region=county, year=year, tier=tier).first()
        if county
        else None
    )
    if rule is None:
        return law.Limits(
            law.DEFAULT_LIMITS[tier], law.DEFAULT_WINDOW_DAYS, law.DEFAULT_SOURCE, published=False
        )
    return law.Limits(rule.per_year, rule.window_days, rule.source)


def visits_of(enterprise: Enterprise, exclude=None) -> list[law.Visit]:
    """Every department's inspections of the enterprise (a joint one counts once)."""
    qs = Inspection.objects.filter(enterprise=enterprise).select_related("department")
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    out = []
    for insp in qs.prefetch_related("joint_departments"):
        joint = tuple(d.pk for d in insp.joint_departments.all())
        out.append(law.Visit(insp.inspected_on, insp.department.name, insp.department_id, joint))
    return out


def precheck(
    enterprise, department, on: date, *, joint_ids=(), origin="adhoc", exclude=None
) -> law.Check:
    """What one more inspection of the enterprise on `on` by the department would break."""
    tier = tier_of(enterprise)
    return law.check(
        on=on,
        department_id=department.pk,
        joint_ids=tuple(joint_ids),
        tier=tier,
        visits=visits_of(enterprise, exclude=exclude),
        limits=limits_for(enterprise, on.year, tier),
        origin=origin,
    )


def usable_approval(enterprise, department, on: date):
    """An approved 审批表 of the department for the enterprise, not yet used, whose planned
    date is within a week of `on`."""
    from datetime import timedelta

    span = timedelta(days=APPROVAL_SPAN_DAYS)
    return (
        InspectionApproval.objects.filter(
            enterprise=enterprise,
            department=department,
            status="approved",
            inspection__isnull=True,
            planned_on__gte=on - span,
            planned_on__lte=on + span,
        )
        .order_by("planned_on", "id")
        .first()
    )


def refusal(check: law.Check) -> str:
    return _(
        "须先办理行政检查审批表（说明理由，经本部门负责人批准）后方可实施检查：%(problems)s"
    ) % {"problems": "；".join(check.problems)}


class StartRule:
    """The invariant on starting an inspection (inspections.hooks): beyond the yearly limit
    or within the window of another department's visit, only with an approved 审批表."""

    def problems(self, by, *, enterprise, department, inspected_on, joint_departments, origin):
        c = precheck(
            enterprise, department, inspected_on,
            joint_ids=[d.pk for d in joint_departments], origin=origin,
        )  # fmt: skip
        if c.needs_approval and usable_approval(enterprise, department, inspected_on) is None:
            return {"enterprise": [refusal(c)]}
        return {}

    def started(self, by, insp) -> None:
        # one enterprise's inspections are started one at a time: the count cannot race
        Enterprise.objects.select_for_update().filter(pk=insp.enterprise_id).first()
        joint = [d.pk for d in insp.joint_departments.all()]
        c = precheck(
            insp.enterprise, insp.department, insp.inspected_on,
            joint_ids=joint, origin=insp.origin, exclude=insp,
        )  # fmt: skip
        if not c.needs_approval:
            return
        approval = usable_approval(insp.enterprise, insp.department, insp.inspected_on)
        if approval is None:
            raise ValidationError({"enterprise": [refusal(c)]})
        approval = InspectionApproval.objects.select_for_update().get(pk=approval.pk)
        if approval.inspection_id:
            raise ValidationError({"enterprise": [refusal(c)]})
        approval.inspection = insp
        approval.save(update_fields=["inspection"])
        record(by, "visits.approval.use", approval, after={"inspection": insp.pk})

    def draw_exclusions(self, department, candidates, on) -> dict[int, str]:
        return draw_exclusions(department, candidates, on)


def draw_exclusions(department, candidates: list[dict], on: date) -> dict[int, str]:
    """The enterprises a 双随机 draw of the department for `on` leaves out, with the reason:
    those at their published yearly limit and those another department has inspected (or
    plans to) within the window — the same `law.check` as an inspection's start, in bulk
    over a county's 一般 list (a few queries, not one per enterprise: the year's count from the
    database, only the visits near `on` in memory). Only published limits
    exclude: this system's defaults are warnings (law.inspection_limits). A drawn inspection
    has no 审批表 to excuse it, so an exception is an ad-hoc inspection with its approval."""
    from datetime import timedelta

    counties = {c["town"][:6] + "000000" for c in candidates}
    rules: dict[tuple[str, str], VisitLimitRule] = {
        (r.region.code, r.tier): r
        for r in VisitLimitRule.objects.filter(
            region__code__in=counties, year=on.year
        ).select_related("region")
    }
    if not rules:
        return {}
    prefixes = sorted({code[:6] for code, _tier in rules})
    by_county, tiers_by_county = Q(), Q()
    for p in prefixes:
        by_county |= Q(region_code__startswith=p)  # an inspection keeps its enterprise's code
        tiers_by_county |= Q(enterprise__region__code__startswith=p)
    key = set(
        EnterpriseTier.objects.filter(tiers_by_county, tier="key").values_list(
            "enterprise_id", flat=True
        )
    )
    counts = dict(
        Inspection.objects.filter(by_county, inspected_on__year=on.year)
        .values_list("enterprise_id")
        .annotate(n=Count("id"))
        .values_list("enterprise_id", "n")
    )
    widest = max(r.window_days for r in rules.values())
    near: dict[int, list[law.Visit]] = {}
    for ent_id, day, dept_id, dept in (
        Inspection.objects.filter(
            by_county, inspected_on__gte=on - timedelta(days=widest),
            inspected_on__lte=on + timedelta(days=widest),
        )
        .exclude(department=department)
        .exclude(joint_departments=department)
        .order_by("inspected_on", "id")
        .values_list("enterprise_id", "inspected_on", "department_id", "department__name")
    ):  # fmt: skip
        near.setdefault(ent_id, []).append(law.Visit(day, dept, dept_id))
    out: dict[int, str] = {}
    for c in candidates:
        tier = "key" if c["id"] in key else "general"
        rule = rules.get((c["town"][:6] + "000000", tier))
        if rule is None:
            continue
        n = counts.get(c["id"], 0)
        # the rule itself (law.check); the reasons below are the draw page's own wording
        check = law.check(
            on=on, department_id=department.pk, tier=tier, visits=near.get(c["id"], []),
            limits=law.Limits(rule.per_year, rule.window_days, rule.source), origin="draw",
            year_count=n,
        )  # fmt: skip
        if check.over_limit:
            out[c["id"]] = _(
                "%(tier)s企业%(year)d年已接受行政检查 %(n)d 次，达到年度上限 %(limit)d 次"
                "（%(source)s；%(basis)s）"
            ) % {"tier": _(law.TIER_LABELS[tier]), "year": on.year, "n": n,
                 "limit": rule.per_year, "source": rule.source, "basis": _(law.SOURCE)}  # fmt: skip
        elif check.repeats:
            first = check.repeats[0]
            out[c["id"]] = _(
                "%(dept)s已于 %(day)s 检查或计划检查该企业（%(days)d 日内），应合并为“综合查一次”"
                "（%(basis)s）"
            ) % {"dept": first.department, "day": f"{first.on:%Y-%m-%d}", "days": rule.window_days,
                 "basis": _(law.SOURCE)}  # fmt: skip
    return out


# ------------------------------------------------------------------ numbered documents

DOC_CODES = {"approval": "检审", "notice": "检通"}


def next_number(department: Department, kind: str, year: int) -> str:
    counter, _created = DocumentCounter.objects.select_for_update().get_or_create(
        department=department, kind=kind, year=year
    )
    counter.last += 1
    counter.save(update_fields=["last"])
    part = department_part(department)
    return f"（{region_short(department)}）{part}{DOC_CODES[kind]}〔{year}〕{counter.last}号"


def _in_scope(by, enterprise) -> bool:
    return Enterprise.objects.restrict(by, "view").filter(pk=enterprise.pk).exists()


def request_approval(
    by, *, enterprise, planned_on: date, reason: str, today: date | None = None
) -> InspectionApproval:
    """行政检查审批表: the inspector states why the inspection is needed; the rules it
    exceeds are recorded with it."""
    require(by.role in STAFF and by.department_id, _("只有部门执法人员可以申请行政检查审批"))
    require(_in_scope(by, enterprise), _("该企业不在您的监管范围内"))
    errors = {}
    if planned_on is None:
        errors["planned_on"] = _("请填写拟检查日期")
    elif planned_on < (today or timezone.localdate()):
        errors["planned_on"] = _("拟检查日期不能早于今天")
    if len((reason or "").strip()) < 4:
        errors["reason"] = _("请写明检查理由（为何不能合并或推迟检查）")
    if errors:
        raise ValidationError(errors)
    c = precheck(enterprise, by.department, planned_on)
    with transaction.atomic():
        a = InspectionApproval.objects.create(
            number=next_number(by.department, "approval", planned_on.year),
            department=by.department,
            enterprise=enterprise,
            region_code=enterprise.region_id,
            planned_on=planned_on,
            reason=reason.strip(),
            problems=c.problems,
            requested_by=by,
            requested_at=timezone.now(),
        )
        record(by, "visits.approval.request", a,
               after=snapshot(a, ["number", "enterprise", "planned_on", "reason", "problems"]))  # fmt: skip
    return a


def decide_approval(
    by, approval: InspectionApproval, *, approve: bool, opinion: str, expected_version=None
) -> InspectionApproval:
    """The department's 负责人 approves or refuses, with an opinion; never his own request."""
    require(
        by.role == Role.DEPT_LEADER and by.department_id == approval.department_id,
        _("行政检查审批表由本部门负责人审批"),
    )
    require(by.pk != approval.requested_by_id, _("不能审批本人提出的申请"))
    if not (opinion or "").strip():
        raise ValidationError({"opinion": _("请填写审批意见")})
    with transaction.atomic():
        a = InspectionApproval.objects.select_for_update().get(pk=approval.pk)
        check_version(a, expected_version)
        if a.status != "pending":
            raise ValidationError({"status": _("该审批表已审批")})
        a.status = "approved" if approve else "rejected"
        a.decided_by, a.decided_at, a.opinion = by, timezone.now(), opinion.strip()
        a.version += 1
        a.save()
        record(by, "visits.approval.decide", a, after=snapshot(a, ["status", "opinion"]))
    return a


def issue_notice(by, inspection: Inspection, *, basis: str, matters: str) -> InspectionNotice:
    """行政检查通知书 for one inspection, by a member of its department."""
    require(
        by.role in STAFF and by.department_id == inspection.department_id,
        _("行政检查通知书由检查部门制发"),
    )
    errors = {}
    if not (basis or "").strip():
        errors["basis"] = _("请填写检查依据")
    if not (matters or "").strip():
        errors["matters"] = _("请填写检查事项")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        Inspection.objects.select_for_update().filter(pk=inspection.pk).first()
        if InspectionNotice.objects.filter(inspection=inspection).exists():
            raise ValidationError({"inspection": _("该检查已制发行政检查通知书")})
        today = timezone.localdate()
        n = InspectionNotice.objects.create(
            inspection=inspection,
            number=next_number(inspection.department, "notice", today.year),
            department=inspection.department,
            region_code=inspection.region_code,
            issued_on=today,
            basis=basis.strip(),
            matters=matters.strip(),
            issued_by=by,
        )
        record(by, "visits.notice.issue", n, after=snapshot(n, ["number", "inspection", "basis"]))
    return n


# ------------------------------------------------------------------ 综合查一次


def plan_visit(by, *, enterprise, month: date, checklist=None, matters: str = "") -> PlannedVisit:
    require(by.role in STAFF and by.department_id, _("只有部门执法人员可以登记计划检查"))
    require(_in_scope(by, enterprise), _("该企业不在您的监管范围内"))
    if month is None:
        raise ValidationError({"month": _("请填写计划月份")})
    month = month.replace(day=1)
    if checklist is not None and checklist.status != "published":
        raise ValidationError({"checklist": _("只能选择已发布的检查事项清单")})
    with transaction.atomic():
        if PlannedVisit.objects.filter(
            department=by.department, enterprise=enterprise, month=month, status="planned"
        ).exists():
            raise ValidationError({"enterprise": _("本部门本月已计划检查该企业")})
        v = PlannedVisit.objects.create(
            department=by.department, enterprise=enterprise, region_code=enterprise.region_id,
            month=month, checklist=checklist, matters=(matters or "").strip(), planned_by=by,
        )  # fmt: skip
        record(by, "visits.plan", v, after=snapshot(v, ["department", "enterprise", "month"]))
    return v


def one_table(visits) -> list[dict]:
    """一表通查: the union of the visits' checklist items, an item that two lists share (same
    检查项目 and 检查内容 after normalization, or the same violation code and basis) once,
    with the departments that asked for it."""
    from anjian.hazards.duplicates import normalize

    rows: dict[tuple, dict] = {}
    for v in visits:
        if v.checklist_id is None:
            continue
        for it in v.checklist.items.order_by("row"):
            key = (normalize(it.item), normalize(it.content))
            alt = ("code", it.violation_code, normalize(it.basis)) if it.violation_code else None
            row = rows.get(key) or (rows.get(alt) if alt else None)
            if row is None:
                row = {
                    "item_id": it.pk, "subject": it.subject, "item": it.item,
                    "content": it.content, "basis": it.basis, "departments": [],
                }  # fmt: skip
                rows[key] = row
                if alt:
                    rows[alt] = row
            if v.department.name not in row["departments"]:
                row["departments"].append(v.department.name)
    out, seen = [], set()
    for row in rows.values():
        if id(row) not in seen:
            seen.add(id(row))
            out.append(row)
    for n, row in enumerate(out, start=1):
        row["seq"] = n
    return out


def merge_month(by, *, enterprise, month: date) -> JointInspection:
    """综合查一次: every department's planned visit to the enterprise in the month becomes one
    joint visit, led by the department that planned first, with one 一表通查."""
    require(
        by.role == Role.AWB or (by.role in STAFF and by.department_id),
        _("只有安委办或执法部门可以组织综合查一次"),
    )
    month = month.replace(day=1)
    with transaction.atomic():
        visits = list(
            PlannedVisit.objects.select_for_update(of=("self",))
            .filter(enterprise=enterprise, month=month, status="planned")
            .select_related("department", "checklist")
            .order_by("created_at", "id")
        )
        depts = list(dict.fromkeys(v.department for v in visits))
        if len(depts) < 2:
            raise ValidationError(
                {"enterprise": _("该企业本月只有一个部门计划检查，无需合并为综合查一次")}
            )
        if by.role != Role.AWB:
            require(by.department in depts, _("只能合并本部门参加的计划检查"))
        require(
            PlannedVisit.objects.restrict(by, "view").filter(pk=visits[0].pk).exists(),
            _("该企业不在您的监管范围内"),
        )
        joint = JointInspection.objects.create(
            enterprise=enterprise, region_code=enterprise.region_id, month=month,
            department=depts[0], items=one_table(visits), created_by=by,
        )  # fmt: skip
        joint.departments.set(depts)
        PlannedVisit.objects.filter(pk__in=[v.pk for v in visits]).update(
            status="merged", joint=joint
        )
        record(by, "visits.joint.merge", joint,
               after={"visits": [v.pk for v in visits], "departments": [d.pk for d in depts],
                      "items": len(joint.items)})  # fmt: skip
    return joint


def merge_candidates(user, month: date) -> list[dict]:
    """Enterprises that two or more departments plan to visit in the month (user's scope)."""
    qs = (
        PlannedVisit.objects.restrict(user, "view")
        .filter(month=month.replace(day=1), status="planned")
        .values("enterprise_id", "enterprise__name")
        .annotate(n=Count("department", distinct=True))
        .filter(n__gte=2)
        .order_by("enterprise__name")
    )
    return list(qs)


def start_joint(by, joint: JointInspection, *, inspected_on: date, inspectors) -> Inspection:
    """The joint visit starts as one inspection led by the lead department, with the others
    as 联合执法 departments: it counts once against the enterprise's yearly limit."""
    from anjian.inspections.services import create_inspection

    require(by.department_id == joint.department_id, _("由牵头部门实施综合查一次"))
    if joint.status != "planned":
        raise ValidationError({"status": _("该综合查一次已实施")})
    with transaction.atomic():
        joint = JointInspection.objects.select_for_update().get(pk=joint.pk)
        others = [d for d in joint.departments.all() if d.pk != joint.department_id]
        checklist = next(
            (v.checklist for v in joint.visits.filter(department=joint.department) if v.checklist),
            None,
        )
        insp = create_inspection(
            by, enterprise=joint.enterprise, inspected_on=inspected_on, inspectors=inspectors,
            joint_departments=others, modes=["joint"], checklist=checklist,
        )  # fmt: skip
        joint.inspection, joint.status = insp, "started"
        joint.save(update_fields=["inspection", "status"])
        record(by, "visits.joint.start", joint, after={"inspection": insp.pk})
    return insp


# ------------------------------------------------------------------ 扫码入企

QR_SALT = "anjian.visits.qr"


def qr_of(enterprise: Enterprise) -> EnterpriseQr:
    qr, _created = EnterpriseQr.objects.get_or_create(enterprise=enterprise)
    return qr


def qr_token(enterprise: Enterprise) -> str:
    qr = qr_of(enterprise)
    return signing.dumps([enterprise.pk, qr.nonce], salt=QR_SALT, compress=True)


def enterprise_from_token(token: str) -> Enterprise | None:
    """The enterprise a scanned code names, or None for a forged, altered or revoked one."""
    try:
        pk, nonce = signing.loads(token[:200], salt=QR_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    qr = EnterpriseQr.objects.filter(enterprise_id=pk, nonce=nonce).select_related("enterprise")
    qr = qr.first()
    return qr.enterprise if qr else None


def renew_qr(by, enterprise: Enterprise) -> EnterpriseQr:
    """A new code for the enterprise; every code printed before stops working."""
    from .models import new_nonce

    require(
        Enterprise.objects.restrict(by, "change").filter(pk=enterprise.pk).exists(),
        _("无权更换该企业的入企码"),
    )
    with transaction.atomic():
        qr = qr_of(enterprise)
        qr.nonce = new_nonce()
        qr.save(update_fields=["nonce"])
        record(by, "visits.qr.renew", enterprise)
    return qr


def qr_svg(url: str) -> str:
    import segno

    return segno.make(url, error="m").svg_inline(scale=6, dark="#000", light="#fff")


# ------------------------------------------------------------------ anonymous ratings

MIN_GROUP = 3  # an aggregate of fewer ratings is not shown (it could name its raters)


def rate_visit(by, inspection: Inspection, *, score: int, conduct_ok: bool = True, comment=""):
    """The enterprise rates a submitted visit once. Anonymous: the rating stores neither the
    user nor the time of day, and the audit entry names neither rating nor inspection."""
    require(
        by.role == Role.ENTERPRISE and by.enterprise_id == inspection.enterprise_id,
        _("只有被检查企业可以评价本次检查"),
    )
    if inspection.status != "submitted":
        raise ValidationError({"score": _("检查记录提交后方可评价")})
    if score not in dict(VisitRating.SCORES):
        raise ValidationError({"score": _("请选择评价等级")})
    comment = (comment or "").strip()
    if len(comment) > 300:
        raise ValidationError({"comment": _("意见建议不能超过 300 字")})
    with transaction.atomic():
        Inspection.objects.select_for_update().filter(pk=inspection.pk).first()
        if VisitRating.objects.filter(inspection=inspection).exists():
            raise ValidationError({"score": _("本次检查已评价")})
        r = VisitRating.objects.create(
            inspection=inspection, department_id=inspection.department_id,
            region_code=inspection.region_code, month=inspection.inspected_on.replace(day=1),
            score=score, conduct_ok=bool(conduct_ok), comment=comment,
        )  # fmt: skip
    return r


def rating_summary(user, year: int | None = None) -> list[dict]:
    """The 安委办's view: per department, number of ratings, average, share of 不满意 and of
    conduct complaints; groups of fewer than MIN_GROUP ratings are withheld."""
    require(user.role == Role.AWB and user.region_id, _("入企检查评价汇总仅安委办可见"))
    qs = VisitRating.objects.filter(region_code__startswith=user.region.prefix)
    if year:
        qs = qs.filter(month__year=year)
    rows = (
        qs.values("department_id", "department__name")
        .annotate(
            n=Count("id"),
            avg=Avg("score"),
            low=Count("id", filter=Q(score__lte=2)),
            conduct=Count("id", filter=Q(conduct_ok=False)),
        )
        .order_by("department__name")
    )
    out = []
    for r in rows:
        shown = r["n"] >= MIN_GROUP
        out.append({
            "department": r["department__name"], "n": r["n"], "shown": shown,
            "avg": round(r["avg"], 2) if shown else None,
            "low": r["low"] if shown else None, "conduct": r["conduct"] if shown else None,
        })  # fmt: skip
    return out
