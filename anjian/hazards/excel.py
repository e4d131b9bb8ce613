"""Hazard ledger export (.xlsx, streamed in bounded memory) and the enterprise register import."""

import re
import tempfile
from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl import Workbook

from anjian.accounts.models import Region
from anjian.core.excel import (  # noqa: F401 (re-exported)
    ImportResult,
    RowError,
    open_rows,
    workbook_bytes,
    write_cells,
    xlsxwriter_book,
)
from anjian.core.excel import cell_text as _cell

from . import services
from .models import Hazard, HazardCriterion, Supervision

EXPORT_HEADER = [
    "序号",
    "企业名称",
    "统一社会信用代码",
    "所在镇街",
    "行业领域",
    "隐患来源",
    "隐患等级",
    "判定标准条款",
    "隐患描述",
    "部位",
    "发现时间",
    "整改期限",
    "状态",
    "是否逾期",
    "挂牌督办",
    "重复发生次数",
    "精准执法",
    "负责部门",
    "销号时间",
]


_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class XlsxStream:
    """A one-sheet .xlsx written row by row with XlsxWriter's constant-memory mode: each row
    goes to a temporary file as it is written, so memory stays flat however many rows (and it
    writes several times faster than openpyxl's write-only mode). Values are str, int or None;
    control characters that XML cannot carry are dropped, and user text that a spreadsheet
    could run as a formula is written as text (`core.excel`)."""

    def __init__(self, fileobj, sheet: str, columns: int, widths: dict[int, int] | None = None):
        self.book = xlsxwriter_book(fileobj, constant_memory=True)
        self.sheet = self.book.add_worksheet(sheet)
        self.bold = self.book.add_format({"bold": True})
        for col, width in (widths or {}).items():
            self.sheet.set_column(col, col, width)
        self.columns = columns
        self.n = 0

    def append(self, values):
        row = [
            _ILLEGAL_XML.sub("", v) if isinstance(v, str) else v
            for v in list(values)[: self.columns]
        ]
        write_cells(self.sheet, self.book, self.n, row, self.bold if self.n == 0 else None)
        if self.n == 0:
            self.sheet.freeze_panes(1, 0)
        self.n += 1

    def close(self):
        self.book.close()


def ledger_rows(qs, today: date | None = None, chunk: int = 2000, viewer=None):
    """The ledger's rows (EXPORT_HEADER's columns) as the database cursor yields them: one
    chunk in memory at a time, for the .xlsx file, the streamed CSV and the export job."""
    today = today or timezone.localdate()
    towns = {r.code[:9]: r.name for r in Region.objects.filter(level="town")}
    labels = {
        "source": dict(Hazard.SOURCES),
        "level": dict(Hazard.LEVELS),
        "status": dict(Hazard.STATUS),
    }
    active = Supervision.objects.filter(hazard=OuterRef("pk"), lifted_at__isnull=True)
    rows = (
        qs.annotate(supervised=Exists(active))
        .order_by("-found_at", "-id")
        .values_list(
            "enterprise__name",
            "enterprise__credit_code",
            "region_code",
            "enterprise__primary_sector__name",
            "source",
            "level",
            "criterion__number",
            "description",
            "location",
            "found_at",
            "deadline",
            "status",
            "supervised",
            "repeat_count",
            "self_report_id",
            "department__name",
            "closed_at",
            "discovery_reported_at",
        )
    )
    mask_tips = Hazard.hides_tips(viewer)
    probe = Hazard()
    tz = timezone.get_current_timezone()  # timezone.localtime's checks, once, not per row
    for n, r in enumerate(rows.iterator(chunk_size=chunk), start=1):
        (name, code, region, sector, source, level, crit, desc, loc, found, deadline, status) = r[
            :12
        ]
        supervised, repeats, self_report_id, dept, closed, disc = r[12:]
        probe.level, probe.source, probe.status = level, source, status
        probe.deadline, probe.self_report_id, probe.discovery_reported_at = (
            deadline,
            self_report_id,
            disc,
        )
        overdue = probe.overdue_on(today)
        yield [
            n,
            name,
            code,
            towns.get(region[:9], ""),
            sector,
            labels["source"][Hazard.TIP_MASK if mask_tips and source == "tip" else source],
            labels["level"][level],
            crit or "",
            desc,
            loc,
            found.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
            deadline.isoformat() if deadline else "",
            labels["status"][status],
            "逾期" if overdue else "",
            "是" if supervised else "",
            repeats or "",
            Hazard.FLAG_LABELS[probe.enforcement_flag(today)],
            dept or "",
            closed.astimezone(tz).strftime("%Y-%m-%d %H:%M") if closed else "",
        ]


def write_ledger(out, rows, progress=None) -> int:
    """The ledger as .xlsx to `out` (`XlsxStream`: bounded memory, rows go to disk as they
    are written); `progress(done)` every 1,000 rows. Returns the rows written."""
    ws = XlsxStream(out, "隐患台账", len(EXPORT_HEADER), widths={1: 28, 2: 20, 8: 40, 9: 16})
    ws.append(EXPORT_HEADER)
    n = 0
    for n, row in enumerate(rows, start=1):
        ws.append(row)
        if progress is not None and n % 1000 == 0:
            progress(n)
    ws.close()
    return n


def export_ledger(qs, today: date | None = None, chunk: int = 2000, viewer=None):
    """Write the ledger to a temporary file and return the open file, positioned at 0."""
    out = tempfile.TemporaryFile()
    write_ledger(out, ledger_rows(qs, today, chunk, viewer))
    out.seek(0)
    return out


def ledger_job(user, params: dict, out, progress) -> None:
    """The export job's exporter (`core.exports`): the owner's scope and the page's filters,
    applied again when the job runs."""
    from .filters import filter_hazards

    qs = filter_hazards(Hazard.objects.restrict(user, "view"), user, **params)
    progress(0, qs.count(), force=True)
    n = write_ledger(out, ledger_rows(qs, viewer=user), progress)
    progress(n, force=True)


# ---------------------------------------------------------------- import

COLUMNS = [
    ("description", gettext_noop("隐患描述"), True),
    ("location", gettext_noop("部位"), False),
    ("level", gettext_noop("隐患等级"), False),
    ("criterion", gettext_noop("判定标准条款"), False),
    ("found_on", gettext_noop("发现日期"), True),
    ("deadline", gettext_noop("整改期限"), False),
    ("rectification_plan", gettext_noop("整改方案"), False),
    ("measures", gettext_noop("整改措施"), False),
    ("responsible_person", gettext_noop("整改责任人"), False),
    ("funds", gettext_noop("整改资金（元）"), False),
    ("emergency_plan", gettext_noop("应急预案"), False),
]
LABEL = {k: label for k, label, _ in COLUMNS}
LEVELS = {"": "general", "一般": "general", "一般隐患": "general", "重大": "major"}
LEVELS["重大隐患"] = LEVELS["重大事故隐患"] = "major"


def template_workbook() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "隐患台账"
    ws.append([label for _, label, _ in COLUMNS])
    ws.append(
        [
            "液氨制冷车间氨气泄漏报警装置未定期检验",
            "制冷车间",
            "一般",
            "",
            "2023-05-10",
            "2023-05-30",
            "委托有资质单位检验",
            "",
            "",
            "",
            "",
        ]
    )
    return workbook_bytes(wb)


def _date(v):
    if v in (None, ""):
        return None
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    text = _cell(v).replace("/", "-").replace(".", "-")
    for sep in ("年", "月"):
        text = text.replace(sep, "-")
    text = text.replace("日", "")
    return date.fromisoformat("-".join(p.zfill(2) for p in text.split("-")))


def _parse_row(vals: dict, raw_vals: dict, criteria: dict, today, err) -> dict:
    """A row's cells as the report's keywords (types only: level, 判定标准 item, dates); the
    rules are the report's own (`services.report_errors`)."""
    for key, _label, required in COLUMNS:
        if required and not vals.get(key):
            err(key, _("必填项为空"))
    level = LEVELS.get(vals.get("level", ""))
    if level is None:
        err("level", _("应为“一般”或“重大”"))
    crit = None
    if vals.get("criterion"):
        crit = criteria.get(vals["criterion"])
        if crit is None:
            err("criterion", _("判定标准中没有条款“%(number)s”") % {"number": vals["criterion"]})
    dates = {}
    for key in ("found_on", "deadline"):
        if vals.get(key):
            try:
                dates[key] = _date(raw_vals[key])
            except ValueError:
                err(key, _("日期格式应为 2023-05-10"))
    found_on = dates.get("found_on")
    if found_on and found_on > today:
        err("found_on", _("发现日期不能晚于今天"))
    return dict(
        description=vals.get("description", ""),
        location=vals.get("location", ""),
        level=level,
        criterion=crit,
        found_at=timezone.make_aware(datetime.combine(found_on, time(9))) if found_on else None,
        deadline=dates.get("deadline"),
        rectification_plan=vals.get("rectification_plan", ""),
        measures=vals.get("measures", ""),
        responsible_person=vals.get("responsible_person", ""),
        funds=vals.get("funds") or None,
        emergency_plan=vals.get("emergency_plan", ""),
    )


def import_register(by, enterprise, fileobj) -> ImportResult:
    """Validate every row of an enterprise's own hazard register (企业自查) with the report's
    validator (the one the form and the API use); import all rows or none."""
    from anjian.core.services import require

    require(
        (by.role == "enterprise" and by.enterprise_id == enterprise.pk)
        or (by.role != "enterprise" and by.can_manage_registry),
        _("无权导入该企业的隐患台账"),
    )
    result = ImportResult()
    opened = open_rows(fileobj, COLUMNS, result)
    if opened is None:
        return result
    rows, index = opened
    criteria = {c.number: c for c in HazardCriterion.objects.all()}
    today = timezone.localdate()
    pending = []
    for rownum, raw in enumerate(rows, start=2):
        raw_vals = {k: raw[i] if i < len(raw) else None for k, i in index.items()}
        vals = {k: _cell(v) for k, v in raw_vals.items()}
        if not any(vals.values()):
            continue
        result.total += 1
        errs = []

        def err(key, msg, errs=errs, rownum=rownum):
            errs.append(RowError(rownum, LABEL.get(key, key), msg))

        data = _parse_row(vals, raw_vals, criteria, today, err)
        if not errs:
            hazard = services.new_hazard(by, enterprise=enterprise, source="self", **data)
            for key, msgs in services.report_errors(hazard).items():
                err(key, "；".join(msgs))
            data["funds"] = hazard.funds  # parsed by the validator
        if errs:
            result.errors.extend(errs)
            continue
        pending.append((rownum, data))
    if result.errors:
        return result
    if not pending:
        result.errors.append(RowError(2, _("文件"), _("没有可导入的数据行")))
        return result
    pending.sort(key=lambda p: p[1]["found_at"])  # oldest first, so repeats link correctly
    try:
        with transaction.atomic():
            for rownum, data in pending:
                try:
                    services.report_hazard(by, enterprise=enterprise, source="self", **data)
                except ValidationError as exc:
                    for key, msgs in exc.message_dict.items():
                        result.errors.append(RowError(rownum, LABEL.get(key, key), "；".join(msgs)))
                    raise
    except ValidationError:
        result.errors.sort(key=lambda e: e.row)
        return result
    result.created = len(pending)
    return result
