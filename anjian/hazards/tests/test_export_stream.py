"""The ledger export's streaming .xlsx writer: what goes in reads back the same."""

import io

from openpyxl import load_workbook

from anjian.hazards.excel import XlsxStream


def test_rows_read_back_with_openpyxl():
    buf = io.BytesIO()
    ws = XlsxStream(buf, "隐患台账", 30)
    ws.append(["序号", "描述", None, "末列"])
    ws.append([1, "配电箱<未接地> & 无警示", "", " 前后空格 "])
    ws.append([2, "控制字符\x01\x0b被去掉", 0, "x"])
    ws.append([None] * 29 + ["AD"])
    ws.close()
    wb = load_workbook(io.BytesIO(buf.getvalue()))
    sheet = wb.active
    assert sheet.title == "隐患台账"
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("序号", "描述", None, "末列")
    assert rows[1][:4] == (1, "配电箱<未接地> & 无警示", None, " 前后空格 ")
    assert rows[2][:4] == (2, "控制字符被去掉", 0, "x")
    assert rows[3][29] == "AD" and sheet.cell(4, 30).column_letter == "AD"
