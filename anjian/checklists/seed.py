"""Load seed 000 附件1 (企业全员安全生产履职合法性检查表) as a published checklist.

Idempotent; called from a data migration (with historical models) so every database has it,
and from the `loadannex1` command. The rows come from data/seed000_annex1.json (extracted cell by
cell; cross-checked against the raw seed by seedcount.py in the tests).

Violation codes: the JSON's `violation_code` is the first 安全生产法 article cited in the 法律责任
cell. Where that is not a code of the law engine (anjian.law.VIOLATIONS), it is mapped to the
engine code the row's duty fits (see the JSON notes): 主要负责人 rows 2–4, 6, 7 → 第九十四条第一款
(SPL-94-P1, duty not performed), row 5 → 第九十三条第一款 (SPL-93-P1, 资金投入), row 8 →
第一百一十条第二款 (SPL-110-P2, 事故隐瞒不报、谎报或者迟报). Rows whose liability is not in 安全生产法
(四川省安全生产条例, 特种作业人员安全技术培训考核管理规定) carry no code.
"""

import json
from pathlib import Path

ANNEX1_CODE = "qiangan2023-annex1"
DATA = Path(__file__).parent / "data" / "seed000_annex1.json"

# row → engine code for rows whose first cited article is not an engine code
ROW_CODES = {
    2: "SPL-94-P1",
    3: "SPL-94-P1",
    4: "SPL-94-P1",
    5: "SPL-93-P1",
    6: "SPL-94-P1",
    7: "SPL-94-P1",
    8: "SPL-110-P2",
}

FIELDS = ["subject", "seq", "item", "content", "points", "basis", "liability", "remark"]


def annex1_data() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def engine_code(row: dict) -> str:
    from anjian.law import VIOLATIONS

    code = row.get("violation_code") or ""
    if code in VIOLATIONS:
        return code
    return ROW_CODES.get(row["row"], "")


def load_annex1(Template=None, Item=None) -> bool:
    """Create 附件1 as published version 1 if it is missing. Returns True when created."""
    if Template is None:
        from .models import ChecklistItem as Item
        from .models import ChecklistTemplate as Template
    if Template.objects.filter(code=ANNEX1_CODE).exists():
        return False
    data = annex1_data()
    tpl = Template.objects.create(
        code=ANNEX1_CODE,
        version=1,
        title=data["title"],
        source="遂安安委办发〔2023〕20号 附件1（遂宁市安居区安委办，2023年3月21日）",
        status="draft",
    )
    Item.objects.bulk_create(
        [
            Item(
                template=tpl,
                row=r["row"],
                violation_code=engine_code(r),
                **{f: r[f] or ("" if f != "seq" else 0) for f in FIELDS},
            )
            for r in data["items"]
        ]
    )
    from django.utils import timezone

    Template.objects.filter(pk=tpl.pk).update(status="published", published_at=timezone.now())
    return True
