"""What cites an inspection record or a hazard: the cases, transfers and documents resting on it
(registered with ``inspections.services.register_citer`` and ``hazards.services.register_citer``,
so a cited record can no longer be changed or deleted there, only amended)."""

from django.db.models import Q
from django.utils.translation import gettext as _

from .models import Case, Document, Transfer, TransferItem


def citing_records(insp) -> list[str]:
    out = []
    cases = (
        Case.objects.exclude(stage="rejected")
        .filter(Q(inspection=insp) | Q(findings__inspection=insp))
        .distinct()
    )
    for c in cases:
        out.append(_("案件“%(case)s”") % {"case": c.number or c.title})
    transfers = Transfer.objects.filter(Q(inspection=insp) | Q(items__finding__inspection=insp))
    for t in transfers.distinct():
        form = t.documents.filter(kind__in=("transfer_form", "criminal_transfer")).first()
        out.append(_("移交表%(number)s") % {"number": form.number if form else t.issued_on})
    for d in Document.objects.filter(inspection=insp, transfer__isnull=True, case__isnull=True):
        out.append(str(d))
    return out


def citing_hazard(h) -> list[str]:
    """The cases, transfers and documents citing a ledger hazard."""
    out = [
        _("案件“%(case)s”") % {"case": c.number or c.title}
        for c in Case.objects.exclude(stage="rejected").filter(hazards=h)
    ]
    for item in TransferItem.objects.filter(hazard=h).select_related("transfer"):
        form = item.transfer.documents.filter(
            kind__in=("transfer_form", "criminal_transfer")
        ).first()
        out.append(
            _("移交表%(number)s") % {"number": form.number if form else item.transfer.issued_on}
        )
    out += [str(d) for d in Document.objects.filter(hazard=h)]
    return out
