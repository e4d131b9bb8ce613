"""R3 import of enterprises from .xlsx and the 名录库 exports (seed 000 附件4/附件5)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from anjian.accounts.models import Region, Sector
from anjian.audit.services import record_many
from anjian.core.excel import ImportResult, RowError, open_rows, workbook_bytes  # noqa: F401 (re-exported)
from anjian.core.excel import cell_text as _cell
from anjian.core.services import require

from .models import RISK_TAGS, Enterprise, EnterpriseSector

# Import layout: header row 1, data from row 2. Required columns are marked. The headings are
# the seed's Chinese words in every language (a page in English shows them translated).
COLUMNS = [
    ("credit_code", gettext_noop("统一社会信用代码"), True),
    ("name", gettext_noop("企业名称"), True),
    ("address", gettext_noop("地址"), False),
    ("region", gettext_noop("所在区划"), True),
    ("primary_sector", gettext_noop("主行业领域"), True),
    ("other_sectors", gettext_noop("其他行业领域"), False),
    ("employees", gettext_noop("从业人员数"), False),
    ("state_owned", gettext_noop("国有企业"), False),
    ("risk_tags", gettext_noop("风险标签"), False),
    ("major_hazard_level", gettext_noop("重大危险源等级"), False),
    ("status", gettext_noop("经营状态"), False),
    ("legal_representative", gettext_noop("法定代表人"), False),
    ("contact_phone", gettext_noop("联系电话"), False),
]
YES = {"是", "Y", "y", "yes", "1", "TRUE", "true", "√"}
NO = {"否", "N", "n", "no", "0", "FALSE", "false", ""}
MHS = {"": 0, "无": 0, "一级": 1, "二级": 2, "三级": 3, "四级": 4}
STATUS = {label: code for code, label in Enterprise.STATUS}
TAG_FIELDS = {label: f for f, label in RISK_TAGS if f != "major_hazard_source"}


def template_workbook() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "企业名录"
    ws.append([label for _, label, _ in COLUMNS])
    ws.append(
        [
            "91510904MA6ABCDE1X",
            "遂宁XX食品有限公司",
            "安居区XX路1号",
            "柔刚街道",
            "工贸",
            "",
            45,
            "否",
            "液氨制冷、有限空间",
            "无",
            "正常",
            "张三",
            "13800000000",
        ]
    )
    return workbook_bytes(wb)


# the validator's field names -> the import's columns (errors name the column users filled)
FIELD_COLUMNS = {
    "credit_code": "credit_code",
    "name": "name",
    "address": "address",
    "region": "region",
    "primary_sector": "primary_sector",
    "sectors": "primary_sector",
    "employees": "employees",
    "major_hazard_level": "major_hazard_level",
    "status": "status",
    "legal_representative": "legal_representative",
    "contact_phone": "contact_phone",
}


def _split(text: str) -> list[str]:
    return [t.strip() for t in text.replace("，", "、").split("、") if t.strip()]


def import_enterprises(by, fileobj) -> ImportResult:
    """Parse every row, validate it with the same rules as the form (`EnterpriseRules`), and
    import all rows in one transaction, or none. Each error names its row and column."""
    from .services import EnterpriseRules

    require(by.can_manage_registry, "无权导入企业")
    result = ImportResult()
    opened = open_rows(fileobj, COLUMNS, result)
    if opened is None:
        return result
    rows, index = opened
    labels = {k: lbl for k, lbl, _ in COLUMNS}
    rules = EnterpriseRules(by)
    sectors = {s.name: s for s in Sector.objects.all()}
    regions_qs = Region.objects.filter(code__startswith=rules.prefix) if rules.prefix else (
        Region.objects.all() if by.is_superuser else Region.objects.none()
    )  # fmt: skip
    by_code = {r.code: r for r in regions_qs}
    by_name: dict[str, list[Region]] = {}
    for r in by_code.values():
        by_name.setdefault(r.name, []).append(r)

    parsed: list[tuple[int, Enterprise, list[Sector]]] = []
    seen: dict[str, int] = {}
    for rownum, raw in enumerate(rows, start=2):
        vals = {k: _cell(raw[i]) if i < len(raw) else "" for k, i in index.items()}
        if not any(vals.values()):
            continue
        result.total += 1
        errs: list[RowError] = []

        def err(col_key, msg, errs=errs, rownum=rownum):
            errs.append(RowError(rownum, labels[col_key], msg))

        for key, _label, required in COLUMNS:
            if required and not vals.get(key):
                err(key, "必填项为空")
        code = vals.get("credit_code", "").upper()
        if code and code in seen:
            err("credit_code", f"与第 {seen[code]} 行重复")
        elif code:
            seen[code] = rownum
        region = None
        rv = vals.get("region", "")
        if rv:
            if rv in by_code:
                region = by_code[rv]
            elif len(by_name.get(rv, [])) == 1:
                region = by_name[rv][0]
            elif len(by_name.get(rv, [])) > 1:
                err("region", f"“{rv}”对应多个区划，请填写12位区划代码")
            else:
                err("region", f"“{rv}”不是您管辖范围内的区划名称或代码")
        primary = sectors.get(vals.get("primary_sector", ""))
        if vals.get("primary_sector") and primary is None:
            err("primary_sector", f"未知的行业领域“{vals['primary_sector']}”")
        others = []
        for name in _split(vals.get("other_sectors", "")):
            if name in sectors:
                others.append(sectors[name])
            else:
                err("other_sectors", f"未知的行业领域“{name}”")
        all_sectors = ([primary] if primary else []) + [s for s in others if s != primary]
        employees = 0
        if vals.get("employees"):
            try:
                employees = int(vals["employees"])
                if employees < 0:
                    raise ValueError
            except ValueError:
                err("employees", "应为不小于0的整数")
        state_owned = False
        if "state_owned" in vals:
            if vals["state_owned"] in YES:
                state_owned = True
            elif vals["state_owned"] not in NO:
                err("state_owned", "应填“是”或“否”")
        tag_values = {}
        for tag in _split(vals.get("risk_tags", "")):
            if tag in TAG_FIELDS:
                tag_values[TAG_FIELDS[tag]] = True
            else:
                err("risk_tags", f"未知的风险标签“{tag}”（可选：{'、'.join(TAG_FIELDS)}）")
        mhs = vals.get("major_hazard_level", "")
        if mhs not in MHS:
            err("major_hazard_level", "应为 无/一级/二级/三级/四级")
        status = vals.get("status", "") or "正常"
        if status not in STATUS:
            err("status", "应为 正常/停产整顿/关闭")
        if errs:  # what could not be read; the rules below need the parsed values
            result.errors.extend(errs)
            continue
        ent = Enterprise(
            credit_code=code,
            name=vals["name"],
            address=vals.get("address", ""),
            region=region,
            primary_sector=primary,
            employees=employees,
            state_owned=state_owned,
            major_hazard_level=MHS[mhs],
            status=STATUS[status],
            legal_representative=vals.get("legal_representative", ""),
            contact_phone=vals.get("contact_phone", ""),
            **tag_values,
        )
        parsed.append((rownum, ent, all_sectors))

    codes = [e.credit_code for _r, e, _s in parsed]
    registered = set(
        Enterprise.objects.filter(credit_code__in=codes).values_list("credit_code", flat=True)
    )
    pending: list[tuple[Enterprise, list[Sector]]] = []
    for rownum, ent, secs in parsed:
        problems = rules.errors(ent, secs, registered=registered)
        for field, messages in problems.items():
            column = labels[FIELD_COLUMNS.get(field, "name")]
            result.errors.extend(RowError(rownum, column, m) for m in messages)
        if not problems:
            pending.append((ent, secs))
    result.errors.sort(key=lambda e: (e.row, e.column))
    if result.errors:
        return result
    if not pending:
        result.errors.append(RowError(2, "文件", "没有可导入的数据行"))
        return result

    with transaction.atomic():
        ents = Enterprise.objects.bulk_create([e for e, _ in pending], batch_size=1000)
        if not all(e.pk for e in ents):  # SQLite before 3.35 / some backends: refetch ids
            ids = dict(
                Enterprise.objects.filter(credit_code__in=list(seen)).values_list(
                    "credit_code", "pk"
                )
            )
            for e in ents:
                e.pk = e.id = ids[e.credit_code]
        EnterpriseSector.objects.bulk_create(
            [
                EnterpriseSector(
                    enterprise_id=e.pk, sector_id=s.id, is_primary=s.id == e.primary_sector_id
                )
                for e, secs in zip(ents, (s for _, s in pending), strict=True)
                for s in secs
            ],
            batch_size=2000,
        )
        record_many(
            by,
            "enterprise.import",
            ents,
            after_of=lambda e: {"credit_code": e.credit_code, "name": e.name},
            note=f"Excel 导入 {len(ents)} 家",
        )
        from .services import classify

        classify(Enterprise.objects.filter(pk__in=[e.pk for e in ents]))
    result.created = len(ents)
    return result


def tier_workbook(department, tier: str, rows, *, unit: str = "", region_name: str = "") -> bytes:
    """名录库 in the layout of seed 000 附件4 (重点) / 附件5 (一般)."""
    key = tier == "key"
    sectors = "、".join(s.name for s in department.sectors.all())
    title = f"{sectors}行业领域（{region_name or department.region.name}）{'重点' if key else '一般'}检查企业名录库"
    last_col = "主要风险" if key else "备注"
    wb = Workbook()
    ws = wb.active
    ws.title = "重点检查企业名录库" if key else "一般检查企业名录库"
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws.merge_cells("A1:D1")
    ws["A1"] = title
    ws["A1"].font = Font(size=14, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.merge_cells("A2:B2")
    ws["A2"] = f"填表单位：{unit or department.name}"
    ws.merge_cells("C2:D2")
    ws["C2"] = f"填表时间：{timezone.localdate():%Y年%m月%d日}"
    ws.append(["序号", "企业名称", "行业类别", last_col])
    for c in ws[3]:
        c.font = Font(bold=True)
        c.border = border
        c.alignment = Alignment(horizontal="center")
    n = 0
    for n, (name, sector, risk) in enumerate(rows, start=1):
        ws.append([f"{n:02d}", name, sector, risk])
        for c in ws[ws.max_row]:
            c.border = border
    ws.append([])
    ws.append(["审核人：", "", "填表人：", "联系电话："])
    for col, width in zip("ABCD", (8, 40, 16, 30), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A4"
    return workbook_bytes(wb)


def col(i: int) -> str:
    return get_column_letter(i)
