"""Import of task lists from .xlsx (seed 002 附件1 and seed 004 layouts); 联络员表 export.

Seed 002 附件1 `工作清单和责任清单`: header `八个专项行动`(2 columns: running number and action
name) · `行动任务` · `工作要求` · `责任部室` · `时限要求`. Seed 004 `重点任务和安全生产大检查工作要点`:
`十五条硬措施` · `措施具体内容` · `重点任务` · `具体工作要点` · `责任单位`, with no deadline
column (the deadline is taken from the 工作要点 text, see recurrence.deadline_from_requirement).

Merged cells (the action, measure and task over their rows; 004's 责任单位 merged with the row
above) arrive as empty cells below the first row and carry down. A title line above the header
is allowed. Every row is validated; the list is created only when no row has an error.
"""

import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, Side

from anjian.accounts.models import Role
from anjian.audit.services import record, record_many
from anjian.core.excel import RowError, cell_text, workbook_bytes
from anjian.core.services import require

from .models import Task, TaskList, Unit
from .recurrence import deadline_from_requirement, parse_deadline
from .units import UnitResolver

LAYOUT_002 = ["八个专项行动", "行动任务", "工作要求", "责任部室", "时限要求"]
LAYOUT_004 = ["十五条硬措施", "措施具体内容", "重点任务", "具体工作要点", "责任单位"]


@dataclass
class TaskImportResult:
    total: int = 0
    created: int = 0
    errors: list[RowError] = field(default_factory=list)
    task_list: TaskList | None = None
    layout: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors


def _find_header(rows: list[list[str]]) -> tuple[int, str] | None:
    for i, row in enumerate(rows[:6]):
        cells = [c.replace(" ", "") for c in row]
        if "工作要求" in cells and "责任部室" in cells:
            return i, "002"
        if "具体工作要点" in cells and "责任单位" in cells:
            return i, "004"
    return None


_REQ_NO = re.compile(r"^\s*[（(](\d+)[）)]")


def import_task_list(by, fileobj, *, title, region, year, start, end, campaign=None):
    """Validate every row and create the list with all its tasks, or nothing."""
    require(by.is_superuser or by.role == Role.AWB, _("只有安委办可以导入工作清单"))
    require(by.is_superuser or region.code.startswith(by.region.prefix), _("所选区域不在您的辖区"))
    result = TaskImportResult()
    try:
        # a formula is read as its text (never a value computed elsewhere), as core.excel does
        wb = load_workbook(fileobj, read_only=True, data_only=False)
    except Exception:
        result.errors.append(RowError(0, _("文件"), _("无法读取，请上传 .xlsx 格式的 Excel 文件")))
        return result
    ws = wb.worksheets[0]
    rows = [[cell_text(c) for c in r] for r in ws.iter_rows(values_only=True)]
    found = _find_header(rows)
    if found is None:
        result.errors.append(
            RowError(
                1,
                _("表头"),
                _(
                    "未找到表头：应为“八个专项行动、行动任务、工作要求、责任部室、时限要求”"
                    "或“十五条硬措施、措施具体内容、重点任务、具体工作要点、责任单位”"
                ),
            )
        )
        return result
    h, layout = found
    result.layout = layout
    header = [c.replace(" ", "") for c in rows[h]]
    labels = LAYOUT_002 if layout == "002" else LAYOUT_004
    missing = [lbl for lbl in labels if lbl not in header]
    if missing:
        result.errors.append(RowError(h + 1, "、".join(missing), _("缺少该列")))
        return result
    col = {lbl: header.index(lbl) for lbl in labels}
    number_col = header.index("序号") if "序号" in header else None
    if layout == "002":
        first = col["八个专项行动"]
        name_col = first
        if number_col is None and first + 1 < len(header) and header[first + 1] == "":
            number_col, name_col = first, first + 1  # the header spans number + name
        cols = {
            "measure": name_col,
            "task": col["行动任务"],
            "requirement": col["工作要求"],
            "units": col["责任部室"],
            "deadline": col["时限要求"],
        }
        names = {
            "measure": "八个专项行动",
            "task": "行动任务",
            "requirement": "工作要求",
            "units": "责任部室",
            "deadline": "时限要求",
            "seq": "序号",
        }
    else:
        cols = {
            "measure": col["十五条硬措施"],
            "detail": col["措施具体内容"],
            "task": col["重点任务"],
            "requirement": col["具体工作要点"],
            "units": col["责任单位"],
        }
        names = {
            "measure": "十五条硬措施",
            "detail": "措施具体内容",
            "task": "重点任务",
            "requirement": "具体工作要点",
            "units": "责任单位",
            "seq": "具体工作要点",
        }

    with transaction.atomic():
        resolver = UnitResolver(region if region.level == "county" else region.parent)
        issuer = Unit.of_region(region)
        carry = {"measure": "", "detail": "", "task": "", "units": ""}
        pending: list[tuple[Task, list[Unit]]] = []
        seen_seq: dict[int, int] = {}
        last_seq = 0
        for i in range(h + 1, len(rows)):
            rownum = i + 1
            raw = rows[i]

            def get(key, raw=raw):
                c = cols.get(key)
                return raw[c] if c is not None and c < len(raw) else ""

            vals = {k: get(k) for k in cols}
            if not any(vals.values()):
                continue
            for k in ("measure", "detail", "task"):
                if k in vals:
                    if vals[k]:
                        carry[k] = vals[k]
                        if k == "measure":
                            carry["task"] = "" if not vals.get("task") else carry["task"]
                    else:
                        vals[k] = carry[k]
            if not vals["requirement"]:
                if vals.get("task") and not get("units"):
                    continue  # a task-only line (a merged task cell spanning nothing)
                result.total += 1
                result.errors.append(RowError(rownum, names["requirement"], _("必填项为空")))
                continue
            result.total += 1
            errs: list[RowError] = []
            # sequence number
            seq = None
            m = _REQ_NO.match(vals["requirement"])
            if layout == "004" and m:
                seq = int(m.group(1))
            elif number_col is not None and number_col < len(raw) and raw[number_col]:
                try:
                    seq = int(raw[number_col])
                except ValueError:
                    errs.append(RowError(rownum, names["seq"], _("序号应为整数")))
            if seq is None:
                seq = last_seq + 1
            if seq in seen_seq:
                errs.append(
                    RowError(
                        rownum,
                        names["seq"],
                        _("序号 %(seq)s 与第 %(row)s 行重复") % {"seq": seq, "row": seen_seq[seq]},
                    )
                )
            else:
                seen_seq[seq] = rownum
            last_seq = max(last_seq, seq)
            # units (carried down when merged with the row above)
            units_text = vals["units"] or carry["units"]
            if not units_text:
                errs.append(RowError(rownum, names["units"], _("必填项为空")))
                units = []
            else:
                carry["units"] = units_text
                units, unit_errors = resolver.resolve(units_text)
                for msg in unit_errors:
                    errs.append(RowError(rownum, names["units"], msg))
                if not units and not unit_errors:
                    units = [issuer]
            # deadline
            deadline = None
            deadline_text = ""
            try:
                if layout == "002":
                    deadline_text = vals["deadline"]
                    deadline = parse_deadline(deadline_text, year)
                else:
                    deadline = deadline_from_requirement(vals["requirement"], year)
                    deadline_text = deadline.text
            except ValueError as exc:
                errs.append(RowError(rownum, names.get("deadline", "时限要求"), str(exc)))
            if errs:
                result.errors.extend(errs)
                continue
            pending.append(
                (
                    Task(
                        seq=seq,
                        measure=vals["measure"][:200],
                        measure_detail=vals.get("detail", ""),
                        task=vals.get("task", ""),
                        requirement=vals["requirement"],
                        units_text=units_text,
                        deadline_text=deadline_text[:200],
                        deadline=deadline.to_json(),
                    ),
                    units,
                )
            )
        if not result.errors and not pending:
            result.errors.append(RowError(h + 2, _("文件"), _("没有可导入的数据行")))
        if result.errors:
            transaction.set_rollback(True)
            result.errors.sort(key=lambda e: (e.row, e.column))
            return result
        tl = TaskList.objects.create(
            title=title,
            campaign=campaign,
            region=region,
            layout=layout,
            start=start,
            end=end,
            created_by=by,
        )
        for t, _units in pending:
            t.task_list = tl
        tasks = Task.objects.bulk_create([t for t, _units in pending])
        if not all(t.pk for t in tasks):
            ids = dict(Task.objects.filter(task_list=tl).values_list("seq", "pk"))
            for t in tasks:
                t.pk = t.id = ids[t.seq]
        through = Task.units.through
        through.objects.bulk_create(
            [
                through(task_id=t.pk, unit_id=u.pk)
                for t, (_task, units) in zip(tasks, pending, strict=True)
                for u in units
            ]
        )
        record(
            by,
            "tasklist.import",
            tl,
            after={"title": title, "layout": layout, "tasks": len(tasks)},
            note=f"Excel 导入 {len(tasks)} 项任务",
        )
        record_many(
            by,
            "task.import",
            tasks,
            after_of=lambda t: {"seq": t.seq, "deadline": t.deadline_text},
        )
    result.created = len(tasks)
    result.task_list = tl
    return result


def liaison_workbook(campaign, liaisons, *, unit_label: str = "") -> bytes:
    """专职联络员统计表 in the layout of seed 000 附件3."""
    wb = Workbook()
    ws = wb.active
    ws.title = "专职联络员统计表"
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws.merge_cells("A1:F1")
    ws["A1"] = f"{campaign.title}专职联络员统计表"
    ws["A1"].font = Font(size=14, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center", wrap_text=True)
    ws.merge_cells("A2:C2")
    ws["A2"] = f"填表单位：{unit_label}"
    ws.merge_cells("D2:F2")
    ws["D2"] = f"填表时间：{timezone.localdate():%Y年%m月%d日}"
    ws.append(["序号", "姓名", "性别", "工作单位及职务", "手机号码", "备注"])
    for c in ws[3]:
        c.font = Font(bold=True)
        c.border = border
        c.alignment = Alignment(horizontal="center")
    n = 0
    for n, li in enumerate(liaisons, start=1):
        ws.append([n, li.name, li.gender, li.org_title, li.mobile, li.note])
        for c in ws[ws.max_row]:
            c.border = border
    for _blank in range(max(0, 3 - n)):  # the seed's form has at least rows 1–3
        n += 1
        ws.append([n, "", "", "", "", ""])
        for c in ws[ws.max_row]:
            c.border = border
    ws.append([])
    ws.append(["审核人：", "", "填表人：", "", "联系电话：", ""])
    for colname, width in zip("ABCDEF", (6, 12, 6, 36, 16, 20), strict=True):
        ws.column_dimensions[colname].width = width
    return workbook_bytes(wb)


def template_workbook(layout: str) -> bytes:
    """An empty sheet with the header row the import expects (seed 002 or seed 004 layout)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "工作清单" if layout == "002" else "重点任务"
    ws.append(["序号", *LAYOUT_002] if layout == "002" else LAYOUT_004)
    for c in ws[1]:
        c.font = Font(bold=True)
    for i in range(1, ws.max_column + 1):
        ws.column_dimensions[chr(64 + i)].width = 8 if i == 1 and layout == "002" else 24
    return workbook_bytes(wb)
