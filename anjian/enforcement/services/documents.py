"""E7 field documents issued on their own (现场检查记录, 现场处理措施决定书, 责令限期整改指令书,
整改复查意见书); numbering and rendering are `enforcement.documents`."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from anjian.audit.services import record
from anjian.core.services import snapshot

from .. import documents
from ..models import Document
from .common import require_enforcer, require_enterprise, today_or

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
    with transaction.atomic():
        doc = documents.create(
            by, kind, department=by.department, enterprise=enterprise, inspection=inspection,
            hazard=hazard, issued_on=today_or(on),
        )  # fmt: skip
        record(by, "document.issue", doc, after=snapshot(doc))
        return doc


def issue_field_document(by, kind: str, *, inspection=None, hazard=None, on=None) -> Document:
    """A field document for the inspection or the hazard chosen; its enterprise is theirs."""
    source = inspection or hazard
    if source is None:
        raise ValidationError({"inspection": _("请选择执法检查或隐患")})
    return issue_document(
        by, kind, enterprise=source.enterprise, inspection=inspection, hazard=hazard, on=on
    )
