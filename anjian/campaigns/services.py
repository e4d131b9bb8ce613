"""Every state change of campaigns (C1) and self-inspections (C3).

Each service checks permission, validates (ValidationError naming the field, in Chinese),
writes and records the audit entry in one transaction.

Filing rule (备案, seed 000: “各部门要在2023年3月31日前对企业自查发现隐患问题清单和整改计划进行备案”):
the deadline is the end of the campaign's 自查自改 phase. Filing on or before it is normal.
Filing after it is not refused (the enterprise's self-report must not be lost, and seed 003's
precise-enforcement rules depend on it) but is explicitly marked 逾期备案 (`filed_late`) and
requires a 逾期说明 in the filing note; without one it is refused naming the field `note`.
Filing needs the department's opinion (备案意见). The department may instead return (退回) a
submitted self-inspection with the points to correct; the enterprise then edits and submits
again (hazards already reported stay in the ledger; only new 不符合 items add hazards).
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from anjian.accounts.models import Department, Role
from anjian.audit.services import record
from anjian.checklists.models import ChecklistTemplate
from anjian.core.services import check_version, require, snapshot
from anjian.registry.models import Enterprise

from .models import Campaign, CampaignPhase, ReportingDuty, SelfInspection, SelfInspectionAnswer

CAMPAIGN_FIELDS = [
    "title",
    "doc_no",
    "issuer",
    "issued_on",
    "region",
    "start",
    "end",
    "summary",
    "inspections_per_dept_month",
    "key_coverage_pct",
    "general_sample_pct",
]
PHASE_FIELDS = ["kind", "name", "start", "end", "tasks"]
DUTY_FIELDS = ["title", "recurrence", "due_date", "day_of_month", "first_month", "receiver"]


# ---------------------------------------------------------------- campaigns (C1)


def can_manage_campaigns(user) -> bool:
    return user.is_superuser or (user.role == Role.AWB and user.region_id is not None)


def _campaign_snap(c: Campaign) -> dict:
    data = snapshot(c, CAMPAIGN_FIELDS + ["departments", "checklists"])
    data["phases"] = [snapshot(p, PHASE_FIELDS) for p in c.phases.all()]
    data["duties"] = [snapshot(d, DUTY_FIELDS) for d in c.duties.all()]
    return data


def _validate_campaign(
    by, c: Campaign, phases: list[dict], duties: list[dict], departments, checklists
) -> None:
    errors: dict[str, str] = {}
    if not (c.title or "").strip():
        errors["title"] = _("行动名称不能为空")
    if c.start and c.end and c.end < c.start:
        errors["end"] = _("结束日期不能早于开始日期")
    if not by.is_superuser and c.region_id and not c.region.code.startswith(by.region.prefix):
        errors["region"] = _("区域不在您的管辖范围内")
    for d in departments:
        if c.region_id and not (
            d.region.code.startswith(c.region.prefix) or c.region.code.startswith(d.region.prefix)
        ):
            errors["departments"] = _("参与部门“%(name)s”不属于行动区域") % {"name": d.name}
    for t in checklists:
        if t.status != "published":
            errors["checklists"] = _("检查表“%(title)s”尚未发布，不能用于专项行动") % {
                "title": t.title
            }
    if c.general_sample_pct is not None and c.general_sample_pct > 100:
        errors["general_sample_pct"] = _("抽查比例应在 0–100 之间")
    if c.key_coverage_pct is not None and c.key_coverage_pct > 100:
        errors["key_coverage_pct"] = _("覆盖率应在 0–100 之间")
    kinds = dict(CampaignPhase.KINDS)
    for i, p in enumerate(phases, start=1):
        if p.get("kind") not in kinds:
            errors[f"phases-{i}-kind"] = _("第%(n)s阶段：阶段类型无效") % {"n": i}
        if not (p.get("name") or "").strip():
            errors[f"phases-{i}-name"] = _("第%(n)s阶段：阶段名称不能为空") % {"n": i}
        ps, pe = p.get("start"), p.get("end")
        if not ps or not pe:
            errors[f"phases-{i}-start"] = _("第%(n)s阶段：须填写起止日期") % {"n": i}
        elif pe < ps:
            errors[f"phases-{i}-end"] = _("第%(n)s阶段：结束日期不能早于开始日期") % {"n": i}
        elif c.start and c.end and (ps < c.start or pe > c.end):
            errors[f"phases-{i}-start"] = _(
                "第%(n)s阶段：日期须在行动期间（%(start)s—%(end)s）内"
            ) % {"n": i, "start": c.start, "end": c.end}
    dated = sorted(
        (p["start"], p["end"], i)
        for i, p in enumerate(phases, 1)
        if p.get("start") and p.get("end")
    )
    for (_s1, e1, i1), (s2, _e2, i2) in zip(dated, dated[1:], strict=False):
        if s2 <= e1:
            errors[f"phases-{i2}-start"] = _("第%(n)s阶段与第%(other)s阶段日期重叠") % {
                "n": i2,
                "other": i1,
            }
    if sum(1 for p in phases if p.get("kind") == "self_check") > 1:
        errors["phases"] = _("只能有一个自查自改阶段")
    for i, d in enumerate(duties, start=1):
        if not (d.get("title") or "").strip():
            errors[f"duties-{i}-title"] = _("第%(n)s项报送要求：报送内容不能为空") % {"n": i}
        if d.get("recurrence") == "monthly":
            dom = d.get("day_of_month")
            if not dom or not 1 <= int(dom) <= 31:
                errors[f"duties-{i}-day_of_month"] = _(
                    "第%(n)s项报送要求：每月报送须填写截止日（1–31）"
                ) % {"n": i}
            if not d.get("first_month"):
                errors[f"duties-{i}-first_month"] = _(
                    "第%(n)s项报送要求：每月报送须填写首次报送月份"
                ) % {"n": i}
        elif d.get("recurrence") == "once":
            if not d.get("due_date"):
                errors[f"duties-{i}-due_date"] = _("第%(n)s项报送要求：须填写截止日期") % {"n": i}
        else:
            errors[f"duties-{i}-recurrence"] = _("第%(n)s项报送要求：频次无效") % {"n": i}
    try:
        c.full_clean(exclude=["created_by", "version"] + list(errors))
    except ValidationError as exc:
        for k, v in exc.message_dict.items():
            errors.setdefault(k, "；".join(v))
    if errors:
        raise ValidationError(errors)


def _write_children(c: Campaign, phases, duties, departments, checklists) -> None:
    c.phases.all().delete()
    CampaignPhase.objects.bulk_create(
        [CampaignPhase(campaign=c, **{k: p.get(k, "") for k in PHASE_FIELDS}) for p in phases]
    )
    c.duties.all().delete()
    ReportingDuty.objects.bulk_create(
        [ReportingDuty(campaign=c, **{k: d.get(k) for k in DUTY_FIELDS if k in d}) for d in duties]
    )
    c.departments.set(departments)
    c.checklists.set(checklists)


def create_campaign(by, *, phases=(), duties=(), departments=(), checklists=(), **fields):
    """安委办 creates a campaign with its phases, reporting duties, departments and checklists."""
    require(can_manage_campaigns(by), _("只有安委办可以创建专项行动"))
    phases, duties = [dict(p) for p in phases], [dict(d) for d in duties]
    departments, checklists = list(departments), list(checklists)
    c = Campaign(**fields)
    if not c.region_id and by.region_id:
        c.region = by.region
    with transaction.atomic():
        _validate_campaign(by, c, phases, duties, departments, checklists)
        c.created_by = by if by.is_authenticated else None
        c.save()
        _write_children(c, phases, duties, departments, checklists)
        record(by, "campaign.create", c, after=_campaign_snap(c))
    return c


def update_campaign(
    by,
    c: Campaign,
    *,
    expected_version=None,
    phases=None,
    duties=None,
    departments=None,
    checklists=None,
    **fields,
):
    """Edit a campaign; `phases`/`duties` given replace the existing ones."""
    with transaction.atomic():
        c = Campaign.objects.select_for_update().get(pk=c.pk)
        require(
            Campaign.objects.restrict(by, "change").filter(pk=c.pk).exists(),
            _("无权修改该专项行动"),
        )
        check_version(c, expected_version)
        before = _campaign_snap(c)
        for k, v in fields.items():
            setattr(c, k, v)
        phases = (
            [dict(p) for p in phases]
            if phases is not None
            else [snapshot_phase(p) for p in c.phases.all()]
        )
        duties = (
            [dict(d) for d in duties]
            if duties is not None
            else [snapshot_duty(d) for d in c.duties.all()]
        )
        departments = list(departments) if departments is not None else list(c.departments.all())
        checklists = list(checklists) if checklists is not None else list(c.checklists.all())
        _validate_campaign(by, c, phases, duties, departments, checklists)
        c.version += 1
        c.save()
        _write_children(c, phases, duties, departments, checklists)
        record(by, "campaign.update", c, before=before, after=_campaign_snap(c))
    return c


def snapshot_phase(p: CampaignPhase) -> dict:
    return {k: getattr(p, k) for k in PHASE_FIELDS}


def snapshot_duty(d: ReportingDuty) -> dict:
    return {k: getattr(d, k) for k in DUTY_FIELDS}


# ---------------------------------------------------------------- self-inspection (C3)

RESULTS = dict(SelfInspectionAnswer.RESULTS)


def start_self_inspection(by, campaign: Campaign, template: ChecklistTemplate) -> SelfInspection:
    """The enterprise user opens (or resumes) its self-inspection against a campaign checklist."""
    require(by.role == Role.ENTERPRISE and by.enterprise_id, _("只有企业用户可以开展企业自查"))
    require(Campaign.objects.restrict(by).filter(pk=campaign.pk).exists(), _("无权参加该专项行动"))
    if not campaign.checklists.filter(pk=template.pk).exists():
        raise ValidationError({"template": _("该检查表不属于本专项行动")})
    if (
        campaign.ended
        and not SelfInspection.objects.filter(
            campaign=campaign, template=template, enterprise_id=by.enterprise_id
        ).exists()
    ):
        raise ValidationError(
            {
                "campaign": _("专项行动已于%(date)s结束，不能再开展自查")
                % {"date": formats.date_format(campaign.end, "DATE_FORMAT")}
            }
        )
    with transaction.atomic():
        si, created = SelfInspection.objects.get_or_create(
            campaign=campaign,
            template=template,
            enterprise_id=by.enterprise_id,
            defaults={"created_by": by},
        )
        if created:
            SelfInspectionAnswer.objects.bulk_create(
                [SelfInspectionAnswer(inspection=si, item=i) for i in template.items.all()]
            )
            record(
                by,
                "selfinspection.start",
                si,
                after=snapshot(si, ["campaign", "template", "enterprise"]),
            )
    return si


def _editable(by, si: SelfInspection, expected_version) -> SelfInspection:
    si = SelfInspection.objects.select_for_update().get(pk=si.pk)
    require(
        by.role == Role.ENTERPRISE and by.enterprise_id == si.enterprise_id,
        _("只有本企业用户可以填写自查结果"),
    )
    if si.status not in ("draft", "returned"):
        raise ValidationError({"status": _("自查结果已提交，不能再修改")})
    check_version(si, expected_version)
    return si


def _apply_answers(si: SelfInspection, answers: dict) -> list[SelfInspectionAnswer]:
    """answers: {item_id: {result, note, level, measures, responsible, deadline}}."""
    rows = {a.item_id: a for a in si.answers.select_related("item")}
    errors = {}
    for item_id, data in answers.items():
        a = rows.get(int(item_id))
        if a is None:
            errors[f"{item_id}-result"] = _("检查项不属于本检查表")
            continue
        result = data.get("result", a.result) or ""
        if result not in ("", *RESULTS):
            errors[f"{item_id}-result"] = _("%(item)s：自查结果只能为符合、不符合或不涉及") % {
                "item": a.item.label
            }
            continue
        a.result = result
        for k in ("note", "measures", "responsible"):
            if k in data:
                setattr(a, k, (data[k] or "").strip())
        if "level" in data:
            if data["level"] not in ("general", "major"):
                errors[f"{item_id}-level"] = _("%(item)s：隐患等级只能为一般或重大") % {
                    "item": a.item.label
                }
            a.level = data["level"] or "general"
        if "deadline" in data:
            a.deadline = data["deadline"] or None
        try:  # the model's limits (责任人 at most 64 characters …), for the page and the API
            a.clean_fields(exclude=["inspection", "item", "hazard", "result", "level"])
        except ValidationError as exc:
            for k, msgs in exc.message_dict.items():
                errors[f"{item_id}-{k}"] = _("%(item)s：%(error)s") % {
                    "item": a.item.label,
                    "error": "；".join(msgs),
                }
    if errors:
        raise ValidationError(errors)
    SelfInspectionAnswer.objects.bulk_update(
        rows.values(), ["result", "note", "measures", "responsible", "level", "deadline"]
    )
    return sorted(rows.values(), key=lambda a: a.item.row)


def save_answers(by, si: SelfInspection, answers: dict, *, expected_version=None) -> SelfInspection:
    """Save a draft (partial answers allowed)."""
    with transaction.atomic():
        si = _editable(by, si, expected_version)
        _apply_answers(si, answers)
        si.version += 1
        si.save(update_fields=["version", "updated_at"])
    return si


def submit_self_inspection(
    by,
    si: SelfInspection,
    answers: dict | None = None,
    *,
    expected_version=None,
    today: date | None = None,
):
    """Submit: every item answered; each 不符合 item needs a plan and becomes a 企业自查 hazard."""
    from anjian.hazards.services import report_hazard

    today = today or timezone.localdate()
    with transaction.atomic():
        si = _editable(by, si, expected_version)
        rows = _apply_answers(si, answers or {})
        errors = {}
        missing = [a.item.label for a in rows if not a.result]
        if missing:
            items = _("、").join(missing[:5]) + (_("等") if len(missing) > 5 else "")
            errors["answers"] = ngettext(
                "尚有 %(n)d 项未填写自查结果：%(items)s",
                "尚有 %(n)d 项未填写自查结果：%(items)s",
                len(missing),
            ) % {"n": len(missing), "items": items}
        for a in rows:
            if a.result != "fail":
                continue
            label = a.item.label
            if not a.note:
                errors[f"{a.item_id}-note"] = _("%(item)s：不符合项须填写存在的问题") % {
                    "item": label
                }
            if not a.measures:
                errors[f"{a.item_id}-measures"] = _("%(item)s：不符合项须填写整改措施") % {
                    "item": label
                }
            if not a.responsible:
                errors[f"{a.item_id}-responsible"] = _("%(item)s：不符合项须填写责任人") % {
                    "item": label
                }
            if not a.deadline:
                errors[f"{a.item_id}-deadline"] = _("%(item)s：不符合项须填写整改期限") % {
                    "item": label
                }
            elif a.deadline < today:
                errors[f"{a.item_id}-deadline"] = _("%(item)s：整改期限不能早于今天") % {
                    "item": label
                }
        if errors:
            raise ValidationError(errors)
        ent = si.enterprise
        for a in rows:
            if a.result != "fail" or a.hazard_id:  # resubmitted after 退回: reported once
                continue
            item = a.item
            a.hazard = report_hazard(
                by,
                enterprise=ent,
                source="self",
                level=a.level,
                description=f"【{item.subject}】{item.item}\n存在问题：{a.note}",
                location="",
                rectification_plan=(
                    f"整改措施：{a.measures}\n责任人：{a.responsible}\n整改期限：{a.deadline:%Y-%m-%d}"
                ),
                deadline=a.deadline,
                checklist_item=item,
                on_duplicate="link",  # the submitted self-inspection stands (H5 link)
            )
            a.save(update_fields=["hazard"])
        si.status = "submitted"
        si.submitted_by = by
        si.submitted_at = timezone.now()
        si.version += 1
        si.save()
        record(
            by,
            "selfinspection.submit",
            si,
            after={
                "results": {str(a.item_id): a.result for a in rows},
                "hazards": [a.hazard_id for a in rows if a.hazard_id],
            },
        )
    return si


def can_file(user, si: SelfInspection) -> bool:
    """Department staff whose sectors cover the enterprise (and who take part in the campaign)."""
    if user.role not in (Role.INSPECTOR, Role.DEPT_LEADER) or not user.department_id:
        return False
    if not Enterprise.objects.restrict(user).filter(pk=si.enterprise_id).exists():
        return False
    depts = si.campaign.departments.all()
    return not depts.exists() or depts.filter(pk=user.department_id).exists()


def file_self_inspection(
    by,
    si: SelfInspection,
    *,
    note: str = "",
    decision: str = "file",
    expected_version=None,
    today: date | None = None,
) -> SelfInspection:
    """The supervising department files (备案) a submitted self-inspection, or returns it (退回)
    for correction; either needs its opinion. See module docstring."""
    today = today or timezone.localdate()
    note = (note or "").strip()
    if decision not in ("file", "return"):
        raise ValidationError({"decision": _("请选择备案或退回")})
    with transaction.atomic():
        si = SelfInspection.objects.select_for_update().select_related("campaign").get(pk=si.pk)
        require(can_file(by, si), _("只有监管该企业的参与部门可以备案"))
        if si.status in ("draft", "returned"):
            raise ValidationError({"status": _("企业尚未提交自查结果，不能备案")})
        if si.status == "filed":
            raise ValidationError({"status": _("该自查已备案")})
        check_version(si, expected_version)
        if decision == "return":
            if not note:
                raise ValidationError(
                    {"note": _("退回须填写退回意见，写明需要企业补充或改正的内容")}
                )
            si.status = "returned"
            si.returned_by = by
            si.returned_at = timezone.now()
            si.return_note = note
            si.version += 1
            si.save()
            record(by, "selfinspection.return", si, after={"note": note})
            return si
        deadline = si.campaign.filing_deadline
        late = deadline is not None and today > deadline
        if late and not note:
            raise ValidationError(
                {
                    "note": _("已超过自查自改阶段备案期限（%(date)s），逾期备案须填写逾期说明")
                    % {"date": formats.date_format(deadline, "DATE_FORMAT")}
                }
            )
        if not note:
            raise ValidationError({"note": _("备案须填写备案意见")})
        si.status = "filed"
        si.filed_by = by
        si.filed_department = Department.objects.get(pk=by.department_id)
        si.filed_at = timezone.now()
        si.filed_late = late
        si.filing_note = note
        si.version += 1
        si.save()
        record(
            by,
            "selfinspection.file",
            si,
            after={"filed_late": late, "note": note, "department": by.department_id},
        )
    return si


# ---------------------------------------------------------------- for inspections


def self_reported_for(enterprise, campaign=None) -> list[SelfInspection]:
    """What the enterprise self-reported (submitted or filed self-inspections), newest first.

    Each SelfInspection carries `.failed_answers` (its 不符合 answers, with `.item` and `.hazard`)
    and `.hazard_list` (the 企业自查 hazards it created). The caller has already scoped the
    enterprise (e.g. an inspection page the user may see); render with the include template
    "campaigns/_self_reported.html" (context variable `self_reports`).
    """
    ent_id = getattr(enterprise, "pk", enterprise)
    qs = SelfInspection.objects.filter(enterprise_id=ent_id).exclude(status="draft")
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    qs = qs.select_related("campaign", "template", "filed_department").prefetch_related(
        Prefetch(
            "answers",
            queryset=SelfInspectionAnswer.objects.filter(result="fail").select_related(
                "item", "hazard"
            ),
            to_attr="failed_answers",
        )
    )
    out = list(qs.order_by("-submitted_at"))
    for si in out:
        si.hazard_list = [a.hazard for a in si.failed_answers if a.hazard_id]
    return out
