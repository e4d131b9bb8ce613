"""Synthetic enterprises for the demo, the tests and the benchmarks (bulk inserts)."""

import random
from datetime import date, timedelta

from django.db import connection, transaction

from anjian.accounts.models import Region, Sector

from . import creditcode
from .models import Enterprise, EnterpriseSector, Licence, Person

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力斌波宁飞鹏云凤林国庆"
TRADE = [
    "鑫",
    "恒",
    "盛",
    "泰",
    "华",
    "源",
    "达",
    "丰",
    "宏",
    "兴",
    "瑞",
    "安",
    "顺",
    "通",
    "德",
    "信",
    "隆",
    "昌",
    "祥",
    "福",
    "永",
    "金",
    "川",
    "蜀",
    "锦",
    "天",
    "中",
    "新",
    "博",
    "宇",
    "嘉",
    "润",
    "汇",
    "聚",
    "众",
    "诚",
    "佳",
    "beyond",
][:-1]
BY_SECTOR = {
    "危险化学品": ["化工", "化学品经营", "精细化工", "气体"],
    "非煤矿山": ["矿业", "石材开采", "砂石"],
    "工贸": ["食品", "机械制造", "家具", "纺织", "冶金设备", "木业", "饲料", "酒业"],
    "烟花爆竹": ["烟花爆竹经营"],
    "商贸": ["商贸", "超市", "物流"],
    "金属冶炼": ["铸造", "冶炼"],
    "建筑施工": ["建筑工程", "建设", "市政工程"],
    "交通运输": ["运输", "客运", "货运"],
    "特种设备": ["电梯", "锅炉", "起重机械"],
    "文化旅游": ["旅游开发", "文化传媒", "酒店"],
    "城镇燃气": ["燃气"],
    "民爆物品": ["民爆器材"],
}
ROADS = [
    "人民路",
    "建设路",
    "滨江路",
    "兴业大道",
    "工业园路",
    "龙泉路",
    "凤凰大道",
    "安居大道",
    "柔刚路",
    "玉丰街",
]


def _name(rng, sector, town_name):
    trade = "".join(rng.sample(TRADE, 2))
    kind = rng.choice(BY_SECTOR.get(sector, ["实业"]))
    form = rng.choice(["有限公司", "有限责任公司", "股份有限公司", "厂"])
    prefix = rng.choice(["遂宁", "安居区", "遂宁市", "四川"])
    return f"{prefix}{trade}{kind}{form}"


def person_name(rng):
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2])))


def generate(
    n: int, *, seed: int = 2023, batch: int = 5000, with_people: bool = True, stdout=None
) -> int:
    """Insert `n` enterprises with sectors, licences and people. Returns the number created."""
    rng = random.Random(seed)
    villages = list(Region.objects.filter(level="village").select_related("parent"))
    if not villages:
        raise RuntimeError("请先加载基础数据（区划、部门）：anjian loadbase")
    sectors = list(Sector.objects.all())
    weights = [
        {
            "工贸": 30,
            "建筑施工": 12,
            "交通运输": 10,
            "特种设备": 8,
            "商贸": 10,
            "危险化学品": 6,
            "文化旅游": 5,
            "城镇燃气": 2,
            "非煤矿山": 2,
            "烟花爆竹": 2,
            "金属冶炼": 2,
            "民爆物品": 1,
        }.get(s.name, 1)
        for s in sectors
    ]
    used = set(Enterprise.objects.values_list("credit_code", flat=True)) if n < 50000 else set()
    today = date.today()
    created = 0
    while created < n:
        size = min(batch, n - created)
        ents, extra_sectors = [], []
        for _ in range(size):
            code = creditcode.generate(rng)
            while code in used:
                code = creditcode.generate(rng)
            used.add(code)
            village = rng.choice(villages)
            sector = rng.choices(sectors, weights)[0]
            employees = int(rng.lognormvariate(3.3, 1.1))
            ent = Enterprise(
                credit_code=code,
                name=_name(rng, sector.name, village.parent.name),
                address=f"{village.parent.name}{village.name}{rng.choice(ROADS)}{rng.randint(1, 999)}号",
                region_id=village.code,
                primary_sector=sector,
                employees=employees,
                state_owned=rng.random() < 0.05,
                ammonia_refrigeration=sector.name == "工贸" and rng.random() < 0.05,
                confined_space=rng.random() < 0.15,
                dust_explosion=sector.name == "工贸" and rng.random() < 0.08,
                two_key_one_major=sector.name == "危险化学品" and rng.random() < 0.3,
                high_risk=sector.high_risk,
                major_hazard_level=rng.choice([1, 2, 3, 4])
                if (sector.name == "危险化学品" and rng.random() < 0.2)
                else 0,
                status=rng.choices(["normal", "suspended", "closed"], [96, 3, 1])[0],
                legal_representative=person_name(rng),
                contact_phone=f"13{rng.randint(100000000, 999999999)}",
            )
            ents.append(ent)
            extra_sectors.append(rng.choice(sectors) if rng.random() < 0.15 else None)
        with transaction.atomic():
            Enterprise.objects.bulk_create(ents, batch_size=1000)
            if ents[0].pk is None:
                ids = dict(
                    Enterprise.objects.filter(
                        credit_code__in=[e.credit_code for e in ents]
                    ).values_list("credit_code", "pk")
                )
                for e in ents:
                    e.pk = e.id = ids[e.credit_code]
            links = []
            for e, extra in zip(ents, extra_sectors, strict=True):
                links.append(
                    EnterpriseSector(
                        enterprise_id=e.pk, sector_id=e.primary_sector_id, is_primary=True
                    )
                )
                if extra and extra.id != e.primary_sector_id:
                    links.append(EnterpriseSector(enterprise_id=e.pk, sector_id=extra.id))
            EnterpriseSector.objects.bulk_create(links, batch_size=2000)
            if with_people:
                lic, ppl = [], []
                for e in ents:
                    ppl.append(
                        Person(
                            enterprise_id=e.pk,
                            role="principal",
                            name=e.legal_representative,
                            cert_no=f"ZY{rng.randint(10**9, 10**10 - 1)}",
                            cert_expiry=today + timedelta(days=rng.randint(-60, 1000)),
                        )
                    )
                    if rng.random() < 0.5:
                        ppl.append(
                            Person(
                                enterprise_id=e.pk,
                                role="manager",
                                name=person_name(rng),
                                cert_no=f"AQ{rng.randint(10**9, 10**10 - 1)}",
                                cert_expiry=today + timedelta(days=rng.randint(-30, 1000)),
                            )
                        )
                    if rng.random() < 0.3:
                        ppl.append(
                            Person(
                                enterprise_id=e.pk,
                                role="special_worker",
                                name=person_name(rng),
                                operation=rng.choice(
                                    ["电工作业", "焊接与热切割作业", "高处作业", "制冷与空调作业"]
                                ),
                                cert_no=f"T{rng.randint(10**14, 10**15 - 1)}",
                                cert_expiry=today + timedelta(days=rng.randint(-30, 2000)),
                            )
                        )
                    if e.high_risk or e.two_key_one_major:
                        lic.append(
                            Licence(
                                enterprise_id=e.pk,
                                kind="安全生产许可证",
                                number=f"(川)WH安许证字[{rng.randint(2020, 2025)}]{rng.randint(1000, 9999)}",
                                issuer="四川省应急管理厅",
                                valid_until=today + timedelta(days=rng.randint(-40, 1095)),
                            )
                        )
                Person.objects.bulk_create(ppl, batch_size=2000)
                Licence.objects.bulk_create(lic, batch_size=2000)
        created += size
        if stdout:
            stdout.write(f"  已生成 {created}/{n}")
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE registry_enterprise; ANALYZE registry_enterprisesector;")
    return created
