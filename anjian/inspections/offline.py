"""Offline inspections on a phone (issue 18, I4): the day's work packed for the device, and the
sync of what was captured there.

The unit of sync is one inspection's captured record (checklist results, findings with photos,
signatures, the submission), sent with one idempotency key. The server stores the key with a
unique constraint (`OfflineSync.key`) in the same transaction as the writes, so a retry of the
same key answers with the stored result and never writes twice. Everything goes through the
services of `inspections.services` (permission, validation, audit); one failure rolls back the
whole record and the answer names the field (`findings.1.description`, `signatures.2.password`).

A conflict is a record changed on the server after the phone downloaded it: the phone sends the
`version` it downloaded (`base_version`); a newer version on the server is refused with both
versions in the answer, so the inspector decides — nothing is overwritten silently.

Signatures with no signal: the logged-in inspector signs as himself (`account`), the colleague
on the same phone with his own login password, the enterprise's representative by hand with
his name and 身份证号 (`device`). `accounts.signatures` verifies a password only against the
server, so the colleague's password waits on the phone (IndexedDB of this origin) until the
sync and is deleted with the record once it is accepted; a wrong password refuses the sync
naming the signer, and the colleague types it again. Each signature covers the record as the
server holds it after applying the phone's results and findings — the same content the signers
saw, since a changed server record is a conflict, not a merge.
"""

from __future__ import annotations

import base64
import json
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from anjian.accounts.models import User
from anjian.core.services import ConflictError, require

from . import services
from .models import Finding, Inspection, ItemResult, OfflineSync, TeamMember

MAX_FINDINGS = 50
MAX_SIGNATURES = 10
KEY_MAX = 64


class SyncConflict(ConflictError):
    """The server's record changed since the phone downloaded it; `server` is its state now."""

    def __init__(self, message, server: dict):
        super().__init__(message=message)
        self.server = server


# ---------------------------------------------------------------- the day's work


def day_inspections(user, today: date | None = None):
    """The user's inspections to do: drafts he is on the team of, dated up to today (today's
    and overdue assigned ones), read through `restrict`."""
    today = today or timezone.localdate()
    return (
        Inspection.objects.restrict(user, "change")
        .filter(status="draft", team__user=user, inspected_on__lte=today)
        .select_related("enterprise", "checklist", "department")
        .order_by("inspected_on", "id")
        .distinct()[:50]
    )


def _criteria():
    from anjian.hazards.models import HazardCriterion

    return [
        {"id": c.pk, "label": f"{c.standard} {c.number}", "text": c.text[:200]}
        for c in HazardCriterion.objects.order_by("standard", "id")[:500]
    ]


def package(user, insp: Inspection) -> dict:
    """What the phone needs to do one inspection with no signal."""
    from anjian.hazards.models import Hazard

    ent = insp.enterprise
    items = list(insp.checklist.items.order_by("row", "id")) if insp.checklist_id else []
    results = {r.item_id: [r.result, r.note] for r in ItemResult.objects.filter(inspection=insp)}
    plans = services.self_plans(ent, [i.pk for i in items])
    team = [
        {
            "user_id": m.user_id,
            "name": m.user.display_name,
            "role": m.role,
            "cert_no": m.cert_no,
            "is_leader": m.is_leader,
            "me": m.user_id == user.pk,
        }
        for m in TeamMember.objects.filter(inspection=insp).select_related("user")
    ]
    hazards = Hazard.objects.restrict(user, "view").filter(enterprise=ent).open()
    return {
        "id": insp.pk,
        "version": insp.version,
        "inspected_on": insp.inspected_on.isoformat(),
        "modes": insp.mode_labels(),
        "department": insp.department.name,
        "place": insp.place,
        "summary": insp.summary,
        "enterprise": {
            "id": ent.pk,
            "name": ent.name,
            "credit_code": ent.credit_code,
            "address": ent.address,
            "legal_representative": ent.legal_representative,
            "employees": ent.employees,
            "status": ent.get_status_display(),
        },
        "open_hazards": [
            {
                "id": h.pk,
                "level": h.get_level_display(),
                "description": h.description[:200],
                "deadline": h.deadline.isoformat() if h.deadline else None,
                "status": h.get_status_display(),
            }
            for h in hazards.order_by("-found_at")[:30]
        ],
        "checklist": None
        if insp.checklist_id is None
        else {"id": insp.checklist_id, "title": insp.checklist.title},
        "items": [
            {
                "id": i.pk,
                "row": i.row,
                "subject": i.subject,
                "item": i.item,
                "content": i.content,
                "points": i.points,
                "basis": i.basis,
                "violation_code": i.violation_code,
                "plan": plans.get(i.pk),
            }
            for i in items
        ],
        "results": {str(k): v for k, v in results.items()},
        "findings": insp.findings.count(),
        "team": team,
        "required": services.missing_for_submit(insp),
    }


def day_bundle(user, today: date | None = None) -> dict:
    from anjian.hazards.models import DISPOSALS

    return {
        "downloaded_at": timezone.now().isoformat(),
        "user": {"id": user.pk, "name": user.display_name},
        "disposals": [[k, _(v)] for k, v in DISPOSALS],
        # 移交其他部门: the departments a finding may be transferred to
        "departments": [
            [d.pk, d.name] for d in services.transfer_departments(getattr(user, "department", None))
        ],
        "criteria": _criteria(),
        "inspections": [package(user, i) for i in day_inspections(user, today)],
    }


# ---------------------------------------------------------------- sync


def _prefixed(prefix: str, exc: ValidationError) -> ValidationError:
    if hasattr(exc, "error_dict"):
        return ValidationError({f"{prefix}.{k}": v for k, v in exc.message_dict.items()})
    return ValidationError({prefix: exc.messages})


def _server_state(insp: Inspection) -> dict:
    """The server's side of a conflict, as the inspector reads it."""
    return {
        "version": insp.version,
        "status": insp.status,
        "summary": insp.summary,
        "results": {
            str(r.item_id): [r.result, r.note] for r in ItemResult.objects.filter(inspection=insp)
        },
        "findings": [
            {"id": f.pk, "description": f.description, "kind": f.kind}
            for f in insp.findings.order_by("id")
        ],
        "signatures": insp.signatures.count(),
    }


def _date(value, field: str):
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError({field: _("日期格式应为 YYYY-MM-DD")}) from None


def _text(value, field: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError({field: _("应为文本")})
    return value


def _photos(names, files, field: str) -> list:
    if not isinstance(names, list):
        raise ValidationError({field: _("应为照片列表")})
    out = []
    for name in names:
        f = files.get(str(name)) if files is not None else None
        if not isinstance(f, UploadedFile):
            raise ValidationError({field: _("照片“%(name)s”未随同步上传") % {"name": name}})
        out.append(f)
    return out


def parse(payload) -> dict:
    """The JSON record from the phone, checked for shape (each problem names its field)."""
    if isinstance(payload, (str, bytes)):
        try:
            payload = json.loads(payload)
        except ValueError:
            raise ValidationError({"payload": _("同步数据不是有效的 JSON")}) from None
    if not isinstance(payload, dict):
        raise ValidationError({"payload": _("同步数据应为对象")})
    key = payload.get("key")
    if not isinstance(key, str) or not 8 <= len(key) <= KEY_MAX:
        raise ValidationError({"key": _("幂等键须为 8—64 个字符")})
    for f in ("inspection", "base_version"):
        v = payload.get(f)
        if not isinstance(v, int) or isinstance(v, bool) or not 1 <= v <= 2**31 - 1:
            raise ValidationError({f: _("应为正整数")})
    results = payload.get("results") or {}
    if not isinstance(results, dict):
        raise ValidationError({"results": _("检查表结果应为“检查项→结果”的对象")})
    findings = payload.get("findings") or []
    if not isinstance(findings, list) or len(findings) > MAX_FINDINGS:
        raise ValidationError({"findings": _("发现问题应为列表（至多 50 项）")})
    sigs = payload.get("signatures") or []
    if not isinstance(sigs, list) or len(sigs) > MAX_SIGNATURES:
        raise ValidationError({"signatures": _("签名应为列表（至多 10 个）")})
    for n, f in enumerate(findings):
        if not isinstance(f, dict):
            raise ValidationError({f"findings.{n}": _("应为对象")})
    for n, s in enumerate(sigs):
        if not isinstance(s, dict):
            raise ValidationError({f"signatures.{n}": _("应为对象")})
    return payload


def sync(by, payload, files=None) -> tuple[str, dict]:
    """Apply one record captured offline. Returns ("applied" | "replayed", answer).

    Raises Http404 (out of scope), SyncConflict (changed on the server), ValidationError
    (bad input, naming the field; nothing written)."""
    from anjian.checklists.models import ChecklistItem
    from anjian.core.scoping import get_scoped_or_404
    from anjian.hazards.models import HazardCriterion

    data = parse(payload)
    key = data["key"]
    done = OfflineSync.objects.filter(key=key).first()
    if done is not None:
        require(done.user_id == by.pk, _("该幂等键属于其他用户的同步记录"))
        return "replayed", done.response
    insp = get_scoped_or_404(Inspection, by, "change", pk=data["inspection"])
    try:
        with transaction.atomic():
            locked = Inspection.objects.select_for_update().get(pk=insp.pk)
            # a retry that raced the first attempt waited for the lock: answer as the first did
            done = OfflineSync.objects.filter(key=key).first()
            if done is not None:
                return "replayed", done.response
            if locked.version != data["base_version"]:
                raise SyncConflict(
                    _(
                        "该检查记录在您离线期间已在服务器上被修改（下载时第%(mine)s版，"
                        "现为第%(now)s版）：请对照两个版本后决定"
                    )
                    % {"mine": data["base_version"], "now": locked.version},
                    _server_state(locked),
                )
            insp = locked
            if data.get("summary") is not None and _text(data["summary"], "summary") != (
                insp.summary
            ):
                insp = services.update_inspection(
                    by, insp, summary=data["summary"], expected_version=insp.version
                )
            if data.get("results"):
                try:
                    insp = services.record_results(by, insp, data["results"])
                except ValidationError as exc:
                    raise _prefixed("results", exc) from None
            made = []
            items = {}
            if insp.checklist_id:
                items = {i.pk: i for i in ChecklistItem.objects.filter(template=insp.checklist)}
            for n, f in enumerate(data.get("findings") or []):
                field = f"findings.{n}"
                try:
                    item = None
                    if f.get("item") not in (None, ""):
                        item = items.get(f["item"]) if isinstance(f["item"], int) else None
                        if item is None:
                            raise ValidationError({"item": _("所选检查项不属于本检查表")})
                    criterion = None
                    if f.get("criterion") not in (None, ""):
                        criterion = HazardCriterion.objects.filter(
                            pk=f["criterion"] if isinstance(f["criterion"], int) else 0
                        ).first()
                        if criterion is None:
                            raise ValidationError({"criterion": _("判定标准条款不存在")})
                    transfer_to = None
                    if f.get("transfer_to") not in (None, ""):
                        target = f["transfer_to"]
                        transfer_to = services.transfer_departments(insp).filter(
                            pk=target if isinstance(target, int) and not isinstance(target, bool)
                            else 0
                        ).first()  # fmt: skip
                        if transfer_to is None:
                            raise ValidationError(
                                {"transfer_to": _("接收部门须为本区域的其他部门")}
                            )
                    finding = services.add_finding(
                        by,
                        insp,
                        kind=_text(f.get("kind") or "hazard", "kind"),
                        description=_text(f.get("description"), "description"),
                        location=_text(f.get("location"), "location"),
                        checklist_item=item,
                        hazard_level=_text(f.get("hazard_level"), "hazard_level"),
                        rectification_plan=_text(f.get("rectification_plan"), "rectification_plan"),
                        deadline=_date(f.get("deadline"), "deadline"),
                        violation_code=_text(f.get("violation_code"), "violation_code"),
                        photos=_photos(f.get("photos") or [], files, "photos"),
                        disposal=_text(f.get("disposal"), "disposal"),
                        criterion=criterion,
                        measures=_text(f.get("measures"), "measures"),
                        responsible_person=_text(f.get("responsible_person"), "responsible_person"),
                        transfer_to=transfer_to,
                    )
                except ValidationError as exc:
                    raise _prefixed(field, exc) from None
                made.append((str(f.get("key") or n), finding))
            for n, s in enumerate(data.get("signatures") or []):
                try:
                    _sign(by, insp, s)
                except ValidationError as exc:
                    raise _prefixed(f"signatures.{n}", exc) from None
            submitted = False
            if data.get("submit"):
                insp.refresh_from_db()
                try:
                    insp = services.submit(by, insp)
                except ValidationError as exc:
                    raise _prefixed("submit", exc) from None
                submitted = True
            insp.refresh_from_db()
            findings = {
                k: {"id": f.pk, "hazard": Finding.objects.get(pk=f.pk).hazard_id} for k, f in made
            }
            answer = {
                "key": key,
                "inspection": insp.pk,
                "version": insp.version,
                "status": insp.status,
                "submitted": submitted,
                "findings": findings,
                "signatures": insp.signatures.count(),
                "url": insp.get_absolute_url(),
            }
            OfflineSync.objects.create(key=key, user=by, inspection=insp, response=answer)
    except IntegrityError:
        # the same key committed by a concurrent request (the unique constraint held)
        done = OfflineSync.objects.filter(key=key).first()
        if done is None:
            raise
        return "replayed", done.response
    return "applied", answer


def _sign(by, insp: Inspection, s: dict):
    role = s.get("role")
    png = s.get("png")
    if isinstance(png, bytes):
        png = base64.b64encode(png).decode()
    if role == "inspector":
        signer_id = s.get("signer")
        signer = None
        if isinstance(signer_id, int) and not isinstance(signer_id, bool):
            signer = User.objects.filter(
                Q(pk=signer_id), Q(pk=by.pk) | Q(pk__in=insp.team.values("user_id"))
            ).first()
        if signer is None:
            raise ValidationError({"signer": _("签名人不是本检查组成员")})
        return services.sign(
            by,
            insp,
            role="inspector",
            png=png,
            signer=signer,
            password=_text(s.get("password"), "password") or None,
        )
    if role == "enterprise":
        return services.sign(
            by,
            insp,
            role="enterprise",
            png=png,
            name=_text(s.get("name"), "name"),
            id_number=_text(s.get("id_number"), "id_number"),
        )
    raise ValidationError({"role": _("签名身份无效")})


# ---------------------------------------------------------------- the online form, the same flow


def fails_without_finding(insp: Inspection) -> list:
    """Checklist items marked 不符合 that no finding of the inspection cites yet."""
    cited = set(
        insp.findings.exclude(checklist_item=None).values_list("checklist_item_id", flat=True)
    )
    return [
        r.item
        for r in ItemResult.objects.filter(inspection=insp, result="fail")
        .select_related("item")
        .order_by("item__row", "item_id")
        if r.item_id not in cited
    ]


def finding_prefill(insp: Inspection, item_id) -> dict:
    """The finding form filled from a 不符合 checklist item: the item, its text and legal basis,
    its violation code, and the enterprise's own plan for it (五落实)."""
    try:
        item_id = int(item_id)
    except (TypeError, ValueError):
        return {}
    if not insp.checklist_id:
        return {}
    item = insp.checklist.items.filter(pk=item_id).first()
    if item is None:
        return {}
    plan = services.self_plans(insp.enterprise, [item.pk]).get(item.pk) or {}
    text = f"{item.item}：{item.content or item.points}——不符合" + (
        f"（{_('检查依据')}：{item.basis}）" if item.basis else ""
    )
    return {
        "checklist_item": item.pk,
        "description": text,
        "violation_code": item.violation_code,
        "kind": "hazard",
        "hazard_level": "general",
        "measures": plan.get("measures") or "",
        "responsible_person": plan.get("responsible") or "",
        "deadline": plan.get("deadline"),
    }
