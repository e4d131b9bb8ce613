"""Importing the seed task tables (002 附件1, 004 附件): per-row errors, all-or-nothing."""

from datetime import date

from anjian.audit.models import AuditEntry
from anjian.tasks.excel import import_task_list
from anjian.tasks.models import Task, TaskList, Unit

from .conftest import xlsx

A1 = "一、属地党委政府责任强化行动"
T1 = (
    "1.树牢红线意识。集中组织学习习近平总书记关于安全生产重要论述和重要指示批示精神，"
    "始终牢记“发展绝不能以牺牲安全为代价”，专题学习安全生产“十五条硬措施”。"
)
T2 = "2.全面动员部署。结合实际制定本辖区本行业专项行动方案，党委主要负责人要定期听取专项行动情况汇报。"
T3 = "3.强化宣传力度。深入开展“安全生产月”、安全宣传教育“五进”等活动。"
T4 = "4．强化工作保障。各行业主管部门要督促企业按规定比例提取安全生产费用，保障重大事故隐患排查整治。"
AQ_GH = "安全生产部、规划建设部"

# Seed 002 附件1, action 一 (all 12 工作要求) and the first rows of action 二. As in the seed,
# the running number shows only on some rows and merged cells are empty below their first row.
SEED_002 = [
    [1, A1, T1, "（1）集中组织学习习近平总书记关于安全生产重要论述和重要指示批示精神。", "安全生产部", "2023年7月30日前"],
    [None, None, None, "（2）专题学习安全生产“十五条硬措施”。", AQ_GH, "2023年7月30日前"],
    [None, None, T2, "（1）结合实际制定专项行动方案。", "安全生产部、", "2023年5月23日前"],
    [None, None, None, "（2）党委主要负责人要每3个月听取1次专项行动情况汇报。", AQ_GH, "8月中旬、11月中旬"],
    [None, None, None, "（3）部门主要负责人亲自组织召开专题会议动员部署。", AQ_GH, "2023年5月20日前"],
    [None, None, None, "（4）部门主要负责人每月开展1次调研检查或专题调度，组织研判重大安全风险，研究解决突出问题。", AQ_GH, "每月"],
    [None, None, None, "（5）部门分管负责人每月开展1次调研检查或专题调度，组织研判重大安全风险，研究解决突出问题。", AQ_GH, "每月"],
    [None, None, None, "（6）部门分管负责人每月组织1次研究分析分管领域安全生产形势，推动分管行业领域排查整治重点任务。", AQ_GH, "每月"],
    [9, None, T3, "（1）在黔江融媒、黔江高新区公众号等媒体上，每月宣传1次排查整治工作中的典型经验做法，曝光1次发现的重大隐患和突出问题。", "安全生产部、规划建设部、党政办", "2023年6月25日前"],
    [10, None, None, "（2）开展1次线上、线下等多形式广泛宣传，扩大有奖举报知晓率、参与率，广泛发动企业员工内部举报和社会匿名举报，着力提升举报的积极性和主动性。", AQ_GH, "2023年6月30日前"],
    [None, None, T4, "（1）通过政府购买服务、聘请专家等方式强化对本行业领域重点企业安全生产工作的指导帮扶，至少1次。", AQ_GH, "2023年10月31日前"],
    [None, None, None, "（2）加强应急管理基层基础建设，配齐配强基层应急管理专职人员，配备专兼职技术检查员，提升基层重大事故隐患查处能力。", "党政办", "2023年11月30日前"],
    [None, "二、企业主要负责人依法履职行动", "1．全面开展隐患排查整治。企业主要负责人要认真组织研究本行业领域事故隐患判定标准或重点检查事项。", "（1）督促企业主要负责人组织学习研究本行业领域事故隐患判定标准或重点检查事项。", "安全生产部、规划建设部、园区各企业", "2023年6月30日前"],
    [None, None, None, "（2）督促企业建立健全“日周月”隐患排查机制，严格开展“日周月”隐患排查，做到全员发现并及时消除事故隐患。", "安全生产部、规划建设部、园区各企业", "常态化"],
]  # fmt: skip
TITLE_002 = "正阳工业园区重大隐患专项排查整治2023行动工作清单和责任清单"
HEADER_002 = ["八个专项行动", None, "行动任务", "工作要求", "责任部室", "时限要求"]


def book_002(rows):
    return xlsx([[TITLE_002], HEADER_002, *rows], merges=["A2:B2"])


def do_import(w, buf, year=2023, region=None):
    return import_task_list(
        w.awb,
        buf,
        title="重大隐患专项排查整治2023行动",
        region=region or w.park,
        year=year,
        start=date(year, 5, 1),
        end=date(year, 12, 31),
    )


def test_seed_002_table_imports_every_requirement(units_world):
    w = units_world
    result = do_import(w, book_002(SEED_002))
    assert result.ok, result.errors
    assert result.layout == "002" and result.created == 14
    tasks = {t.seq: t for t in Task.objects.filter(task_list=result.task_list)}
    assert sorted(tasks) == list(range(1, 15))
    # merged cells carried down
    assert tasks[2].measure == A1 and tasks[2].task == T1
    assert tasks[8].task == T2 and tasks[12].task == T4
    assert tasks[13].measure == "二、企业主要负责人依法履职行动"
    # units mapped to departments by name; the seed's trailing 、 is harmless
    assert [u.label for u in tasks[1].units.all()] == ["安全生产部"]
    assert [u.label for u in tasks[3].units.all()] == ["安全生产部"]
    assert {u.label for u in tasks[9].units.all()} == {"安全生产部", "规划建设部", "党政办"}
    # 园区各企业 are not units: the departments named alongside remain responsible
    assert {u.label for u in tasks[13].units.all()} == {"安全生产部", "规划建设部"}
    # deadlines of every kind in the seed
    assert tasks[3].deadline_spec.dates == (date(2023, 5, 23),)
    assert tasks[4].deadline_spec.dates == (date(2023, 8, 20), date(2023, 11, 20))
    assert tasks[6].deadline_spec.kind == "monthly"
    assert tasks[14].deadline_spec.kind == "continuous"
    assert tasks[4].deadline_text == "8月中旬、11月中旬"
    assert AuditEntry.objects.filter(action="tasklist.import").count() == 1
    assert AuditEntry.objects.filter(action="task.import").count() == 14


def test_seed_002_typo_and_bad_deadline_import_nothing(units_world):
    w = units_world
    rows = [list(r) for r in SEED_002]
    rows[12][4] = "负安全生产部、规划建设部、园区各企业"  # the seed's own typo
    rows[5][5] = "尽快"
    units_before = Unit.objects.count()
    result = do_import(w, book_002(rows))
    assert not result.ok
    assert [(e.row, e.column) for e in result.errors] == [(8, "时限要求"), (15, "责任部室")]
    assert "无法识别" in result.errors[0].message
    assert result.errors[1].message == "未知的责任单位“负安全生产部”（是否为“安全生产部”？）"
    assert not TaskList.objects.exists() and not Task.objects.exists()
    assert Unit.objects.count() == units_before
    assert not AuditEntry.objects.filter(action__startswith="task").exists()


M1 = "一、严格落实地方党委安全生产责任"
D1 = "安全生产是人命关天的大事，事关国之大者，各级党委都必须高度重视。"
K1 = "1.严格落实《重庆市党政领导干部安全生产责任制实施细则》，坚持“党政同责、一岗双责、齐抓共管、失职追责”。"
K2 = "2.落实习近平总书记关于安全生产与自然灾害防治的重要论述和重要指示精神跟进学习机制，及时组织传达。"
K3 = "3.各级党委（党组）主要负责人每季度至少组织召开1次会议，研究解决安全生产与自然灾害防治重大问题。"
K4 = "4.各级党委（党组）专题研究落实“十五条硬措施”有关工作。"
K5 = "5.区委宣传部与区应急局牵头，进一步加大安全工作宣传力度。"
ALL_PARTY = "各镇（街道）党委（党工委）、各管委会、区级有关部门党委（组）、区属国有企业党委"
SEED_004 = [
    [M1, D1, K1, "（1）5月底，建立“党政同责、一岗双责”有责任、有指标、有部署、有推进、有考核“五有”责任制。", "区委办，" + ALL_PARTY],
    [None, None, None, "（2）在年度经济社会发展考核中加大安全生产和自然灾害防治等约束性指标权重，并逐步提高。", "区委办、区委组织部"],
    [None, None, None, "（3）5月底，建立考核考评、晋升考察、代表推荐、评先评优工作机制。制定相关文件明确“安全必查”，并长期落实。", "区委组织部"],
    [None, None, K2, "（4）落实跟进学习机制，及时传达学习研究贯彻。", "区委宣传部，" + ALL_PARTY],
    [None, None, None, "（5）纳入中心组学习内容，每年不少于1次专题学习。", None],
    [None, None, None, "（6）纳入干部教育培训内容。", "区委组织部、区委党校"],
    [None, None, K3, "（7）区委主要负责人每季度至少组织1次专题研究，解决重大问题，每季度实地开展调研检查1次；每半年听取1次班子成员履职情况汇报。", "区委办"],
    [None, None, None, "（8）镇街主要负责人每月至少组织1次专题研究，解决重大问题，每月实地开展调研检查1次；每季度听取1次班子成员履职情况汇报。", "各镇（街道）党委（党工委）"],
    [None, None, None, "（9）班子成员按照职责抓好分管行业（领域）、部门（单位）安全工作，细化支持保障重点措施。", "区委办，各镇（街道）党委（党工委）"],
    [None, None, K4, "（10）5月上旬，专题研究落实“十五条措施”有关工作，明确党委成员相关工作职责。", "区委办，各镇（街道）党委（党工委）"],
    [None, None, None, "（11）5月中旬，制定工作方案，专题研究解决“两个不到位、两个不扎实”具体问题，并召开动员部署会。", "区委办，各镇（街道）党委（党工委）"],
    [None, None, K5, "（12）常态化保持3条（幅）以上的标语、海报、专栏或视频。", "各镇街、相关区级部门、区属国有企业、各管委会、各企业"],
    [None, None, None, "（13）每季度、重要时段、重要事项主动开展安全宣传发布（新闻发布会、媒体通气会或集中采访）。", "区委宣传部、区应急局，相关区级部门"],
]  # fmt: skip
HEADER_004 = ["十五条硬措施", "措施具体内容", "重点任务", "具体工作要点", "责任单位"]


def test_seed_004_table_imports_with_units_and_deadlines(units_world):
    w = units_world
    buf = xlsx(
        [["铜梁区落实“十五条硬措施”重点任务和安全生产大检查工作要点"], HEADER_004, *SEED_004]
    )
    result = do_import(w, buf, year=2022, region=w.county)
    assert result.ok, result.errors
    assert result.layout == "004" and result.created == 13
    t = {x.seq: x for x in Task.objects.filter(task_list=result.task_list)}
    assert sorted(t) == list(range(1, 14))
    labels1 = {u.label for u in t[1].units.all()}
    # 区委办 + every town and street (15) + the park's 管委会 (1); party/SOE wording adds nobody
    assert "区委办公室" in labels1 and "白马镇" in labels1 and "柔刚街道" in labels1
    assert "安居经济技术开发区" in labels1 and len(labels1) == 17
    # （5） has an empty 责任单位 cell: merged with the row above
    assert {u.label for u in t[5].units.all()} == {u.label for u in t[4].units.all()}
    assert {u.label for u in t[6].units.all()} == {"区委组织部", "区委党校"}
    assert {u.label for u in t[13].units.all()} == {"区委宣传部", "区应急局"}
    assert t[5].measure == M1 and t[5].measure_detail == D1 and t[5].task == K2
    # deadlines taken from the 工作要点 text
    assert t[1].deadline_spec.dates == (date(2022, 5, 31),)
    assert t[10].deadline_spec.dates == (date(2022, 5, 10),)
    assert t[11].deadline_spec.dates == (date(2022, 5, 20),)
    assert t[5].deadline_spec.kind == "yearly"
    assert t[7].deadline_spec.kind == "quarterly"
    assert t[8].deadline_spec.kind == "monthly"
    assert t[12].deadline_spec.kind == "continuous"


def test_seed_004_unknown_unit_is_a_row_error(units_world):
    w = units_world
    bad = [
        None,
        None,
        "16.落实“有案必查、一案双查、三责同追、四不放过”。",
        "（41）区应急局牵头组织对典型事故查处实施挂牌督办。",
        "区应急局，区公安局、区总工会、区应急局、区级相关区级部门；必要时邀请区纪委监委机关、区检察院",
    ]
    buf = xlsx([HEADER_004, *SEED_004[:3], bad])
    result = do_import(w, buf, year=2022, region=w.county)
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (5, "责任单位", "未知的责任单位“区总工会”")
    ]
    assert not Task.objects.exists()


def test_missing_header_and_non_xlsx_are_reported(units_world):
    w = units_world
    result = do_import(w, xlsx([["序号", "任务", "单位"], [1, "x", "y"]]))
    assert result.errors[0].column == "表头"
    import io

    junk = io.BytesIO(b"not a workbook")
    junk.name = "a.xlsx"
    assert do_import(w, junk).errors[0].column == "文件"


def test_only_the_awb_may_import(units_world):
    import pytest
    from django.core.exceptions import PermissionDenied

    w = units_world
    with pytest.raises(PermissionDenied):
        import_task_list(
            w.inspector, book_002(SEED_002), title="x", region=w.county, year=2023,
            start=date(2023, 1, 1), end=date(2023, 12, 31),
        )  # fmt: skip
