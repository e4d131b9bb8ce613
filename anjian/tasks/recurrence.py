"""Deadlines of task lists (时限要求) and their reporting periods. Pure Python, no Django.

The seeds write deadlines as a fixed date (`2023年7月30日前`, `5月底`), several dates
(`8月中旬、11月中旬`), a frequency (`每月`, `每2月`, `每季度`, `每半年`, `每年`, `每月23日前`) or
`常态化`. `parse_deadline(text, year)` turns that text into a `Deadline`; `periods(deadline,
start, end)` lists the reporting periods (one completion report per responsible unit and
period) with their due dates.

Conventions (documented choices, the seeds do not define them):
* 上旬 is due on the 10th, 中旬 on the 20th, 下旬/底/末 on the last day, 初 on the 5th.
* A month without a day (`5月`) is due at the month's end.
* In a list of dates a month smaller than the previous one rolls into the next year
  (`12月底、1月中旬` = 31 Dec and 20 Jan of the following year); `次年`/`明年` also does.
* 每月/每2月/每季度/每半年/每年 periods follow the calendar (每2月 in two-month blocks from
  the list's start month) and are due on the last day of the period, or on the given day of
  its last month (`每月23日前`, clamped to the month's length).
* 常态化 (ongoing work) is reported monthly, like 每月: the unit states each month what it did.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

KINDS = {
    "once": "限期",
    "dates": "多个时间节点",
    "monthly": "每月",
    "bimonthly": "每2月",
    "quarterly": "每季度",
    "halfyear": "每半年",
    "yearly": "每年",
    "continuous": "常态化",
}
RECURRING = ("monthly", "bimonthly", "quarterly", "halfyear", "yearly", "continuous")
CN_NUM = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6}
QUARTER_CN = {1: "一", 2: "二", 3: "三", 4: "四"}
PART_DAY = {"初": 5, "上旬": 10, "中旬": 20}  # 下旬/底/末 = last day


@dataclass(frozen=True)
class Deadline:
    kind: str
    dates: tuple[date, ...] = ()
    day: int | None = None  # due day of the period's last month; None = last day
    text: str = ""

    @property
    def label(self) -> str:
        if self.kind in ("once", "dates"):
            return "、".join(f"{d.year}年{d.month}月{d.day}日" for d in self.dates) + "前"
        if self.kind == "monthly" and self.day:
            return f"每月{self.day}日前"
        return KINDS[self.kind]

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            "dates": [d.isoformat() for d in self.dates],
            "day": self.day,
            "text": self.text,
        }

    @classmethod
    def from_json(cls, data: dict) -> Deadline:
        return cls(
            kind=data["kind"],
            dates=tuple(date.fromisoformat(d) for d in data.get("dates") or ()),
            day=data.get("day"),
            text=data.get("text", ""),
        )


@dataclass(frozen=True)
class Period:
    key: str  # stable id of the period, e.g. "2023-07", "2023Q3", "2023-08-20"
    label: str
    start: date
    due: date
    extra: dict = field(default_factory=dict, compare=False)


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _clamp(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    idx = year * 12 + (month - 1) + n
    return idx // 12, idx % 12 + 1


_DATE = re.compile(
    r"^(?:(?P<year>\d{4})年|(?P<next>次年|明年))?(?P<month>\d{1,2})月"
    r"(?:(?P<day>\d{1,2})日|(?P<part>上旬|中旬|下旬|月底|底|末|初))?(?:之?前|止)?$"
)
_MONTHLY_DAY = re.compile(r"^每月(?P<day>\d{1,2})日(?:之?前)?$")
_EVERY_N_MONTHS = re.compile(r"^每(?P<n>\d|[一二两三四五六])个?月(?:底|末)?(?:之?前)?$")


def _norm(text: str) -> str:
    t = (text or "").strip()
    for a, b in (("（", "("), ("）", ")"), (" ", ""), ("\u3000", ""), ("．", ".")):
        t = t.replace(a, b)
    return t.rstrip("。;；,，、")


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def _one_date(token: str, year: int) -> tuple[date, bool] | None:
    iso = _ISO.match(token)
    if iso:  # 2023-08-20, as a date input or an English user writes it
        try:
            return date(int(iso[1]), int(iso[2]), int(iso[3])), True
        except ValueError:
            raise ValueError(f"“{token}”中的日期无效") from None
    m = _DATE.match(token)
    if not m:
        return None
    y = int(m["year"]) if m["year"] else year + (1 if m["next"] else 0)
    month = int(m["month"])
    if not 1 <= month <= 12:
        raise ValueError(f"“{token}”中的月份无效")
    if m["day"]:
        day = int(m["day"])
        if day < 1 or day > calendar.monthrange(y, month)[1]:
            raise ValueError(f"“{token}”中的日期无效")
        d = date(y, month, day)
    elif m["part"] in PART_DAY:
        d = date(y, month, PART_DAY[m["part"]])
    else:
        d = month_end(y, month)
    return d, bool(m["year"] or m["next"])


def parse_deadline(text: str, year: int) -> Deadline:
    """Parse a seed deadline (时限要求). `year` is the year of dates written without one.

    Raises ValueError with a Chinese message when the text is not a deadline.
    """
    raw = (text or "").strip()
    t = _norm(raw)
    if not t:
        raise ValueError("时限要求为空")
    if t in ("常态化", "长期", "持续", "长期坚持", "常态化开展"):
        return Deadline("continuous", text=raw)
    if t in ("每月", "每月底", "每月末", "按月"):
        return Deadline("monthly", text=raw)
    m = _MONTHLY_DAY.match(t)
    if m:
        day = int(m["day"])
        if not 1 <= day <= 31:
            raise ValueError(f"“{raw}”中的日期无效")
        return Deadline("monthly", day=day, text=raw)
    m = _EVERY_N_MONTHS.match(t)
    if m:
        n = int(m["n"]) if m["n"].isdigit() else CN_NUM[m["n"]]
        kind = {1: "monthly", 2: "bimonthly", 3: "quarterly", 6: "halfyear"}.get(n)
        if kind is None:
            raise ValueError(f"不支持的周期“{raw}”（支持每月、每2月、每季度、每半年、每年）")
        return Deadline(kind, text=raw)
    if t in ("每季度", "每季", "每季度末", "按季度"):
        return Deadline("quarterly", text=raw)
    if t in ("每半年", "每半年度"):
        return Deadline("halfyear", text=raw)
    if t in ("每年", "每年度", "每年底"):
        return Deadline("yearly", text=raw)
    tokens = [s for s in re.split(r"[、,，;；和及]", t) if s]
    dates: list[date] = []
    for tok in tokens:
        parsed = _one_date(tok, year)
        if parsed is None:
            raise ValueError(
                f"无法识别的时限要求“{raw}”（可填日期如2023年7月30日前、8月中旬，"
                "或每月、每季度、每半年、每年、常态化）"
            )
        d, explicit_year = parsed
        if dates and not explicit_year:
            while d <= dates[-1]:  # 12月底、1月中旬: the later one is next year
                d = _clamp(d.year + 1, d.month, d.day)
        dates.append(d)
    return Deadline("once" if len(dates) == 1 else "dates", dates=tuple(dates), text=raw)


def deadline_from_requirement(text: str, year: int) -> Deadline:
    """Seed 004 has no deadline column: take it from the 工作要点 text.

    A leading date (`（1）5月底，建立…`) is a fixed deadline; otherwise the most frequent
    frequency word in the text (每月 before 每季度 before 每半年 before 每年); else 常态化.
    """
    t = re.sub(r"^\s*[（(]\d+[）)]\s*", "", text or "")
    m = re.match(r"^(\d{1,2}月(?:\d{1,2}日|上旬|中旬|下旬|底|末|初)?(?:之?前)?)[，,、\s]", t)
    if m:
        return parse_deadline(m.group(1), year)
    for word, kind in (
        ("每月", "monthly"),
        ("每2月", "bimonthly"),
        ("每两个月", "bimonthly"),
        ("每季度", "quarterly"),
        ("每半年", "halfyear"),
        ("每年", "yearly"),
    ):
        if word in t:
            return Deadline(kind, text=word)
    return Deadline("continuous", text="常态化")


def periods(deadline: Deadline, start: date, end: date) -> list[Period]:
    """Reporting periods of a deadline between `start` and `end` (inclusive), in order."""
    kind = deadline.kind
    if kind in ("once", "dates"):
        out, prev = [], start
        for d in deadline.dates:
            out.append(Period(d.isoformat(), f"{d.year}年{d.month}月{d.day}日前", min(prev, d), d))
            prev = d + timedelta(days=1)
        return out
    if end < start:
        return []
    step = {
        "monthly": 1,
        "continuous": 1,
        "bimonthly": 2,
        "quarterly": 3,
        "halfyear": 6,
        "yearly": 12,
    }[kind]
    if kind in ("quarterly", "halfyear", "yearly"):
        # calendar blocks: the block containing `start`
        first_month = (start.month - 1) // step * step + 1
        y, m = start.year, first_month
    else:
        y, m = start.year, start.month
    out = []
    while date(y, m, 1) <= end:
        ly, lm = _add_months(y, m, step - 1)
        due = _clamp(ly, lm, deadline.day) if deadline.day else month_end(ly, lm)
        out.append(Period(_key(kind, y, m), _label(kind, y, m, ly, lm), date(y, m, 1), due))
        y, m = _add_months(y, m, step)
    return out


def _key(kind: str, y: int, m: int) -> str:
    if kind == "quarterly":
        return f"{y}Q{(m - 1) // 3 + 1}"
    if kind == "halfyear":
        return f"{y}H{1 if m <= 6 else 2}"
    if kind == "yearly":
        return str(y)
    if kind == "bimonthly":
        return f"{y}-{m:02d}B"
    return f"{y}-{m:02d}"


def _label(kind: str, y: int, m: int, ly: int, lm: int) -> str:
    if kind == "quarterly":
        return f"{y}年第{QUARTER_CN[(m - 1) // 3 + 1]}季度"
    if kind == "halfyear":
        return f"{y}年{'上' if m <= 6 else '下'}半年"
    if kind == "yearly":
        return f"{y}年"
    if kind == "bimonthly":
        return f"{y}年{m}月—{lm}月" if ly == y else f"{y}年{m}月—{ly}年{lm}月"
    return f"{y}年{m}月"


def due_periods(deadline: Deadline, start: date, end: date, today: date) -> list[Period]:
    """Periods that have begun by `today` (the ones a unit can or must report on)."""
    return [p for p in periods(deadline, start, end) if p.start <= today]


def period_for(deadline: Deadline, start: date, end: date, key: str) -> Period | None:
    for p in periods(deadline, start, end):
        if p.key == key:
            return p
    return None


def is_overdue(period: Period, today: date, reported: bool) -> bool:
    return not reported and today > period.due


def due_soon(period: Period, today: date, days: int) -> bool:
    return today <= period.due <= today + timedelta(days=days)
