"""Count the data rows of seed 000 附件1 (企业全员安全生产履职合法性检查表)
straight from the raw seed text, without Django.

This is an independent cross-check for ``data/seed000_annex1.json``: the JSON
was produced by a cell-by-cell parser (8 cells per row); this function does
not group cells at all, it only looks at the 序号 cells.

Text-export conventions of the seed: every table cell starts on a line that
begins with a TAB; continuation lines of a multi-line cell do not.  The first
column (检查对象) is a vertically merged cell, so it has text only in the
first row of each group and is an empty TAB-line in the following rows.
"""

from __future__ import annotations

import re

TABLE_TITLE = "企业全员安全生产履职合法性检查表"
NEXT_ANNEX = "附件2"

_SEQ_CELL = re.compile(r"^\t\s*(\d+)\s*$")


def _table_lines(seed_text: str) -> list[str]:
    lines = seed_text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    # The title also occurs inside 《》 and in the attachment list, but only
    # the table's own title stands alone on its line.
    start = next(i for i, ln in enumerate(lines) if ln.strip() == TABLE_TITLE)
    end = next(i for i in range(start + 1, len(lines)) if lines[i].strip() == NEXT_ANNEX)
    return lines[start + 1 : end]


def count_annex1_rows(seed_text: str) -> dict[str, int]:
    """Return {检查对象: number of data rows} in seed order.

    A data row is recognised by its 序号 cell (a TAB-line holding only digits).
    The 检查对象 of a row is the cell immediately before its 序号 cell: when
    that cell has text, a new group starts; when it is empty (merged cell), the
    row belongs to the current group.
    """
    lines = _table_lines(seed_text)
    counts: dict[str, int] = {}
    group: str | None = None
    for i, line in enumerate(lines):
        if not _SEQ_CELL.match(line):
            continue
        # previous cell start (TAB-line) before this 序号 cell
        j = i - 1
        while j >= 0 and not lines[j].startswith("\t"):
            j -= 1
        if j < 0:
            raise ValueError(f"序号 cell without a preceding 检查对象 cell: {line!r}")
        subject = lines[j].strip()
        # the subject cell is a single line; if it continued onto non-blank
        # lines it would not be a 检查对象 cell
        if any(ln.strip() for ln in lines[j + 1 : i]):
            raise ValueError(f"unexpected multi-line cell before 序号 {line.strip()!r}")
        if subject:
            group = subject
        if group is None:
            raise ValueError("first data row has an empty 检查对象 cell")
        counts[group] = counts.get(group, 0) + 1
    return counts


def seq_values(seed_text: str) -> list[int]:
    """All 序号 values of 附件1 in order (exposes the seed's duplicated 6)."""
    return [int(m.group(1)) for ln in _table_lines(seed_text) if (m := _SEQ_CELL.match(ln))]


if __name__ == "__main__":  # pragma: no cover
    import sys

    text = open(sys.argv[1], encoding="utf-8").read()
    c = count_annex1_rows(text)
    print(c, sum(c.values()))
    print(seq_values(text))
