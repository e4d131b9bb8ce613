"""判定标准 loaded as data, with only what is verified (see anjian/sources/law/判定标准/README.md).

The item texts come from the copies in ``anjian/sources/law/判定标准/``; each file opens with its
sources and how complete it is. Only items the file gives in full are loaded, with the file's own
numbering: an item that ends in "……", or carries a 【缺】/【源…】 marker of missing text, is left
for staff to enter from the official text (``services.add_criterion``, page /hazards/criteria/).
The verified counts of each category cap what can be entered.
"""

import datetime
import re
from dataclasses import dataclass

from anjian import sources

FOLDER = ("law", "判定标准")

GONGMAO = "工贸企业重大事故隐患判定标准"
NOTE = (
    "共64种情形：管理类3种、行业类47种、专项类14种（粉尘防爆、使用液氨制冷、有限空间作业）。"
    "已载入来源文本中完整的条款（第三条至第十三条，见 anjian/sources/law/判定标准/）；"
    "其余各条情形的原文请由工作人员依据正式公布的文本逐条录入。"
)
INDUSTRIES = ["冶金", "有色", "建材", "机械", "轻工", "纺织", "烟草"]
SPECIAL = ["粉尘防爆", "使用液氨制冷", "有限空间作业"]
# 工贸 articles: 第三条 management, 第四–十条 the seven industries, 第十一–十三条 the special ones
GONGMAO_ARTICLES = {
    "三": "管理类",
    **dict(zip(["四", "五", "六", "七", "八", "九", "十"], INDUSTRIES, strict=True)),
    **dict(zip(["十一", "十二", "十三"], SPECIAL, strict=True)),
}


@dataclass(frozen=True)
class Item:
    category: str
    number: str
    text: str


@dataclass(frozen=True)
class Standard:
    name: str
    document: str
    effective_from: datetime.date | None
    total: int | None
    note: str
    file: str
    categories: tuple[tuple[str, int | None], ...]


OTHERS = [
    Standard(
        name="化工和危险化学品生产经营单位重大生产安全事故隐患判定标准（试行）",
        document="安监总管三〔2017〕121号",
        effective_from=None,
        total=20,
        note=(
            "20项。（十五）～（二十）的序号按来源文本的排列顺序推定（见来源文件说明）；"
            "引用时以官方文本为准。"
        ),
        file="化工和危险化学品重大生产安全事故隐患判定标准-2017.md",
        categories=(("化工和危险化学品", 20),),
    ),
    Standard(
        name="烟花爆竹生产经营单位重大生产安全事故隐患判定标准（试行）",
        document="",
        effective_from=None,
        total=20,
        note=(
            "20项。文号未核实；来源文本没有官方序号，1～20只表示排列顺序，引用时以官方文本为准。"
        ),
        file="烟花爆竹重大生产安全事故隐患判定标准-2017.md",
        categories=(("烟花爆竹", 20),),
    ),
    Standard(
        name="金属非金属矿山重大事故隐患判定标准",
        document="矿安〔2022〕88号",
        effective_from=datetime.date(2022, 9, 1),
        total=None,
        note="来源文本只有摘录：已载入其中完整的地下矿山条款，其余请依据正式公布的文本录入。",
        file="金属非金属矿山重大事故隐患判定标准-2022-摘录.md",
        categories=(("金属非金属地下矿山", None),),
    ),
]

_ITEM = re.compile(r"^（([一二三四五六七八九十]+)）(.+)$")
_ORDER = re.compile(r"^(\d+)\.\s*(.+)$")
_ARTICLE = re.compile(r"^\*\*第([一二三四五六七八九十]+)条\*\*")


def _complete(text: str) -> str | None:
    """The item's text, or None where the source marks it incomplete."""
    text = text.replace("ᶜ", "").strip()
    if "……" in text or "【" in text or not text.endswith(("。", "；", "：")):
        return None
    return text


def _body(name: str) -> list[str]:
    """The file's lines after its header (the first ``---`` line)."""
    lines = sources.read(*FOLDER, name).splitlines()
    return lines[lines.index("---") + 1 :]


def parse_gongmao() -> list[Item]:
    items, category, article = [], None, None
    for line in _body("工贸企业重大事故隐患判定标准-2023-部分.md"):
        if line.startswith("## "):  # the appendix: fragments whose place is not verified
            break
        if m := _ARTICLE.match(line):
            article = m.group(1)
            category = GONGMAO_ARTICLES.get(article)
        elif category and (m := _ITEM.match(line)) and (text := _complete(m.group(2))):
            items.append(Item(category, f"第{article}条第（{m.group(1)}）项", text.rstrip("；。")))
    return items


def _parse_flat(spec: Standard, pattern: re.Pattern, number: str) -> list[Item]:
    """A standard whose items are one numbered list (``number`` formats the item's own mark)."""
    category = spec.categories[0][0]
    return [
        Item(category, number.format(m.group(1)), text)
        for line in _body(spec.file)
        if (m := pattern.match(line)) and (text := _complete(m.group(2)))
    ]


def parse_chemicals() -> list[Item]:
    return _parse_flat(OTHERS[0], _ITEM, "（{}）")


def parse_fireworks() -> list[Item]:
    return _parse_flat(OTHERS[1], _ORDER, "{}")


def parse_mines() -> list[Item]:
    """地下矿山 items; an item "存在下列情形之一的：" is loaded as its complete sub-items."""
    out, lead, section = [], None, None
    lines = sources.read(*FOLDER, OTHERS[2].file).splitlines()
    for line in lines[lines.index("## 金属非金属矿山重大事故隐患判定标准") :]:
        if line.startswith("### "):
            section = line[4:].split("、", 1)[0]
        elif section != "一":
            continue
        elif m := _ITEM.match(line):
            text = _complete(m.group(2))
            lead = (m.group(1), text) if text and text.endswith("：") else None
            if text and not lead:
                out.append(Item("金属非金属地下矿山", f"{section}（{m.group(1)}）", text))
        elif lead and (m := _ORDER.match(line)) and (text := _complete(m.group(2))):
            number = f"{section}（{lead[0]}）{m.group(1)}"
            out.append(Item("金属非金属地下矿山", number, lead[1] + text.rstrip("；。")))
    return out


def load_standards(Standard, Category, Criterion=None) -> None:
    """Idempotent; takes the model classes so that migrations can pass historical models.
    With ``Criterion``, also loads the verified item texts (existing items are kept)."""
    std, _ = Standard.objects.get_or_create(
        name=GONGMAO,
        defaults={
            "document": "应急管理部令第10号",
            "effective_from": datetime.date(2023, 5, 15),
            "total_count": 64,
            "note": NOTE,
        },
    )
    if std.note != NOTE and Criterion is not None:
        std.note = NOTE
        std.save(update_fields=["note"])
    cats = {}
    for order, (name, count) in enumerate([("管理类", 3), ("行业类", 47), ("专项类", 14)], 1):
        cats[name], _ = Category.objects.get_or_create(
            standard=std, name=name, defaults={"expected_count": count, "order": order}
        )
    for order, name in enumerate(SPECIAL, 1):
        cats[name], _ = Category.objects.get_or_create(
            standard=std, name=name, defaults={"parent": cats["专项类"], "order": 10 + order}
        )
    if Criterion is None:
        return
    for order, name in enumerate(INDUSTRIES, 1):
        cats[name], _ = Category.objects.get_or_create(
            standard=std, name=name, defaults={"parent": cats["行业类"], "order": 20 + order}
        )
    _load_items(Criterion, std, cats, parse_gongmao())
    for spec, parse in zip(OTHERS, (parse_chemicals, parse_fireworks, parse_mines), strict=True):
        other, _ = Standard.objects.get_or_create(
            name=spec.name,
            defaults={
                "document": spec.document,
                "effective_from": spec.effective_from,
                "total_count": spec.total,
                "note": spec.note,
            },
        )
        own = {}
        for order, (name, count) in enumerate(spec.categories, 1):
            own[name], _ = Category.objects.get_or_create(
                standard=other, name=name, defaults={"expected_count": count, "order": order}
            )
        _load_items(Criterion, other, own, parse())


def _load_items(Criterion, std, cats, items) -> None:
    have = set(Criterion.objects.filter(standard=std.name).values_list("number", flat=True))
    Criterion.objects.bulk_create(
        Criterion(
            standard=std.name,
            category=cats[it.category].name,
            category_ref=cats[it.category],
            number=it.number,
            text=it.text,
        )
        for it in items
        if it.number not in have
    )


def ensure_standards() -> None:
    from .models import HazardCriterion, HazardStandard, HazardStandardCategory

    load_standards(HazardStandard, HazardStandardCategory, HazardCriterion)
