"""Spreadsheets in and out: the all-or-nothing imports (per-row errors) and the one way every
export writes a cell so that no text a user typed can run as a formula.

Formula injection: text beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
is what Excel and LibreOffice may evaluate. In .xlsx every such text is written as a string
cell with Excel's quote prefix (shown as typed, never a ``<f>`` formula element); in CSV it is
prefixed with an apostrophe (OWASP's recommendation). Imports read formulas as their text and
keep them as text.
"""

import csv
import io
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


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def dangerous(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


def csv_value(value):
    """A CSV field that a spreadsheet will not evaluate."""
    return "'" + value if dangerous(value) else value


class SafeCsvWriter:
    """csv.writer whose every field goes through `csv_value`."""

    def __init__(self, fileobj, **kwargs):
        self._w = csv.writer(fileobj, **kwargs)

    def writerow(self, row):
        return self._w.writerow(
            ["'" + v if isinstance(v, str) and v.startswith(FORMULA_START) else v for v in row]
        )  # csv_value, inline (called for every field of every exported row)

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def harden(wb) -> None:
    """Make every cell of an openpyxl workbook that holds user text inert: a text that openpyxl
    took for a formula becomes a string cell; every risky text gets the quote prefix."""
    from openpyxl.cell.cell import TYPE_FORMULA, TYPE_STRING

    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == TYPE_FORMULA or dangerous(cell.value):
                    cell.data_type = TYPE_STRING
                    cell.quotePrefix = True


def workbook_bytes(wb) -> bytes:
    """Save an openpyxl workbook for download, hardened (the one exit of every openpyxl export)."""
    harden(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def xlsxwriter_book(target, **options):
    """An XlsxWriter workbook that writes every string as a string (never a formula) and gives
    risky text the quote prefix; use `write_cells` to write a row."""
    import xlsxwriter

    book = xlsxwriter.Workbook(target, {"strings_to_formulas": False, **options})
    book.anjian_text = book.add_format({"quote_prefix": True})
    return book


def write_cells(sheet, book, row: int, values, fmt=None) -> None:
    """One row to an XlsxWriter sheet; risky text as quote-prefixed strings."""
    for col, value in enumerate(values):
        if dangerous(value):
            sheet.write_string(row, col, value, book.anjian_text)
        elif fmt is not None:
            sheet.write(row, col, value, fmt)
        else:
            sheet.write(row, col, value)


def open_rows(fileobj, columns, result: ImportResult):
    """Open the first sheet and map the header row to `columns` ((key, label, required), ...).

    Returns (data-row iterator, {key: column index}), or None after recording the errors
    (unreadable file, missing required columns) in `result`.
    """
    from openpyxl import load_workbook

    try:
        # data_only=False: a cell holding a formula is read as the formula's text, which the
        # import keeps as text (never as a value someone else's spreadsheet computed)
        wb = load_workbook(fileobj, read_only=True, data_only=False)
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
