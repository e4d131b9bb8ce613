"""The published decisions as rows (the open data's flat form): CSV and xlsx, through the
safe writers of core.excel (no text runs as a formula)."""

import io

from django.utils.translation import gettext as _

from anjian.core.excel import SafeCsvWriter, write_cells, xlsxwriter_book


def columns():
    return [
        ("uid", _("公示编号")),
        ("version", _("版本")),
        ("number", _("决定书文号")),
        ("title", _("案由")),
        ("department", _("处罚机关")),
        ("decided_on", _("决定日期")),
        ("published_on", _("公示日期")),
        ("enterprise", _("被处罚单位")),
        ("credit_code", _("统一社会信用代码")),
        ("legal_representative", _("法定代表人")),
        ("parties", _("当事人及处罚")),
        ("total_fine", _("罚款合计（元）")),
        ("facts", _("违法事实")),
    ]


def row(pub) -> dict:
    d = pub.data
    parties = "；".join(
        f"{p['name']}{('（' + p['position'] + '）') if p.get('position') else ''}"
        f" {p.get('article') or ''} {_('罚款')}{p['fine']}{_('元')}"
        + (f" {p['other_penalties']}" if p.get("other_penalties") else "")
        for p in d.get("parties", [])
    )
    return {
        "uid": pub.uid,
        "version": pub.version,
        "number": d.get("number", ""),
        "title": d.get("title", ""),
        "department": d.get("department", ""),
        "decided_on": d.get("decided_on", ""),
        "published_on": pub.published_on.isoformat(),
        "enterprise": d["enterprise"]["name"],
        "credit_code": d["enterprise"]["credit_code"],
        "legal_representative": d["enterprise"]["legal_representative"],
        "parties": parties,
        "total_fine": d.get("total_fine", ""),
        "facts": d.get("facts", ""),
    }


def write_csv(fileobj, publications) -> None:
    fileobj.write("\ufeff")  # Excel reads UTF-8 with its BOM
    w = SafeCsvWriter(fileobj)
    cols = columns()
    w.writerow([label for _k, label in cols])
    for pub in publications.iterator():
        r = row(pub)
        w.writerow([str(r[k]) for k, _label in cols])


def xlsx_bytes(publications) -> bytes:
    buf = io.BytesIO()
    book = xlsxwriter_book(buf, in_memory=True)
    sheet = book.add_worksheet(_("行政处罚决定"))
    cols = columns()
    write_cells(sheet, book, 0, [label for _k, label in cols])
    for i, pub in enumerate(publications.iterator(), start=1):
        r = row(pub)
        write_cells(sheet, book, i, [str(r[k]) for k, _label in cols])
    book.close()
    return buf.getvalue()
