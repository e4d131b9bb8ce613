"""Demo data: seed 000's 遂宁市安居区安全生产“强安2023”监管执法专项行动, and a self-inspection."""

from datetime import date, timedelta

from django.utils import timezone

from anjian.accounts.models import Department, Region, User
from anjian.checklists.models import ChecklistTemplate
from anjian.checklists.seed import ANNEX1_CODE, load_annex1

from . import services
from .models import Campaign

QIANGAN_TITLE = "遂宁市安居区安全生产“强安2023”监管执法专项行动"
QIANGAN_DOC_NO = "遂安安委办发〔2023〕20号"


def qiangan2023_fields(region) -> dict:
    """The campaign as seed 000 describes it (实施方案 五、实施步骤 and 六（四）加强调度)."""
    return {
        "title": QIANGAN_TITLE,
        "doc_no": QIANGAN_DOC_NO,
        "issuer": "遂宁市安居区人民政府安全生产委员会办公室",
        "issued_on": date(2023, 3, 21),
        "region": region,
        "start": date(2023, 3, 21),
        "end": date(2023, 12, 20),
        "summary": (
            "以督促企业落实安全生产主体责任为主线，对本地区本行业领域企业开展全面的监管执法检查；"
            "重点检查企业名录库全覆盖执法检查，一般检查企业名录库实施“双随机”抽查；"
            "依法实行“一案双查”或“一案多查”。"
        ),
        "inspections_per_dept_month": 3,
        "key_coverage_pct": 100,
        "general_sample_pct": None,
        "phases": [
            {
                "kind": "self_check",
                "name": "全面部署及企业自查自改",
                "start": date(2023, 3, 21),
                "end": date(2023, 3, 31),
                "tasks": (
                    "各部门制定专项行动工作（实施）方案，建立重点检查企业名录库和一般检查企业名录库，"
                    "印发《重点检查事项清单》；企业对照《企业全员安全生产履职合法性检查表》（附件1）自查；"
                    "各部门在2023年3月31日前对企业自查发现隐患问题清单和整改计划进行备案。"
                ),
            },
            {
                "kind": "enforcement",
                "name": "集中监管执法检查",
                "start": date(2023, 4, 1),
                "end": date(2023, 11, 30),
                "tasks": "以“四不两直”、暗查暗访、突击检查等模式开展执法检查；每月至少检查3家企业。",
            },
            {
                "kind": "review",
                "name": "巩固提高（回头看回头查）",
                "start": date(2023, 12, 1),
                "end": date(2023, 12, 20),
                "tasks": "开展“回头看回头查”活动；12月15日前将本行业领域开展专项行动总结报区安办。",
            },
        ],
        "duties": [
            {
                "title": "专项行动专职联络员（附件3）、本行业领域专项行动方案、重点检查事项清单、"
                "重点检查企业名录库（附件4）",
                "recurrence": "once",
                "due_date": date(2023, 3, 25),
                "receiver": "区安办",
            },
            {
                "title": "专项行动统计汇总表（附件2）",
                "recurrence": "monthly",
                "day_of_month": 23,
                "first_month": date(2023, 4, 1),
                "receiver": "区安办",
            },
            {
                "title": "专项行动总结",
                "recurrence": "once",
                "due_date": date(2023, 12, 15),
                "receiver": "区安办",
            },
        ],
    }


def create_qiangan2023(by, region=None) -> Campaign:
    """Create the 强安2023 campaign (idempotent on its document number)."""
    region = region or by.region
    existing = Campaign.objects.filter(doc_no=QIANGAN_DOC_NO, region=region).first()
    if existing:
        return existing
    load_annex1()
    fields = qiangan2023_fields(region)
    departments = Department.objects.filter(region__code__startswith=region.prefix)
    annex1 = ChecklistTemplate.objects.filter(code=ANNEX1_CODE, status="published").first()
    return services.create_campaign(
        by, departments=departments, checklists=[annex1] if annex1 else [], **fields
    )


def build(ctx: dict) -> None:
    awb = User.objects.filter(username="awb").first()
    region = Region.objects.filter(code="510904000000").first()
    if awb is None or region is None:
        return
    campaign = create_qiangan2023(awb, region)
    ctx["campaign"] = campaign
    # A current campaign so that self-inspection and on-time filing can be tried in the demo.
    today = timezone.localdate()
    title = f"{today.year}年企业全员安全生产履职自查自改"
    current = Campaign.objects.filter(title=title, region=region).first()
    if current is None:
        annex1 = campaign.checklists.first()
        current = services.create_campaign(
            awb,
            title=title,
            issuer="遂宁市安居区人民政府安全生产委员会办公室",
            region=region,
            start=today - timedelta(days=7),
            end=today + timedelta(days=90),
            inspections_per_dept_month=3,
            key_coverage_pct=100,
            general_sample_pct=20,
            phases=[
                {
                    "kind": "self_check",
                    "name": "企业自查自改",
                    "start": today - timedelta(days=7),
                    "end": today + timedelta(days=23),
                    "tasks": "企业对照附件1自查，部门备案。",
                },
                {
                    "kind": "enforcement",
                    "name": "集中执法",
                    "start": today + timedelta(days=24),
                    "end": today + timedelta(days=90),
                    "tasks": "",
                },
            ],
            duties=[],
            departments=Department.objects.filter(region__code__startswith=region.prefix),
            checklists=[annex1] if annex1 else [],
        )
    ctx["current_campaign"] = current
    # The demo enterprise has submitted its self-inspection with one 不符合 item.
    user = User.objects.filter(username="qiye", enterprise__isnull=False).first()
    if user is None or not current.checklists.exists():
        return
    tpl = current.checklists.first()
    si = services.start_self_inspection(user, current, tpl)
    if si.status != "draft":
        return
    items = list(tpl.items.order_by("row"))
    answers = {i.pk: {"result": "ok"} for i in items}
    answers[items[3].pk] = {
        "result": "fail",
        "note": "年度安全生产教育和培训计划未覆盖劳务派遣人员",
        "measures": "修订培训计划，补充劳务派遣人员岗前培训并建立培训档案",
        "responsible": "安全管理员 李明",
        "deadline": today + timedelta(days=20),
        "level": "general",
    }
    services.submit_self_inspection(user, si, answers)
