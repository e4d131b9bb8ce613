"""查封、扣押 (安全生产法第六十五条第一款第四项; 行政强制法第十八条、第二十四条至第二十八条) and the
evidence records of a case (行政处罚法第四十六条、第五十五条、第五十六条): permission, the rules of
law, write, documents and audit in one transaction.
"""

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from anjian import law
from anjian.accounts import signatures
from anjian.audit.services import record
from anjian.core.services import check_version, require, snapshot

from .. import evidence as evidence_docs
from .. import seizure as seizure_docs
from ..measures_models import EvidenceFile, EvidenceItem, EvidenceRecord, Seizure, SeizureItem
from .common import (
    is_enforcer,
    is_leader_of,
    lock_case,
    require_case,
    require_enforcer,
    require_enterprise,
    save_case,
    today_or,
)

SEIZURE_FIELDS = [
    "kind", "status", "facts", "basis", "place", "planned_on", "seized_on", "initial_last_day",
    "last_day", "party_present", "party_name", "approved_by", "extension_days",
    "extension_reason", "extension_on", "extension_approved_by", "lifted_on", "lift_reason",
    "lift_note", "version",
]  # fmt: skip
EVIDENCE_FIELDS = [
    "kind", "status", "on", "place", "subject_name", "content", "approved_by",
    "decision_last_day", "decided_on", "disposal", "disposal_note", "version",
]  # fmt: skip

# 全过程记录 (another module): `check(by, record, step)` raises ValidationError when the step
# (e.g. "seizure.issue", "evidence.preservation") has no audio-video record. Empty until that
# module registers its check; `issue_seizure` and the evidence services call every check.
AUDIO_VIDEO_CHECKS: list = []


def on_audio_video_check(check) -> None:
    if check not in AUDIO_VIDEO_CHECKS:
        AUDIO_VIDEO_CHECKS.append(check)


def require_audio_video(by, obj, step: str) -> None:
    """The hook point for the 执法全过程记录 rule: every registered check may refuse."""
    for check in AUDIO_VIDEO_CHECKS:
        check(by, obj, step)


# ------------------------------------------------------------------------ shared


def officer_problems(officers, department, day) -> list[str]:
    """Why `officers` cannot carry out the measure on `day`: two or more officers of the
    department with a valid 执法证 (行政强制法第十八条第二项; 行政处罚法第四十二条)."""
    problems = []
    valid = 0
    for u in officers:
        if u.department_id != department.pk or not is_enforcer(u):
            problems.append(
                _("%(name)s不是本部门持有效执法证的执法人员") % {"name": u.display_name}
            )
        elif not u.cert_valid_on(day):
            problems.append(
                _("执法人员%(name)s的执法证在%(day)s无效") % {"name": u.display_name, "day": day}
            )
        else:
            valid += 1
    if valid < law.SEIZURE_MIN_OFFICERS:
        problems.insert(
            0,
            _(
                "须由两名以上持有效执法证的行政执法人员实施（《行政强制法》第十八条第二项、"
                "《行政处罚法》第四十二条）"
            ),
        )
    return problems


def parse_items(items, field: str = "items") -> list[dict]:
    """Rows of an item list: each with a name and a quantity."""
    rows, errors = [], []
    for n, row in enumerate(items or [], start=1):
        name = (row.get("name") or "").strip()
        qty = str(row.get("quantity") or "").strip()
        if not name and not qty:
            continue
        if not name or not qty:
            errors.append(_("第%(n)d行须填写名称和数量") % {"n": n})
            continue
        rows.append(
            {
                "name": name[:128],
                "spec": (row.get("spec") or "").strip()[:128],
                "quantity": qty[:32],
                "unit": (row.get("unit") or "").strip()[:16],
                "note": (row.get("note") or "").strip()[:200],
            }
        )
    if errors:
        raise ValidationError({field: errors})
    return rows


def _lock(model, obj, expected_version=None):
    o = model.objects.select_for_update().get(pk=obj.pk)
    check_version(o, expected_version)
    return o


def _save(by, obj, fields, action, before, note=""):
    obj.version += 1
    obj.save()
    record(by, action, obj, before=before, after=snapshot(obj, fields), note=note)
    return obj


def _require_own(by, obj, what):
    require(
        type(obj).objects.restrict(by, "change").filter(pk=obj.pk).exists(),
        _("该%(what)s不在您的管辖范围内") % {"what": what},
    )


# ------------------------------------------------------------------------ 查封、扣押


def seizure_content(s: Seizure) -> dict:
    """What the officers and the party (or witnesses) sign: the measure as decided."""
    return {
        "seizure": s.pk,
        "kind": s.kind,
        "enterprise": s.enterprise_id,
        "facts": s.facts,
        "basis": s.basis,
        "place": s.place,
        "officers": sorted(s.officers.values_list("pk", flat=True)),
        "items": [
            [i.seq, i.name, i.spec, i.quantity, i.unit, i.note] for i in s.items.order_by("seq")
        ],
    }


def create_seizure(
    by, *, enterprise, kind: str = "seal", facts: str, place: str, planned_on=None,
    officers=(), items=(), basis: str = "", party_present: bool = True, party_name: str = "",
    inspection=None, case=None,
) -> Seizure:  # fmt: skip
    """Propose a 查封、扣押 with its items; the 负责人 approves it before it is carried out
    (行政强制法第十八条第一项)."""
    require_enforcer(by)
    require_enterprise(by, enterprise)
    planned_on = today_or(planned_on)
    officers = list(officers)
    errors = {}
    if kind not in dict(Seizure.KINDS):
        errors["kind"] = _("请选择查封或扣押")
    if not (facts or "").strip():
        errors["facts"] = _("请填写查封扣押的理由（违法事实），行政强制法第二十四条第二款第二项")
    if not (place or "").strip():
        errors["place"] = _("请填写查封扣押的场所（地点）")
    if by.department_id is None:
        errors["officers"] = _("您不属于执法部门")
    elif problems := officer_problems(officers, by.department, planned_on):
        errors["officers"] = problems
    for obj, field in ((inspection, "inspection"), (case, "case")):
        if obj is not None and obj.enterprise_id != enterprise.pk:
            errors[field] = _("所选记录不属于该企业")
    if party_present and not (party_name or "").strip():
        errors["party_name"] = _("当事人到场的，请填写到场的当事人（代表）姓名")
    try:
        rows = parse_items(items)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        rows = []
    if not rows and "items" not in errors:
        errors["items"] = _(
            "请填写查封扣押的场所、设施或者财物的名称、数量（行政强制法第二十四条第二款第三项）"
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        s = Seizure.objects.create(
            kind=kind, department=by.department, enterprise=enterprise,
            region_code=enterprise.region_id, inspection=inspection, case=case,
            facts=facts.strip(), basis=(basis or "").strip(), place=place.strip(),
            planned_on=planned_on, party_present=party_present,
            party_name=(party_name or "").strip(), created_by=by,
        )  # fmt: skip
        s.officers.set(officers)
        SeizureItem.objects.bulk_create(
            [SeizureItem(seizure=s, seq=n, **row) for n, row in enumerate(rows, start=1)]
        )
        record(by, "seizure.create", s, after=snapshot(s, SEIZURE_FIELDS))
        return s


def approve_seizure(by, s: Seizure, *, note: str = "", expected_version=None) -> Seizure:
    """The 负责人's approval before the measure (行政强制法第十八条第一项)."""
    _require_own(by, s, _("查封扣押"))
    require(
        is_leader_of(by, s.department_id),
        _("实施查封、扣押须经行政机关负责人批准（《行政强制法》第十八条第一项）"),
    )
    with transaction.atomic():
        s = _lock(Seizure, s, expected_version)
        if s.status != "draft":
            raise ValidationError({"status": _("该查封扣押已批准")})
        before = snapshot(s, SEIZURE_FIELDS)
        s.status, s.approved_by, s.approved_at = "approved", by, timezone.now()
        s.approval_note = (note or "").strip()
        return _save(by, s, SEIZURE_FIELDS, "seizure.approve", before)


def sign_seizure(
    by, s: Seizure, *, signer=None, password=None, token=None, png=None, name: str = "",
    id_number: str = "", witness: bool = False,
) -> Seizure:  # fmt: skip
    """现场笔录 signatures (行政强制法第十八条第八项、第十项): each officer for himself (an
    account), the party's representative — or, where he is absent, a witness — by hand with
    name and 身份证号."""
    _require_own(by, s, _("查封扣押"))
    require_enforcer(by)
    with transaction.atomic():
        s = _lock(Seizure, s)
        if s.status not in ("draft", "approved"):
            raise ValidationError({"status": _("查封扣押已实施，签名已确定")})
        if signer is not None:
            if not s.officers.filter(pk=signer.pk).exists():
                raise ValidationError(
                    {"signer": _("%(name)s不是实施该查封扣押的执法人员") % {"name": signer}}
                )
            signatures.sign(
                by, s, role="inspector", content=seizure_content(s), action="seizure.sign",
                signer=signer, password=password, token=token,
            )  # fmt: skip
        else:
            if witness and s.party_present:
                raise ValidationError(
                    {"witness": _("当事人到场的，由当事人签名；当事人不到场的，才由见证人签名")}
                )
            if not witness and not s.party_present:
                raise ValidationError(
                    {"witness": _("当事人未到场：请邀请见证人签名（《行政强制法》第十八条第十项）")}
                )
            signatures.sign(
                by, s, role="party", content=seizure_content(s), action="seizure.sign",
                png=png, name=name, id_number=id_number,
                organisation=seizure_docs.WITNESS if witness else s.enterprise.name,
                replace=False,
            )  # fmt: skip
        return s


def seizure_signature_problems(s: Seizure) -> list[str]:
    sigs = list(s.signatures.all())
    signed = {x.user_id for x in sigs if x.role == "inspector"}
    content = seizure_content(s)
    problems = [
        _("执法人员%(name)s未签名") % {"name": u.display_name}
        for u in s.officers.all()
        if u.pk not in signed
    ]
    if any(not signatures.matches(x, content) for x in sigs):
        problems.append(_("签名后内容已改变，请重新签名"))
    if not any(x.role == "party" for x in sigs):
        problems.append(
            _("当事人未签名")
            if s.party_present
            else _("当事人不到场的，须有见证人签名（《行政强制法》第十八条第十项）")
        )
    return problems


def issue_seizure(by, s: Seizure, *, on=None, expected_version=None) -> Seizure:
    """Carry out the approved measure: 查封扣押决定书 and its item list (in two copies), the
    30-day period (行政强制法第二十五条) from `on`."""
    _require_own(by, s, _("查封扣押"))
    require_enforcer(by)
    on = today_or(on)
    with transaction.atomic():
        s = _lock(Seizure, s, expected_version)
        if s.status != "approved":
            raise ValidationError(
                {
                    "status": _(
                        "实施查封、扣押须经行政机关负责人批准（《行政强制法》第十八条第一项）"
                    )
                    if s.status == "draft"
                    else _("该查封扣押已实施")
                }
            )
        if problems := officer_problems(list(s.officers.all()), s.department, on):
            raise ValidationError({"officers": problems})
        if problems := seizure_signature_problems(s):
            raise ValidationError(
                {
                    "signatures": _(
                        "%(problems)s：现场笔录须由当事人（或见证人）和行政执法人员签名"
                        "（《行政强制法》第十八条第八项、第十项）"
                    )
                    % {"problems": _("、").join(problems)}
                }
            )
        require_audio_video(by, s, "seizure.issue")
        before = snapshot(s, SEIZURE_FIELDS)
        period = law.seizure_period(on).value
        s.status, s.seized_on = "active", on
        s.initial_last_day = s.last_day = period.last_day
        s.save()
        common = {"issued_on": on, "department": s.department, "enterprise": s.enterprise}
        links = {"inspection": s.inspection, "case": s.case}
        seizure_docs.issue(by, "seizure_decision", s, "decision_document", **common, **links)
        seizure_docs.issue(by, "seizure_list", s, "list_document", **common, **links)
        return _save(by, s, SEIZURE_FIELDS, "seizure.issue", before)


def extend_seizure(
    by, s: Seizure, *, days: int, reason: str, on=None, expected_version=None
) -> Seizure:
    """延长查封、扣押期限: 情况复杂的，经行政机关负责人批准，可以延长，但是延长期限不得超过三十日
    (行政强制法第二十五条第一款) — once; the party is told in writing with the reason (第二款)."""
    _require_own(by, s, _("查封扣押"))
    on = today_or(on)
    with transaction.atomic():
        s = _lock(Seizure, s, expected_version)
        if s.status != "active":
            raise ValidationError({"status": _("只有查封扣押中的措施可以延长期限")})
        problem = law.seizure_extension_problem(
            extensions_so_far=1 if s.extension_days else 0,
            days=int(days or 0),
            approved_by_head=is_leader_of(by, s.department_id),
        )
        if problem:
            field = "days" if "1至30日" in problem or "已延长" in problem else "approved_by"
            raise ValidationError({field: _(problem)})
        if not (reason or "").strip():
            raise ValidationError(
                {"reason": _("请说明延长理由（《行政强制法》第二十五条第二款：说明理由）")}
            )
        if on > s.initial_last_day:
            raise ValidationError(
                {
                    "on": _("原查封扣押期限已于%(day)s届满，不能再延长（《行政强制法》第二十五条）")
                    % {"day": s.initial_last_day}
                }
            )
        before = snapshot(s, SEIZURE_FIELDS)
        period = law.seizure_period(s.seized_on, extension_days=int(days)).value
        s.extension_days, s.extension_reason = int(days), reason.strip()
        s.extension_on, s.extension_approved_by, s.last_day = on, by, period.last_day
        s.save()
        seizure_docs.issue(
            by, "seizure_extension", s, "extension_document", issued_on=on,
            department=s.department, enterprise=s.enterprise, inspection=s.inspection,
            case=s.case,
        )  # fmt: skip
        return _save(by, s, SEIZURE_FIELDS, "seizure.extend", before)


def lift_seizure(
    by, s: Seizure, *, reason: str, note: str = "", on=None, expected_version=None
) -> Seizure:
    """解除查封、扣押 (行政强制法第二十八条): on one of its grounds, with the things returned and
    the 解除查封扣押决定书."""
    _require_own(by, s, _("查封扣押"))
    require_enforcer(by)
    on = today_or(on)
    with transaction.atomic():
        s = _lock(Seizure, s, expected_version)
        if s.status != "active":
            raise ValidationError({"status": _("只有查封扣押中的措施可以解除")})
        if reason not in dict(Seizure.LIFT_REASONS):
            raise ValidationError({"reason": _("请选择《行政强制法》第二十八条规定的解除理由")})
        if reason == "expired" and on <= s.last_day:
            raise ValidationError(
                {"reason": _("查封扣押期限至%(day)s届满，尚未届满") % {"day": s.last_day}}
            )
        if reason == "other" and not (note or "").strip():
            raise ValidationError({"note": _("请说明不再需要查封扣押的情形")})
        if on < s.seized_on:
            raise ValidationError({"on": _("解除日期不能早于查封扣押日期")})
        before = snapshot(s, SEIZURE_FIELDS)
        s.status, s.lifted_on, s.lift_reason, s.lift_note = "lifted", on, reason, note.strip()
        s.save()
        s.items.update(returned_on=on)
        seizure_docs.issue(
            by, "seizure_lift", s, "lift_document", issued_on=on, department=s.department,
            enterprise=s.enterprise, inspection=s.inspection, case=s.case,
        )  # fmt: skip
        return _save(by, s, SEIZURE_FIELDS, "seizure.lift", before)


# ------------------------------------------------------------------------ evidence

SUBJECT_FIELDS = (
    "subject_name", "subject_id_number", "subject_gender", "subject_unit", "subject_address",
    "subject_phone",
)  # fmt: skip


def evidence_content(r: EvidenceRecord) -> dict:
    return {
        "evidence": r.pk,
        "kind": r.kind,
        "case": r.case_id,
        "on": r.on,
        "place": r.place,
        "content": r.content,
        **{f: getattr(r, f) for f in SUBJECT_FIELDS},
        "items": [[i.seq, i.name, i.spec, i.quantity, i.unit] for i in r.items.order_by("seq")],
    }


def create_evidence(
    by, case, *, kind: str, on=None, place: str = "", officers=(), recorder=None,
    content: str = "", items=(), appraiser: str = "", notice_matter: str = "",
    notice_on=None, start_time=None, end_time=None, **subject,
) -> EvidenceRecord:  # fmt: skip
    """An evidence record of `case` with its document (询问笔录 and its 询问通知书, 勘验笔录,
    抽样取证凭证, 先行登记保存证据通知书 once the 负责人 approved, 鉴定委托书); its line is added
    to the case's 证据材料."""
    require_enforcer(by)
    require_case(by, case)
    on = today_or(on)
    officers = list(officers)
    errors = {}
    if kind not in dict(EvidenceRecord.KINDS):
        errors["kind"] = _("请选择证据种类")
    if case.stage in ("proposed", "rejected", "closed"):
        errors["case"] = _("案件未立案或已结案，不能收集证据")
    if not (place or "").strip():
        errors["place"] = _("请填写地点")
    if not (content or "").strip():
        errors["content"] = _("请填写内容")
    if kind != "appraisal" and (problems := officer_problems(officers, case.department, on)):
        errors["officers"] = problems
    if kind in ("inquiry",) and not (subject.get("subject_name") or "").strip():
        errors["subject_name"] = _("请填写被询问人姓名")
    idn = (subject.get("subject_id_number") or "").strip().upper()
    if idn and (problem := signatures.id_number_problem(idn)):
        errors["subject_id_number"] = problem
    if kind == "inquiry" and recorder is not None and recorder.department_id != case.department_id:
        errors["recorder"] = _("记录人须为本部门执法人员")
    if kind == "appraisal" and not (appraiser or "").strip():
        errors["appraiser"] = _("请填写受委托的鉴定机构")
    try:
        rows = parse_items(items)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        rows = []
    if kind in ("sampling", "preservation") and not rows and "items" not in errors:
        errors["items"] = _("请填写物品清单（名称、数量）")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        r = EvidenceRecord.objects.create(
            kind=kind, case=case, department=case.department, enterprise=case.enterprise,
            region_code=case.region_code, on=on, place=place.strip(), recorder=recorder,
            content=content.strip(), appraiser=(appraiser or "").strip(),
            notice_matter=(notice_matter or "").strip(), notice_on=notice_on,
            start_time=start_time, end_time=end_time, created_by=by,
            status="pending" if kind == "preservation" else "open",
            **{f: (subject.get(f) or "").strip() for f in SUBJECT_FIELDS},
        )  # fmt: skip
        r.subject_id_number = r.subject_id_number.upper()
        r.save(update_fields=["subject_id_number"])
        r.officers.set(officers)
        EvidenceItem.objects.bulk_create(
            [EvidenceItem(record=r, seq=n, **row) for n, row in enumerate(rows, start=1)]
        )
        record(by, "evidence.create", r, after=snapshot(r, EVIDENCE_FIELDS))
        if kind == "preservation" and is_leader_of(by, case.department_id):
            _approve(by, r)
        elif kind != "preservation":
            _issue_evidence(by, r)
        return r


def _issue(by, r, kind, field, on):
    return seizure_docs.issue(
        by, kind, r, field, issued_on=on, department=r.department, enterprise=r.enterprise,
        case=r.case,
    )  # fmt: skip


def _issue_evidence(by, r: EvidenceRecord) -> None:
    if r.kind == "inquiry":
        _issue(by, r, "inquiry_notice", "notice_document", r.notice_on or r.on)
    _issue(by, r, evidence_docs.MAIN_KIND[r.kind], "document", r.on)
    case = lock_case(r.case)
    before = snapshot(case, ["evidence", "version"])
    line = evidence_docs.evidence_line(r)
    case.evidence = f"{case.evidence.rstrip()}\n{line}".strip()
    save_case(by, case, "case.evidence", before, note=line)


def _approve(by, r: EvidenceRecord) -> None:
    """先行登记保存 approved by the 负责人: the notice issues, and the 7 (working) days for the
    decision run (行政处罚法第五十六条、第八十五条)."""
    r.approved_by = by
    r.status = "open"
    r.decision_last_day = law.preservation_decision_last_day(r.on).value
    r.save(update_fields=["approved_by", "status", "decision_last_day"])
    record(by, "evidence.approve", r, after=snapshot(r, EVIDENCE_FIELDS))
    require_audio_video(by, r, "evidence.preservation")
    _issue_evidence(by, r)


def approve_preservation(by, r: EvidenceRecord, *, expected_version=None) -> EvidenceRecord:
    _require_own(by, r, _("证据"))
    require(
        is_leader_of(by, r.department_id),
        _("先行登记保存须经行政机关负责人批准（《行政处罚法》第五十六条）"),
    )
    with transaction.atomic():
        r = _lock(EvidenceRecord, r, expected_version)
        if r.kind != "preservation" or r.status != "pending":
            raise ValidationError({"status": _("该证据记录无需批准")})
        _approve(by, r)
        r.version += 1
        r.save(update_fields=["version"])
        return r


def decide_preservation(
    by, r: EvidenceRecord, *, disposal: str, note: str = "", on=None, expected_version=None
) -> EvidenceRecord:
    """先行登记保存的处理决定: 应当在七日内及时作出处理决定 (行政处罚法第五十六条; working days,
    第八十五条). A later date is refused."""
    _require_own(by, r, _("证据"))
    require_enforcer(by)
    on = today_or(on)
    with transaction.atomic():
        r = _lock(EvidenceRecord, r, expected_version)
        if r.kind != "preservation" or r.status != "open":
            raise ValidationError(
                {"status": _("只有已批准、尚未处理的先行登记保存可以作出处理决定")}
            )
        if disposal not in dict(EvidenceRecord.DISPOSALS):
            raise ValidationError({"disposal": _("请选择处理决定")})
        if on < r.on:
            raise ValidationError({"on": _("处理决定日期不能早于先行登记保存日期")})
        if on > r.decision_last_day:
            raise ValidationError(
                {
                    "on": _(
                        "先行登记保存应当在七日内（工作日）及时作出处理决定，期限已于%(day)s届满"
                        "（《行政处罚法》第五十六条、第八十五条）"
                    )
                    % {"day": r.decision_last_day}
                }
            )
        before = snapshot(r, EVIDENCE_FIELDS)
        r.status, r.decided_on, r.disposal, r.disposal_note = "decided", on, disposal, note.strip()
        r.save()
        _issue(by, r, "preservation_decision", "decision_document", on)
        return _save(by, r, EVIDENCE_FIELDS, "evidence.decide", before)


def sign_evidence(
    by, r: EvidenceRecord, *, signer=None, password=None, token=None, png=None, name: str = "",
    id_number: str = "",
) -> EvidenceRecord:  # fmt: skip
    """Signatures on the 笔录 / 凭证 / 通知书: each officer for himself, the person questioned
    (or the party's representative) by hand with name and 身份证号; the document is rendered
    again with them."""
    _require_own(by, r, _("证据"))
    require_enforcer(by)
    with transaction.atomic():
        r = _lock(EvidenceRecord, r)
        if r.document is None:
            raise ValidationError({"status": _("文书尚未制作，不能签名")})
        content = evidence_content(r)
        if signer is not None:
            if not r.officers.filter(pk=signer.pk).exists():
                raise ValidationError(
                    {"signer": _("%(name)s不是该证据记录的执法人员") % {"name": signer}}
                )
            signatures.sign(
                by, r, role="inspector", content=content, action="evidence.sign",
                signer=signer, password=password, token=token,
            )  # fmt: skip
        else:
            signatures.sign(
                by, r, role="party", content=content, action="evidence.sign", png=png,
                name=name, id_number=id_number, organisation=r.enterprise.name, replace=False,
            )  # fmt: skip
        from .. import documents

        documents.attach_files(r.document)
        return r


EVIDENCE_FILE_KINDS = ("image", "pdf", "office", "video", "audio")


def add_evidence_files(by, r: EvidenceRecord, *, files=()) -> EvidenceRecord:
    """Evidence files (photos, scans, recordings), each checked by its content."""
    from anjian.core.uploads import check_uploads

    _require_own(by, r, _("证据"))
    require_enforcer(by)
    checked = check_uploads(files, EVIDENCE_FILE_KINDS, field="files", max_bytes=200 * 1024 * 1024)
    if not checked:
        raise ValidationError({"files": _("请选择文件")})
    with transaction.atomic():
        for c in checked:
            f = c.file
            f.seek(0)
            h = hashlib.sha256()
            for chunk in f.chunks():
                h.update(chunk)
            f.seek(0)
            ef = EvidenceFile(
                record=r, name=str(getattr(f, "name", ""))[:200], content_type=c.content_type,
                size=c.size, sha256=h.hexdigest(), uploaded_by=by,
            )  # fmt: skip
            ef.file.save(ef.name or "evidence", f, save=False)
            ef.save()
            record(by, "evidence.file", r, after={"name": ef.name, "sha256": ef.sha256})
        return r
