"""事前公开: what each enforcement body publishes before it acts — its duties (the sectors it
supervises, 安全生产法第十条), its powers with their legal basis, its inspectors, the
随机抽查事项清单 (its published checklists), its annual inspection plan, the procedures and the
remedies. The statutory texts are quoted from anjian/sources/law (the article named with each).
"""

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from anjian.accounts.models import Department
from anjian.checklists.models import ChecklistTemplate
from anjian.inspections.models import SupervisionPlan

DUTY_BASIS_1 = gettext_noop("《中华人民共和国安全生产法》第十条第一款")
DUTY_BASIS_2 = gettext_noop("《中华人民共和国安全生产法》第十条第二款")
EMERGENCY_DUTY = gettext_noop("对本行政区域内安全生产工作实施综合监督管理")
SECTOR_DUTY = gettext_noop("在各自的职责范围内对%(sectors)s行业、领域的安全生产工作实施监督管理")

# (power, kind, legal basis)
POWERS = [
    (
        gettext_noop("进入生产经营单位进行检查，调阅有关资料，向有关单位和人员了解情况"),
        gettext_noop("行政检查"),
        gettext_noop("《中华人民共和国安全生产法》第六十五条第一款第（一）项"),
    ),
    (
        gettext_noop(
            "对检查中发现的安全生产违法行为，当场予以纠正或者要求限期改正；对依法应当给予行政处罚的行为，作出行政处罚决定"
        ),
        gettext_noop("行政处罚"),
        gettext_noop("《中华人民共和国安全生产法》第六十五条第一款第（二）项"),
    ),
    (
        gettext_noop(
            "对检查中发现的事故隐患，责令立即排除；重大事故隐患排除前或者排除过程中无法保证安全的，责令从危险区域内撤出作业人员，责令暂时停产停业或者停止使用相关设施、设备"
        ),
        gettext_noop("行政命令"),
        gettext_noop("《中华人民共和国安全生产法》第六十五条第一款第（三）项"),
    ),
    (
        gettext_noop(
            "对不符合保障安全生产的国家标准或者行业标准的设施、设备、器材以及违法生产、储存、使用、经营、运输的危险物品予以查封或者扣押"
        ),
        gettext_noop("行政强制"),
        gettext_noop("《中华人民共和国安全生产法》第六十五条第一款第（四）项"),
    ),
    (
        gettext_noop(
            "对存在重大事故隐患、拒不执行停产停业决定的生产经营单位，经本部门主要负责人批准，通知有关单位停止供电、停止供应民用爆炸物品"
        ),
        gettext_noop("行政强制"),
        gettext_noop("《中华人民共和国安全生产法》第七十条"),
    ),
]

PROCEDURES = [
    (
        gettext_noop(
            "简易程序：违法事实确凿并有法定依据，对公民处以二百元以下、对法人或者其他组织处以三千元以下罚款或者警告的，可以当场作出行政处罚决定"
        ),
        gettext_noop("《中华人民共和国行政处罚法》第五十一条"),
    ),
    (
        gettext_noop(
            "普通程序：立案、调查取证、告知拟作出的处罚及陈述申辩（听证）权利、审查、决定、送达、执行"
        ),
        gettext_noop("《中华人民共和国行政处罚法》第五十四条至第六十二条"),
    ),
    (
        gettext_noop(
            "听证程序：拟作出较大数额罚款、没收较大数额违法所得、降低资质等级、吊销许可证件、责令停产停业等决定的，当事人有权要求听证"
        ),
        gettext_noop("《中华人民共和国行政处罚法》第六十三条"),
    ),
]

REMEDIES = [
    (
        gettext_noop(
            "当事人享有陈述权、申辩权；对行政处罚不服的，有权依法申请行政复议或者提起行政诉讼"
        ),
        gettext_noop("《中华人民共和国行政处罚法》第七条第一款"),
    ),
    (
        gettext_noop("因行政机关违法给予行政处罚受到损害的，有权依法提出赔偿要求"),
        gettext_noop("《中华人民共和国行政处罚法》第七条第二款"),
    ),
    (
        gettext_noop("申请行政复议或者提起行政诉讼的，行政处罚不停止执行，法律另有规定的除外"),
        gettext_noop("《中华人民共和国行政处罚法》第七十三条第一款"),
    ),
]


def bodies():
    """The enforcement bodies: departments with inspectors or a plan (in their order)."""
    return (
        Department.objects.annotate(
            n_inspectors=Count(
                "users",
                filter=Q(users__role__in=("inspector", "dept_leader"), users__is_active=True)
                & ~Q(users__cert_no=""),
            )
        )
        .filter(Q(n_inspectors__gt=0) | Q(plans__isnull=False))
        .distinct()
        .select_related("region")
        .prefetch_related("sectors")
        .order_by("id")
    )


def duties(dept: Department) -> list[tuple[str, str]]:
    """(duty, basis): the 应急管理部门 has the general duty, every body its sectors."""
    from django.utils.translation import gettext as _

    out = []
    if dept.code == "yjj":
        out.append((_(EMERGENCY_DUTY), _(DUTY_BASIS_1)))
    names = "、".join(_(s.name) for s in dept.sectors.all())
    if names:
        out.append((_(SECTOR_DUTY) % {"sectors": names}, _(DUTY_BASIS_2)))
    return out


def spot_check_lists(dept: Department):
    """随机抽查事项清单: the published checklists the body inspects by (its own, the general
    ones of the sectors it supervises and those for every sector)."""
    sectors = list(dept.sectors.values_list("pk", flat=True))
    return (
        ChecklistTemplate.objects.filter(status="published")
        .filter(
            Q(department=dept)
            | Q(department__isnull=True, sectors__in=sectors)
            | Q(department__isnull=True, sectors__isnull=True)
        )
        .distinct()
        .annotate(n_items=Count("items", distinct=True))
        .order_by("code", "-version")
    )


def major_decisions(dept: Department):
    """The body's 重大执法决定法制审核目录清单 (行政处罚法第五十八条)."""
    from anjian.lawreview.models import MajorDecisionItem

    return MajorDecisionItem.objects.filter(department=dept).order_by("id")


def annual_plans(dept: Department, year: int | None = None):
    year = year or timezone.localdate().year
    return SupervisionPlan.objects.filter(department=dept, year__in=(year, year - 1)).order_by(
        "-year"
    )
