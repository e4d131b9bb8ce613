"""Reference data: the demo region tree, sectors and departments (division of seed 004)."""

import json
from pathlib import Path

from django.db import transaction

from .models import Department, Region, Sector

DATA = Path(__file__).resolve().parent / "data"

COUNTY = ("510904000000", "遂宁市安居区", "安居")
# Towns, streets and the park of 安居区 (seed 000's issuing district). Codes follow the
# 行政区划 pattern (county 6 + town 3 + village 3 digits).
TOWNS = [
    ("510904001000", "柔刚街道", "street"),
    ("510904002000", "凤凰街道", "street"),
    ("510904003000", "观音桥街道", "street"),
    ("510904004000", "西眉街道", "street"),
    ("510904101000", "白马镇", "town"),
    ("510904102000", "三家镇", "town"),
    ("510904103000", "玉丰镇", "town"),
    ("510904104000", "拦江镇", "town"),
    ("510904105000", "保石镇", "town"),
    ("510904106000", "磨溪镇", "town"),
    ("510904107000", "横山镇", "town"),
    ("510904108000", "聚贤镇", "town"),
    ("510904109000", "分水镇", "town"),
    ("510904110000", "石洞镇", "town"),
    ("510904111000", "常理镇", "town"),
    ("510904400000", "安居经济技术开发区", "park"),
]
# Demo configuration of each department's documents (staff edit it on the department page):
# the authority's full name as it signs (机关全称), and, for all of them, the county
# government as 行政复议机关 (行政复议法 2023 第二十四条), the county court, and the county
# finance bureau's non-tax revenue account for fines (罚缴分离, 行政处罚法第六十七条).
FULL_NAMES = {
    "yjj": "遂宁市安居区应急管理局",
    "zjw": "遂宁市安居区住房和城乡建设局",
    "jtj": "遂宁市安居区交通运输局",
    "gaj": "遂宁市公安局安居区分局",
    "scjgj": "遂宁市安居区市场监督管理局",
    "xfzd": "遂宁市安居区消防救援大队",
    "wlw": "遂宁市安居区文化广播电视和旅游局",
    "jxw": "遂宁市安居区经济和信息化局",
    "fgw": "遂宁市安居区发展和改革局",
    "cgj": "遂宁市安居区城市管理局",
    "slj": "遂宁市安居区水利局",
    "ghzyj": "遂宁市安居区自然资源和规划局",
    "lyj": "遂宁市安居区林业局",
    "gzzx": "遂宁市安居区国有资产服务中心",
    "jw": "遂宁市安居区教育局",
    "sww": "遂宁市安居区商务局",
    "wjw": "遂宁市安居区卫生健康局",
    "mzj": "遂宁市安居区民政局",
}
AUTHORITY_DEFAULTS = {
    "review_body": "遂宁市安居区人民政府",
    "court": "遂宁市安居区人民法院",
    "address": "四川省遂宁市安居区柔刚街道政务中心",
    "postcode": "629000",
    "bank_name": "中国农业银行股份有限公司遂宁安居支行",
    "bank_account_name": "遂宁市安居区财政局非税收入汇缴结算户",
    "bank_account": "22-850101040000000",
}
VILLAGE_NAMES = ["建设", "和平", "新华", "红星", "光明", "东风", "团结", "幸福", "胜利", "长江"]


@transaction.atomic
def load_reference_data(villages_per_town: int = 4) -> Region:
    county, _ = Region.objects.update_or_create(
        code=COUNTY[0],
        defaults={"name": COUNTY[1], "short_name": COUNTY[2], "level": "county", "kind": "county"},
    )
    for code, name, kind in TOWNS:
        town, _ = Region.objects.update_or_create(
            code=code, defaults={"name": name, "level": "town", "kind": kind, "parent": county}
        )
        for i in range(villages_per_town):
            suffix = "社区" if kind in ("street", "park") else "村"
            vkind = "community" if suffix == "社区" else "village"
            Region.objects.update_or_create(
                code=code[:9] + f"{201 + i:03d}",
                defaults={
                    "name": f"{name[:2]}{VILLAGE_NAMES[i % len(VILLAGE_NAMES)]}{suffix}",
                    "level": "village",
                    "kind": vkind,
                    "parent": town,
                },
            )
    data = json.loads((DATA / "departments.json").read_text(encoding="utf-8"))
    for i, d in enumerate(data["departments"], start=1):
        dept, _ = Department.objects.update_or_create(
            region=county,
            code=d["code"],
            defaults={
                "name": d["name"],
                "short_name": d["short"],
                "doc_prefix": COUNTY[2] + d["short"][:2],
                "full_name": FULL_NAMES.get(d["code"], COUNTY[1] + d["name"].removeprefix("区")),
                "phone": f"0825-866{i:05d}",
                **AUTHORITY_DEFAULTS,
            },
        )
        sector_objs = []
        for s in d["sectors"]:
            sector, _ = Sector.objects.update_or_create(
                code=s["code"],
                defaults={
                    "name": s["name"],
                    "stats_row": s.get("stats_row") or s["name"],
                    "high_risk": bool(s.get("high_risk")),
                },
            )
            sector_objs.append(sector)
        dept.sectors.set(sector_objs)
    return county
