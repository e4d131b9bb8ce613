"""涉企行政检查: the yearly limit per enterprise and the repeat window (I5).

Source: 国务院办公厅《关于严格规范涉企行政检查的意见》(国办发〔2024〕54号), as issue 18 states it
(its text is not in the project's statute collection): a published yearly limit on the
inspections of one enterprise, graded by the enterprise's tier; checks across all departments
before an inspection, so that one department does not repeat another's recent visit (多头检查、
重复检查); 综合查一次 (one joint visit instead of several); 扫码入企. The 司法部 2025
行政检查文书基本格式文本 gives the 行政检查通知书 and the 行政检查审批表.

The limit is a rule: an inspection beyond it, or one that repeats another department's visit
within the window, is refused unless a 行政检查审批表 with a recorded reason has been approved
by the department's 负责人. The figures are the county 安委办's published data
(`visits.VisitLimitRule`, with their source). Until it publishes them there is no published
limit to hold an inspection to: the defaults below (this system's, not figures of the 意见: at
most 4 inspections a year of an enterprise on a 重点检查 list, 2 of one on the 一般检查 lists, a
30-day window) are shown as warnings, and nothing is refused.
Inspections on a 举报 or other clue (投诉举报、转办交办、数据监测) are not held back by the
limit (they still count).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

SOURCE = "国办发〔2024〕54号《关于严格规范涉企行政检查的意见》"
DEFAULT_SOURCE = "本系统默认值（安委办尚未公布本年度频次上限）"
DEFAULT_LIMITS = {"key": 4, "general": 2}
DEFAULT_WINDOW_DAYS = 30
CLUE_ORIGINS = ("tip",)  # 举报核查: a clue, not a routine inspection
TIER_LABELS = {"key": "重点检查", "general": "一般检查"}


@dataclass(frozen=True)
class Visit:
    """An inspection of the enterprise (submitted, under way or planned)."""

    on: date
    department: str  # its name, for the message
    department_id: int
    joint_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class Limits:
    per_year: int
    window_days: int
    source: str
    published: bool = True  # False: this system's defaults, shown as warnings only


@dataclass
class Check:
    """What a planned inspection breaks: each problem a sentence citing the rule."""

    count: int
    limit: int
    problems: list[str] = field(default_factory=list)
    over_limit: bool = False
    repeats: list[Visit] = field(default_factory=list)
    articles: tuple[str, ...] = (SOURCE,)
    enforced: bool = True  # the limit is published: a problem needs an approved 审批表

    @property
    def needs_approval(self) -> bool:
        return bool(self.problems) and self.enforced


def check(
    *,
    on: date,
    department_id: int,
    joint_ids: tuple[int, ...] = (),
    tier: str,
    visits: list[Visit],
    limits: Limits,
    origin: str = "adhoc",
    year_count: int | None = None,
) -> Check:
    """The yearly limit and the repeat window for one more inspection on `on` by the
    department (with `joint_ids` joining it). `visits`: the enterprise's other inspections;
    `year_count`, when given, is the number of them in `on`'s year (a caller checking many
    enterprises at once counts them in the database and passes only the visits near `on`)."""
    n = len([v for v in visits if v.on.year == on.year]) if year_count is None else year_count
    ours = {department_id, *joint_ids}
    result = Check(count=n, limit=limits.per_year, enforced=limits.published)
    tier_label = TIER_LABELS.get(tier, tier)
    if origin not in CLUE_ORIGINS and n + 1 > limits.per_year:
        result.over_limit = True
        result.problems.append(
            f"该企业（{tier_label}）{on.year}年已接受行政检查 {n} 次，"
            f"年度上限 {limits.per_year} 次（{limits.source}；{SOURCE}）"
        )
    window = timedelta(days=limits.window_days)
    for v in sorted(visits, key=lambda v: v.on):
        others = {v.department_id, *v.joint_ids}
        if abs((v.on - on).days) <= window.days and not (others & ours):
            result.repeats.append(v)
    if result.repeats and origin not in CLUE_ORIGINS:
        names = "、".join(
            dict.fromkeys(f"{v.department}（{v.on:%Y-%m-%d}）" for v in result.repeats)
        )
        result.problems.append(
            f"{names}已在 {limits.window_days} 日内检查或计划检查该企业，"
            f"应合并为“综合查一次”或说明理由（{SOURCE}）"
        )
    return result
