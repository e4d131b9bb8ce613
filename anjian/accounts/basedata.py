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
    for d in data["departments"]:
        dept, _ = Department.objects.update_or_create(
            region=county,
            code=d["code"],
            defaults={
                "name": d["name"],
                "short_name": d["short"],
                "doc_prefix": COUNTY[2] + d["short"][:2],
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
