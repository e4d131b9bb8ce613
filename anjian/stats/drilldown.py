"""One line per counted record of a drill-down (page and API): date, enterprise, what the
record is, and a link to the record itself (only where the user may open it)."""

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _


def _url(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _document_url(doc):
    """A document opens as its file (PDF, else Word); without a file, the case it belongs to."""
    if doc.pdf:
        return _url("enforcement:document_file", doc.pk, "pdf")
    if doc.docx:
        return _url("enforcement:document_file", doc.pk, "docx")
    if doc.case_id:
        return _url("enforcement:case_detail", doc.case_id)
    return None


def describe(obj) -> dict:
    """One drill-down line for any counted record: date, enterprise, the record itself, link.

    `url` opens the counted record (the case, the document, the transfer …), never just its
    enterprise; the enterprise has its own column."""
    m = type(obj).__name__
    ent = getattr(obj, "enterprise", None)
    if m == "Inspection":
        return dict(day=obj.inspected_on, ent=ent, text=_("牵头部门：%(dept)s") % {"dept": obj.department.short_name},
                    url=_url("inspections:detail", obj.pk))  # fmt: skip
    if m in ("TeamMember", "Finding"):
        i = obj.inspection
        text = (
            _("%(name)s（%(role)s）")
            % {"name": obj.user.display_name, "role": _(obj.get_role_display())}
            if m == "TeamMember"
            else f"{obj.violation_code} {obj.description[:60]}"
        )
        return dict(day=i.inspected_on, ent=i.enterprise, text=text,
                    url=_url("inspections:detail", i.pk))  # fmt: skip
    if m == "Hazard":
        return dict(day=timezone.localtime(obj.found_at).date(), ent=ent,
                    text=_("%(level)s隐患（%(source)s，%(status)s）：%(text)s") % {
                        "level": _(obj.get_level_display()), "source": _(obj.get_source_display()),
                        "status": _(obj.get_status_display()), "text": obj.description[:60]},
                    url=_url("hazards:detail", obj.pk))  # fmt: skip
    if m == "Enterprise":
        return dict(day=None, ent=obj, text=obj.region.name if obj.region_id else "",
                    url=_url("registry:enterprise_detail", obj.pk))  # fmt: skip
    if m == "Case":
        return dict(day=obj.filed_on, ent=ent,
                    text=_("案件 %(number)s %(title)s（%(stage)s）") % {
                        "number": obj.number or _("（未编号）"), "title": obj.title,
                        "stage": _(obj.get_stage_display())},
                    url=_url("enforcement:case_detail", obj.pk))  # fmt: skip
    if m == "CaseParty":
        c = obj.case
        return dict(day=obj.decided_on or c.decided_on, ent=c.enterprise,
                    text=_("%(kind)s %(name)s：罚款 %(fine)s 元（%(case)s）") % {
                        "kind": _(obj.get_kind_display()), "name": obj.name, "fine": obj.fine,
                        "case": c.title},
                    url=_url("enforcement:case_detail", c.pk))  # fmt: skip
    if m == "Sanction":
        url = _url("enforcement:case_detail", obj.case_id) if obj.case_id else None
        return dict(day=obj.decided_on, ent=ent, text=_(obj.get_kind_display()),
                    url=url or _url("enforcement:sanction_list"))  # fmt: skip
    if m == "Document":
        return dict(day=obj.issued_on, ent=ent,
                    text=f"{_(obj.get_kind_display())} {obj.number}",
                    url=_document_url(obj))  # fmt: skip
    if m == "Exposure":
        return dict(day=obj.published_on, ent=None, text=f"{obj.channel}：{obj.title}",
                    url=obj.link or None)  # fmt: skip
    if m == "Transfer":
        to = obj.to_department or obj.to_region or obj.to_organ or ""
        return dict(day=obj.issued_on, ent=ent, text=f"{_(obj.get_kind_display())} → {to}",
                    url=_url("enforcement:transfer_detail", obj.pk))  # fmt: skip
    return dict(day=None, ent=ent, text=str(obj), url=None)


def _viewable(user, objs) -> set:
    """Primary keys among `objs` the user may open (the same scope the record's own page uses);
    the others are listed without a link."""
    if not objs:
        return set()
    model = type(objs[0])
    restrict = getattr(model.objects, "restrict", None)
    pks = [o.pk for o in objs]
    if restrict is None:
        return set(pks)
    return set(restrict(user, "view").filter(pk__in=pks).values_list("pk", flat=True))


RELATED = {
    "Inspection": ["enterprise", "department"],
    "TeamMember": ["user", "inspection__enterprise"],
    "Finding": ["inspection__enterprise"],
    "Hazard": ["enterprise"],
    "Enterprise": ["region"],
    "Case": ["enterprise"],
    "CaseParty": ["case__enterprise"],
    "Sanction": ["enterprise", "case"],
    "Document": ["enterprise", "case"],
    "Exposure": [],
    "Transfer": ["enterprise", "to_department", "to_region"],
}
