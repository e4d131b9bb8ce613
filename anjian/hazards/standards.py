"""判定标准 loaded as data, with only what is verified (see anjian/sources/law/README.md).

工贸企业重大事故隐患判定标准 (应急管理部令第10号, in force 2023-05-15): 64 situations — 3
management, 47 by industry, 14 special (dust explosion, ammonia refrigeration, confined spaces).
The texts of the 64 items are NOT loaded: staff enter them from the published text
(`services.add_criterion`, page /hazards/criteria/); each category's count caps the entries.
"""

import datetime

NOTE = (
    "共64种情形：管理类3种、行业类47种、专项类14种（粉尘防爆、使用液氨制冷、有限空间作业）。"
    "各条情形的原文请由工作人员依据正式公布的文本逐条录入。"
)


def load_standards(Standard, Category) -> None:
    """Idempotent; takes the model classes so that migrations can pass historical models."""
    std, _ = Standard.objects.get_or_create(
        name="工贸企业重大事故隐患判定标准",
        defaults={
            "document": "应急管理部令第10号",
            "effective_from": datetime.date(2023, 5, 15),
            "total_count": 64,
            "note": NOTE,
        },
    )
    cats = {}
    for order, (name, count) in enumerate([("管理类", 3), ("行业类", 47), ("专项类", 14)], 1):
        cats[name], _ = Category.objects.get_or_create(
            standard=std, name=name, defaults={"expected_count": count, "order": order}
        )
    for order, name in enumerate(["粉尘防爆", "使用液氨制冷", "有限空间作业"], 1):
        Category.objects.get_or_create(
            standard=std, name=name, defaults={"parent": cats["专项类"], "order": 10 + order}
        )


def ensure_standards() -> None:
    from .models import HazardStandard, HazardStandardCategory

    load_standards(HazardStandard, HazardStandardCategory)
