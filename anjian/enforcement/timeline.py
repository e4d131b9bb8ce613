"""一企一档 timeline provider: cases, escalations and documents of an enterprise (labels in the
reader's language)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from anjian.hazards.timeline import Event


def enforcement_events(enterprise, user) -> list[Event]:
    from .models import Case, Document, Sanction

    events = []
    for c in Case.objects.restrict(user, "view").filter(enterprise=enterprise)[:200]:
        url = reverse("enforcement:case_detail", args=[c.pk])
        events.append(
            Event(
                date=c.proposed_on or c.filed_on,
                kind=_("案件"),
                title=_("立案申请：%(title)s") % {"title": c.title},
                url=url,
            )
        )
        if c.decided_on:
            fines = _("、").join(
                _("%(name)s %(fine)s元") % {"name": p.name, "fine": f"{p.fine:,.2f}"}
                for p in c.parties.all()
                if p.fine
            )
            events.append(
                Event(date=c.decided_on, kind=_("案件"),
                      title=_("行政处罚决定 %(number)s") % {"number": c.number}, url=url,
                      detail=fines)
            )  # fmt: skip
    for s in Sanction.objects.restrict(user, "view").filter(enterprise=enterprise)[:200]:
        events.append(
            Event(
                date=s.decided_on,
                kind=_("升级处置"),
                title=f"{_(s.get_kind_display())}（{_(s.get_status_display())}）{s.person_name}",
                url=reverse("enforcement:sanction_list"),
                detail=s.basis[:200],
            )
        )
    for d in Document.objects.restrict(user, "view").filter(enterprise=enterprise)[:500]:
        events.append(
            Event(
                date=d.issued_on,
                kind=_("执法文书"),
                title=f"{_(d.get_kind_display())} {d.number}",
                files=[
                    ("Word", reverse("enforcement:document_file", args=[d.pk, "docx"])),
                    ("PDF", reverse("enforcement:document_file", args=[d.pk, "pdf"])),
                ],
            )
        )
    from .measures_models import Seizure

    for z in Seizure.objects.restrict(user, "view").filter(enterprise=enterprise)[:200]:
        events.append(
            Event(
                date=z.seized_on or z.planned_on,
                kind=_("查封扣押"),
                title=f"{_(z.get_kind_display())}（{_(z.get_status_display())}）{z.place}",
                url=z.get_absolute_url(),
            )
        )
    return events
