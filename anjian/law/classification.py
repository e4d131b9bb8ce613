"""名录库 classification: 重点检查 or 一般检查, with the reasons (seed 000 §二, 附件6).

Seed 000: "将近三年发生过生产安全事故以及安全基础薄弱、安全风险高、安全意识和管理条件差、
易发生重特大事故的企业纳入重点检查企业名录库，进行全覆盖执法检查，其余企业纳入一般检查企业名录库，
实施'双随机'抽查。" Seed 003 adds repeated tips (多次举报 → 执法式核查).

The thresholds are data (`ClassificationRules`) so a region can publish its own.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

KEY = "key"  # 重点
GENERAL = "general"  # 一般

SEED000 = "遂宁市安居区安委办《“强安2023”监管执法专项行动方案》二、（一）"


@dataclass(frozen=True)
class ClassificationRules:
    source: str = SEED000 + "；Anjian 默认阈值"
    accident_years: int = 3
    penalty_window_days: int = 365
    penalty_threshold: int = 2
    tip_window_days: int = 365
    tip_threshold: int = 2
    open_major_hazard_threshold: int = 1
    high_risk_tags: tuple[str, ...] = ("液氨制冷", "粉尘涉爆", "两重点一重大")


DEFAULT_RULES = ClassificationRules()


@dataclass(frozen=True)
class EnterpriseFacts:
    high_risk_sectors: tuple[str, ...] = ()
    major_hazard_level: int = 0
    risk_tags: tuple[str, ...] = ()
    accident_dates: tuple[date, ...] = ()
    open_major_hazards: int = 0
    penalty_dates: tuple[date, ...] = ()
    tip_dates: tuple[date, ...] = ()


@dataclass(frozen=True)
class Reason:
    code: str
    text: str
    basis: str


@dataclass(frozen=True)
class Classification:
    tier: str
    reasons: list[Reason] = field(default_factory=list)
    source: str = ""

    @property
    def tier_label(self) -> str:
        return "重点" if self.tier == KEY else "一般"


def _within(dates, today: date, days: int) -> list[date]:
    start = today - timedelta(days=days)
    return [d for d in dates if start < d <= today]


def classify(
    facts: EnterpriseFacts, today: date, rules: ClassificationRules = DEFAULT_RULES
) -> Classification:
    reasons: list[Reason] = []
    accidents = _within(
        facts.accident_dates, today, rules.accident_years * 365 + rules.accident_years // 4 + 1
    )
    if accidents:
        reasons.append(
            Reason(
                "accident",
                f"近{rules.accident_years}年发生过生产安全事故（最近：{max(accidents).isoformat()}）",
                SEED000 + "：近三年发生过生产安全事故",
            )
        )
    if facts.high_risk_sectors:
        reasons.append(
            Reason(
                "high_risk_sector",
                f"属高危行业领域：{'、'.join(facts.high_risk_sectors)}",
                SEED000 + "：安全风险高、易发生重特大事故",
            )
        )
    if facts.major_hazard_level:
        reasons.append(
            Reason(
                "major_hazard_source",
                f"构成{'一二三四'[facts.major_hazard_level - 1]}级重大危险源",
                SEED000 + "：安全风险高",
            )
        )
    tags = [t for t in facts.risk_tags if t in rules.high_risk_tags]
    if tags:
        reasons.append(Reason("risk_tag", f"涉及{'、'.join(tags)}", SEED000 + "：安全风险高"))
    if facts.open_major_hazards >= rules.open_major_hazard_threshold:
        reasons.append(
            Reason(
                "open_major_hazards",
                f"存在未销号重大事故隐患 {facts.open_major_hazards} 项",
                SEED000 + "：安全基础薄弱",
            )
        )
    penalties = _within(facts.penalty_dates, today, rules.penalty_window_days)
    if len(penalties) >= rules.penalty_threshold:
        reasons.append(
            Reason(
                "repeat_penalties",
                f"{rules.penalty_window_days}日内受到行政处罚 {len(penalties)} 次",
                SEED000 + "：安全意识和管理条件差",
            )
        )
    tips = _within(facts.tip_dates, today, rules.tip_window_days)
    if len(tips) >= rules.tip_threshold:
        reasons.append(
            Reason(
                "repeat_tips",
                f"{rules.tip_window_days}日内被举报 {len(tips)} 次",
                "南关街道《精准执法》：多次被举报的企业开展执法式核查",
            )
        )
    if reasons:
        return Classification(KEY, reasons, rules.source)
    return Classification(
        GENERAL,
        [Reason("none", "未触发任何重点检查条件，纳入一般检查企业名录库（双随机抽查）", SEED000)],
        rules.source,
    )
