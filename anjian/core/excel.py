"""Shared pieces of the all-or-nothing Excel imports (per-row errors)."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    total: int = 0
    created: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def cell_text(v) -> str:
    """A cell as trimmed text; whole floats (Excel's numbers) without the trailing .0."""
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v).strip()


def open_rows(fileobj, columns, result: ImportResult):
    """Open the first sheet and map the header row to `columns` ((key, label, required), ...).

    Returns (data-row iterator, {key: column index}), or None after recording the errors
    (unreadable file, missing required columns) in `result`.
    """
    from openpyxl import load_workbook

    try:
        wb = load_workbook(fileobj, read_only=True, data_only=True)
    except Exception:
        result.errors.append(RowError(0, _("文件"), _("无法读取，请上传 .xlsx 格式的 Excel 文件")))
        return None
    rows = wb.worksheets[0].iter_rows(values_only=True)
    header = [cell_text(h) for h in next(rows, [])]
    index = {}
    for key, label, required in columns:
        if label in header:
            index[key] = header.index(label)
        elif required:
            result.errors.append(RowError(1, label, _("缺少必填列")))
    if result.errors:
        return None
    return rows, index
