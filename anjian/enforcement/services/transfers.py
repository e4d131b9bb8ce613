"""E6 移交 (seed 001 异地执法检查问题移交表): to a department, a town or a judicial organ, signed
by both sides, acknowledged and answered by the receiver; also the transfer a hazard's
执法处置意见 "移交其他部门" creates."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from anjian import law
from anjian.accounts import signatures
from anjian.accounts.models import Role
from anjian.audit.services import record
from anjian.core.services import require, snapshot
from anjian.hazards.models import Hazard
from anjian.inspections.models import Finding
from anjian.inspections.services import signature_problems

from .. import documents
from ..models import Transfer, TransferItem
from .common import is_enforcer, require_enforcer, require_enterprise, today_or


def create_transfer(
    by,
    *,
    enterprise,
    kind: str = "general",
    to_department=None,
    to_region=None,
    to_organ: str = "",
    inspection=None,
    case=None,
    checked_on=None,
    reason: str = "",
    items=(),
    on=None,
) -> Transfer:
    """移交 (seed 001 异地执法检查问题移交表) to a department, a town or a judicial organ."""
    require_enforcer(by)
    require_enterprise(by, enterprise)
    errors = {}
    receivers = [x for x in (to_department, to_region, (to_organ or "").strip()) if x]
    if len(receivers) != 1:
        errors["to_department"] = _("请选择一个接收单位（部门、镇街或司法机关）")
    if kind not in dict(Transfer.KINDS):
        errors["kind"] = _("移交类型无效")
    if kind == "general" and not items:
        errors["items"] = _("移交表至少应有一项问题")
    options = dict(TransferItem.DISPOSALS)
    for i, it in enumerate(items, start=1):
        if not (it.get("description") or "").strip():
            errors[f"item_{i}"] = _("第%(row)d行：请填写问题描述") % {"row": i}
        bad = [d for d in it.get("disposals", []) if d not in options]
        if bad:
            errors[f"item_{i}"] = _("第%(row)d行：执法处置意见无效") % {"row": i}
    sources = [inspection] if inspection is not None else []
    sources += [it["finding"].inspection for it in items if it.get("finding") is not None]
    for insp in dict.fromkeys(sources):
        if problems := signature_problems(insp):
            errors["inspection"] = _(
                "%(insp)s%(problems)s，不能据此移交：依据《安全生产法》第六十八条，检查记录须由"
                "检查人员和被检查单位的负责人签字（谁检查、谁签名、谁负责）"
            ) % {"insp": insp, "problems": _("、").join(problems)}
    if errors:
        raise ValidationError(errors)
    return _insert_transfer(
        by, department=by.department, enterprise=enterprise, kind=kind,
        to_department=to_department, to_region=to_region, to_organ=to_organ,
        inspection=inspection, case=case, checked_on=checked_on, reason=reason, items=items,
        on=today_or(on),
    )  # fmt: skip


def _insert_transfer(
    by, *, department, enterprise, kind, to_department, to_region, to_organ, inspection, case,
    checked_on, reason, items, on, note: str = "",
) -> Transfer:  # fmt: skip
    """Write a validated transfer, its rows, its numbered 移交表 and the audit entry."""
    with transaction.atomic():
        t = Transfer.objects.create(
            kind=kind,
            department=department,
            enterprise=enterprise,
            region_code=enterprise.region_id,
            inspection=inspection,
            case=case,
            to_department=to_department,
            to_region=to_region,
            to_organ=(to_organ or "").strip(),
            issued_on=on,
            checked_on=checked_on or (inspection.inspected_on if inspection else None),
            reason=(reason or "").strip(),
            created_by=by,
        )
        for seq, it in enumerate(items, start=1):
            TransferItem.objects.create(
                transfer=t,
                seq=seq,
                check_item=(it.get("check_item") or "").strip()[:128],
                description=it["description"].strip(),
                legal_basis=(it.get("legal_basis") or "").strip(),
                standard_basis=(it.get("standard_basis") or "").strip(),
                raised_by=(it.get("raised_by") or by.display_name).strip()[:64],
                responsible_unit=(it.get("responsible_unit") or "").strip()[:64],
                disposals=list(it.get("disposals", [])),
                finding=it.get("finding"),
                hazard=it.get("hazard"),
            )
        # 移送司法: the 涉嫌犯罪案件移送书 (行政执法机关移送涉嫌犯罪案件的规定第五条、第六条); any other
        # transfer: seed 001's 异地执法检查问题移交表.
        documents.create(
            by, form_kind(t), department=t.department, enterprise=enterprise, transfer=t,
            case=case, inspection=inspection, issued_on=on,
        )  # fmt: skip
        record(by, "transfer.create", t, after=snapshot(t), note=note)
        return t


TRANSFER_FORMS = ("transfer_form", "criminal_transfer")


def form_kind(t: Transfer) -> str:
    """The document a transfer issues: 涉嫌犯罪案件移送书 to a judicial organ, else 移交表."""
    return "criminal_transfer" if t.kind == "judicial" else "transfer_form"


def transfer_from_disposal(by, disposal) -> Transfer:
    """The Transfer for a hazard's 执法处置意见 "移交其他部门" (hazards.services.dispose calls it
    inside its transaction): a 移交表 with one row for the hazard, from the disposing user's
    department (or, for a 安委办 or 镇街 user, the hazard's responsible department) to the
    receiving department."""
    h = disposal.hazard
    require(
        by.role != Role.ENTERPRISE
        and Hazard.objects.restrict(by, "change").filter(pk=h.pk).exists(),
        _("无权移交该隐患"),
    )
    errors = {}
    if disposal.option != "transfer" or disposal.transfer_to_id is None:
        errors["transfer_to"] = _("只有“移交其他部门”的处置意见生成移交记录，须选择接收部门")
    sender = by.department if by.department_id else h.department
    if sender is None:
        errors["transfer_to"] = _("该隐患没有负责部门，无法确定移交单位；请先明确负责部门")
    elif disposal.transfer_to_id == sender.pk:
        errors["transfer_to"] = _("接收部门不能是移交单位本身（%(name)s）") % {"name": sender.name}
    if errors:
        raise ValidationError(errors)
    finding = Finding.objects.filter(hazard=h).select_related("inspection").first()
    inspection = finding.inspection if finding else None
    if inspection is not None and (problems := signature_problems(inspection)):
        raise ValidationError(
            {
                "option": _(
                    "%(insp)s%(problems)s，不能据此作出执法处置：依据《安全生产法》第六十八条，"
                    "检查记录须由检查人员和被检查单位的负责人签字（谁检查、谁签名、谁负责）"
                )
                % {"insp": inspection, "problems": _("、").join(problems)}
            }
        )
    item = h.checklist_item
    standard = ""
    if h.criterion_id:
        standard = f"{h.criterion.standard} {h.criterion.number}：{h.criterion.text}"
    elif item is not None:
        standard = item.basis
    code = (finding.violation_code if finding else "") or (item.violation_code if item else "")
    if code in law.VIOLATIONS:
        legal = law.VIOLATIONS[code].citation
    else:
        legal = item.liability if item is not None else ""
    description = h.description + (f"（部位：{h.location}）" if h.location else "")
    row = {
        "check_item": item.item if item is not None else "",
        "description": description,
        "legal_basis": legal,
        "standard_basis": standard,
        "raised_by": h.found_by.display_name if h.found_by_id else by.display_name,
        "responsible_unit": disposal.transfer_to.name,
        "disposals": ["transfer"],
        "finding": finding,
        "hazard": h,
    }
    on = timezone.localtime(disposal.decided_at).date()
    return _insert_transfer(
        by, department=sender, enterprise=h.enterprise, kind="general",
        to_department=disposal.transfer_to, to_region=None, to_organ="", inspection=inspection,
        case=None, checked_on=inspection.inspected_on if inspection else timezone.localtime(h.found_at).date(),
        reason="执法处置意见：移交其他部门" + (f"（{disposal.note}）" if disposal.note else ""),
        items=[row], on=on, note=f"隐患#{h.pk}执法处置：移交{disposal.transfer_to.name}",
    )  # fmt: skip


def is_receiver(by, t: Transfer) -> bool:
    if by.is_superuser:
        return True
    if t.to_department_id:
        return (
            by.role in (Role.INSPECTOR, Role.DEPT_LEADER) and by.department_id == t.to_department_id
        )
    if t.to_region_id:
        return (
            by.role == Role.TOWN
            and by.region_id is not None
            and t.to_region.code.startswith(by.region.prefix)
        )
    # A judicial organ has no account here: the issuing department records its answers.
    return by.role in (Role.INSPECTOR, Role.DEPT_LEADER) and by.department_id == t.department_id


def transfer_content(t: Transfer) -> dict:
    """What both sides sign on the 移交表: its header and every row (not the signatures)."""
    return {
        "transfer": t.pk,
        "kind": t.kind,
        "department": t.department_id,
        "enterprise": t.enterprise_id,
        "to_department": t.to_department_id,
        "to_region": t.to_region_id,
        "to_organ": t.to_organ,
        "issued_on": t.issued_on,
        "checked_on": t.checked_on,
        "reason": t.reason,
        "inspection": t.inspection_id,
        "case": t.case_id,
        "items": [
            [i.seq, i.check_item, i.description, i.legal_basis, i.standard_basis, i.raised_by,
             i.responsible_unit, sorted(i.disposals), i.finding_id, i.hazard_id]
            for i in t.items.order_by("seq")
        ],
    }  # fmt: skip


def is_town_of(user, t: Transfer) -> bool:
    """A 镇街 account whose territory holds the receiving town."""
    return (
        user is not None
        and user.role == Role.TOWN
        and user.region_id is not None
        and t.to_region_id is not None
        and t.to_region.code.startswith(user.region.prefix)
    )


def sign_transfer(
    by, transfer: Transfer, *, side: str, signer=None, password=None, token=None, png=None,
    name: str = "", id_number: str = "",
) -> Transfer:  # fmt: skip
    """双方共同签字 (seed 001), each side for itself: the 区执法组 signs with its members' own
    accounts (the logged-in member, or a colleague on the same device with his own password or,
    on the API, token); the 镇街 signs on its own account, or its 配合人员 signs by hand on the
    inspector's device with his name and 身份证号. A typed name is never a signature. Each
    signature stores the hash of the form as signed; the form is re-rendered with it."""
    if side not in ("team", "local"):
        raise ValidationError({"side": _("签字方无效")})
    if side == "team":
        require(
            is_enforcer(by) and by.department_id == transfer.department_id,
            _("区执法组人员签字须由移交部门执法人员完成"),
        )
        signer = signer or by
        if not (is_enforcer(signer) and signer.department_id == transfer.department_id):
            raise ValidationError(
                {"signer": _("%(name)s不是移交部门执法人员，不能代表区执法组签字")
                 % {"name": signer.display_name}}
            )  # fmt: skip
    else:
        require(
            is_receiver(by, transfer)
            or (is_enforcer(by) and by.department_id == transfer.department_id),
            _("无权组织镇街配合人员签字"),
        )
        if not transfer.to_region_id:
            raise ValidationError({"side": _("该移交不是移交镇街，无需镇街签字")})
        if signer is not None and not is_town_of(signer, transfer):
            raise ValidationError(
                {"signer": _("镇街签字须由%(town)s的账号本人完成")
                 % {"town": transfer.to_region.name}}
            )  # fmt: skip
    with transaction.atomic():
        t = Transfer.objects.select_for_update().get(pk=transfer.pk)
        if t.status != "issued":
            raise ValidationError({"side": _("已接收的移交表不能再签字")})
        org = t.department.name if side == "team" else t.to_region.name
        signatures.sign(
            by, t, role=side, content=transfer_content(t), action=f"transfer.sign_{side}",
            signer=signer, password=password, token=token, png=png, name=name,
            id_number=id_number, organisation=org,
        )  # fmt: skip
        for doc in t.documents.filter(kind__in=TRANSFER_FORMS):
            documents.attach_files(doc)
        return t


def acknowledge_transfer(by, transfer: Transfer, *, on=None) -> Transfer:
    require(is_receiver(by, transfer), _("只有接收单位可以确认接收"))
    with transaction.atomic():
        t = Transfer.objects.select_for_update().get(pk=transfer.pk)
        if t.status != "issued":
            raise ValidationError({"status": _("该移交已接收")})
        if t.kind == "general" and not t.signed:
            raise ValidationError({"status": _("移交表须经执法组和镇街配合人员双方签字后方可接收")})
        before = snapshot(t)
        t.status = "acknowledged"
        t.acknowledged_on = today_or(on)
        t.acknowledged_by = by
        t.save()
        record(by, "transfer.acknowledge", t, before=before, after=snapshot(t))
        return t


def report_transfer_result(by, transfer: Transfer, *, result: str, on=None) -> Transfer:
    """The receiving unit reports its result, which closes the loop."""
    require(is_receiver(by, transfer), _("只有接收单位可以反馈处理结果"))
    if not (result or "").strip():
        raise ValidationError({"result": _("请填写处理结果")})
    with transaction.atomic():
        t = Transfer.objects.select_for_update().get(pk=transfer.pk)
        if t.status != "acknowledged":
            raise ValidationError({"status": _("须先确认接收，再反馈处理结果")})
        before = snapshot(t)
        t.status = "done"
        t.result = result.strip()
        t.result_on = today_or(on)
        t.result_by = by
        t.save()
        record(by, "transfer.result", t, before=before, after=snapshot(t))
        return t
