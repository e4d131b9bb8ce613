"""Issue 14: no user text becomes a formula in any export; imports keep formulas as text."""

import csv
import io
import zipfile

from openpyxl import Workbook, load_workbook

from anjian.core.excel import (
    ImportResult,
    SafeCsvWriter,
    cell_text,
    open_rows,
    workbook_bytes,
    write_cells,
    xlsxwriter_book,
)

EVIL = ['=HYPERLINK("http://evil.example/","点我")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


def sheet_xml(data: bytes) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()


def test_openpyxl_exports_write_risky_text_as_text():
    wb = Workbook()
    wb.active.append(EVIL + ["普通文字", 42])
    data = workbook_bytes(wb)
    xml = sheet_xml(data)
    assert "<f>" not in xml
    values = [c.value for c in load_workbook(io.BytesIO(data)).active[1]]
    assert values[: len(EVIL)] == EVIL and values[-1] == 42


def test_xlsxwriter_exports_write_risky_text_as_text():
    buf = io.BytesIO()
    book = xlsxwriter_book(buf, in_memory=True)
    sheet = book.add_worksheet()
    write_cells(sheet, book, 0, EVIL + ["普通文字", 42])
    sheet.write(1, 0, EVIL[0])  # even a plain write() is no formula in this book
    book.close()
    xml = sheet_xml(buf.getvalue())
    assert "<f>" not in xml
    assert load_workbook(io.BytesIO(buf.getvalue())).active["A2"].value == EVIL[0]


def test_csv_exports_prefix_risky_text():
    out = io.StringIO()
    SafeCsvWriter(out).writerow(EVIL + ["普通文字", "-", "a=b"])
    row = next(csv.reader(io.StringIO(out.getvalue())))
    assert all(v.startswith("'") for v in row[: len(EVIL)])
    assert row[-3:] == ["普通文字", "'-", "a=b"]


def test_imports_keep_a_formula_as_its_text():
    wb = Workbook()
    ws = wb.active
    ws.append(["企业名称"])
    ws.append(['=HYPERLINK("http://evil.example/","a")'])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    rows, index = open_rows(buf, [("name", "企业名称", True)], ImportResult())
    assert cell_text(next(rows)[index["name"]]) == '=HYPERLINK("http://evil.example/","a")'
