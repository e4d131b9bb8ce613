"""Every state change of plans, draws and inspections: permission, validation, write, audit."""

from __future__ import annotations

import gc
import hashlib
import secrets
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Count, Expression, F, JSONField, Q
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from anjian.accounts import signatures
from anjian.accounts.models import Department, Region, Role, Signature, User
from anjian.audit.services import record
from anjian.core.services import check_version, require, snapshot
from anjian.law import VIOLATIONS
from anjian.registry.models import Enterprise, EnterpriseSector, EnterpriseTier

from . import algorithm, hooks
from .models import (
    MODE_LABELS,
    Amendment,
    Draw,
    Finding,
    FindingPhoto,
    FiveOne,
    Inspection,
    ItemResult,
    SupervisionPlan,
    TeamMember,
)

PHOTO_MAX_BYTES = 10 * 1024 * 1024
PHOTO_MAX_COUNT = 9
SIGNATURE_MAX_BYTES = signatures.PNG_MAX_BYTES
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
LOCKED_MESSAGE = gettext_lazy("检查记录已提交并锁定，不能修改；如需更正请添加更正记录。")


def _field_errors(obj, fields) -> dict:
    """The model's own limits (max_length, choices, the database's integer range) on `fields`,
    so that what the page, the API or an import passes cannot fail in the database."""
    exclude = [f.name for f in obj._meta.fields if f.name not in fields]
    try:
        obj.clean_fields(exclude=exclude)
    except ValidationError as exc:
        return exc.message_dict
    return {}


def _unknown_code(code: str) -> str:
    return _("违法行为代码“%(code)s”不存在（见法律引擎违法行为表）") % {"code": code}


def _staff(user) -> bool:
    return user.is_superuser or user.role in (Role.INSPECTOR, Role.DEPT_LEADER)


# ---------------------------------------------------------------- I1 plans


PLAN_FIELDS = [
    "department",
    "year",
    "title",
    "monthly_targets",
    "key_coverage_target",
    "general_sample_target",
    "note",
]


def _clean_plan(plan: SupervisionPlan) -> None:
    errors = {}
    targets = plan.monthly_targets
    if not isinstance(targets, list) or len(targets) != 12:
        errors["monthly_targets"] = _("每月检查目标须为 12 个月的数字")
    else:
        try:
            plan.monthly_targets = [int(x) for x in targets]
        except (TypeError, ValueError):
            errors["monthly_targets"] = _("每月检查目标须为不小于 0 的整数")
        else:
            if any(x < 0 for x in plan.monthly_targets):
                errors["monthly_targets"] = _("每月检查目标须为不小于 0 的整数")
    if not (2000 <= int(plan.year or 0) <= 2100):
        errors["year"] = _("年度无效")
    for f, label in (
        ("key_coverage_target", _("重点检查企业覆盖率")),
        ("general_sample_target", _("一般检查企业抽查比例")),
    ):
        if not 0 <= int(getattr(plan, f) or 0) <= 100:
            errors[f] = _("%(label)s须在 0—100 之间") % {"label": label}
    if not (plan.title or "").strip():
        errors["title"] = _("计划名称不能为空")
    for k, v in _field_errors(plan, ["title", "note"]).items():
        errors.setdefault(k, v)
    if (
        SupervisionPlan.objects.filter(department_id=plan.department_id, year=plan.year)
        .exclude(pk=plan.pk)
        .exists()
    ):
        errors["year"] = _("本部门 %(year)s 年度计划已存在") % {"year": plan.year}
    if errors:
        raise ValidationError(errors)


def create_plan(by, *, department: Department, **fields) -> SupervisionPlan:
    require(
        by.is_superuser
        or (by.role == Role.DEPT_LEADER and by.department_id == department.pk)
        or (
            by.role == Role.AWB
            and by.region_id
            and department.region.code.startswith(by.region.prefix)
        ),
        _("只有部门负责人或安委办可以制定年度监督检查计划"),
    )
    plan = SupervisionPlan(department=department, created_by=by, **fields)
    with transaction.atomic():
        _clean_plan(plan)
        plan.save()
        record(by, "plan.create", plan, after=snapshot(plan, PLAN_FIELDS))
    return plan


def update_plan(by, plan: SupervisionPlan, *, expected_version=None, **fields) -> SupervisionPlan:
    with transaction.atomic():
        plan = SupervisionPlan.objects.select_for_update().get(pk=plan.pk)
        require(
            SupervisionPlan.objects.restrict(by, "change").filter(pk=plan.pk).exists(),
            _("无权修改该计划"),
        )
        check_version(plan, expected_version)
        before = snapshot(plan, PLAN_FIELDS)
        for k, v in fields.items():
            setattr(plan, k, v)
        _clean_plan(plan)
        plan.version += 1
        plan.save()
        record(by, "plan.update", plan, before=before, after=snapshot(plan, PLAN_FIELDS))
    return plan


def _dept_inspections(dept_id):
    return Inspection.objects.filter(status="submitted").filter(
        Q(department_id=dept_id) | Q(joint_departments__id=dept_id)
    )


def _share(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def list_coverage(dept_id, inspected, region_prefix: str | None = None) -> dict:
    """重点 coverage and 一般 sampling share of one department's 名录库.

    `inspected` is a queryset of the inspections that count. A list's denominator is its
    enterprises that are not 关闭 (optionally inside a region); the numerator is those of them
    with at least one inspection in `inspected`. Counted in SQL: a 一般 list can hold 100,000
    enterprises.
    """
    tiers = EnterpriseTier.objects.filter(department_id=dept_id).exclude(
        enterprise__status="closed"
    )
    if region_prefix:
        tiers = tiers.filter(enterprise__region__code__startswith=region_prefix)
    done_ids = inspected.values("enterprise_id")
    out = {}
    for tier in ("key", "general"):
        qs = tiers.filter(tier=tier)
        total = qs.count()
        done = qs.filter(enterprise_id__in=done_ids).count() if total else 0
        out[f"{tier}_total"] = total
        out[f"{tier}_done"] = done
        out[f"{tier}_pct"] = _share(done, total)
    return out


def plan_progress(plan: SupervisionPlan, today: date | None = None) -> dict:
    """Inspections done per month vs target; 重点 coverage and 一般 sampling share so far.

    Counting rule: submitted inspections (one per enterprise visit) whose lead or joint
    department is the plan's department, by 检查日期 in the plan year.
    """
    today = today or timezone.localdate()
    year_qs = _dept_inspections(plan.department_id).filter(inspected_on__year=plan.year)
    by_month = dict(
        year_qs.annotate(m=ExtractMonth("inspected_on"))
        .values("m")
        .annotate(n=Count("pk", distinct=True))
        .values_list("m", "n")
    )
    months = []
    for m in range(1, 13):
        target = int(plan.monthly_targets[m - 1]) if len(plan.monthly_targets) == 12 else 0
        done = by_month.get(m, 0)
        months.append(
            {
                "month": m,
                "target": target,
                "done": done,
                "met": done >= target,
                "behind": (plan.year, m) < (today.year, today.month) and done < target,
            }
        )
    cov = list_coverage(plan.department_id, year_qs)
    return {
        "months": months,
        "done_total": sum(x["done"] for x in months),
        "target_total": plan.annual_target,
        "months_behind": sum(1 for x in months if x["behind"]),
        **cov,
        "key_met": cov["key_pct"] >= plan.key_coverage_target,
        "general_met": cov["general_pct"] >= plan.general_sample_target,
    }


ENFORCEMENT_PHASES = ("enforcement", "review")


def campaign_months(campaign) -> list[tuple[int, int]]:
    """(year, month) pairs the per-department monthly target applies to: the months touched by
    the 集中执法 and 巩固提高/回头看 phases (seed 000: 专项行动期间 April–December), else the
    whole campaign span."""
    windows = [
        (max(p.start, campaign.start), min(p.end, campaign.end))
        for p in campaign.phases.all()
        if p.kind in ENFORCEMENT_PHASES
    ] or [(campaign.start, campaign.end)]
    out = set()
    for start, end in windows:
        y, m = start.year, start.month
        while (y, m) <= (end.year, end.month):
            out.add((y, m))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return sorted(out)


def campaign_progress(campaign, today: date | None = None, departments=None) -> dict:
    """Progress of each participating department against the campaign's targets (C1).

    Counting rules: submitted inspections of enterprises inside the campaign region, dated
    within the campaign, whose lead or joint department is the department. 每月检查企业数 counts
    distinct enterprises per month (“每月至少检查3家企业”); 重点 coverage and 一般 sampling share
    count the department's 名录库 enterprises (not 关闭) in the region inspected at least once.
    """
    today = today or timezone.localdate()
    prefix = campaign.region.prefix
    target = campaign.inspections_per_dept_month
    months = campaign_months(campaign)
    if departments is None:
        departments = campaign.departments.order_by("id")
    rows = []
    for dept in departments:
        qs = _dept_inspections(dept.pk).filter(
            inspected_on__range=(campaign.start, campaign.end), region_code__startswith=prefix
        )
        counted = {
            (y, m): n
            for y, m, n in qs.annotate(
                y=ExtractYear("inspected_on"), m=ExtractMonth("inspected_on")
            )
            .values("y", "m")
            .annotate(n=Count("enterprise_id", distinct=True))
            .values_list("y", "m", "n")
        }
        cells = []
        for y, m in months:
            done = counted.get((y, m), 0)
            cells.append(
                {
                    "year": y,
                    "month": m,
                    "target": target,
                    "done": done,
                    "met": done >= target,
                    "behind": (y, m) < (today.year, today.month) and done < target,
                }
            )
        cov = list_coverage(dept.pk, qs, prefix)
        rows.append(
            {
                "department": dept,
                "months": cells,
                "done_total": sum(c["done"] for c in cells),
                "months_met": sum(1 for c in cells if c["met"]),
                "months_behind": sum(1 for c in cells if c["behind"]),
                **cov,
                "key_met": cov["key_pct"] >= campaign.key_coverage_pct,
                "general_met": campaign.general_sample_pct is None
                or cov["general_pct"] >= campaign.general_sample_pct,
            }
        )
    key_total = sum(r["key_total"] for r in rows)
    key_done = sum(r["key_done"] for r in rows)
    general_total = sum(r["general_total"] for r in rows)
    general_done = sum(r["general_done"] for r in rows)
    return {
        "months": months,
        "target": target,
        "departments": rows,
        "key_total": key_total,
        "key_done": key_done,
        "key_pct": _share(key_done, key_total),
        "general_total": general_total,
        "general_done": general_done,
        "general_pct": _share(general_done, general_total),
    }


# ---------------------------------------------------------------- I2 双随机 draws


def home_town(user: User, mapping: dict | None = None) -> str:
    """An inspector's home town for 异地互查: the user's region when it is a town/street/park,
    else the per-draw mapping given by the drawer (user id → town code), else none."""
    if user.region_id and user.region.level == "town":
        return user.region.code
    if mapping:
        code = mapping.get(str(user.pk)) or mapping.get(user.pk)
        if code:
            return str(code)
    return ""


def last_inspectors(enterprise_ids) -> dict[int, list[int]]:
    """For each enterprise, the inspectors of its most recent submitted inspection.

    `enterprise_ids` may be a list or a values() queryset (kept as a subquery: a literal IN list
    of ~100,000 ids would dominate a draw's time).
    """
    latest: dict[int, int] = {}
    rows = (
        Inspection.objects.filter(enterprise_id__in=enterprise_ids, status="submitted")
        .order_by("enterprise_id", "-inspected_on", "-id")
        .values_list("enterprise_id", "id")
    )
    for ent_id, insp_id in rows:
        latest.setdefault(ent_id, insp_id)
    out: dict[int, list[int]] = {}
    for ent_id, user_id in (
        TeamMember.objects.filter(inspection_id__in=list(latest.values()), role="inspector")
        .order_by("user_id")
        .values_list("inspection__enterprise_id", "user_id")
    ):
        out.setdefault(ent_id, []).append(user_id)
    return out


def draw_candidates(department: Department, *, sector=None, town=None) -> list[dict]:
    """The department's 一般 list (enterprises in 正常 status), by enterprise id, with each
    enterprise's town and the inspectors of its last inspection.

    The rows are fetched with the queryset's own SQL through a cursor: on a 100,000-enterprise
    list Django's per-row model machinery would cost as much as the query itself.
    """
    tiers = EnterpriseTier.objects.filter(
        department=department, tier="general", enterprise__status="normal"
    )
    if town is not None:
        tiers = tiers.filter(enterprise__region__code__startswith=town.prefix)
    if sector is not None:
        tiers = tiers.filter(
            enterprise__in=EnterpriseSector.objects.filter(sector=sector).values("enterprise")
        )
    sql, params = (
        tiers.order_by("enterprise_id")
        .values_list("enterprise_id", "enterprise__name", "enterprise__region_id")
        .query.sql_with_params()
    )
    with connection.cursor() as cur:
        cur.execute(sql, params)
        rows = cur.fetchall()
    last = last_inspectors(tiers.values("enterprise_id"))
    with no_gc():
        return [
            {"id": i, "name": name, "town": code[:9] + "000", "last_inspectors": last.get(i, [])}
            for i, name, code in rows
        ]


@contextmanager
def no_gc():
    """Pause the cyclic garbage collector while building ~100,000 small objects (a draw's
    candidate list): they hold no cycles, and repeated collections cost 2–4× the build."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


class _JSONText(Expression):
    """A value for a JSONField that is already serialised JSON text (inserted as is)."""

    output_field = JSONField()

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def as_sql(self, compiler, connection):
        if connection.vendor == "postgresql":
            return "%s::jsonb", [self.text]
        return "%s", [self.text]


def _home_town_problem(department: Department, mapping: dict) -> str:
    """异地互查 home towns given for a draw: members of the department's pool, towns of its
    region."""
    pool = {str(pk): name for pk, name in pool_users(department).values_list("pk", "username")}
    towns = set(
        Region.objects.filter(level="town", code__startswith=department.region.prefix).values_list(
            "code", flat=True
        )
    )
    for user_id, code in mapping.items():
        if str(user_id) not in pool:
            return _("用户 %(id)s 不在本部门执法人员库中") % {"id": user_id}
        if code and str(code) not in towns:
            return _("%(name)s的所属镇街“%(code)s”不是本区域的镇街") % {
                "name": pool[str(user_id)],
                "code": code,
            }
    return ""


def pool_users(department: Department):
    """The department's 执法人员库: its active inspectors and leaders, by id."""
    return User.objects.filter(
        department=department, role__in=(Role.INSPECTOR, Role.DEPT_LEADER), is_active=True
    ).order_by("id")


def draw_pool(department: Department, mapping: dict | None = None) -> list[dict]:
    users = pool_users(department).select_related("region")
    return [
        {
            "id": u.pk,
            "name": u.display_name,
            "cert_no": u.cert_no,
            "cert_expiry": u.cert_expiry.isoformat() if u.cert_expiry else "",
            "home_town": home_town(u, mapping),
        }
        for u in users
    ]


def create_draw(
    by,
    *,
    department: Department | None = None,
    title: str,
    inspection_date: date,
    k: int,
    team_size: int = 2,
    sector=None,
    town: Region | None = None,
    cross_town: bool = False,
    home_towns: dict | None = None,
    campaign=None,
    plan=None,
    seed: str | None = None,
    create_inspections: bool = True,
) -> Draw:
    """Draw k enterprises and their teams; store seed, inputs and result; create draft inspections."""
    department = department or by.department
    require(
        by.is_superuser
        or (_staff(by) and department is not None and by.department_id == department.pk),
        _("只有本部门执法人员可以组织双随机抽查"),
    )
    errors = {}
    if not (title or "").strip():
        errors["title"] = _("抽查名称不能为空")
    if not k or int(k) < 1:
        errors["k"] = _("抽取企业数至少为 1")
    if int(team_size or 0) < 2:
        errors["team_size"] = _("每家企业至少安排两名执法人员")
    if inspection_date is None:
        errors["inspection_date"] = _("请填写检查日期")
    if town is not None and town.level != "town":
        errors["town"] = _("请选择镇街/园区")
    probe = Draw(title=(title or "").strip(), k=k or 0, team_size=team_size or 0)
    for key, messages in _field_errors(probe, ["title", "k", "team_size"]).items():
        errors.setdefault(key, messages)
    if cross_town and home_towns:
        problem = _home_town_problem(department, home_towns)
        if problem:
            errors["home_towns"] = problem
    if errors:
        raise ValidationError(errors)
    seed = seed or secrets.token_hex(16)
    rules = {"cross_town": bool(cross_town), "avoid_last": True, "cert_valid_on_date": True}
    candidates = draw_candidates(department, sector=sector, town=town)
    # 涉企行政检查 (visits, through hooks): an enterprise at its published yearly limit, or
    # visited by another department within the repeat window, is left out of the draw
    reasons = hooks.draw_exclusions(department, candidates, inspection_date)
    excluded = [
        {"id": c["id"], "name": c["name"], "reason": reasons[c["id"]]}
        for c in candidates
        if c["id"] in reasons
    ]
    if excluded:
        candidates = [c for c in candidates if c["id"] not in reasons]
    pool = draw_pool(department, home_towns if cross_town else None)
    day = inspection_date.isoformat()
    if not candidates:
        if excluded:
            raise ValidationError(
                {"k": _("符合条件的 %(n)d 家企业均已达到年度检查次数上限或近期已被其他部门检查，"
                        "不能纳入抽取（国办发〔2024〕54号）") % {"n": len(excluded)}}
            )  # fmt: skip
        raise ValidationError({"k": _("一般检查企业名录中没有符合条件的企业")})
    inputs = {"seed": seed, "candidates": candidates, "pool": pool, "rules": rules,
              "k": int(k), "team_size": int(team_size), "day": day}  # fmt: skip
    result = algorithm.run_draw(**inputs)
    if not result["assignments"]:
        raise ValidationError(
            {"team_size": _("执法人员不足：没有企业能配齐符合回避规则的执法人员")}
        )
    # The candidate list is the bulk of a draw (100,000 rows on a county 一般 list): serialise
    # it once, for the digest and for storage.
    candidates_json = algorithm.canonical(candidates)
    digest = algorithm.input_digest(
        **inputs,
        candidates_json=candidates_json,
    )
    with transaction.atomic():
        draw = Draw.objects.create(
            department=department,
            campaign=campaign,
            plan=plan,
            title=title.strip(),
            inspection_date=inspection_date,
            k=int(k),
            team_size=int(team_size),
            sector=sector,
            town=town,
            cross_town=bool(cross_town),
            seed=seed,
            algorithm=algorithm.ALGORITHM,
            candidates=_JSONText(candidates_json),
            pool=pool,
            rules=rules,
            result=result,
            input_digest=digest,
            excluded=excluded,
            created_by=by,
        )
        draw.candidates = candidates
        record(
            by,
            "draw.create",
            draw,
            after={"seed": seed, "input_digest": digest, "result": result, "k": int(k),
                   "excluded": [e["id"] for e in excluded]},
        )  # fmt: skip
        if create_inspections:
            _inspections_from_draw(by, draw)
    return draw


def _inspections_from_draw(by, draw: Draw) -> None:
    people = {p["id"]: p for p in draw.pool}
    users = {u.pk: u for u in User.objects.filter(pk__in=list(people))}
    checklist = _campaign_checklist(draw.campaign) or default_checklist(draw.department)
    for a in draw.result["assignments"]:
        ent = Enterprise.objects.get(pk=a["enterprise"])
        modes = ["random", "sbll"] + (["cross_town"] if draw.cross_town else [])
        towns = [people[i]["home_town"] for i in a["inspectors"] if people[i]["home_town"]]
        insp = Inspection.objects.create(
            enterprise=ent,
            department=draw.department,
            campaign=draw.campaign,
            checklist=checklist,
            origin="draw",
            draw=draw,
            plan=draw.plan,
            modes=modes,
            inspecting_town=Region.objects.filter(code=towns[0]).first() if towns else None,
            inspected_on=draw.inspection_date,
            region_code=ent.region_id,
            created_by=by,
        )
        for n, uid in enumerate(a["inspectors"]):
            TeamMember.objects.create(
                inspection=insp,
                user=users[uid],
                role="inspector",
                is_leader=n == 0,
                cert_no=users[uid].cert_no,
            )
        record(by, "inspection.create", insp, after=_inspection_snapshot(insp))


@dataclass
class DrawCheck:
    ok: bool
    problems: list[str] = field(default_factory=list)
    recomputed: dict | None = None


def verify_draw(draw: Draw) -> DrawCheck:
    """Recompute the draw from its stored seed, candidates, pool and rules; compare."""
    problems = []
    day = draw.inspection_date.isoformat()
    digest = algorithm.input_digest(
        seed=draw.seed,
        candidates=draw.candidates,
        pool=draw.pool,
        rules=draw.rules,
        k=draw.k,
        team_size=draw.team_size,
        day=day,
    )
    if digest != draw.input_digest:
        problems.append(_("候选企业、执法人员库、规则或种子与抽取时记录的摘要不符（输入被修改）"))
    again = algorithm.run_draw(
        seed=draw.seed,
        candidates=draw.candidates,
        pool=draw.pool,
        rules=draw.rules,
        k=draw.k,
        team_size=draw.team_size,
        day=day,
    )
    stored = draw.result or {}
    if again["assignments"] != stored.get("assignments"):
        problems.append(_("按公开种子重新计算的抽取结果与记录的结果不一致"))
    if again["skipped"] != stored.get("skipped", []):
        problems.append(_("重新计算的跳过企业与记录不一致"))
    expected = {a["enterprise"]: sorted(a["inspectors"]) for a in again["assignments"]}
    actual: dict[int, list[int]] = {}
    for insp in draw.inspections.prefetch_related("team"):
        actual[insp.enterprise_id] = sorted(
            m.user_id for m in insp.team.all() if m.role == "inspector"
        )
    if actual and actual != expected:
        problems.append(_("由本次抽查生成的检查任务（企业或执法人员）与抽取结果不一致"))
    return DrawCheck(ok=not problems, problems=problems, recomputed=again)


def publish_draw(by, draw: Draw) -> Draw:
    with transaction.atomic():
        draw = Draw.objects.select_for_update().get(pk=draw.pk)
        require(
            by.is_superuser
            or (_staff(by) and by.department_id == draw.department_id)
            or Draw.objects.restrict(by, "change").filter(pk=draw.pk).exists(),
            _("无权公开该抽查结果"),
        )
        if draw.published_at:
            raise ValidationError({"published_at": _("该抽查结果已公开")})
        pending = draw.inspections.exclude(status="submitted")
        if pending.exists():
            raise ValidationError(
                {
                    "published_at": _(
                        "本次抽取的%(n)d项检查尚未完成（%(names)s），不能公开抽查结果：双随机抽查"
                        "结果在检查完成后公开，事先公开即等于提前通知被检查企业，违背“四不两直”"
                        "（不发通知、不打招呼）的要求"
                    )
                    % {
                        "n": pending.count(),
                        "names": _("、").join(str(i.enterprise) for i in pending[:5]),
                    }
                }
            )
        draw.published_at = timezone.now()
        draw.published_by = by
        draw.save(update_fields=["published_at", "published_by"])
        record(by, "draw.publish", draw, after={"published_at": draw.published_at.isoformat()})
    return draw


# ---------------------------------------------------------------- I3 inspections


def _campaign_checklist(campaign):
    if campaign is None:
        return None
    return campaign.checklists.order_by("id").first()


def team_problems(
    inspectors, experts, day: date, departments, *, cross_town_region=None, enterprise=None
) -> list[str]:
    """Reasons the team cannot inspect on `day`; empty when it can."""
    problems = []
    dept_ids = {d.pk for d in departments}
    valid = 0
    for u in inspectors:
        name = u.display_name
        if u.role not in (Role.INSPECTOR, Role.DEPT_LEADER):
            problems.append(_("%(name)s不是执法人员，不能作为检查组执法人员") % {"name": name})
            continue
        if u.department_id not in dept_ids:
            problems.append(_("执法人员%(name)s不属于牵头或联合检查部门") % {"name": name})
            continue
        if not u.cert_no or not u.cert_expiry:
            problems.append(_("执法人员%(name)s未登记执法证，不能参加执法检查") % {"name": name})
            continue
        if u.cert_expiry < day:
            problems.append(
                _("执法人员%(name)s的执法证已于%(expiry)s过期（检查日期%(day)s），不能参加执法检查")
                % {"name": name, "expiry": f"{u.cert_expiry:%Y-%m-%d}", "day": f"{day:%Y-%m-%d}"}
            )
            continue
        if (
            enterprise is not None
            and cross_town_region is not None
            and home_town(u) == enterprise.region_id[:9] + "000"
        ):
            problems.append(
                _("异地互查：执法人员%(name)s属于被检查企业所在镇街，应当回避") % {"name": name}
            )
            continue
        valid += 1
    if len({u.pk for u in inspectors}) < 2 or (valid < 2 and not problems):
        problems.insert(0, _("检查组至少需要两名持有效执法证的执法人员（现场检查不得少于两人）"))
    for e in experts:
        if e.role != Role.EXPERT:
            problems.append(_("%(name)s不是专家账号，不能作为专家参加") % {"name": e.display_name})
    return problems


def _inspection_snapshot(insp: Inspection) -> dict:
    data = snapshot(
        insp,
        [
            "enterprise",
            "department",
            "campaign",
            "checklist",
            "origin",
            "draw",
            "plan",
            "tip_ref",
            "modes",
            "inspecting_town",
            "inspected_on",
            "place",
            "summary",
            "enterprise_rep",
            "enterprise_rep_title",
            "status",
        ],
    )
    data["joint_departments"] = sorted(insp.joint_departments.values_list("pk", flat=True))
    data["team"] = [
        [m.user_id, m.role] for m in TeamMember.objects.filter(inspection=insp).order_by("id")
    ]
    return data


def create_inspection(
    by,
    *,
    enterprise: Enterprise,
    inspected_on: date,
    inspectors: list[User],
    experts: list[User] = (),
    modes: list[str] = (),
    department: Department | None = None,
    joint_departments: list[Department] = (),
    campaign=None,
    checklist=None,
    origin: str = "adhoc",
    plan=None,
    tip_ref: str = "",
    inspecting_town: Region | None = None,
    place: str = "",
) -> Inspection:
    require(_staff(by), _("只有执法人员可以创建执法检查"))
    department = department or by.department
    require(department is not None, _("您未归属任何执法部门"))
    require(by.is_superuser or by.department_id == department.pk, _("只能以本部门名义创建执法检查"))
    require(
        Enterprise.objects.restrict(by, "view").filter(pk=enterprise.pk).exists(),
        _("该企业不在您的监管范围内"),
    )
    modes = list(dict.fromkeys(modes))
    joint_departments = [d for d in joint_departments if d.pk != department.pk]
    errors = {}
    unknown = [m for m in modes if m not in MODE_LABELS]
    if unknown:
        errors["modes"] = _("未知的检查方式：%(modes)s") % {"modes": _("、").join(unknown)}
    if joint_departments and "joint" not in modes:
        modes.append("joint")
    if "joint" in modes and not joint_departments:
        errors["joint_departments"] = _("联合执法须选择至少一个联合检查部门")
    if experts and "expert" not in modes:
        modes.append("expert")
    if "expert" in modes and not experts:
        errors["experts"] = _("专家参与须指定至少一名专家")
    if origin not in ("plan", "tip", "adhoc"):
        errors["origin"] = _("检查来源无效（双随机检查由抽查生成）")
    if origin == "tip" and not tip_ref.strip():
        errors["tip_ref"] = _("举报核查须填写举报编号")
    if origin == "tip" and "tip" not in modes:
        modes.append("tip")
    if origin == "plan" and plan is None:
        errors["plan"] = _("请选择年度监督检查计划")
    if plan is not None and plan.department_id != department.pk:
        errors["plan"] = _("只能选择本部门的年度计划")
    if "cross_town" in modes:
        if inspecting_town is None:
            errors["inspecting_town"] = _("异地互查须填写检查组所属镇街")
        elif inspecting_town.code[:9] == enterprise.region_id[:9]:
            errors["inspecting_town"] = _("异地互查：检查组不能检查本镇街的企业（A查B、B查C）")
    probe = Inspection(tip_ref=(tip_ref or "").strip(), place=place or "")
    errors.update(_field_errors(probe, ["tip_ref", "place"]))
    if inspected_on is None:
        errors["inspected_on"] = _("请填写检查日期")
    else:
        problems = team_problems(
            inspectors,
            experts,
            inspected_on,
            [department, *joint_departments],
            cross_town_region=inspecting_town if "cross_town" in modes else None,
            enterprise=enterprise,
        )
        if problems:
            errors["team"] = problems
        facts = dict(enterprise=enterprise, department=department, inspected_on=inspected_on)
        errors.update(  # the apps' rules (涉企行政检查: yearly limit, other departments' visits)
            hooks.problems(by, **facts, joint_departments=joint_departments, origin=origin)
        )
    if errors:
        raise ValidationError(errors)
    checklist = checklist or _campaign_checklist(campaign)
    with transaction.atomic():
        insp = Inspection.objects.create(
            enterprise=enterprise,
            department=department,
            campaign=campaign,
            checklist=checklist,
            origin=origin,
            plan=plan,
            tip_ref=tip_ref.strip(),
            modes=modes,
            inspecting_town=inspecting_town,
            inspected_on=inspected_on,
            place=place,
            region_code=enterprise.region_id,
            created_by=by,
        )
        insp.joint_departments.set(joint_departments)
        for n, u in enumerate(dict.fromkeys(inspectors)):
            TeamMember.objects.create(
                inspection=insp, user=u, role="inspector", is_leader=n == 0, cert_no=u.cert_no
            )
        for u in dict.fromkeys(experts):
            TeamMember.objects.create(inspection=insp, user=u, role="expert")
        hooks.started(by, insp)
        record(by, "inspection.create", insp, after=_inspection_snapshot(insp))
    return insp


# Who cites an inspection or its findings (a case, a transfer, a document): callables
# ``citer(inspection) -> list[str]`` registered by the apps above (enforcement), each string
# naming one citing record in the user's language.
CITERS: list = []


def register_citer(citer) -> None:
    if citer not in CITERS:
        CITERS.append(citer)


def citations(insp: Inspection) -> list[str]:
    """The records (cases, transfers, documents) that cite the inspection or its findings."""
    return [what for citer in CITERS for what in citer(insp)]


def sign_as_record(insp: Inspection, inspectors, *, png: bytes, name: str, id_number: str):
    """Each inspector of `inspectors` signs for himself on his own account and the enterprise's
    representative by hand with his ID number (the demo and the tests' signed records)."""
    content = signed_content(insp)
    for user in inspectors:
        signatures.sign(
            user, insp, role="inspector", content=content, action="inspection.sign",
            signer=user, png=png,
        )  # fmt: skip
    signatures.sign(
        inspectors[0], insp, role="enterprise", content=content, action="inspection.sign",
        png=png, name=name, id_number=id_number, organisation=insp.enterprise.name, replace=False,
    )  # fmt: skip


def signature_problems(insp: Inspection) -> list[str]:
    """Why the inspection is not a signed record (empty: submitted and signed by every
    inspector of the team and by the enterprise's representative, seed 003 谁检查、谁签名、谁负责)."""
    # the stored state, not a copy read before the record was submitted
    status = Inspection.objects.filter(pk=insp.pk).values_list("status", flat=True).first()
    if status != "submitted":
        return [_("尚未签名提交")]
    sigs = list(insp.signatures.all())
    signed = {s.user_id for s in sigs if s.role == "inspector"}
    problems = [
        _("执法人员%(name)s未签名") % {"name": m.user.display_name}
        for m in insp.team.select_related("user")
        if m.role == "inspector" and m.user_id not in signed
    ]
    if not any(s.role == "enterprise" for s in sigs):
        problems.append(_("被检查单位现场负责人未签名"))
    return problems


def _open_draft(by, insp: Inspection, expected_version=None) -> Inspection:
    """Lock the row, check the user may change it and that it is still a draft (and cited by
    no case, transfer or document)."""
    insp = Inspection.objects.select_for_update().get(pk=insp.pk)
    require(
        Inspection.objects.restrict(by, "change").filter(pk=insp.pk).exists(),
        _("您不是该检查的检查组成员，无权修改"),
    )
    cited = citations(insp)
    if cited:
        raise ValidationError(
            {
                "status": _(
                    "该检查记录及其发现问题已被%(cited)s引用，不能再修改或删除；如需更正，"
                    "请添加更正记录（更正记录随案卷一并显示）"
                )
                % {"cited": _("、").join(cited)}
            }
        )
    if insp.locked:
        raise ValidationError({"status": LOCKED_MESSAGE})
    check_version(insp, expected_version)
    return insp


def _touch(by, insp: Inspection, action: str, before=None, after=None) -> None:
    """Bump the version and void signatures: signatures cover the content as it was signed."""
    voided = insp.signatures.all()
    n = voided.count()
    if n:
        voided.delete()
    insp.version += 1
    insp.save(update_fields=["version", "updated_at"])
    record(by, action, insp, before=before, after=after, note=f"已作废签名 {n} 个" if n else "")


EDITABLE_FIELDS = ["place", "summary", "enterprise_rep", "enterprise_rep_title"]


def update_inspection(by, insp: Inspection, *, expected_version=None, **fields) -> Inspection:
    bad = set(fields) - set(EDITABLE_FIELDS)
    if bad:
        raise ValidationError({k: _("该项不能修改") for k in bad})
    with transaction.atomic():
        insp = _open_draft(by, insp, expected_version)
        before = snapshot(insp, EDITABLE_FIELDS)
        for k, v in fields.items():
            setattr(insp, k, (v or "").strip())
        insp.full_clean(exclude=["modes", "version"])
        insp.save()
        _touch(by, insp, "inspection.update", before, snapshot(insp, EDITABLE_FIELDS))
    return insp


def record_results(by, insp: Inspection, results: dict, *, expected_version=None) -> Inspection:
    """Per-item results: {item_id: result or (result, note)} with result 符合/不符合/不涉及."""
    valid = dict(ItemResult.RESULTS)
    with transaction.atomic():
        insp = _open_draft(by, insp, expected_version)
        if insp.checklist_id is None:
            raise ValidationError({"results": _("该检查未关联检查表")})
        item_ids = set(insp.checklist.items.values_list("pk", flat=True))
        errors = []
        clean = {}
        for raw_id, value in results.items():
            result, note = value if isinstance(value, (list, tuple)) else (value, "")
            try:
                item_id = int(raw_id)
            except (TypeError, ValueError):
                errors.append(_("检查项“%(id)s”无效") % {"id": raw_id})
                continue
            if item_id not in item_ids:
                errors.append(_("检查项 %(id)s 不属于本检查表") % {"id": item_id})
            elif result not in valid:
                errors.append(_("检查项 %(id)s 的结果只能为符合、不符合或不涉及") % {"id": item_id})
            else:
                clean[item_id] = (result, (note or "")[:200])
        if errors:
            raise ValidationError({"results": errors})
        existing = {r.item_id: r for r in ItemResult.objects.filter(inspection=insp)}
        changed = {}
        for item_id, (result, note) in clean.items():
            r = existing.get(item_id)
            if r is None:
                ItemResult.objects.create(
                    inspection=insp, item_id=item_id, result=result, note=note, recorded_by=by
                )
            elif (r.result, r.note) != (result, note):
                r.result, r.note, r.recorded_by = result, note, by
                r.save()
            else:
                continue
            changed[str(item_id)] = result
        if changed:
            _touch(by, insp, "inspection.results", after=changed)
    return insp


def _photo_type(head: bytes) -> str | None:
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(PNG_MAGIC):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def check_photos(photos) -> list[tuple]:
    """Validate uploads: JPG/PNG/WebP by content, at most 10 MB each, at most 9."""
    errors = []
    if len(photos) > PHOTO_MAX_COUNT:
        errors.append(
            _("每个问题最多上传 %(max)d 张照片（已选 %(n)d 张）")
            % {"max": PHOTO_MAX_COUNT, "n": len(photos)}
        )
    out = []
    for f in photos:
        name = getattr(f, "name", "") or _("照片")
        if f.size > PHOTO_MAX_BYTES:
            errors.append(
                _("照片“%(name)s”大小为 %(size).1f MB，超过 10 MB 的限制")
                % {"name": name, "size": f.size / 1024 / 1024}
            )
            continue
        f.seek(0)
        data = f.read()
        f.seek(0)
        kind = _photo_type(data[:12])
        if kind is None:
            errors.append(_("照片“%(name)s”不是 JPG、PNG 或 WebP 格式的图片") % {"name": name})
            continue
        out.append((f, kind, len(data), hashlib.sha256(data).hexdigest()))
    if errors:
        raise ValidationError({"photos": errors})
    return out


def add_finding(
    by,
    insp: Inspection,
    *,
    kind: str = "hazard",
    description: str,
    location: str = "",
    checklist_item=None,
    hazard_level: str = "",
    rectification_plan: str = "",
    deadline=None,
    violation_code: str = "",
    photos=(),
    disposal: str = "",
    criterion=None,
    measures: str = "",
    responsible_person: str = "",
    transfer_to: Department | None = None,
) -> Finding:
    errors = {}
    disposal = (disposal or "").strip()
    if disposal != "transfer":
        transfer_to = None  # a department only for 移交其他部门
    if kind not in dict(Finding.KINDS):
        errors["kind"] = _("问题类别只能为隐患或违法行为")
    if not (description or "").strip():
        errors["description"] = _("问题描述不能为空")
    violation_code = (violation_code or "").strip().upper()
    if kind == "hazard":
        hazard_level = hazard_level or "general"
        if hazard_level not in dict(Finding.LEVELS):
            errors["hazard_level"] = _("隐患等级只能为一般或重大")
    if kind == "violation":
        if not violation_code:
            errors["violation_code"] = _("违法行为须填写违法行为代码（如 SPL-97-2）")
        elif violation_code not in VIOLATIONS:
            errors["violation_code"] = _unknown_code(violation_code)
        hazard_level = ""
    elif violation_code and violation_code not in VIOLATIONS:
        errors["violation_code"] = _unknown_code(violation_code)
    if checklist_item is not None and checklist_item.template_id != insp.checklist_id:
        errors["checklist_item"] = _("所选检查项不属于本检查表")
    if criterion is not None:
        if kind != "hazard":
            errors["criterion"] = _("判定标准条款只适用于隐患")
        hazard_level = "major"  # a 判定标准 item makes the hazard 重大 (hazards.report_hazard)
    errors.update(disposal_problems(disposal, kind, deadline, description))
    if disposal == "transfer":
        errors.update(transfer_problems(insp, transfer_to))
    probe = Finding(
        location=(location or "").strip(),
        responsible_person=(responsible_person or "").strip(),
        disposal=disposal,
    )
    errors.update(_field_errors(probe, ["location", "responsible_person", "disposal"]))
    if kind == "hazard" and deadline is not None:
        problem = _deadline_problem(insp, deadline)
        if problem:
            errors["deadline"] = problem
    try:
        checked = check_photos(list(photos))
    except ValidationError as exc:
        errors.update(exc.message_dict)
        checked = []
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        insp = _open_draft(by, insp)
        finding = Finding.objects.create(
            inspection=insp,
            kind=kind,
            description=description.strip(),
            location=(location or "").strip(),
            checklist_item=checklist_item,
            hazard_level=hazard_level,
            rectification_plan=(rectification_plan or "").strip(),
            deadline=deadline,
            violation_code=violation_code,
            disposal=disposal,
            transfer_to=transfer_to,
            criterion=criterion,
            measures=(measures or "").strip(),
            responsible_person=(responsible_person or "").strip(),
            recorded_by=by,
        )
        for f, ctype, size, digest in checked:
            FindingPhoto.objects.create(
                finding=finding, file=f, content_type=ctype, size=size, sha256=digest
            )
        _touch(
            by,
            insp,
            "inspection.finding",
            after={
                "finding": finding.pk,
                "kind": kind,
                "description": finding.description,
                "violation_code": violation_code,
                "photos": [c[3] for c in checked],
            },
        )
    return finding


def disposal_problems(disposal: str, kind: str, deadline, description: str) -> dict:
    """Why a 执法处置意见 chosen on site cannot be carried out at submission (hazards.dispose
    applies it to the hazard the finding becomes), naming the field."""
    if not disposal:
        return {}
    if disposal not in dict(Finding._meta.get_field("disposal").choices):
        return {"disposal": _("执法处置意见无效")}
    if kind != "hazard":
        return {"disposal": _("执法处置意见针对隐患；违法行为按立案或简易程序处理")}
    if disposal == "deadline" and deadline is None:
        return {"deadline": _("责令限期整改须填写整改期限")}
    if disposal == "other" and not (description or "").strip():
        return {"description": _("其他处置措施须说明具体措施")}
    return {}


def transfer_departments(insp_or_department):
    """The departments a finding may be transferred to (移交其他部门): the other departments of
    the inspecting department's region."""
    dept = getattr(insp_or_department, "department", insp_or_department)
    if dept is None:
        return Department.objects.none()
    return Department.objects.filter(region_id=dept.region_id).exclude(pk=dept.pk).order_by("id")


def transfer_problems(insp: Inspection, transfer_to) -> dict:
    """移交其他部门 needs its receiving department: another department of the region."""
    if transfer_to is None:
        return {"transfer_to": _("移交其他部门须选择接收部门")}
    if transfer_to.pk == insp.department_id:
        return {
            "transfer_to": _("接收部门不能是移交单位本身（%(name)s）") % {"name": transfer_to.name}
        }
    if not transfer_departments(insp).filter(pk=transfer_to.pk).exists():
        return {"transfer_to": _("接收部门须为本区域的其他部门")}
    return {}


def default_checklist(department):
    """The department's default 检查事项清单 for checklist-based inspections without a campaign
    (a 双随机 draw): the latest published checklist the department made; else the latest
    published one not tied to a department (the county-wide 附件1)."""
    from anjian.checklists.models import ChecklistTemplate

    published = ChecklistTemplate.objects.filter(status="published").order_by(
        F("published_at").desc(nulls_last=True), "-id"
    )
    if department is not None:
        own = published.filter(department=department).first()
        if own is not None:
            return own
    return published.filter(department__isnull=True).first()


def checklist_required(insp: Inspection) -> bool:
    """A 双随机 inspection and one of a campaign are checklist-based (随机抽查事项清单, seed 000:
    对照检查表逐项检查)."""
    return insp.origin == "draw" or insp.campaign_id is not None


def remove_finding(by, finding: Finding) -> None:
    with transaction.atomic():
        insp = _open_draft(by, finding.inspection)
        before = {"finding": finding.pk, "description": finding.description}
        finding.photos.all().delete()
        finding.delete()
        _touch(by, insp, "inspection.finding_remove", before=before)


def record_five_one(
    by, insp: Inspection, *, kind: str, participants: str = "", score=None, summary: str = ""
) -> FiveOne:
    errors = {}
    if kind not in dict(FiveOne.KINDS):
        errors["kind"] = _("“五个一”事项无效")
    if kind == "ability_test":
        if score in (None, ""):
            errors["score"] = _("履职能力测试须填写测试得分")
        else:
            try:
                score = int(score)
            except (TypeError, ValueError):
                score = -1
            if not 0 <= score <= 100:
                errors["score"] = _("测试得分须为 0—100 的整数")
    else:
        score = None
    if not (summary or "").strip() and kind != "ability_test":
        errors["summary"] = _("请填写情况记录")
    errors.update(
        _field_errors(FiveOne(participants=(participants or "").strip()), ["participants"])
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        insp = _open_draft(by, insp)
        obj, _created = FiveOne.objects.update_or_create(
            inspection=insp,
            kind=kind,
            defaults={
                "participants": (participants or "").strip(),
                "score": score,
                "summary": (summary or "").strip(),
                "recorded_by": by,
            },
        )
        _touch(by, insp, "inspection.five_one", after=snapshot(obj, ["kind", "score", "summary"]))
    return obj


def decode_png(data) -> bytes:
    """PNG bytes or a data URL from the signature canvas, checked by content."""
    return signatures.decode_png(data)


def sign(
    by,
    insp: Inspection,
    *,
    role: str,
    png,
    signer: User | None = None,
    name: str = "",
    id_number: str = "",
    password: str | None = None,
    token: str | None = None,
) -> Signature:
    """Each signer signs for himself (谁检查、谁签名、谁负责): an inspector as the logged-in
    user, or on a colleague's device with his own password (on the API, his own token); the
    enterprise's representative by hand on the inspector's device, with his name and 身份证号,
    or an account of the enterprise with its own password (or token).
    A typed name is never a signature. The signature stores the hash of the record as signed
    (`signed_content`)."""
    with transaction.atomic():
        insp = _open_draft(by, insp)
        require(
            by.is_superuser
            or TeamMember.objects.filter(inspection=insp, user=by, role="inspector").exists(),
            _("只有检查组执法人员可以组织签名"),
        )
        if role == "inspector":
            signer = signer or by
            if not TeamMember.objects.filter(
                inspection=insp, user=signer, role="inspector"
            ).exists():
                raise ValidationError(
                    {"signer": _("%(name)s不是本检查组执法人员") % {"name": signer.display_name}}
                )
            sig = signatures.sign(
                by, insp, role="inspector", content=signed_content(insp),
                action="inspection.sign", signer=signer, password=password, token=token,
                png=png, png_required=True,
            )  # fmt: skip
        elif role == "enterprise":
            if signer is not None and not (
                signer.role == Role.ENTERPRISE and signer.enterprise_id == insp.enterprise_id
            ):
                raise ValidationError(
                    {"signer": _("被检查单位签名须由%(name)s的账号本人或现场负责人本人完成")
                     % {"name": insp.enterprise.name}}
                )  # fmt: skip
            sig = signatures.sign(
                by, insp, role="enterprise", content=signed_content(insp),
                action="inspection.sign", signer=signer, password=password, token=token,
                png=png, png_required=True, name=(name or "").strip(), id_number=id_number,
                organisation=insp.enterprise.name, replace=False,
            )  # fmt: skip
            insp.signatures.filter(role="enterprise").exclude(pk=sig.pk).delete()
            if insp.enterprise_rep != sig.name:
                insp.enterprise_rep = sig.name
                insp.save(update_fields=["enterprise_rep"])
        else:
            raise ValidationError({"role": _("签名身份无效")})
    return sig


def signed_content(insp: Inspection) -> dict:
    """What a signature on the record covers: the record without the signatures themselves
    (and without the representative's name, which his own signature carries)."""
    data = content_snapshot(insp)
    data.pop("signatures", None)
    data.pop("enterprise_rep", None)
    return data


def content_snapshot(insp: Inspection) -> dict:
    """Everything the signatures cover; its SHA-256 is stored at submission."""
    data = _inspection_snapshot(insp)
    data["results"] = [[r.item_id, r.result, r.note] for r in insp.results.order_by("item_id")]
    data["findings"] = [
        [
            f.pk,
            f.kind,
            f.description,
            f.location,
            f.checklist_item_id,
            f.hazard_level,
            f.rectification_plan,
            f.deadline.isoformat() if f.deadline else None,
            f.violation_code,
            sorted(p.sha256 for p in f.photos.all()),
            *_flow_fields(f),
        ]
        for f in insp.findings.order_by("id")
    ]
    data["five_one"] = [
        [x.kind, x.participants, x.score, x.summary] for x in insp.five_one.order_by("kind")
    ]
    data["signatures"] = sorted(
        [s.role, s.user_id, s.name, s.sha256] for s in insp.signatures.all()
    )
    return data


def _flow_fields(f: Finding) -> list:
    """The 检查诊断 fields of a finding when any is set (older records hash as before)."""
    extra = [f.disposal, f.criterion_id, f.measures, f.responsible_person]
    if f.transfer_to_id:  # 移交其他部门's receiving department (records without one as before)
        extra.append(f.transfer_to_id)
    return extra if any(extra) else []


def _deadline_problem(insp: Inspection, deadline: date) -> str:
    """A 整改期限 must not precede the inspection, nor today: the hazard enters the ledger as
    found when the record is submitted, and its deadline cannot lie before that."""
    floor = max(insp.inspected_on or date.min, timezone.localdate())
    if deadline < floor:
        if floor == insp.inspected_on:
            return _("整改期限不能早于检查日期（%(date)s）") % {"date": f"{floor:%Y-%m-%d}"}
        return _("整改期限不能早于今天（%(date)s）") % {"date": f"{floor:%Y-%m-%d}"}
    return ""


def missing_for_submit(insp: Inspection) -> list[str]:
    from anjian.core.records import missing_av_record

    missing = []
    if problem := missing_av_record(insp, "inspection"):  # when the department requires it
        missing.append(problem)
    for n, f in enumerate(insp.findings.order_by("pk"), 1):
        if f.kind == "hazard" and f.deadline and (problem := _deadline_problem(insp, f.deadline)):
            missing.append(
                _("发现问题第%(n)s项“%(text)s”：%(problem)s，请删除该项后重新登记")
                % {"n": n, "text": f.description[:20], "problem": problem}
            )
    inspectors = [m.user for m in insp.team.select_related("user") if m.role == "inspector"]
    experts = [m.user for m in insp.team.select_related("user") if m.role == "expert"]
    missing += team_problems(
        inspectors, experts, insp.inspected_on, [insp.department, *insp.joint_departments.all()]
    )
    if insp.checklist_id is None and checklist_required(insp):
        missing.append(
            _(
                "双随机抽查和专项行动检查须对照检查事项清单逐项检查：本检查未关联检查表"
                "（本部门尚未发布默认检查表）"
            )
        )
    if insp.checklist_id:
        answered = set(insp.results.values_list("item_id", flat=True))
        todo = insp.checklist.items.exclude(pk__in=answered).count()
        if todo:
            missing.append(
                ngettext("检查表还有 %(n)d 项未填写结果", "检查表还有 %(n)d 项未填写结果", todo)
                % {"n": todo}
            )
    sigs = list(insp.signatures.all())
    signed = {s.user_id for s in sigs if s.role == "inspector"}
    for u in inspectors:
        if u.pk not in signed:
            missing.append(_("执法人员%(name)s尚未签名") % {"name": u.display_name})
    if not any(s.role == "enterprise" for s in sigs):
        missing.append(_("被检查单位现场负责人尚未签名"))
    return missing


def found_on_inspection_day(insp: Inspection, finding, now):
    """发现时间 of a hazard found by an inspection: on the inspection's day (检查日期), not at the
    record's submission, so that an inspection done on the 31st and submitted the next morning
    has its hazards in the same month as itself (S1 发现隐患数量 and 派出检查小组 agree). The time
    the finding was recorded when that was on the inspection day; else the submission time if
    submitted that day; else the end of the inspection day."""
    tz = timezone.get_current_timezone()
    for t in (getattr(finding, "created_at", None), now):
        if t is not None and timezone.localtime(t, tz).date() == insp.inspected_on:
            return t
    end = datetime.combine(insp.inspected_on, time(23, 59, 59)).replace(tzinfo=tz)
    return min(end, now)


def submit(by, insp: Inspection, *, expected_version=None) -> Inspection:
    """Lock the record; findings become hazards (source 执法检查) in the ledger."""
    from anjian.hazards.services import dispose, report_hazard

    with transaction.atomic():
        insp = _open_draft(by, insp, expected_version)
        require(
            by.is_superuser
            or TeamMember.objects.filter(inspection=insp, user=by, role="inspector").exists(),
            _("只有检查组执法人员可以提交检查记录"),
        )
        missing = missing_for_submit(insp)
        if missing:
            raise ValidationError({"submit": missing})
        now = timezone.now()
        disposals = []
        for f in insp.findings.filter(kind="hazard").prefetch_related("photos"):
            hazard = report_hazard(
                by,
                enterprise=insp.enterprise,
                # a 举报核查 inspection's hazards are 举报核查 hazards (H1 source)
                source="tip" if insp.origin == "tip" else "inspection",
                level=f.hazard_level or "general",
                description=f.description,
                location=f.location,
                rectification_plan=f.rectification_plan,
                deadline=f.deadline,
                department=insp.department,
                checklist_item=f.checklist_item,
                criterion=f.criterion,
                measures=f.measures or _self_plan(insp, f, "measures"),
                responsible_person=f.responsible_person or _self_plan(insp, f, "responsible"),
                found_at=found_on_inspection_day(insp, f, now),
                evidence_files=[p.file for p in f.photos.all()],
                on_duplicate="link",  # the signed record stands; a duplicate is linked (H5)
            )
            f.hazard = hazard
            f.save(update_fields=["hazard"])
            if f.disposal:
                disposals.append((hazard, f))
        insp.status = "submitted"
        insp.submitted_at = now
        insp.submitted_by = by
        insp.content_digest = hashlib.sha256(
            algorithm.canonical(content_snapshot(insp)).encode()
        ).hexdigest()
        insp.version += 1
        insp.save()
        record(
            by,
            "inspection.submit",
            insp,
            after={"status": "submitted", "content_digest": insp.content_digest},
        )
        # the disposals chosen on site, once the record is signed and locked (移交其他部门's
        # 移交表 cites a signed record: enforcement's handler checks it)
        for hazard, f in disposals:
            dispose(by, hazard, option=f.disposal, note=f.description[:200],
                    transfer_to=f.transfer_to)  # fmt: skip
    return insp


def self_plans(enterprise, item_ids) -> dict:
    """The enterprise's own rectification plan (措施、责任人、期限) for checklist items it reported
    as 不符合 in its latest self-inspection (C3): {item_id: {measures, responsible, deadline}}.
    It flows into the 五落实 of the hazard an inspection finds on the same item."""
    from anjian.campaigns.models import SelfInspectionAnswer

    out = {}
    rows = (
        SelfInspectionAnswer.objects.filter(
            inspection__enterprise=enterprise, item_id__in=list(item_ids), result="fail"
        )
        .exclude(inspection__status="draft")
        .order_by("inspection__submitted_at", "pk")
    )
    for a in rows:
        out[a.item_id] = {
            "measures": a.measures,
            "responsible": a.responsible,
            "deadline": a.deadline.isoformat() if a.deadline else None,
        }
    return out


def _self_plan(insp: Inspection, f: Finding, key: str) -> str:
    if f.checklist_item_id is None:
        return ""
    plan = self_plans(insp.enterprise, [f.checklist_item_id]).get(f.checklist_item_id) or {}
    return plan.get(key) or ""


def amend(by, insp: Inspection, *, reason: str, content: str, png) -> Amendment:
    """A signed correction of a submitted record; the record itself stays unchanged."""
    errors = {}
    if not (reason or "").strip():
        errors["reason"] = _("请填写更正原因")
    if not (content or "").strip():
        errors["content"] = _("请填写更正内容")
    try:
        data = decode_png(png)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        insp = Inspection.objects.select_for_update().get(pk=insp.pk)
        if not insp.locked:
            raise ValidationError({"status": _("检查记录尚未提交，请直接修改，无需更正记录")})
        require(
            by.is_superuser
            or TeamMember.objects.filter(inspection=insp, user=by, role="inspector").exists()
            or (by.role == Role.DEPT_LEADER and by.department_id == insp.department_id),
            _("只有检查组执法人员或部门负责人可以更正检查记录"),
        )
        seq = (insp.amendments.order_by("-seq").values_list("seq", flat=True).first() or 0) + 1
        am = Amendment.objects.create(
            inspection=insp,
            seq=seq,
            reason=reason.strip(),
            content=content.strip(),
            created_by=by,
        )
        sig = signatures.sign(
            by, am, role="inspector", action="inspection.amend_sign", signer=by, png=data,
            png_required=True,
            content={"inspection": insp.pk, "content_digest": insp.content_digest, "seq": seq,
                     "reason": am.reason, "content": am.content},
        )  # fmt: skip
        record(
            by,
            "inspection.amend",
            insp,
            after={
                "seq": seq,
                "reason": am.reason,
                "content": am.content,
                "signature": sig.sha256,
                "content_sha256": sig.content_sha256,
            },
        )
    return am


def self_reported(insp: Inspection) -> dict:
    """What the enterprise self-reported before this inspection: its submitted self-inspections
    (campaigns.services.self_reported_for, when that app provides it) and the 企业自查 hazards
    in the ledger (including those reported outside a self-inspection)."""
    from anjian.hazards.models import Hazard

    try:
        from anjian.campaigns.services import self_reported_for
    except ImportError:  # the campaigns app does not provide it
        self_reported_for = None
    return {
        "self_reports": self_reported_for(insp.enterprise) if self_reported_for else None,
        "self_hazards": list(
            Hazard.objects.filter(enterprise=insp.enterprise, source="self").order_by("-found_at")[
                :100
            ]
        ),
    }


def ensure_can_view(user, insp) -> None:
    if not Inspection.objects.restrict(user, "view").filter(pk=insp.pk).exists():
        raise PermissionDenied(_("无权查看"))
