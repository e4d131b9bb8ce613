"""E7 field documents issued on their own (现场检查记录, 现场处理措施决定书, 责令限期整改指令书,
整改复查意见书); numbering and rendering are `enforcement.documents`."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from anjian.accounts import signatures
from anjian.accounts.models import Role
from anjian.audit.services import record
from anjian.core.services import require, snapshot
from anjian.inspections.services import signature_problems

from .. import documents
from ..models import Document
from .common import is_enforcer, require_enforcer, require_enterprise, today_or

# The kinds issued from the documents page and the record each needs; the others follow a
# case or a transfer.
FIELD_DOCUMENTS = {
    "inspection_record": "inspection",
    "onsite_measure": "hazard_or_enterprise",
    "rectification_order": "inspection_or_hazard",
    "review_opinion": "hazard",
}


def issue_document(by, kind: str, *, enterprise, inspection=None, hazard=None, on=None) -> Document:
    """Issue a field document (现场检查记录, 措施决定书, 指令书, 复查意见书) for a record."""
    require_enforcer(by)
    require_enterprise(by, enterprise)
    needs = FIELD_DOCUMENTS
    if kind not in needs:
        raise ValidationError({"kind": _("该文书随案件或移交自动生成，不能单独制发")})
    errors = {}
    if needs[kind] == "inspection" and inspection is None:
        errors["inspection"] = _("请选择执法检查")
    if needs[kind] == "hazard" and hazard is None:
        errors["hazard"] = _("请选择隐患")
    if needs[kind] == "inspection_or_hazard" and inspection is None and hazard is None:
        errors["hazard"] = _("请选择执法检查或隐患")
    for obj in (inspection, hazard):
        if obj is not None and obj.enterprise_id != enterprise.pk:
            errors["enterprise"] = _("所选记录不属于该企业")
    if errors:
        raise ValidationError(errors)
    on = today_or(on)
    _check_state(kind, inspection, hazard, on)
    with transaction.atomic():
        doc = documents.create(
            by, kind, department=by.department, enterprise=enterprise, inspection=inspection,
            hazard=hazard, issued_on=on,
        )  # fmt: skip
        record(by, "document.issue", doc, after=snapshot(doc))
        return doc


def order_items(inspection, hazard) -> list:
    """What a 责令限期整改指令书 lists: the hazard, or the inspection's hazard findings (each
    with its ledger hazard once the record is submitted)."""
    if hazard is not None:
        return [hazard]
    return [f.hazard or f for f in inspection.findings.filter(kind="hazard")]


def _check_state(kind: str, inspection, hazard, on) -> None:
    """A document only in the state it describes (issue 15): a 现场检查记录 from a signed
    record, a 指令书 with deadlines still to come, a 复查意见书 after a 复查."""
    if inspection is not None and kind in ("inspection_record", "rectification_order"):
        if problems := signature_problems(inspection):
            raise ValidationError(
                {
                    "inspection": _(
                        "%(insp)s%(problems)s，不能制发文书：依据《安全生产法》第六十八条，检查"
                        "记录须由检查人员和被检查单位的负责人签字（谁检查、谁签名、谁负责）"
                    )
                    % {"insp": inspection, "problems": _("、").join(problems)}
                }
            )
    if kind == "rectification_order":
        items = order_items(inspection, hazard)
        if not items:
            raise ValidationError({"inspection": _("该检查没有需要限期整改的隐患，不能制发指令书")})
        floor = max(on, timezone.localdate())
        for item in items:
            if item.deadline is None or item.deadline <= floor:
                raise ValidationError(
                    {
                        "hazard": _(
                            "“%(what)s”的整改期限%(deadline)s不在制发日期之后：责令限期整改"
                            "（《安全生产法》第六十五条第一款第三项）须给出尚未届满的整改期限"
                        )
                        % {
                            "what": item.description[:20],
                            "deadline": item.deadline.isoformat() if item.deadline else _("未确定"),
                        }
                    }
                )
    if kind == "review_opinion" and hazard is not None:
        if not hazard.events.filter(kind__in=("review_pass", "review_fail")).exists():
            raise ValidationError(
                {
                    "hazard": _(
                        "隐患“%(what)s”尚未复查（当前状态：%(status)s），不能制发整改复查意见书："
                        "复查意见书记载的是已进行的复查（《安全生产法》第六十五条第一款第三项）"
                    )
                    % {"what": hazard.description[:20], "status": hazard.get_status_display()}
                }
            )


def issue_field_document(by, kind: str, *, inspection=None, hazard=None, on=None) -> Document:
    """A field document for the inspection or the hazard chosen; its enterprise is theirs."""
    source = inspection or hazard
    if source is None:
        raise ValidationError({"inspection": _("请选择执法检查或隐患")})
    return issue_document(
        by, kind, enterprise=source.enterprise, inspection=inspection, hazard=hazard, on=on
    )


def is_party_account(user, doc: Document) -> bool:
    """An account of the enterprise the document is served on."""
    return (
        user is not None
        and user.role == Role.ENTERPRISE
        and user.enterprise_id == doc.enterprise_id
    )


def sign_document(
    by, doc: Document, *, signer=None, password=None, token=None, png=None, name: str = "",
    id_number: str = "",
) -> Document:  # fmt: skip
    """受送达人签收: the party signs a document served on it for itself — an account of the
    enterprise (its own login, or its own password on the officer's device), or the
    representative by hand on the officer's device with his name and 身份证号. A typed name is
    never a signature. The signature stores the hash of the document as issued
    (`documents.signed_content`) and is printed on it."""
    require(
        (is_enforcer(by) and by.department_id == doc.department_id)
        or (signer is not None and signer.pk == by.pk and is_party_account(by, doc)),
        _("无权组织当事人签收该文书"),
    )
    if not doc.party_signs:
        raise ValidationError({"kind": _("该文书无需当事人签收")})
    if signer is not None and not is_party_account(signer, doc):
        raise ValidationError(
            {"signer": _("签收须由当事人%(name)s的账号本人完成") % {"name": doc.enterprise.name}}
        )
    with transaction.atomic():
        d = Document.objects.select_for_update().get(pk=doc.pk)
        signatures.sign(
            by, d, role="party", content=documents.signed_content(d),
            action="document.sign_party", signer=signer, password=password, token=token,
            png=png, name=name, id_number=id_number, organisation=d.enterprise.name,
        )  # fmt: skip
        documents.attach_files(d)
        return d
