"""Issue 19 point 1: each counting rule of docs/counting-rules.md that follows the seed's words
(统计汇总表 seed 000 附件2), with the records a clerk would count by hand."""

from datetime import date, datetime
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

from anjian.accounts.models import Department
from anjian.enforcement.models import Case, CaseParty, Document, Exposure
from anjian.hazards.models import Disposal, Hazard
from anjian.inspections.services import found_on_inspection_day
from anjian.stats.figures import Period, Unit, compute, records
from anjian.testing import make_enterprise

from .conftest import at

MAY = Period.month(2023, 5)
TZ = timezone.get_current_timezone


def dept_total(dept, key, period=MAY):
    return compute("s1", Unit(department=dept), period).total.values[key]


def hazard(w, ent, dept, found):
    return Hazard.objects.create(
        enterprise=ent, department=dept, source="inspection", level="general",
        description="隐患", found_at=found, region_code=ent.region_id,
    )  # fmt: skip


# 现场紧急处置 — “含暂扣许可证、暂时停产停业、暂时停止建设（使用设备）、停止供电、停止使用民爆物品等处置措施”
def test_emergency_counts_a_suspension_chosen_as_disposal(scenario):
    w = scenario.world
    assert dept_total(w.yjj, "emergency") == 2  # chem, food (conftest)
    mine = make_enterprise("安居某矿业有限公司", "510904001202", "非煤矿山", 11)
    other = make_enterprise("安居某商贸有限公司", "510904001202", "商贸", 12)
    h = hazard(w, mine, w.yjj, at(2023, 5, 3))
    Disposal.objects.create(
        hazard=h, option="suspend", decided_by=w.inspector, decided_at=at(2023, 5, 4)
    )
    h2 = hazard(w, other, w.yjj, at(2023, 5, 3))
    Disposal.objects.create(hazard=h2, option="deadline", decided_by=w.inspector, decided_at=at(2023, 5, 4))  # fmt: skip
    assert dept_total(w.yjj, "emergency") == 3
    listed = set(records("s1", "emergency", Unit(department=w.yjj), MAY))
    assert mine in listed and other not in listed


# 发现隐患数量 of an inspection falls in the month of the inspection (检查日期), as 派出检查小组 does.
def test_hazard_found_by_inspection_dated_on_the_inspection_day():
    insp = SimpleNamespace(inspected_on=date(2023, 5, 31))
    late = datetime(2023, 6, 1, 9, 0, tzinfo=TZ())
    # recorded on site on the 31st, submitted the next morning: the recording time
    f = SimpleNamespace(created_at=datetime(2023, 5, 31, 16, 0, tzinfo=TZ()))
    assert found_on_inspection_day(insp, f, late) == f.created_at
    # recorded afterwards: the end of the inspection day, still in May
    f = SimpleNamespace(created_at=late)
    got = found_on_inspection_day(insp, f, late)
    assert timezone.localtime(got).date() == date(2023, 5, 31)
    # submitted the same day: the submission time
    same = datetime(2023, 5, 31, 18, 0, tzinfo=TZ())
    assert found_on_inspection_day(insp, SimpleNamespace(created_at=None), same) == same


def test_month_of_inspection_hazards_in_s1(scenario):
    w = scenario.world
    before = dept_total(w.yjj, "found")
    insp = SimpleNamespace(inspected_on=date(2023, 5, 31))
    found = found_on_inspection_day(insp, SimpleNamespace(created_at=None), at(2023, 6, 1, 8))
    hazard(w, w.chem, w.yjj, found)
    assert dept_total(w.yjj, "found") == before + 1
    assert dept_total(w.yjj, "found", Period.month(2023, 6)) == 1  # conftest h7 only


# 立案 — a 当场处罚 under the 简易程序 has no 立案 but counts in 罚款 with its amount.
def test_simple_procedure_counts_in_fines_not_in_cases(scenario):
    w = scenario.world
    assert dept_total(w.yjj, "cases") == 1
    assert dept_total(w.yjj, "fines") == Decimal("5.0346")
    c = Case.objects.create(
        department=w.yjj, enterprise=w.food, region_code=w.food.region_id, title="当场处罚",
        procedure="simple", stage="closed", filed_on=date(2023, 5, 9), decided_on=date(2023, 5, 9),
        created_by=w.inspector,
    )  # fmt: skip
    CaseParty.objects.create(case=c, kind="enterprise", name=w.food.name, fine=Decimal("200"))
    assert dept_total(w.yjj, "cases") == 1
    assert c not in set(records("s1", "cases", Unit(department=w.yjj), MAY))
    assert dept_total(w.yjj, "fines") == Decimal("5.0546")


# 下达执法文书 — documents issued to the inspected party; internal and inter-authority forms not.
def test_documents_count_only_those_issued_to_the_party(scenario):
    w = scenario.world
    assert dept_total(w.yjj, "documents") == 2
    for seq, kind in enumerate(
        ["filing_approval", "closing_approval", "transfer_form", "penalty_decision"], start=50
    ):
        Document.objects.create(
            kind=kind, department=w.yjj, region_code=w.chem.region_id, year=2023, seq=seq,
            number=f"{kind}-{seq}", enterprise=w.chem, issued_on=date(2023, 5, 20),
            issued_by=w.inspector,
        )  # fmt: skip
    assert dept_total(w.yjj, "documents") == 3
    kinds = {d.kind for d in records("s1", "documents", Unit(department=w.yjj), MAY)}
    assert kinds == {"rectification_order", "penalty_decision"}


# Each figure belongs to the sector row of the enterprise it concerns (进行曝光 included).
def test_exposure_counts_under_the_row_of_its_enterprise(scenario):
    w = scenario.world
    gaj = Department.objects.get(code="gaj")
    mb = make_enterprise("安居某民爆器材有限公司", "510904001202", "民爆物品", 13)

    def expose(title, **links):
        e = Exposure.objects.create(
            department=gaj, region_code=gaj.region.code, channel="区融媒体中心", title=title,
            published_on=date(2023, 5, 18), created_by=w.inspector,
        )  # fmt: skip
        for name, objs in links.items():
            getattr(e, name).set(objs)
        return e

    expose("民爆企业曝光", enterprises=[mb])
    c = Case.objects.create(
        department=gaj, enterprise=mb, region_code=mb.region_id, title="民爆案",
        filed_on=date(2023, 5, 2), created_by=w.inspector,
    )  # fmt: skip
    expose("民爆案件曝光", cases=[c])
    expose("道路交通安全宣传曝光")  # no enterprise: the department's first sector
    t = compute("s1", Unit(department=gaj), MAY)
    rows = {r.label: r.values["exposures"] for r in t.rows}
    assert rows["民爆物品"] == 2 and rows["道路交通"] == 1
    assert t.total.values["exposures"] == 3
    unit = Unit(department=gaj)
    assert records("s1", "exposures", unit, MAY, row="民爆物品").count() == 2
